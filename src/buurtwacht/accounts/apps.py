from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "buurtwacht.accounts"
    label = "accounts"
    verbose_name = _("Accounts en rollen")

    def ready(self):
        from django.contrib.auth.signals import user_logged_out

        from buurtwacht.accounts.services import streams_end_on_sign_out

        # Django's own hook for signing out (also in /beheer/): the person's live streams end with the session.
        user_logged_out.connect(streams_end_on_sign_out, dispatch_uid="accounts.signed_out")
