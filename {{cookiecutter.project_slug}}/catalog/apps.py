from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

# Django ends form labels with gettext(":"), which its own Chinese catalogue leaves ":".
# Marked here so that makemessages keeps this project's Chinese translation of it.
gettext_noop(":")


class CatalogConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "catalog"
    verbose_name = _("Catalog")  # The app's name in the admin, translated.

    def ready(self):
        # `check --deploy` says when the site has no mail server (catalog/mail.py).
        from .mail import check_mail_server

        checks.register(check_mail_server, "mail", deploy=True)
