"""What police adds to pages of the layers below it (registered in PoliceConfig.ready):

- alerts.hooks.feed_items: the police messages passed into a group, among its alerts (the group's page and
  /meldingen/), as their live cards are (police/_post_card.html);
- alerts.hooks.home_sections: on /meldingen/, the police messages the person received as admin or resident, with
  a live list ("police") where new ones appear;
- accounts.hooks.account_page: on the account page, the area alerts the person switched on;
- accounts.hooks.personal_data: those opt-ins, and the information the person sent the police, in "Mijn
  gegevens".
"""

from __future__ import annotations

from django.template.loader import render_to_string

from buurtwacht.accounts import hooks as account_hooks
from buurtwacht.accounts.selectors import address_data, iso_time
from buurtwacht.alerts import hooks as alert_hooks
from buurtwacht.alerts.hooks import FeedItem
from buurtwacht.delivery.models import WhatsAppNumber
from buurtwacht.groups.models import MemberRole, Membership
from buurtwacht.police import selectors
from buurtwacht.police.models import AreaAlertOptIn, Forward, ForwardChannel, MemberMark, Tip

POSTS_PER_FEED = 10
HOME_MESSAGES = 5


def feed_items(groups, user) -> list[FeedItem]:
    if not groups or not user.is_authenticated or user.is_police:
        return []
    posts = (
        Forward.objects.filter(group__in=list(groups), channel=ForwardChannel.GROUP, message__anonymised_at=None)
        .select_related("message", "group", "user")
        .prefetch_related("message__updates")
        .order_by("-created_at")[:POSTS_PER_FEED]
    )
    return [
        FeedItem(
            created_at=post.created_at,
            html=render_to_string("police/_post_card.html", {"message": post.message, "forward": post}),
            is_open=post.message.is_open,
        )
        for post in posts
    ]


def home_section(user) -> list[str]:
    """For admins (who receive dispatches) and residents who switched area alerts on, or received one."""
    if not user.is_authenticated or user.is_police:
        return []
    received = list(selectors.received_by(user, limit=HOME_MESSAGES).prefetch_related("updates"))
    wants_them = (
        received
        or Membership.objects.filter(user=user, role=MemberRole.ADMIN).exists()
        or AreaAlertOptIn.objects.filter(user=user).exists()
    )
    if not wants_them:
        return []
    return [render_to_string("police/_home_section.html", {"messages_received": received})]


def account_page(user) -> dict:
    if user.is_police:
        return {}
    return {
        "account_sections": ["police/_account_section.html"],
        "area_alert_optins": selectors.optins_of(user),
        "is_group_admin": Membership.objects.filter(user=user, role=MemberRole.ADMIN).exists(),
        "whatsapp_confirmed": WhatsAppNumber.objects.filter(user=user, confirmed_at__isnull=False).exists(),
    }


def personal_data(user) -> dict:
    tips = Tip.objects.filter(user=user).select_related("message").order_by("created_at")
    number = WhatsAppNumber.objects.filter(user=user).first()
    return {
        "whatsapp_for_police_messages": (
            {"phone": number.phone, "confirmed": iso_time(number.confirmed_at) if number.confirmed_at else None}
            if number
            else None
        ),
        "area_alerts": [
            {
                "address": address_data(optin.address),
                "is_home": optin.is_home,
                "push": optin.push,
                "email": optin.email,
                "since": iso_time(optin.created_at),
            }
            for optin in selectors.optins_of(user)
        ],
        "information_sent_to_the_police": [
            {
                "message": tip.message_id,
                "incident": tip.message.incident,
                "text": tip.text,
                "photo": bool(tip.photo),
                "sent_at": iso_time(tip.created_at),
            }
            for tip in tips
        ],
        "police_posts_marked": [
            {
                "message": mark.forward.message_id,
                "group": mark.forward.group_id,
                "mark": mark.kind,
                "at": iso_time(mark.created_at),
            }
            for mark in MemberMark.objects.filter(user=user).select_related("forward").order_by("created_at")
        ],
    }


def register() -> None:
    alert_hooks.register(alert_hooks.feed_items, feed_items)
    alert_hooks.register(alert_hooks.home_sections, home_section)
    account_hooks.register(account_hooks.account_page, account_page)
    account_hooks.register(account_hooks.personal_data, personal_data)
