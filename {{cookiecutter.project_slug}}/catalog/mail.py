"""Email on a site that may have no mail server (settings.py picks the backend).

With DEBUG off and no EMAIL_HOST, the site sends no email at all: NoMailServerBackend
drops every message and logs only how many, never a message's text, so no password
reset link can reach the host's log. The password reset pages (from tutorial part 8 on)
then say that email is not set up (mail_context), and `check --deploy` reports it as an
Info (check_mail_server).
"""

import logging

from django.conf import settings
from django.core.checks import Info
from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger(__name__)

NO_MAIL_SERVER_BACKEND = "catalog.mail.NoMailServerBackend"


class NoMailServerBackend(BaseEmailBackend):
    """Send nothing, and log that mail was dropped without any of its content."""

    def send_messages(self, email_messages):
        count = len(list(email_messages))
        if count:
            logger.warning("%d email(s) not sent: no mail server is set up (set EMAIL_HOST).", count)
        return 0


def mail_backend():
    """The dotted path of the backend that sends the site's email."""
{%- if cookiecutter.django_version == "6.1" %}
    return settings.MAILERS.get("default", {}).get("BACKEND", "")
{%- else %}
    return settings.EMAIL_BACKEND
{%- endif %}


def email_is_set_up():
    return mail_backend() != NO_MAIL_SERVER_BACKEND


def mail_context(request):
    """Template context processor: can this site send email (a password reset link)?"""
    return {"email_is_set_up": email_is_set_up()}


def check_mail_server(app_configs, **kwargs):
    """Deploy check: an Info, not a warning, so a site may choose to send no email."""
    if email_is_set_up():
        return []
    return [
        Info(
            "No mail server is set up: the site sends no email (no password reset links either).",
            hint="Set EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD) to send email.",
            id="catalog.I001",
        )
    ]
