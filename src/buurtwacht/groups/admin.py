"""The municipality's back office for groups (the Django admin, for now)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from buurtwacht.groups import services
from buurtwacht.groups.models import ContactMessage, Group, GroupStatus


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "gemeente", "status", "founded_on", "member_count", "address_count", "created_at"]
    list_filter = ["status", "gemeente"]
    search_fields = ["name", "slug", "contact_name", "contact_email"]
    readonly_fields = [
        "photo_preview",
        "status",
        "area",
        "min_lon",
        "min_lat",
        "max_lon",
        "max_lat",
        "area_m2",
        "address_count",
        "member_count",
        "created_at",
        "reviewed_at",
        "review_note",
    ]
    autocomplete_fields = ["buurten"]
    actions = ["approve", "deactivate"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "description", "photo_preview", "gemeente", "buurten", "founded_on"]}),
        (_("Status"), {"fields": ["status", "reviewed_at", "review_note"]}),
        (_("Contactpersoon (niet openbaar)"), {"fields": ["contact_name", "contact_email", "contact_phone"]}),
        (_("Gebied"), {"fields": ["area_m2", "address_count", "member_count", "area"], "classes": ["collapse"]}),
    ]

    # Shown, not uploaded here: a photo comes with the registration, checked and re-encoded (groups.photos).
    @admin.display(description=_("foto"))
    def photo_preview(self, group: Group) -> str:
        if not group.photo:
            return _("Wordt nog verwerkt") if group.photo_upload else "-"
        return format_html('<img src="{}" alt="" style="max-width: 320px">', group.photo_url)

    @admin.action(description=_("Goedkeuren: groep tonen op de kaart"), permissions=["change"])
    def approve(self, request, queryset):
        approved = 0
        for group in queryset.exclude(status=GroupStatus.ACTIVE):
            services.group_approve(group=group)
            approved += 1
        self.message_user(
            request,
            ngettext("%(count)d groep goedgekeurd.", "%(count)d groepen goedgekeurd.", approved) % {"count": approved},
            messages.SUCCESS,
        )

    @admin.action(description=_("Op niet actief zetten"), permissions=["change"])
    def deactivate(self, request, queryset):
        count = 0
        for group in queryset.filter(status=GroupStatus.ACTIVE):
            services.group_deactivate(group=group)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d groep op niet actief gezet.", "%(count)d groepen op niet actief gezet.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    def get_urls(self):
        return [
            path(
                "<int:object_id>/afwijzen/",
                self.admin_site.admin_view(self.reject_view),
                name="groups_group_reject",
            ),
            *super().get_urls(),
        ]

    def reject_view(self, request, object_id: int):
        """Rejecting needs a reason for the applicant, so it is a small form rather than a bulk action."""
        group = get_object_or_404(Group, pk=object_id)
        if not self.has_change_permission(request, group):
            raise PermissionDenied
        error = ""
        if request.method == "POST":
            try:
                services.group_reject(group=group, note=request.POST.get("note", ""))
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                self.message_user(request, _("De aanmelding is afgewezen."), messages.SUCCESS)
                return redirect("admin:groups_group_changelist")
        context = {**self.admin_site.each_context(request), "group": group, "error": error, "opts": self.model._meta}
        return render(request, "admin/groups/group/reject.html", context)


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    list_display = ["group", "sender_name", "sent_at"]
    list_filter = ["group__gemeente"]
    readonly_fields = ["group", "sender_name", "sender_email", "body", "sent_at"]

    def has_add_permission(self, request):
        return False
