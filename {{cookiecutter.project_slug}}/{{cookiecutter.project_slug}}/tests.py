"""Tests of the project's production plumbing: /healthz (health.py), sessions (sessions.py)
and the reading of environment variables (environment.py)."""

import datetime
import os
from unittest import mock

from asgiref.sync import async_to_sync
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core import signing
from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError, connection
from django.test import Client, SimpleTestCase, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.crypto import get_random_string

from .environment import DEVELOPMENT_SECRET_KEY, checked_secret_key, env_bool, env_list, platform_hosts
from .sessions import COOKIE_LIMIT, SALT, SessionStore, is_signed

PASSWORD = "1X<ISRUkw+tuK"
WRITES = ("INSERT", "UPDATE", "DELETE")


def writes(queries):
    return [query["sql"] for query in queries if query["sql"].lstrip().upper().startswith(WRITES)]


class HealthCheckTest(TestCase):
    def test_answers_ok_after_a_real_query(self):
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"ok\n")
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
        self.assertEqual(response["Cache-Control"], "no-store")
        self.assertEqual([query["sql"] for query in queries], ["SELECT 1"])

    def test_answers_503_when_the_database_does_not(self):
        down = OperationalError("connection refused")
        with mock.patch.object(connection, "ensure_connection", side_effect=down):
            with self.assertLogs("{{ cookiecutter.project_slug }}.health", "WARNING"), self.assertLogs("django.request"):
                response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.content, b"database unavailable\n")

    def test_answers_any_host_but_other_paths_do_not(self):
        for host in ("10.0.3.7:8000", "internal.invalid"):
            with self.subTest(host=host):
                self.assertEqual(self.client.get("/healthz", headers={"host": host}).status_code, 200)
                with self.assertLogs("django.security.DisallowedHost", "ERROR"):
                    response = self.client.get("/admin/login/", headers={"host": host})
                self.assertEqual(response.status_code, 400)

    @override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31536000)
    def test_answers_plain_http_while_other_paths_redirect_to_https(self):
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("Strict-Transport-Security", response.headers)
        response = self.client.get("/admin/login/")
        self.assertEqual(response.status_code, 301)
        self.assertTrue(response["Location"].startswith("https://"))
        response = self.client.get("/admin/login/", secure=True)
        self.assertIn("max-age=31536000", response["Strict-Transport-Security"])

    def test_sets_no_cookie_and_reads_no_session(self):
        self.client.cookies[settings.SESSION_COOKIE_NAME] = "a" * 32
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get("/healthz")
        self.assertEqual(response.cookies, {})
        self.assertNotIn("Vary", response.headers)
        self.assertEqual(len(queries), 1)

    def test_only_the_exact_path_and_only_reading(self):
        self.assertEqual(self.client.get("/healthz?probe=1").status_code, 200)
        self.assertEqual(self.client.head("/healthz").status_code, 200)
        with self.assertLogs("django.request", "WARNING"):
            self.assertEqual(self.client.get("/healthz/").status_code, 404)
            response = self.client.post("/healthz")
        self.assertEqual(response.status_code, 405)
        self.assertEqual(response["Allow"], "GET, HEAD")


class SessionTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = User.objects.create_superuser("admin", "admin@example.com", PASSWORD)

    def log_in(self, client):
        response = client.post("/admin/login/", {"username": "admin", "password": PASSWORD, "next": "/admin/"})
        self.assertEqual(response.status_code, 302)
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    def test_anonymous_session_lives_in_a_signed_cookie(self):
        session = SessionStore()
        session["num_visits"] = 1
        with CaptureQueriesContext(connection) as queries:
            session.save()
        self.assertEqual(queries.captured_queries, [])
        self.assertTrue(is_signed(session.session_key))
        self.assertEqual(SessionStore(session.session_key)["num_visits"], 1)
        self.assertFalse(Session.objects.exists())

    def test_a_tampered_or_foreign_cookie_is_an_empty_session(self):
        session = SessionStore()
        session["num_visits"] = 5
        session.save()
        tampered = session.session_key[:-1] + ("A" if session.session_key[-1] != "A" else "B")
        self.assertNotIn("num_visits", SessionStore(tampered))
        foreign = signing.dumps({"num_visits": 5}, salt="django.contrib.sessions.backends.signed_cookies")
        self.assertNotIn("num_visits", SessionStore(foreign))

    def test_a_login_is_never_read_from_a_cookie(self):
        forged = signing.dumps({SESSION_KEY: str(self.admin.pk)}, salt=SALT, compress=True)
        self.assertEqual(dict(SessionStore(forged).items()), {})
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = forged
        self.assertEqual(client.get("/admin/").status_code, 302)

    def test_login_makes_a_row_and_logout_deletes_it(self):
        key = self.log_in(self.client)
        self.assertFalse(is_signed(key))
        self.assertTrue(Session.objects.filter(session_key=key).exists())
        copied = Client()
        copied.cookies[settings.SESSION_COOKIE_NAME] = key
        self.assertEqual(copied.get("/admin/").status_code, 200)
        self.client.post("/admin/logout/")
        self.assertFalse(Session.objects.exists())
        self.assertEqual(copied.get("/admin/").status_code, 302)

    def test_login_deletes_expired_rows(self):
        Session.objects.create(
            session_key="x" * 32, session_data="", expire_date=timezone.now() - datetime.timedelta(days=1)
        )
        key = self.log_in(self.client)
        self.assertEqual(list(Session.objects.values_list("session_key", flat=True)), [key])

    def test_login_keeps_the_anonymous_data(self):
        session = SessionStore()
        session["num_visits"] = 3
        session.save()
        session.cycle_key()
        session[SESSION_KEY] = str(self.admin.pk)
        session.save()
        self.assertFalse(is_signed(session.session_key))
        self.assertEqual(SessionStore(session.session_key)["num_visits"], 3)
        session["num_visits"] = 4
        session.save()
        self.assertEqual(SessionStore(session.session_key)["num_visits"], 4)
        self.assertEqual(Session.objects.count(), 1)

    def test_a_session_that_leaves_or_outgrows_the_cookie(self):
        session = SessionStore()
        session[SESSION_KEY] = str(self.admin.pk)
        session.save()
        row = session.session_key
        session.cycle_key()
        self.assertNotEqual(session.session_key, row)
        self.assertEqual(Session.objects.count(), 1)
        del session[SESSION_KEY]
        session.save()
        self.assertTrue(is_signed(session.session_key))
        self.assertFalse(Session.objects.exists())
        notes = get_random_string(COOKIE_LIMIT)  # Random text: too big for a cookie even compressed.
        session["notes"] = notes
        session.save()
        self.assertFalse(is_signed(session.session_key))
        self.assertEqual(SessionStore(session.session_key)["notes"], notes)
        session.flush()
        self.assertFalse(Session.objects.exists())

    def test_async_methods_do_the_same(self):
        session = SessionStore()
        session["num_visits"] = 2
        async_to_sync(session.asave)()
        self.assertEqual(async_to_sync(SessionStore(session.session_key).aload)(), {"num_visits": 2})
        session[SESSION_KEY] = str(self.admin.pk)
        async_to_sync(session.acycle_key)()
        self.assertEqual(Session.objects.count(), 1)
        async_to_sync(session.adelete)()
        self.assertFalse(Session.objects.exists())
        async_to_sync(session.acreate)()
        self.assertEqual(Session.objects.count(), 1)


class EnvironmentTest(SimpleTestCase):
    """The helpers that turn environment variables into settings (environment.py)."""

    def test_env_bool_reads_true_and_false_and_refuses_anything_else(self):
        readings = [("True", True), (" yes ", True), ("1", True), ("False", False), ("off", False), ("", False)]
        for value, expected in readings:
            with self.subTest(value=value), mock.patch.dict(os.environ, {"FLAG": value}):
                self.assertIs(env_bool("FLAG", default=None), expected)
        with mock.patch.dict(os.environ, {"FLAG": "maybe"}), self.assertRaises(ImproperlyConfigured):
            env_bool("FLAG", default=False)
        with mock.patch.dict(os.environ, clear=True):
            self.assertIs(env_bool("FLAG", default=True), True)

    def test_env_list_skips_blanks(self):
        with mock.patch.dict(os.environ, {"NAMES": " a.example.com, ,b.example.com,"}):
            self.assertEqual(env_list("NAMES"), ["a.example.com", "b.example.com"])

    def test_a_missing_or_weak_secret_key_stops_the_start_only_with_debug_off(self):
        strong = "x1y2z3" * 10
        for weak in ["", "short", "a" * 60, "django-insecure-" + strong]:
            with self.subTest(key=weak), self.assertRaises(ImproperlyConfigured):
                checked_secret_key(weak, debug=False)
        self.assertEqual(checked_secret_key(strong, debug=False), strong)
        self.assertEqual(checked_secret_key("", debug=True), DEVELOPMENT_SECRET_KEY)
        self.assertEqual(checked_secret_key("short", debug=True), "short")

    def test_platform_hosts_come_from_the_platforms_own_variables(self):
        with mock.patch.dict(os.environ, clear=True):
            self.assertEqual(platform_hosts(), [])
        platforms = {"RENDER_EXTERNAL_HOSTNAME": "lib.onrender.com", "FLY_APP_NAME": "lib"}
        with mock.patch.dict(os.environ, platforms, clear=True):
            self.assertEqual(platform_hosts(), ["lib.onrender.com", "lib.fly.dev"])
# stage: sessions


class VisitCounterTest(TestCase):
    def test_anonymous_visits_are_counted_without_a_database_write(self):
        for expected in (1, 2, 3):
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get("/catalog/")
            self.assertEqual(response.context["num_visits"], expected)
            self.assertEqual(writes(queries), [])
        self.assertFalse(Session.objects.exists())
        self.assertTrue(is_signed(self.client.cookies[settings.SESSION_COOKIE_NAME].value))
# endstage
