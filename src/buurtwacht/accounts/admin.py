"""Accounts in the back office (/beheer/): people with their roles, and the in-app messages (read-only)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from buurtwacht.accounts.models import Role, User


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
