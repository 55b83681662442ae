"""Tests for the release step, `python manage.py release` (catalog/management/commands/release.py).

The hosts run it before each new version takes traffic: it migrates, then creates the
first superuser from DJANGO_SUPERUSER_* once, and never prints the password.
"""

import os
from io import StringIO
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import TestCase

PASSWORD = "Correct-Horse-Battery-7"
ADMIN = {
    "DJANGO_SUPERUSER_USERNAME": "admin",
    "DJANGO_SUPERUSER_EMAIL": "admin@example.com",
    "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
}


class ReleaseCommandTest(TestCase):
    def release(self, **variables):
        """Run the command with only these DJANGO_SUPERUSER_* variables set; return its output."""
        out = StringIO()
        env = {name: variables.get(name, "") for name in ADMIN}  # An empty variable counts as unset.
        with mock.patch.dict(os.environ, env):
            call_command("release", stdout=out, stderr=StringIO())
        return out.getvalue()

    def test_without_the_variables_it_migrates_and_creates_no_user(self):
        with mock.patch("catalog.management.commands.release.call_command") as migrate:
            self.release()
        migrate.assert_called_once()
        self.assertEqual(migrate.call_args.args, ("migrate",))
        self.assertFalse(get_user_model().objects.exists())

    def test_creates_the_superuser_once_and_never_changes_its_password(self):
        first = self.release(**ADMIN)
        admin = get_user_model().objects.get(username="admin")
        self.assertTrue(admin.is_superuser and admin.is_staff and admin.is_active)
        self.assertEqual(admin.email, "admin@example.com")
        self.assertTrue(admin.check_password(PASSWORD))
        admin.set_password("Changed-In-The-Admin-9")  # The administrator picks a new password.
        admin.save()
        second = self.release(**ADMIN)  # The next deploy, with the variables still set.
        self.assertEqual(get_user_model().objects.count(), 1)
        self.assertTrue(get_user_model().objects.get(username="admin").check_password("Changed-In-The-Admin-9"))
        self.assertIn("'admin'", first)
        self.assertIn("'admin'", second)
        self.assertNotIn(PASSWORD, first + second)

    def test_the_email_is_optional(self):
        self.release(DJANGO_SUPERUSER_USERNAME="admin", DJANGO_SUPERUSER_PASSWORD=PASSWORD)
        self.assertEqual(get_user_model().objects.get(username="admin").email, "")

    def test_a_name_without_a_password_or_a_password_without_a_name_stops_before_migrating(self):
        for variables, missing in (
            ({"DJANGO_SUPERUSER_USERNAME": "admin"}, "DJANGO_SUPERUSER_PASSWORD"),
            ({"DJANGO_SUPERUSER_PASSWORD": PASSWORD}, "DJANGO_SUPERUSER_USERNAME"),
        ):
            with self.subTest(missing=missing):
                with mock.patch("catalog.management.commands.release.call_command") as migrate:
                    with self.assertRaisesMessage(CommandError, missing):
                        self.release(**variables)
                migrate.assert_not_called()
        self.assertFalse(get_user_model().objects.exists())

    def test_a_weak_password_is_refused_without_showing_it(self):
        with self.assertRaises(CommandError) as refused:
            self.release(DJANGO_SUPERUSER_USERNAME="admin", DJANGO_SUPERUSER_PASSWORD="12345678")
        self.assertIn("DJANGO_SUPERUSER_PASSWORD", str(refused.exception))
        self.assertNotIn("12345678", str(refused.exception))
        self.assertFalse(get_user_model().objects.exists())
