"""Every page is sent with a strict Content-Security-Policy and Django's security headers."""

from django.test import TestCase
from django.urls import reverse

# The whole policy, whichever sends it: django-csp (Django 5.2) or Django 6's own middleware.
POLICY = {"default-src 'self'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'", "object-src 'none'"}


class SecurityHeadersTest(TestCase):
    def test_pages_forbid_inline_and_foreign_content(self):
        response = self.client.get(reverse("index"))
        policy = response.headers["Content-Security-Policy"]
        self.assertEqual({directive.strip() for directive in policy.split(";")}, POLICY)
        self.assertNotIn("unsafe-inline", policy)
        self.assertNotIn("unsafe-eval", policy)

    def test_admin_login_page_has_the_same_policy(self):
        response = self.client.get("/admin/login/")
        self.assertIn("default-src 'self'", response.headers["Content-Security-Policy"])

    def test_pages_carry_django_security_headers(self):
        response = self.client.get(reverse("books"))
        self.assertEqual(response.headers["X-Content-Type-Options"], "nosniff")
        self.assertEqual(response.headers["Referrer-Policy"], "same-origin")
        self.assertEqual(response.headers["Cross-Origin-Opener-Policy"], "same-origin")
        self.assertEqual(response.headers["X-Frame-Options"], "DENY")
