"""The create, update and delete views of all five models (part 9), and the blocked delete page.

The tutorial tests AuthorCreate (see test_views.py); these tests submit every form.
Who may open these views is tested in test_permissions.py. Deleting an author with
books, or a book with copies, shows what blocks it (RestrictedDeleteMixin in
catalog/mixins.py, not in the tutorial).
"""

import datetime

from django.test import TestCase
from django.urls import reverse

from catalog.mixins import RELATED_LIMIT
from catalog.models import Author, Book, BookInstance, Genre, Language

from .helpers import (
    create_book,
    create_catalogue,
    create_copies,
    create_librarian,
    duplicate_name_error,
    more_pattern,
    more_text,
    unique_error,
)


class EditViewsTest(TestCase):
    """Create, update and delete views of all five models, used by a librarian.

    UrlTest checks that every form page answers with its template; these tests
    submit the forms.
    """

    @classmethod
    def setUpTestData(cls):
        cls.author, cls.genre, cls.language, cls.book, cls.copy = create_catalogue()
        cls.librarian = create_librarian()

    def setUp(self):
        self.client.force_login(self.librarian)

    def assertRedirectsTo(self, response, url):
        # The pages redirected to are tested on their own: don't fetch them again.
        self.assertRedirects(response, url, fetch_redirect_response=False)

    # Author

    def test_author_update(self):
        response = self.client.post(
            reverse("author-update", args=[self.author.pk]),
            {"first_name": "Jane", "last_name": "Smith", "date_of_birth": "1950-01-31", "date_of_death": ""},
        )
        self.assertRedirectsTo(response, self.author.get_absolute_url())
        self.author.refresh_from_db()
        self.assertEqual(str(self.author), "Smith, Jane")
        self.assertEqual(self.author.date_of_birth, datetime.date(1950, 1, 31))

    def test_author_delete(self):
        author = Author.objects.create(first_name="No", last_name="Books")
        response = self.client.get(reverse("author-delete", args=[author.pk]))
        self.assertContains(response, "Books, No")
        self.assertContains(response, 'method="post"')
        response = self.client.post(reverse("author-delete", args=[author.pk]))
        self.assertRedirectsTo(response, reverse("authors"))
        self.assertFalse(Author.objects.filter(pk=author.pk).exists())

    # Book

    def book_data(self, **changes):
        data = {
            "title": "New Title",
            "author": self.author.pk,
            "summary": "A summary",
            "isbn": "9780000000000",
            "genre": [self.genre.pk],
            "language": self.language.pk,
        }
        data.update(changes)
        return data

    def test_book_create(self):
        response = self.client.post(reverse("book-create"), self.book_data())
        book = Book.objects.get(isbn="9780000000000")
        self.assertRedirectsTo(response, book.get_absolute_url())
        self.assertEqual(book.title, "New Title")
        self.assertEqual(list(book.genre.all()), [self.genre])

    def test_book_create_with_duplicate_isbn_shows_error(self):
        response = self.client.post(reverse("book-create"), self.book_data(isbn=self.book.isbn))
        self.assertEqual(response.status_code, 200)
        self.assertFormError(response.context["form"], "isbn", unique_error(Book, "isbn"))
        self.assertEqual(Book.objects.count(), 1)

    def test_book_update(self):
        response = self.client.post(
            reverse("book-update", args=[self.book.pk]), self.book_data(title="Changed", isbn=self.book.isbn)
        )
        self.assertRedirectsTo(response, self.book.get_absolute_url())
        self.book.refresh_from_db()
        self.assertEqual(self.book.title, "Changed")

    def test_book_delete(self):
        book = create_book(title="No Copies", author=self.author, genres=[self.genre])
        response = self.client.post(reverse("book-delete", args=[book.pk]))
        self.assertRedirectsTo(response, reverse("books"))
        self.assertFalse(Book.objects.filter(pk=book.pk).exists())

    # Genre

    def test_genre_create(self):
        response = self.client.post(reverse("genre-create"), {"name": "Science Fiction"})
        genre = Genre.objects.get(name="Science Fiction")
        self.assertRedirectsTo(response, genre.get_absolute_url())

    def test_genre_create_duplicate_ignoring_case_shows_error(self):
        response = self.client.post(reverse("genre-create"), {"name": "fantasy"})
        self.assertEqual(response.status_code, 200)
        self.assertFormError(response.context["form"], *duplicate_name_error(Genre))
        self.assertEqual(Genre.objects.count(), 1)

    def test_genre_update(self):
        response = self.client.post(reverse("genre-update", args=[self.genre.pk]), {"name": "High Fantasy"})
        self.assertRedirectsTo(response, self.genre.get_absolute_url())
        self.genre.refresh_from_db()
        self.assertEqual(self.genre.name, "High Fantasy")

    def test_genre_delete_keeps_books(self):
        response = self.client.post(reverse("genre-delete", args=[self.genre.pk]))
        self.assertRedirectsTo(response, reverse("genres"))
        self.assertFalse(Genre.objects.exists())
        self.assertEqual(list(self.book.genre.all()), [])

    # Language

    def test_language_create(self):
        response = self.client.post(reverse("language-create"), {"name": "French"})
        language = Language.objects.get(name="French")
        self.assertRedirectsTo(response, language.get_absolute_url())

    def test_language_create_duplicate_ignoring_case_shows_error(self):
        response = self.client.post(reverse("language-create"), {"name": "ENGLISH"})
        self.assertEqual(response.status_code, 200)
        self.assertFormError(response.context["form"], *duplicate_name_error(Language))

    def test_language_update(self):
        response = self.client.post(reverse("language-update", args=[self.language.pk]), {"name": "British English"})
        self.assertRedirectsTo(response, self.language.get_absolute_url())
        self.language.refresh_from_db()
        self.assertEqual(self.language.name, "British English")

    def test_language_delete_keeps_books(self):
        response = self.client.post(reverse("language-delete", args=[self.language.pk]))
        self.assertRedirectsTo(response, reverse("languages"))
        self.assertFalse(Language.objects.exists())
        self.book.refresh_from_db()
        self.assertIsNone(self.book.language)

    # BookInstance

    def test_bookinstance_create(self):
        response = self.client.post(
            reverse("bookinstance-create"),
            {"book": self.book.pk, "imprint": "Second Imprint", "due_back": "", "borrower": "", "status": "a"},
        )
        copy = BookInstance.objects.get(imprint="Second Imprint")
        self.assertRedirectsTo(response, copy.get_absolute_url())
        self.assertEqual(copy.book, self.book)
        self.assertEqual(copy.status, "a")

    def test_bookinstance_update(self):
        response = self.client.post(
            reverse("bookinstance-update", args=[self.copy.pk]),
            {"imprint": "Changed Imprint", "due_back": "", "borrower": "", "status": "a"},
        )
        self.assertRedirectsTo(response, self.copy.get_absolute_url())
        self.copy.refresh_from_db()
        self.assertEqual(self.copy.imprint, "Changed Imprint")
        self.assertEqual(self.copy.status, "a")
        self.assertIsNone(self.copy.borrower)
        self.assertEqual(self.copy.book, self.book)

    def test_bookinstance_delete(self):
        response = self.client.post(reverse("bookinstance-delete", args=[self.copy.pk]))
        self.assertRedirectsTo(response, reverse("bookinstances"))
        self.assertFalse(BookInstance.objects.exists())


