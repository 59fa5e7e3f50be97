"""A resident's police data for "Mijn gegevens": the addresses they get area alerts for, the information they gave
the police, and how they answered police posts in their group (accounts.hooks.personal_data)."""

from __future__ import annotations

from buurtwacht.police.models import AreaAlertOptIn, MemberMark, Tip


def personal_data(user) -> dict:
    optins = AreaAlertOptIn.objects.filter(user=user).select_related("address").order_by("created_at")
    tips = Tip.objects.filter(user=user).order_by("created_at")
    marks = MemberMark.objects.filter(user=user).select_related("forward").order_by("created_at")
    return {
        "police_area_alerts": [
            {
                "address": str(o.address),
                "home": o.is_home,
                "push": o.push,
                "email": o.email,
                "since": o.created_at.isoformat(),
            }
            for o in optins
        ],
        "police_tips": [
            {"message": t.message_id, "text": t.text, "photo": bool(t.photo), "at": t.created_at.isoformat()}
            for t in tips
        ],
        "police_post_marks": [
            {
                "message": m.forward.message_id,
                "group": m.forward.group_id,
                "mark": m.kind,
                "at": m.created_at.isoformat(),
            }
            for m in marks
        ],
    }
