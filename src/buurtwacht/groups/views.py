"""Public group pages: a group's page with its contact form, and the registration of a new group."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from buurtwacht.groups.forms import ContactForm, GemeenteChoiceForm, GroupRegisterForm
from buurtwacht.groups.membership.views import membership_context
from buurtwacht.groups.models import Group
from buurtwacht.groups.selectors import group_features
from buurtwacht.groups.services import contact_message_send, group_register
from buurtwacht.kit.forms import add_service_error
from buurtwacht.kit.ratelimits import rate_limit


@rate_limit("contact")
def group_detail(request, slug: str):
    group = get_object_or_404(Group.objects.active().select_related("gemeente"), slug=slug)
    form = ContactForm(request.POST if request.method == "POST" else None)
    sent = False
    if form.caught_a_robot():
        sent = True  # a robot filled in the trap field: pretend, so that it learns nothing; send nothing
    elif form.is_valid():
        try:
            contact_message_send(group=group, **form.service_kwargs())
        except ValidationError as exc:
            add_service_error(form, exc, ContactForm.service_fields)
        else:
            sent = True
    if sent:
        messages.success(
            request, _("Uw bericht is verstuurd naar de contactpersoon van %(group)s.") % {"group": group.name}
        )
        return redirect(group.get_absolute_url())
    context = {
        "group": group,
        "buurten": group.buurten.order_by("name"),
        "features": group_features(Group.objects.filter(pk=group.pk)),
        "form": form,
        **membership_context(request, group),
    }
    return render(request, "groups/detail.html", context)


@login_required
@rate_limit("group_register", also=[("group_register_account", "user")])
def group_register_view(request):
    """Registering a group takes an account: its founder becomes the group's first admin. Each attempt decodes an
    uploaded photo, so attempts are limited per client and per account."""
    choice = GemeenteChoiceForm(request.GET if "gemeente" in request.GET else None)
    gemeente = choice.cleaned_data["gemeente"] if choice.is_valid() else None
    if request.method == "POST":
        form = GroupRegisterForm(request.POST, request.FILES, gemeente=gemeente)
        if form.is_valid():
            try:
                group = group_register(**form.service_kwargs(), founder=request.user)
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                request.session["registered_group"] = group.name
                return redirect("groups:registered")
    else:
        user = request.user
        form = GroupRegisterForm(
            gemeente=gemeente,
            initial={"contact_name": user.full_name, "contact_email": user.email, "contact_phone": user.phone},
        )
    return render(request, "groups/register.html", {"choice": choice, "gemeente": gemeente, "form": form})


def group_registered(request):
    name = request.session.pop("registered_group", "")
    return render(request, "groups/registered.html", {"name": name})
