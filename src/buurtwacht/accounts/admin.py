"""Accounts in the back office (/beheer/): people with their roles, and the in-app messages (read-only)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from buurtwacht.accounts.models import Role, User
from buurtwacht.accounts.services import account_erase, role_grant


class UserCreateForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "first_name", "last_name")


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    autocomplete_fields = ["gemeente"]
    readonly_fields = ["created_at"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's user admin, for accounts that sign in with their e-mail address. The password is never shown or
    edited here; the change-password page sets a new one."""

    form = UserEditForm
    add_form = UserCreateForm
    inlines = [RoleInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Persoon"), {"fields": ("first_name", "last_name", "phone", "language", "address", "buurt")}),
        (
            _("Rechten"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Data"), {"fields": ("email_verified_at", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "first_name", "last_name", "usable_password", "password1", "password2"),
            },
        ),
    )
    raw_id_fields = ["address", "buurt"]
    readonly_fields = ["last_login", "date_joined"]
    list_display = ["email", "first_name", "last_name", "email_verified_at", "is_staff", "is_superuser", "is_active"]
    list_filter = ["is_staff", "is_superuser", "is_active", "roles__kind"]
    search_fields = ["email", "first_name", "last_name"]
    ordering = ["email"]

    def delete_model(self, request, obj):
        """As the person's own deletion: memberships end with their groups' counts, events naming them go."""
        account_erase(user=obj)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            account_erase(user=user)

    def save_related(self, request, form, formsets, change):
        """Roles saved here go through role_grant, so that a police role ends the person's memberships."""
        super().save_related(request, form, formsets, change)
        user = form.instance
        for role in user.roles.all():
            role_grant(user=user, kind=role.kind, gemeente=role.gemeente)
