"""The platform administrators' back office (/beheer/): only after the second factor."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from buurtwacht.kit.second_factor import second_factor_passed, second_factor_url


class VerifiedAdminSite(admin.AdminSite):
    site_header = "Buurtwacht"
    site_title = "Buurtwacht beheer"

    def has_permission(self, request) -> bool:
        return super().has_permission(request) and second_factor_passed(request.user)

    def login(self, request, extra_context=None):
        """One sign-in for the whole site: ours, with its second-factor step."""
        next_url = request.GET.get("next") or request.path.replace("login/", "")
        user = request.user
        if user.is_authenticated and not (user.is_active and user.is_staff):
            raise PermissionDenied
        if user.is_authenticated and not second_factor_passed(user):
            return redirect(second_factor_url(user, next_url))
        return redirect_to_login(next_url)
