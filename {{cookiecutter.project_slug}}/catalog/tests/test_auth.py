"""Login, logout, password reset (MDN tutorial part 8) and the error pages.

The pages are Django's own auth views; these tests check that the project's
templates in templates/registration/ render them, that logout is a POST, and that
an error page shown with DEBUG off gives nothing away.
"""

import re
import uuid
from unittest import mock

from django.conf import settings
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse

from catalog.models import Book

from .helpers import PASSWORD, django_text


class LoginLogoutTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = User.objects.create_user(username="testuser1", password=PASSWORD)

    def test_login_page(self):
        response = self.client.get(reverse("login"))
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "registration/login.html")

    def test_login_redirects_to_home(self):
        response = self.client.post(reverse("login"), {"username": "testuser1", "password": PASSWORD})
        # LOGIN_REDIRECT_URL is "/", which itself redirects to /catalog/.
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        self.assertEqual(int(self.client.session["_auth_user_id"]), self.user.pk)

    def test_login_returns_to_next_page(self):
        response = self.client.post(
            reverse("login") + "?next=/catalog/mybooks/", {"username": "testuser1", "password": PASSWORD}
        )
        self.assertRedirects(response, "/catalog/mybooks/")

    def test_wrong_password_shows_form_again(self):
        response = self.client.post(reverse("login"), {"username": "testuser1", "password": "wrong"})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_logout_is_a_post(self):
        self.client.force_login(self.user)
        response = self.client.post(reverse("logout"))
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "registration/logged_out.html")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_logout_by_get_is_refused(self):
        self.client.force_login(self.user)
        response = self.client.get(reverse("logout"))
        self.assertEqual(response.status_code, 405)
        self.assertIn("_auth_user_id", self.client.session)

    def test_pages_offer_logout_form_to_logged_in_user(self):
        # The logout link must be a form that POSTs (a GET link would fail with 405).
        self.client.force_login(self.user)
        response = self.client.get(reverse("index"))
        content = response.content.decode()
        form = re.search(r"<form[^>]*action=\"" + re.escape(reverse("logout")) + r"[^\"]*\"[^>]*>", content)
        self.assertIsNotNone(form, "no form posting to the logout URL")
        self.assertIn('method="post"', form.group(0).lower())

    def test_pages_offer_login_link_to_visitor(self):
        response = self.client.get(reverse("index"))
        self.assertContains(response, reverse("login"))


class PasswordResetTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = User.objects.create_user(username="reader", email="reader@example.com", password=PASSWORD)

    def test_password_reset_pages_render(self):
        pages = [
            ("password_reset", [], "registration/password_reset_form.html"),
            ("password_reset_done", [], "registration/password_reset_done.html"),
            ("password_reset_confirm", ["MQ", "bad-token"], "registration/password_reset_confirm.html"),
            ("password_reset_complete", [], "registration/password_reset_complete.html"),
        ]
        for name, args, template in pages:
            with self.subTest(page=name):
                response = self.client.get(reverse(name, args=args))
                self.assertEqual(response.status_code, 200)
                self.assertTemplateUsed(response, template)

    def test_invalid_reset_link_says_so(self):
        response = self.client.get(reverse("password_reset_confirm", args=["MQ", "bad-token"]))
        self.assertFalse(response.context["validlink"])

    def test_unknown_email_sends_nothing(self):
        response = self.client.post(reverse("password_reset"), {"email": "nobody@example.com"})
        # The same answer as for a known address, so it reveals nobody's account.
        self.assertRedirects(response, reverse("password_reset_done"))
        self.assertEqual(len(mail.outbox), 0)

    def test_full_password_reset(self):
        response = self.client.post(reverse("password_reset"), {"email": "reader@example.com"})
        self.assertRedirects(response, reverse("password_reset_done"))
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["reader@example.com"])
        self.assertTemplateUsed(response, "registration/password_reset_email.html")

        # The email holds a one-time link to set a new password.
        match = re.search(r"https?://[^/\s]+(/accounts/reset/[^/\s]+/[^/\s]+/)", mail.outbox[0].body)
        self.assertIsNotNone(match, mail.outbox[0].body)
        response = self.client.get(match.group(1), follow=True)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["validlink"])

        set_password_url = response.redirect_chain[-1][0]
        new_password = "a-New-passw0rd!"
        response = self.client.post(set_password_url, {"new_password1": new_password, "new_password2": new_password})
        self.assertRedirects(response, reverse("password_reset_complete"))
        self.user.refresh_from_db()
        self.assertTrue(self.user.check_password(new_password))


class ErrorPageTest(TestCase):
    def test_not_found_page_reveals_nothing(self):
        secrets = ["Traceback", "Using the URLconf", "urlpatterns", settings.ROOT_URLCONF, "DEBUG = True"]
        # The detail view's own message for a missing object: "No book found matching the query".
        not_found = django_text("No %(verbose_name)s found matching the query") % {
            "verbose_name": Book._meta.verbose_name
        }
        with self.settings(DEBUG=False):
            for url in ("/no-such-page/", "/catalog/book/999999", f"/catalog/bookinstance/{uuid.uuid4()}"):
                with self.subTest(url=url):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 404)
                    self.assertTemplateUsed(response, "404.html")
                    for secret in secrets:
                        self.assertNotContains(response, secret, status_code=404)
                    self.assertNotContains(response, not_found, status_code=404)

    def test_server_error_page_reveals_nothing(self):
        client = Client(raise_request_exception=False)
        with (
            self.settings(DEBUG=False),
            mock.patch("catalog.views.render", side_effect=RuntimeError("secret detail")),
            self.assertLogs("django.request", "ERROR"),  # Reported to the log (and ADMINS), not the visitor.
        ):
            response = client.get(reverse("index"))
        self.assertEqual(response.status_code, 500)
        self.assertTemplateUsed(response, "500.html")
        for secret in ("secret detail", "RuntimeError", "Traceback", settings.ROOT_URLCONF):
            self.assertNotContains(response, secret, status_code=500)
