"""The demo has a WhatsApp group (issue 12) with a fictional invite link, shown to its members only."""

from io import StringIO

import pytest
from django.core.management import call_command

from buurtwacht.demo import GEMEENTE_CODE
from buurtwacht.demo.whatsapp import DEMO_WHATSAPP_LINK
from buurtwacht.groups.models import AlertPlace, Group, Membership

pytestmark = pytest.mark.django_db


def test_the_demo_has_one_whatsapp_group_with_a_fictional_link(client):
    call_command("demo", stdout=StringIO())
    call_command("demo", stdout=StringIO())
    [group] = Group.objects.filter(gemeente__code=GEMEENTE_CODE, alert_place=AlertPlace.WHATSAPP)
    assert group.whatsapp_link == DEMO_WHATSAPP_LINK and "Fictief" in group.whatsapp_link
    assert "Fictief" not in client.get(group.get_absolute_url()).content.decode()
    member = Membership.objects.filter(group=group).select_related("user").first().user
    client.force_login(member)
    response = client.get(f"/groepen/{group.slug}/whatsapp/")
    assert response.status_code == 302 and response["Location"] == DEMO_WHATSAPP_LINK
