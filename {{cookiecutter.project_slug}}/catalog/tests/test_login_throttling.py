"""Login throttling with django-axes (not in the tutorial).

After AXES_FAILURE_LIMIT wrong passwords for one username from one address, the site's
login and the admin's refuse that pair, even with the right password, and show the
lockout page until AXES_COOLOFF_TIME has passed. Axes is off under `manage.py test`
(test_settings.py), so these tests turn it on. Texts are compared with their translation,
so the tests pass in the site's language.
"""

import datetime
import logging

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import F
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .helpers import PASSWORD

# Axes logs every failed login and lockout as a warning, for the site's operator; these
# tests fail on purpose, and test_lockout_is_logged reads the log.
logging.getLogger("axes").setLevel(logging.ERROR)

LIMIT = settings.AXES_FAILURE_LIMIT
# Addresses as the host's router reports them; ipware prefers public ones, as real clients have.
ADDRESS = "93.184.215.14"
OTHER_ADDRESS = "198.41.0.4"


def lockout_text(minutes):
    """What the lockout page says about when to try again."""
    singular = "Try again in %(minutes)s minute. Every attempt before then starts the wait again."
    plural = "Try again in %(minutes)s minutes. Every attempt before then starts the wait again."
    return ngettext(singular, plural, minutes) % {"minutes": minutes}


@override_settings(AXES_ENABLED=True)
class LoginThrottlingTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = User.objects.create_user(username="reader", password=PASSWORD)
        cls.staff = User.objects.create_user(username="keeper", password=PASSWORD, is_staff=True)

    def log_in(self, password, username="reader", url=None, address=ADDRESS, **headers):
        """POST the login form as a browser behind the host's router (X-Forwarded-For)."""
        data = {"username": username, "password": password}
        headers.setdefault("x-forwarded-for", address)
        return self.client.post(url or reverse("login"), data, headers=headers)

    def fail_to_log_in(self, times, **kwargs):
        for _attempt in range(times):
            response = self.log_in("wrong password", **kwargs)
        return response

    def wait(self, delta):
        """Let `delta` pass for axes: move the recorded failures back in time."""
        AccessAttempt.objects.update(attempt_time=F("attempt_time") - delta)

    def assertLockedOut(self, response):
        self.assertEqual(response.status_code, 429)
        self.assertTemplateUsed(response, "registration/lockout.html")
        self.assertContains(response, _("Too many failed logins"), status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def assertLoggedIn(self, response, user=None):
        self.assertEqual(response.status_code, 302)
        self.assertEqual(int(self.client.session["_auth_user_id"]), (user or self.user).pk)

    def test_failures_below_the_limit_show_the_form_again(self):
        response = self.fail_to_log_in(LIMIT - 1)
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "registration/login.html")
        self.assertLoggedIn(self.log_in(PASSWORD))

    def test_right_password_is_refused_after_the_limit(self):
        self.assertLockedOut(self.fail_to_log_in(LIMIT))
        response = self.log_in(PASSWORD)
        self.assertLockedOut(response)
        minutes = int(get_cool_off().total_seconds() // 60)
        self.assertContains(response, lockout_text(minutes), status_code=429)
        self.assertContains(response, reverse("password_reset"), status_code=429)

    def test_lockout_is_logged(self):
        with self.assertLogs("axes", "WARNING") as logs:
            self.fail_to_log_in(LIMIT)
        self.assertIn("Locking out", logs.output[-1])

    def test_login_works_again_after_the_cool_off(self):
        self.fail_to_log_in(LIMIT)
        cool_off, minute = get_cool_off(), datetime.timedelta(minutes=1)
        self.wait(cool_off - minute)
        self.assertLockedOut(self.log_in(PASSWORD))  # This attempt starts the wait again.
        self.wait(2 * minute)
        self.assertLockedOut(self.log_in(PASSWORD))  # Two minutes later, still locked out.
        self.wait(cool_off)
        self.assertLoggedIn(self.log_in(PASSWORD))

    def test_admin_login_is_throttled(self):
        admin_login = reverse("admin:login")
        self.assertEqual(self.fail_to_log_in(LIMIT - 1, username="keeper", url=admin_login).status_code, 200)
        self.assertLockedOut(self.fail_to_log_in(1, username="keeper", url=admin_login))
        self.assertLockedOut(self.log_in(PASSWORD, username="keeper", url=admin_login))

    def test_site_and_admin_failures_count_together(self):
        self.fail_to_log_in(LIMIT - 1, username="keeper")
        self.assertLockedOut(self.fail_to_log_in(1, username="keeper", url=reverse("admin:login")))
        self.assertLockedOut(self.log_in(PASSWORD, username="keeper"))

    def test_only_that_username_from_that_address_is_locked_out(self):
        self.fail_to_log_in(LIMIT)
        self.assertLoggedIn(self.log_in(PASSWORD, address=OTHER_ADDRESS))
        self.client.logout()
        self.assertLoggedIn(self.log_in(PASSWORD, username="keeper"), user=self.staff)

    def test_address_is_the_right_most_forwarded_for_entry(self):
        self.fail_to_log_in(LIMIT)
        # The router appends the address it sees to whatever the client sent.
        self.assertLockedOut(self.log_in(PASSWORD, address=f"{OTHER_ADDRESS}, {ADDRESS}"))
        self.assertLoggedIn(self.log_in(PASSWORD, address=f"{ADDRESS}, {OTHER_ADDRESS}"))

    def test_successful_login_clears_the_failures(self):
        self.fail_to_log_in(LIMIT - 1)
        self.assertLoggedIn(self.log_in(PASSWORD))
        self.client.logout()
        self.fail_to_log_in(LIMIT - 1)
        self.assertLoggedIn(self.log_in(PASSWORD))

    def test_lockout_page_in_english_and_chinese(self):
        self.fail_to_log_in(LIMIT)
        for language, text in (("en-us", "Try again in 15 minutes."), ("zh-hans", "请在 15 分钟后重试。")):
            with self.subTest(language=language), translation.override(language):
                with self.settings(LANGUAGE_CODE=language, AXES_COOLOFF_TIME=0.25):
                    self.assertContains(self.log_in(PASSWORD), text, status_code=429)
