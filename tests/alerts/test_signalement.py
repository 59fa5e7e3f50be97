"""The signalement: what alerts.rules keeps of a person and a vehicle, the forms that show it, how it is shown, and
house rule 8."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from buurtwacht.alerts.forms_signalement import PersonForm, VehicleForm
from buurtwacht.alerts.rules import signalement_clean
from buurtwacht.alerts.signalement import (
    check_profiling,
    describe_person,
    describe_vehicle,
    skin_or_origin_words,
)


def refusals(part: str, data: dict) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        signalement_clean(part, data)
    return refused.value.message_dict


# --- the person ----------------------------------------------------------------------------------------------


def test_an_empty_person_stores_nothing():
    assert signalement_clean("person", {}) == {} and signalement_clean("person", None) == {}


def test_the_person_keeps_only_what_was_filled_in():
    person = signalement_clean(
        "person",
        {
            "sex": "man",
            "age": "18_30",
            "height": "onbekend",
            "build": "",
            "clothing": "  zwarte jas met capuchon ",
            "behaviour": "voelde aan deurklinken",
            "direction": "rende richting het station",
            "hair": "",
        },
    )
    assert person == {
        "sex": "man",
        "age": "18_30",
        "clothing": "zwarte jas met capuchon",
        "behaviour": "voelde aan deurklinken",
        "direction": "rende richting het station",
    }


def test_every_person_field_is_optional_and_labelled_in_dutch():
    form = PersonForm(prefix="person")
    assert all(not field.required for field in form.fields.values())
    labels = {name: str(field.label) for name, field in form.fields.items()}
    assert labels["behaviour"] == "Wat doet de persoon?" and labels["skin"] == "Huidskleur"
    assert [value for value, _label in form.fields["age"].choices] == [
        "onder_18",
        "18_30",
        "30_50",
        "boven_50",
        "onbekend",
    ]
    assert "1,70 m" in dict(form.fields["height"].choices)["klein"]
    assert 'name="person-clothing"' in form.as_div()


def test_the_forms_parse_every_key_sent_and_check_nothing():
    form = PersonForm({"person-clothing": "rode jas", "person-eyes": "blauw", "kind": "inbraak"}, prefix="person")
    assert form.is_valid() and form.parsed() == {"clothing": "rode jas", "eyes": "blauw"}
    vehicle = VehicleForm({"vehicle-plate": "b mw", "vehicle-plate_unverified": "on"}, prefix="vehicle")
    assert vehicle.parsed() == {"plate": "b mw", "plate_unverified": True}


def test_a_choice_that_is_not_offered_is_refused():
    assert "Kies een van de mogelijkheden" in refusals("person", {"sex": "alien"})["person.sex"][0]


def test_a_key_that_is_not_a_signalement_field_is_refused():
    [message] = refusals("person", {"clothing": "rode jas", "eyes": "blauw"})["person"]
    assert "eyes" in message and "clothing" in message


@pytest.mark.parametrize("field", ["clothing", "hair", "marks", "skin", "behaviour", "direction"])
def test_abuse_in_any_free_text_field_of_the_person_is_refused(field):
    [message] = refusals("person", {field: "die kankerlijer"})[f"person.{field}"]
    assert "kankerlijer" in message and "Huisregel 6" in message


def test_a_long_text_is_refused():
    assert "Hooguit 200 tekens" in refusals("person", {"clothing": "x" * 201})["person.clothing"][0]


# --- the vehicle ---------------------------------------------------------------------------------------------


def test_the_vehicle_normalises_a_dutch_plate():
    vehicle = signalement_clean(
        "vehicle",
        {"type": "bestelbus", "make": "Ford Transit", "colour": "wit", "plate": "12 bxr 3", "direction": "N11"},
    )
    assert vehicle == {
        "type": "bestelbus",
        "make": "Ford Transit",
        "colour": "wit",
        "plate": "12-BXR-3",
        "direction": "N11",
    }


def test_a_plate_that_is_not_dutch_is_refused_with_a_pointer_to_the_checkbox():
    [message] = refusals("vehicle", {"plate": "B MW 1234"})["vehicle.plate"]
    assert "geen Nederlands kenteken" in message and "buitenlands of onvolledig kenteken" in message


def test_a_foreign_or_partial_plate_is_kept_as_given_when_ticked():
    vehicle = signalement_clean("vehicle", {"plate": "b-mw 1234", "plate_unverified": True})
    assert vehicle == {"plate": "B-MW 1234", "plate_unverified": True}


def test_the_checkbox_without_a_plate_stores_nothing():
    assert signalement_clean("vehicle", {"plate_unverified": True, "colour": "rood"}) == {"colour": "rood"}


def test_a_foreign_plate_with_odd_characters_is_refused():
    assert "vehicle.plate" in refusals("vehicle", {"plate": "12?B", "plate_unverified": True})


def test_abuse_in_the_vehicle_fields_is_refused():
    assert list(refusals("vehicle", {"make": "kutbak", "colour": "rood"})) == ["vehicle.make"]


def test_vehicle_types_are_the_ones_people_see_on_the_street():
    choices = dict(VehicleForm(prefix="vehicle").fields["type"].choices)
    assert list(choices) == ["auto", "bestelbus", "vrachtwagen", "motor", "scooter", "fiets", "anders"]


# --- showing a signalement ---------------------------------------------------------------------------------


def test_a_person_is_described_in_a_fixed_order_with_readable_values():
    rows = describe_person(
        {
            "direction": "richting station",
            "skin": "donker",
            "behaviour": "keek in auto's",
            "clothing": "rode jas",
            "sex": "vrouw",
            "age": "30_50",
            "height": "lang",
            "build": "onbekend",
            "unexpected": "ignored",
        }
    )
    assert rows == [
        ("Geslacht", "vrouw"),
        ("Leeftijd", "30–50"),
        ("Lengte", "lang (langer dan 1,85 m)"),
        ("Kleding", "rode jas"),
        ("Huidskleur", "donker"),
        ("Wat doet de persoon?", "keek in auto's"),
        ("Richting", "richting station"),
    ]


def test_a_vehicle_is_described_and_an_unverified_plate_says_so():
    assert describe_vehicle({"plate": "12-BXR-3", "type": "auto", "colour": "grijs"}) == [
        ("Soort voertuig", "auto"),
        ("Kleur", "grijs"),
        ("Kenteken", "12-BXR-3"),
    ]
    assert describe_vehicle({"plate": "B-MW 1234", "plate_unverified": True}) == [
        ("Kenteken", "B-MW 1234 (buitenlands of onvolledig)")
    ]


def test_an_empty_or_missing_signalement_describes_nothing():
    assert describe_person({}) == [] and describe_person(None) == [] and describe_vehicle({}) == []


def test_labels_follow_the_active_language():
    with translation.override("en"):
        rows = describe_person({"sex": "man"})
    assert len(rows) == 1 and isinstance(rows[0][0], str)


# --- house rule 8: no description by skin colour or origin alone ------------------------------------------


def refused(person=None, description="") -> str:
    with pytest.raises(ValidationError) as error:
        check_profiling(person=person or {}, description=description)
    assert error.value.code == "profiling"
    return error.value.messages[0]


@pytest.mark.parametrize(
    "description",
    [
        "Donkere man bij de school",
        "Twee Marokkaanse jongens op het plein",
        "Een groep Marokkanen bij de ingang",
        "Man van Turkse afkomst",
        "Oost-Europese mannen in de straat",
        "Een getinte man op de hoek",
        "Een man, licht getint, bij nummer 12",
        "Donkere, lange man liep door de straat",  # walking is not behaviour worth an alert
        "Noord-Afrikaans uiterlijk, stond bij de bushalte",
        "Blanke jongen fietste voorbij",
    ],
)
def test_skin_colour_or_origin_alone_is_refused_with_house_rule_8(description):
    message = refused(description=description)
    assert "Huisregel 8" in message and "etnisch profileren" in message
    assert "kleding" in message and "gedrag" in message


def test_the_refusal_names_what_it_found():
    message = refused(description="Donkere man bij de school")
    assert "“Donkere”" in message


def test_the_skin_field_alone_is_refused():
    message = refused(person={"skin": "donker", "sex": "man", "age": "18_30"})
    assert "“donker”" in message


def test_origin_in_another_person_field_is_refused():
    refused(person={"marks": "Noord-Afrikaans uiterlijk"})


@pytest.mark.parametrize(
    "person",
    [
        {"skin": "donker", "clothing": "rode jas, grijze joggingbroek"},
        {"skin": "donker", "behaviour": "voelde aan deurklinken"},
        {"clothing": "zwart trainingspak"},
    ],
)
def test_skin_colour_with_clothing_or_behaviour_is_accepted(person):
    check_profiling(person=person, description="Donkere man bij de school")


@pytest.mark.parametrize(
    "description",
    [
        "Donkere man met rode capuchon bij de school",  # clothing in the description
        "Donkere man probeerde autodeuren te openen",  # behaviour in the description
        "Twee Marokkaanse jongens gooiden stenen naar ramen",
        "Getinte man in een groene bodywarmer",
    ],
)
def test_clothing_or_behaviour_in_the_description_counts(description):
    check_profiling(person={}, description=description)


@pytest.mark.parametrize(
    "description",
    [
        "Man in zwarte jas, rende weg",
        "zwarte jas",
        "Ruit ingegooid bij nummer 12",
        "Het was donker, mannen liepen weg",
        "Witte bus met twee mannen reed rond",
        "Auto met getinte ramen reed drie keer langs",
        "De ruiten van de auto waren getint",
        "Inbraak bij de Poolse supermarkt",
        "Hij vluchtte in zuidelijke richting",
        "Onze zwarte kat is weg",
        "",
    ],
)
def test_colours_of_clothes_cars_and_events_without_a_person_are_fine(description):
    check_profiling(person={}, description=description)
    assert skin_or_origin_words(description) == []


def test_an_empty_signalement_is_fine():
    check_profiling(person={}, description="")
    check_profiling(person=None, description=None)
