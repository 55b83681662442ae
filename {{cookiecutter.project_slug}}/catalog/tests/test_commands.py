"""Tests for the populate_catalog management command (demo data).

The command speaks the site's language, so its messages are compared with _() of
their English text.
"""

import os
from io import StringIO
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils.translation import gettext as _

from catalog.models import Author, Book, BookInstance

PASSWORDS = {"librarian_password": "demo-librarian-pw", "borrower_password": "demo-borrower-pw"}


class PopulateCatalogCommandTest(TestCase):
    def populate(self, books, **options):
        out = StringIO()
        call_command("populate_catalog", books=books, stdout=out, **(PASSWORDS | options))
        return out.getvalue()

    def test_creates_the_requested_number_of_books_with_copies(self):
        self.populate(books=20)
        self.assertEqual(Book.objects.count(), 20)
        self.assertEqual(BookInstance.objects.count(), 60)
        self.assertEqual(Author.objects.count(), 5)
        self.assertTrue(Book.objects.filter(genre__isnull=False).exists())

    def test_running_twice_adds_nothing(self):
        self.populate(books=10)
        counts = (Book.objects.count(), Author.objects.count(), BookInstance.objects.count())
        output = self.populate(books=10)
        self.assertEqual((Book.objects.count(), Author.objects.count(), BookInstance.objects.count()), counts)
        summary = _(
            "Catalogue holds %(books)d books (%(created)d new), %(authors)d authors, %(copies)d copies; "
            "users: librarian, borrower."
        ) % {"books": counts[0], "created": 0, "authors": counts[1], "copies": counts[2]}
        self.assertIn(summary, output)

    def test_growing_the_catalogue_adds_only_the_missing_books(self):
        self.populate(books=10)
        self.populate(books=15)
        self.assertEqual(Book.objects.count(), 15)

    def test_creates_a_librarian_and_a_borrower_with_the_given_passwords(self):
        self.populate(books=5)
        librarian = get_user_model().objects.get(username="librarian")
        borrower = get_user_model().objects.get(username="borrower")
        self.assertTrue(librarian.check_password("demo-librarian-pw"))
        self.assertTrue(librarian.has_perm("catalog.can_mark_returned"))
        self.assertTrue(borrower.check_password("demo-borrower-pw"))
        self.assertFalse(borrower.has_perm("catalog.can_mark_returned"))

    def test_some_copies_are_on_loan_to_the_borrower(self):
        self.populate(books=30)
        on_loan = BookInstance.objects.filter(status="o")
        self.assertTrue(on_loan.exists())
        self.assertFalse(on_loan.exclude(borrower__username="borrower").exists())
        self.assertFalse(on_loan.filter(due_back__isnull=True).exists())

    def test_refuses_to_run_without_passwords(self):
        message = _(
            "Give the demo accounts passwords: --librarian-password and --borrower-password "
            "(or DEMO_LIBRARIAN_PASSWORD and DEMO_BORROWER_PASSWORD)."
        )
        with self.assertRaisesMessage(CommandError, message):
            call_command("populate_catalog", books=1, stdout=StringIO())

    def test_refuses_a_negative_size(self):
        with self.assertRaisesMessage(CommandError, _("--books must be 0 or more.")):
            self.populate(books=-1)

    def test_passwords_may_come_from_the_environment(self):
        env = {"DEMO_LIBRARIAN_PASSWORD": "env-librarian", "DEMO_BORROWER_PASSWORD": "env-borrower"}
        with mock.patch.dict(os.environ, env):
            call_command("populate_catalog", books=1, stdout=StringIO())
        self.assertTrue(get_user_model().objects.get(username="librarian").check_password("env-librarian"))
