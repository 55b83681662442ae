"""Tests of the catalog models (MDN tutorial part 10: "Testing a Django web application").

Field labels and lengths, __str__, get_absolute_url, and the behaviour the site
relies on: case-insensitive unique genre and language names, RESTRICT deletes,
is_overdue and the can_mark_returned permission. Labels and messages are compared
with _() of their English text, so the tests pass in the site's language.
"""

import uuid

from django.contrib.auth.models import Permission, User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import RestrictedError
from django.test import TestCase
from django.utils import translation
from django.utils.translation import gettext as _

from catalog.models import Author, Book, BookInstance, Genre, Language

from .helpers import create_book, days_from_today, duplicate_name_error


class AuthorModelTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Set up non-modified objects used by all test methods
        cls.author = Author.objects.create(first_name="Big", last_name="Bob")

    def test_first_name_label(self):
        field_label = self.author._meta.get_field("first_name").verbose_name
        self.assertEqual(field_label, _("first name"))

    def test_last_name_label(self):
        field_label = self.author._meta.get_field("last_name").verbose_name
        self.assertEqual(field_label, _("last name"))

    def test_date_of_birth_label(self):
        field_label = self.author._meta.get_field("date_of_birth").verbose_name
        self.assertEqual(field_label, _("date of birth"))

    def test_date_of_death_label(self):
        field_label = self.author._meta.get_field("date_of_death").verbose_name
        self.assertEqual(field_label, _("died"))

    def test_first_name_max_length(self):
        max_length = self.author._meta.get_field("first_name").max_length
        self.assertEqual(max_length, 100)

    def test_last_name_max_length(self):
        max_length = self.author._meta.get_field("last_name").max_length
        self.assertEqual(max_length, 100)

    def test_dates_are_optional(self):
        for name in ("date_of_birth", "date_of_death"):
            field = self.author._meta.get_field(name)
            with self.subTest(field=name):
                self.assertTrue(field.null)
                self.assertTrue(field.blank)

    def test_object_name_is_last_name_comma_first_name(self):
        expected_object_name = f"{self.author.last_name}, {self.author.first_name}"
        self.assertEqual(str(self.author), expected_object_name)
        self.assertEqual(str(self.author), "Bob, Big")

    def test_get_absolute_url(self):
        # This will also fail if the urlconf is not defined.
        self.assertEqual(self.author.get_absolute_url(), f"/catalog/author/{self.author.pk}")

    def test_ordering_is_last_name_then_first_name(self):
        Author.objects.create(first_name="Anna", last_name="Bob")
        Author.objects.create(first_name="Zed", last_name="Adams")
        names = [str(author) for author in Author.objects.all()]
        self.assertEqual(names, ["Adams, Zed", "Bob, Anna", "Bob, Big"])

    def test_author_with_books_cannot_be_deleted(self):
        book = create_book(author=self.author)
        with self.assertRaises(RestrictedError):
            self.author.delete()
        self.assertTrue(Author.objects.filter(pk=self.author.pk).exists())
        book.delete()
        self.author.delete()
        self.assertFalse(Author.objects.filter(pk=self.author.pk).exists())


class GenreModelTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.genre = Genre.objects.create(name="Fantasy")

    def test_name_label(self):
        self.assertEqual(self.genre._meta.get_field("name").verbose_name, _("name"))

    def test_name_max_length(self):
        self.assertEqual(self.genre._meta.get_field("name").max_length, 200)

    def test_name_help_text(self):
        self.assertEqual(
            self.genre._meta.get_field("name").help_text,
            _("Enter a book genre (e.g. Science Fiction, French Poetry etc.)"),
        )

    def test_object_name_is_name(self):
        self.assertEqual(str(self.genre), "Fantasy")

    def test_get_absolute_url(self):
        self.assertEqual(self.genre.get_absolute_url(), f"/catalog/genre/{self.genre.pk}")

    def test_ordering_is_by_name(self):
        Genre.objects.create(name="Science Fiction")
        Genre.objects.create(name="Biography")
        self.assertEqual(
            [genre.name for genre in Genre.objects.all()],
            ["Biography", "Fantasy", "Science Fiction"],
        )

    def test_name_is_unique_ignoring_case_in_database(self):
        for name in ("Fantasy", "fantasy", "FANTASY"):
            with self.subTest(name=name), self.assertRaises(IntegrityError), transaction.atomic():
                Genre.objects.create(name=name)
        self.assertEqual(Genre.objects.count(), 1)

    def test_name_is_unique_ignoring_case_in_validation(self):
        # Model forms (and the admin) call full_clean(), which checks the constraint.
        with self.assertRaisesMessage(ValidationError, duplicate_name_error(Genre)[1]):
            Genre(name="fANTASY").full_clean()
        Genre(name="Fantasy fiction").full_clean()  # A different name is fine.


class LanguageModelTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.language = Language.objects.create(name="English")

    def test_name_label(self):
        self.assertEqual(self.language._meta.get_field("name").verbose_name, _("name"))

    def test_name_max_length(self):
        self.assertEqual(self.language._meta.get_field("name").max_length, 200)

    def test_object_name_is_name(self):
        self.assertEqual(str(self.language), "English")

    def test_get_absolute_url(self):
        self.assertEqual(self.language.get_absolute_url(), f"/catalog/language/{self.language.pk}")

    def test_ordering_is_by_name(self):
        Language.objects.create(name="French")
        Language.objects.create(name="Arabic")
        self.assertEqual([language.name for language in Language.objects.all()], ["Arabic", "English", "French"])

    def test_name_is_unique_ignoring_case_in_database(self):
        for name in ("English", "english", "ENGLISH"):
            with self.subTest(name=name), self.assertRaises(IntegrityError), transaction.atomic():
                Language.objects.create(name=name)
        self.assertEqual(Language.objects.count(), 1)

    def test_name_is_unique_ignoring_case_in_validation(self):
        with self.assertRaisesMessage(ValidationError, duplicate_name_error(Language)[1]):
            Language(name="eNGLISH").full_clean()
        Language(name="Old English").full_clean()


class BookModelTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.author = Author.objects.create(first_name="John", last_name="Smith")
        cls.language = Language.objects.create(name="English")
        cls.genres = [Genre.objects.create(name=name) for name in ("Drama", "Crime", "Biography", "Fantasy")]
        cls.book = create_book(
            title="Book Title", author=cls.author, language=cls.language, genres=cls.genres, isbn="9781234567897"
        )

    def test_title_label(self):
        self.assertEqual(self.book._meta.get_field("title").verbose_name, _("title"))

    def test_title_max_length(self):
        self.assertEqual(self.book._meta.get_field("title").max_length, 200)

    def test_summary_max_length(self):
        self.assertEqual(self.book._meta.get_field("summary").max_length, 1000)

    def test_isbn_label(self):
        self.assertEqual(self.book._meta.get_field("isbn").verbose_name, _("ISBN"))

    def test_isbn_max_length(self):
        self.assertEqual(self.book._meta.get_field("isbn").max_length, 13)

    def test_isbn_is_unique(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            create_book(title="Another title", isbn="9781234567897")

    def test_genre_label(self):
        self.assertEqual(self.book._meta.get_field("genre").verbose_name, _("genre"))

    def test_object_name_is_title(self):
        self.assertEqual(str(self.book), "Book Title")

    def test_get_absolute_url(self):
        self.assertEqual(self.book.get_absolute_url(), f"/catalog/book/{self.book.pk}")

    def test_display_genre_shows_first_three_genres(self):
        # Genres are ordered by name, so the first three are Biography, Crime, Drama. In English:
        # the separator is translated (test_i18n.py checks the Chinese one).
        with translation.override("en"):
            self.assertEqual(self.book.display_genre(), "Biography, Crime, Drama")

    def test_display_genre_with_fewer_genres(self):
        book = create_book(title="Short", genres=[self.genres[3]])
        self.assertEqual(book.display_genre(), "Fantasy")
        self.assertEqual(create_book(title="None").display_genre(), "")

    def test_display_genre_admin_column_title(self):
        self.assertEqual(Book.display_genre.short_description, _("Genre"))

    def test_ordering_is_by_title(self):
        create_book(title="A Tale")
        create_book(title="Zebra")
        self.assertEqual([book.title for book in Book.objects.all()], ["A Tale", "Book Title", "Zebra"])

    def test_deleting_language_keeps_book(self):
        self.language.delete()
        self.book.refresh_from_db()
        self.assertIsNone(self.book.language)

    def test_book_with_copies_cannot_be_deleted(self):
        BookInstance.objects.create(book=self.book, imprint="Imprint")
        with self.assertRaises(RestrictedError):
            self.book.delete()
        self.assertTrue(Book.objects.filter(pk=self.book.pk).exists())


class BookInstanceModelTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.book = create_book(title="Book Title")
        cls.copy = BookInstance.objects.create(book=cls.book, imprint="Unlikely Imprint, 2016")

    def test_id_is_a_uuid(self):
        self.assertIsInstance(self.copy.id, uuid.UUID)
        self.assertTrue(self.copy._meta.get_field("id").primary_key)

    def test_imprint_max_length(self):
        self.assertEqual(self.copy._meta.get_field("imprint").max_length, 200)

    def test_due_back_label(self):
        self.assertEqual(self.copy._meta.get_field("due_back").verbose_name, _("due back"))

    def test_status_max_length(self):
        self.assertEqual(self.copy._meta.get_field("status").max_length, 1)

    def test_status_choices(self):
        self.assertEqual(
            self.copy._meta.get_field("status").choices,
            [("m", _("Maintenance")), ("o", _("On loan")), ("a", _("Available")), ("r", _("Reserved"))],
        )

    def test_default_status_is_maintenance(self):
        self.assertEqual(self.copy.status, "m")
        self.assertEqual(self.copy.get_status_display(), _("Maintenance"))

    def test_object_name_is_id_and_book_title(self):
        with translation.override("en"):  # Punctuated in the site's language (test_i18n.py).
            self.assertEqual(str(self.copy), f"{self.copy.id} (Book Title)")

    def test_object_name_without_book(self):
        copy = BookInstance(imprint="Imprint")
        with translation.override("en"):
            self.assertEqual(str(copy), f"{copy.id} (-)")

    def test_get_absolute_url(self):
        self.assertEqual(self.copy.get_absolute_url(), f"/catalog/bookinstance/{self.copy.id}")

    def test_is_overdue(self):
        cases = [(None, False), (days_from_today(-1), True), (days_from_today(0), False), (days_from_today(1), False)]
        for due_back, overdue in cases:
            with self.subTest(due_back=due_back):
                self.assertIs(BookInstance(due_back=due_back).is_overdue, overdue)

    def test_ordering_is_by_due_date(self):
        self.copy.delete()
        later = BookInstance.objects.create(book=self.book, due_back=days_from_today(10))
        sooner = BookInstance.objects.create(book=self.book, due_back=days_from_today(2))
        self.assertEqual(list(BookInstance.objects.all()), [sooner, later])

    def test_can_mark_returned_permission(self):
        self.assertIn(("can_mark_returned", "Set book as returned"), BookInstance._meta.permissions)
        permission = Permission.objects.get(codename="can_mark_returned")
        self.assertEqual(permission.content_type.app_label, "catalog")
        self.assertEqual(permission.content_type.model, "bookinstance")
        self.assertEqual(permission.name, "Set book as returned")

    def test_deleting_borrower_keeps_copy(self):
        borrower = User.objects.create_user(username="reader", password="x")
        BookInstance.objects.filter(pk=self.copy.pk).update(borrower=borrower, status="o")
        borrower.delete()
        self.copy.refresh_from_db()
        self.assertIsNone(self.copy.borrower)
