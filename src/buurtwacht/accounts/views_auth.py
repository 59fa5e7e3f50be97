"""Signing up, confirming the e-mail address, signing in and out, and the password reset.

`next` (where the person was going, e.g. a group's join page) is kept through sign-up, the verification link,
sign-in and the second factor; only addresses on this site are followed.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buurtwacht.accounts.forms import (
    LoginForm,
    NewPasswordForm,
    ResendForm,
    ResetRequestForm,
    SignupForm,
)
from buurtwacht.accounts.models import RoleKind, normalise_email
from buurtwacht.accounts.permissions import second_factor_passed, second_factor_url
from buurtwacht.accounts.services import account_signup, account_verify, account_verify_resend
from buurtwacht.accounts.tokens import VERIFY_MAX_AGE
from buurtwacht.kit.forms import add_service_error
from buurtwacht.kit.ratelimits import rate_limit

SIGNUP_SESSION_KEY = "accounts.signup"


def safe_next(request, candidate: str | None) -> str:
    """`candidate` if it is an address on this site, else ""."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def requested_next(request) -> str:
    return safe_next(request, request.POST.get("next") or request.GET.get("next"))


def home_url() -> str:
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def landing_url(user) -> str:
    """Where a person lands after signing in when no ?next= says otherwise: municipal staff on the gemeente's pages,
    police on their console, everyone else on their account. By URL name: accounts may not import those apps."""
    if user is not None and user.is_authenticated:
        kinds = set(user.roles.values_list("kind", flat=True))
        if RoleKind.MUNICIPAL in kinds:
            return reverse("municipality:home")
        if kinds & set(RoleKind.police()):
            return reverse("console:home")
    return home_url()


def with_next(url_name: str, next_url: str) -> str:
    url = reverse(url_name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def after_login_url(user, next_url: str) -> str:
    """Where a person goes once signed in: first the second factor, if their roles ask for one."""
    if not second_factor_passed(user):
        return second_factor_url(user, next_url or landing_url(user))
    return next_url or landing_url(user)


def set_language_cookie(response, language: str):
    """Let the interface follow the person's chosen language (as Django's set_language view does)."""
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


def sign_in(request, user, next_url: str):
    auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    translation.activate(user.language)
    return set_language_cookie(redirect(after_login_url(user, next_url)), user.language)


def current_language() -> str:
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@rate_limit("signup")
def signup(request):
    next_url = requested_next(request)
    if request.user.is_authenticated:
        return redirect(next_url or home_url())
    form = SignupForm(request.POST or None, initial={"next": next_url})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            email = account_signup(
                email=data["email"],
                password=data["password"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                language=current_language(),
                next_url=next_url,
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            request.session[SIGNUP_SESSION_KEY] = {"email": email, "next": next_url, "resent": False}
            return redirect("accounts:signup_done")
    return render(request, "accounts/signup.html", {"form": form, "next_url": next_url})


def signup_done(request):
    state = request.session.get(SIGNUP_SESSION_KEY) or {}
    form = ResendForm(initial={"email": state.get("email", ""), "next": state.get("next", "")})
    context = {"state": state, "form": form, "valid_days": VERIFY_MAX_AGE.days}
    return render(request, "accounts/signup_done.html", context)


def verify(request, token: str):
    try:
        result = account_verify(token=token)
    except ValidationError as exc:
        email = request.user.email if request.user.is_authenticated else ""
        context = {"error": " ".join(exc.messages), "form": ResendForm(initial={"email": email})}
        return render(request, "accounts/verify_failed.html", context, status=400)
    next_url = safe_next(request, result.next_url)
    if result.newly_verified:
        messages.success(request, _("Uw e-mailadres is bevestigd. Welkom bij Buurtwacht!"))
        return sign_in(request, result.user, next_url)
    if request.user.is_authenticated and request.user.pk == result.user.pk:
        messages.info(request, _("Uw e-mailadres was al bevestigd."))
        return redirect(next_url or home_url())
    messages.info(request, _("Uw e-mailadres was al bevestigd. Log in om verder te gaan."))
    return redirect(with_next("accounts:login", next_url))


@require_POST
@rate_limit("signup")
def verify_resend(request):
    user = request.user
    form = ResendForm(request.POST)
    next_url = requested_next(request)
    if user.is_authenticated:
        if user.email_verified:
            messages.info(request, _("Uw e-mailadres is al bevestigd."))
            return redirect(next_url or home_url())
        email = user.email
    elif form.is_valid():
        email = form.cleaned_data["email"]
    else:
        context = {"error": _("Vul uw e-mailadres in om een nieuwe link te krijgen."), "form": form}
        return render(request, "accounts/verify_failed.html", context, status=400)
    account_verify_resend(email=email, next_url=next_url)
    request.session[SIGNUP_SESSION_KEY] = {"email": email, "next": next_url, "resent": True}
    return redirect("accounts:signup_done")


def typed_account(request) -> str:
    """The account a sign-in names: the address typed, normalised as accounts are stored ("" when none)."""
    return normalise_email(request.POST.get("email", ""))[:254]


@rate_limit("login", also=[("login_account", typed_account)])
def login_view(request):
    next_url = requested_next(request)
    if request.user.is_authenticated and request.method == "GET":
        return redirect(after_login_url(request.user, next_url))
    form = LoginForm(request.POST or None, request=request, initial={"next": next_url})
    if request.method == "POST" and form.is_valid():
        return sign_in(request, form.user, next_url)
    return render(request, "accounts/login.html", {"form": form, "next_url": next_url})


@require_POST
def logout_view(request):
    auth_logout(request)
    messages.success(request, _("U bent uitgelogd."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


@method_decorator(rate_limit("password_reset"), name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    """The same answer whether or not an account has the address: nobody learns who has an account here."""

    form_class = ResetRequestForm
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")


class ResetHours:
    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "hours": settings.PASSWORD_RESET_TIMEOUT // 3600}


class PasswordResetDoneView(ResetHours, auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(ResetHours, auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