class RestrictedDeleteTest(TestCase):
    """Deleting an author with books, or a book with copies, says what blocks it (409)."""

    @classmethod
    def setUpTestData(cls):
        cls.author, cls.genre, cls.language, cls.book, cls.copy = create_catalogue()
        cls.second_book = create_book(title="Second Book", author=cls.author)
        cls.librarian = create_librarian()

    def setUp(self):
        self.client.force_login(self.librarian)

    def test_author_with_books_is_not_deleted(self):
        response = self.client.post(reverse("author-delete", args=[self.author.pk]))
        self.assertEqual(response.status_code, 409)
        self.assertTemplateUsed(response, "catalog/author_confirm_delete.html")
        self.assertEqual(list(response.context["blocked_by"]), [self.book, self.second_book])
        self.assertEqual(response.context["blocked_by_count"], 2)
        self.assertEqual(response.context["blocked_by_more"], 0)
        self.assertNotRegex(response.content.decode(), more_pattern())
        self.assertContains(response, "Second Book", status_code=409)
        self.assertTrue(Author.objects.filter(pk=self.author.pk).exists())
        self.assertEqual(Book.objects.count(), 2)

    def test_book_with_copies_is_not_deleted(self):
        response = self.client.post(reverse("book-delete", args=[self.book.pk]))
        self.assertEqual(response.status_code, 409)
        self.assertTemplateUsed(response, "catalog/book_confirm_delete.html")
        self.assertEqual(list(response.context["blocked_by"]), [self.copy])
        self.assertEqual(response.context["blocked_by_count"], 1)
        self.assertContains(response, str(self.copy.id), status_code=409)
        self.assertTrue(Book.objects.filter(pk=self.book.pk).exists())
        self.assertTrue(BookInstance.objects.filter(pk=self.copy.pk).exists())

    def test_long_list_of_blockers_is_capped(self):
        create_copies(RELATED_LIMIT + 5, self.book)
        response = self.client.post(reverse("book-delete", args=[self.book.pk]))
        self.assertEqual(response.status_code, 409)
        self.assertEqual(len(response.context["blocked_by"]), RELATED_LIMIT)
        self.assertEqual(response.context["blocked_by_count"], RELATED_LIMIT + 6)
        self.assertEqual(response.context["blocked_by_more"], 6)
        self.assertContains(response, more_text(6), status_code=409)
        self.assertEqual(BookInstance.objects.count(), RELATED_LIMIT + 6)

    def test_book_can_be_deleted_once_its_copies_are_gone(self):
        BookInstance.objects.filter(book=self.book).delete()
        response = self.client.post(reverse("book-delete", args=[self.book.pk]))
        self.assertRedirects(response, reverse("books"))
        self.assertFalse(Book.objects.filter(pk=self.book.pk).exists())
