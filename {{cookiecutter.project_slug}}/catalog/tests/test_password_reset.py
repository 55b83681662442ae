"""Password reset with and without a mail server, and logout with an off-site `next`.

settings.py sends email through EMAIL_HOST; without one, it prints emails to the
console while DEBUG is on and sends none at all with DEBUG off (catalog/mail.py), so a
reset link never reaches the host's log. These tests give the site each of those
mailers in turn.
"""

import re
import socket

from django.contrib.auth.models import User
from django.core import checks, mail
from django.test import TestCase
from django.urls import reverse
from django.utils.translation import gettext

from catalog.mail import NO_MAIL_SERVER_BACKEND, NoMailServerBackend, check_mail_server

from .helpers import PASSWORD

RESET_LINK = re.compile(r"(https?)://([^/\s]+)(/accounts/reset/[^/\s]+/[^/\s]+/)")
NOT_SENT = "1 email(s) not sent: no mail server is set up (set EMAIL_HOST)."
NOT_SET_UP = "Email is not set up on this site, so it cannot send you a password reset link."


def mailer(backend, **options):
    """Settings that make `backend` (with its `options`) the site's mailer."""
{%- if cookiecutter.django_version == "6.1" %}
    return {"MAILERS": {"default": {"BACKEND": backend, "OPTIONS": options}}}
{%- else %}
    return {"EMAIL_BACKEND": backend, **{f"EMAIL_{name.upper()}": value for name, value in options.items()}}
{%- endif %}


def closed_port():
    """A port on this computer where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ResetWithoutMailServerTest(TestCase):
    """DEBUG off and no EMAIL_HOST: no email is sent, and the pages say so."""

    @classmethod
    def setUpTestData(cls):
        cls.user = User.objects.create_user(username="reader", email="reader@example.com", password=PASSWORD)

    def setUp(self):
        override = self.settings(**mailer(NO_MAIL_SERVER_BACKEND))
        override.enable()
        self.addCleanup(override.disable)

    def test_reset_page_says_email_is_not_set_up_and_has_no_form(self):
        response = self.client.get(reverse("password_reset"))
        self.assertContains(response, gettext(NOT_SET_UP))
        self.assertNotContains(response, 'name="email"')

    def test_reset_request_sends_nothing_and_logs_no_link(self):
        with self.assertLogs("catalog.mail", "WARNING") as logs:
            response = self.client.post(reverse("password_reset"), {"email": "reader@example.com"})
        self.assertRedirects(response, reverse("password_reset_done"))
        self.assertEqual(mail.outbox, [])
        self.assertEqual([record.getMessage() for record in logs.records], [NOT_SENT])

    def test_nothing_to_send_logs_nothing(self):
        with self.assertNoLogs("catalog.mail"):
            self.assertEqual(NoMailServerBackend().send_messages([]), 0)

    def test_done_page_says_no_email_was_sent(self):
        response = self.client.get(reverse("password_reset_done"))
        self.assertFalse(response.context["email_is_set_up"])
        self.assertContains(response, gettext("No email was sent"))
        self.assertNotContains(response, gettext("Check your email"))

    def test_deploy_check_says_so_as_an_info(self):
        messages = checks.run_checks(include_deployment_checks=True)
        mail_messages = [message for message in messages if message.id == "catalog.I001"]
        self.assertEqual(len(mail_messages), 1)
        self.assertLess(mail_messages[0].level, checks.WARNING)  # --fail-level WARNING passes.
        self.assertIn("EMAIL_HOST", mail_messages[0].hint)
        # Only with --deploy: a plain `check` says nothing about mail.
        self.assertNotIn("catalog.I001", [message.id for message in checks.run_checks()])


class ResetWithMailServerTest(TestCase):
    """A mail server is set up (under test, Django's in-memory mailer stands in for it)."""

    @classmethod
    def setUpTestData(cls):
        cls.user = User.objects.create_user(username="reader", email="reader@example.com", password=PASSWORD)

    def test_reset_page_shows_the_form(self):
        response = self.client.get(reverse("password_reset"))
        self.assertTrue(response.context["email_is_set_up"])
        self.assertContains(response, 'name="email"')

    def test_link_is_https_to_the_sites_host_behind_the_hosts_router(self):
        # The host's router ends TLS and says so in X-Forwarded-Proto; settings.py trusts
        # it with DEBUG off.
        with self.settings(
            SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"), ALLOWED_HOSTS=["library.example.com"]
        ):
            response = self.client.post(
                reverse("password_reset"),
                {"email": "reader@example.com"},
                headers={"host": "library.example.com", "x-forwarded-proto": "https"},
            )
        self.assertRedirects(response, reverse("password_reset_done"), fetch_redirect_response=False)
        self.assertEqual(len(mail.outbox), 1)
        scheme, host, path = RESET_LINK.search(mail.outbox[0].body).groups()
        self.assertEqual((scheme, host), ("https", "library.example.com"))
        self.assertTrue(self.client.get(path, follow=True).context["validlink"])

    def test_deploy_check_says_nothing(self):
        self.assertEqual(check_mail_server(None), [])

    def test_done_page_says_check_your_email(self):
        response = self.client.get(reverse("password_reset_done"))
        self.assertTrue(response.context["email_is_set_up"])
        self.assertContains(response, gettext("Check your email"))

    def test_unreachable_mail_server_still_shows_check_your_email_and_logs_no_link(self):
        unreachable = mailer(
            "django.core.mail.backends.smtp.EmailBackend",
            host="127.0.0.1",
            port=closed_port(),
            use_tls=False,
            timeout=5,
        )
        with self.settings(**unreachable), self.assertLogs("django.contrib.auth", "ERROR") as logs:
            response = self.client.post(reverse("password_reset"), {"email": "reader@example.com"}, follow=True)
        # The same answer as when the email is sent: it tells nobody whether the address has an account.
        self.assertContains(response, gettext("Check your email"))
        logged = "\n".join(logs.output)
        self.assertIn("Failed to send password reset email", logged)
        self.assertNotIn("/accounts/reset/", logged)


class LogoutNextTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = User.objects.create_user(username="reader", password=PASSWORD)

    def test_off_site_next_shows_the_logged_out_page(self):
        self.client.force_login(self.user)
        response = self.client.post(reverse("logout") + "?next=https://evil.example/")
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "registration/logged_out.html")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_next_on_this_site_is_followed(self):
        self.client.force_login(self.user)
        response = self.client.post(reverse("logout") + "?next=/catalog/books/")
        self.assertRedirects(response, "/catalog/books/")
        self.assertNotIn("_auth_user_id", self.client.session)
