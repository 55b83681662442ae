"""Every page is sent with a strict Content-Security-Policy and Django's security headers."""

from django.test import TestCase
from django.urls import reverse


class SecurityHeadersTest(TestCase):
    def test_pages_forbid_inline_and_foreign_content(self):
        response = self.client.get(reverse("index"))
        policy = response.headers["Content-Security-Policy"]
        self.assertIn("default-src 'self'", policy)
        self.assertIn("frame-ancestors 'none'", policy)
        self.assertIn("object-src 'none'", policy)
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
