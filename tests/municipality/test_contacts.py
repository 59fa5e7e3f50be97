"""The gemeente's contacts: team Veiligheid, and per wijk the wijkagent and the wijkwethouder."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from buurtwacht.accounts.models import RoleKind
from buurtwacht.municipality.models import GemeenteSettings, WijkContact
from buurtwacht.municipality.services import WijkContactInput, gemeente_contacts_save
from tests.factories import UserFactory, make_role

pytestmark = pytest.mark.django_db

CONTACTS = reverse("municipality:contacts", kwargs={"code": "GM9901"})


def form_data(world, **changes) -> dict:
    w0, w1 = world.town.wijken
    data = {
        "veiligheid_email": "veiligheid@proefdorp.nl",
        f"wijk_{w0.pk}_wijkagent": str(world.police.pk),
        f"wijk_{w0.pk}_wijkagent_email": "",
        f"wijk_{w0.pk}_wijkwethouder_name": "Jan de Wethouder",
        f"wijk_{w0.pk}_wijkwethouder_email": "jan@proefdorp.nl",
        f"wijk_{w1.pk}_wijkagent": "",
        f"wijk_{w1.pk}_wijkagent_email": "agent.oost@politie.example",
        f"wijk_{w1.pk}_wijkwethouder_name": "",
        f"wijk_{w1.pk}_wijkwethouder_email": "",
    }
    data.update({key.format(w0=w0.pk, w1=w1.pk): value for key, value in changes.items()})
    return data


def test_the_form_lists_every_wijk_and_the_wijkagenten(staff_client, world):
    page = staff_client.get(CONTACTS).content.decode()
    assert "Proefdorp wijk 0" in page and "Proefdorp wijk 1" in page
    assert "Piet Politie" in page  # holds the wijkagent role here
    assert "Gerda Gemeente" not in page  # staff, not a wijkagent


def test_the_contacts_are_saved(staff_client, world):
    response = staff_client.post(CONTACTS, form_data(world))
    assert response.status_code == 302
    assert GemeenteSettings.objects.get(gemeente=world.town.gemeente).veiligheid_email == "veiligheid@proefdorp.nl"
    w0, w1 = world.town.wijken
    first = WijkContact.objects.get(wijk=w0)
    assert first.wijkagent == world.police and first.wijkagent_email == ""
    assert (first.wijkwethouder_name, first.wijkwethouder_email) == ("Jan de Wethouder", "jan@proefdorp.nl")
    assert WijkContact.objects.get(wijk=w1).wijkagent_email == "agent.oost@politie.example"
    page = staff_client.get(CONTACTS).content.decode()  # shown again
    assert 'value="jan@proefdorp.nl"' in page and 'value="veiligheid@proefdorp.nl"' in page


def test_a_wijk_left_empty_loses_its_contacts(staff_client, world):
    staff_client.post(CONTACTS, form_data(world))
    w1 = world.town.wijken[1]
    staff_client.post(CONTACTS, form_data(world, **{"wijk_{w1}_wijkagent_email": ""}))
    assert not WijkContact.objects.filter(wijk=w1).exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"veiligheid_email": "geen-adres"}, "geldig e-mailadres"),
        ({"wijk_{w0}_wijkagent_email": "agent@politie.example"}, "niet allebei"),
        ({"wijk_{w0}_wijkwethouder_email": ""}, "e-mailadres van de wijkwethouder"),
        ({"wijk_{w1}_wijkagent_email": "kapot@"}, "geldig e-mailadres"),
    ],
    ids=["veiligheid-email", "agent-twice", "wethouder-without-email", "agent-email"],
)
def test_wrong_input_is_explained_and_nothing_is_saved(staff_client, world, changes, message):
    response = staff_client.post(CONTACTS, form_data(world, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not GemeenteSettings.objects.exists()
    assert not WijkContact.objects.exists()


def test_only_a_wijkagent_of_this_gemeente_can_be_chosen(staff_client, world):
    elsewhere = UserFactory(first_name="Elders")
    make_role(elsewhere, RoleKind.WIJKAGENT, world.other.gemeente)
    response = staff_client.post(CONTACTS, form_data(world, **{"wijk_{w0}_wijkagent": str(elsewhere.pk)}))
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not WijkContact.objects.exists()
    # the service refuses it too, in Dutch
    with pytest.raises(ValidationError, match="geen wijkagent voor deze gemeente"):
        gemeente_contacts_save(
            gemeente=world.town.gemeente,
            veiligheid_email="",
            wijken=[WijkContactInput(wijk=world.town.wijken[0], wijkagent=elsewhere)],
        )


def test_the_service_refuses_a_wijk_of_another_gemeente(world):
    with pytest.raises(ValidationError, match="hoort niet bij deze gemeente"):
        gemeente_contacts_save(
            gemeente=world.town.gemeente,
            veiligheid_email="veiligheid@proefdorp.nl",
            wijken=[WijkContactInput(wijk=world.other.wijken[0], wijkagent_email="a@example.org")],
        )
    assert not GemeenteSettings.objects.exists()
