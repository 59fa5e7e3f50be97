"""Account pages under /account/ (namespace "accounts"). Other parts of the site link to these names."""

from django.urls import path

from buurtwacht.accounts import views_account, views_auth, views_otp

app_name = "accounts"
urlpatterns = [
    path("", views_account.home, name="home"),
    path("aanmelden/", views_auth.signup, name="signup"),
    path("aangemeld/", views_auth.signup_done, name="signup_done"),
    # The fixed path comes before <str:token>, which would otherwise take "opnieuw" for a token.
    path("bevestigen/opnieuw/", views_auth.verify_resend, name="verify_resend"),
    path("bevestigen/<str:token>/", views_auth.verify, name="verify"),
    path("inloggen/", views_auth.login_view, name="login"),
    path("uitloggen/", views_auth.logout_view, name="logout"),
    path("wachtwoord-vergeten/", views_auth.PasswordResetView.as_view(), name="password_reset"),
    path("wachtwoord-vergeten/verstuurd/", views_auth.PasswordResetDoneView.as_view(), name="password_reset_done"),
    # The fixed path comes before <uidb64>/<token>/.
    path("wachtwoord/gewijzigd/", views_auth.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path(
        "wachtwoord/<uidb64>/<token>/",
        views_auth.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("profiel/", views_account.profile, name="profile"),
    path("wachtwoord-wijzigen/", views_account.password, name="password_change"),
    path("tweestaps/instellen/", views_otp.otp_setup, name="otp_setup"),
    path("tweestaps/", views_otp.otp_verify, name="otp_verify"),
    path("berichten/", views_account.notifications, name="notifications"),
    path("mijn-gegevens.json", views_account.data_export, name="data_export"),
    path("verwijderen/", views_account.delete, name="delete"),
]
