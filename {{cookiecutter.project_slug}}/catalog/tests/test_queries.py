"""Pages run a fixed number of database queries, however big the catalogue.

Not in the tutorial: no N+1 queries. Each test loads a page with a few items
and again with many (more than a page of 10, more than the RELATED_LIMIT items a
detail page shows), and checks that the page ran the same number of queries both
times. A page that reads a related object once per item (an N+1 query) or lists
an unbounded collection fails, whatever the templates show.
"""

import itertools

from django.contrib.auth.models import User
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.mixins import RELATED_LIMIT
from catalog.models import Author, Book, BookInstance, Genre, Language

from .helpers import create_librarian, create_user, days_from_today

FEW = 3
MANY = 30  # More than a page of 10 and more than RELATED_LIMIT.
assert RELATED_LIMIT < MANY

# Numbers for unique names, usernames and ISBNs.
_numbers = itertools.count(1)


class QueryCountTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.author = Author.objects.create(first_name="John", last_name="Smith")
        cls.genre = Genre.objects.create(name="Fantasy")
        cls.other_genres = [Genre.objects.create(name="Drama"), Genre.objects.create(name="Crime")]
        cls.language = Language.objects.create(name="English")
        cls.book = Book.objects.create(
            title="Book Title", author=cls.author, language=cls.language, summary="Summary", isbn="9781234567897"
        )
        cls.book.genre.set([cls.genre, *cls.other_genres])
        cls.reader = create_user("reader")
        cls.librarian = create_librarian()

    # Catalogue builders: every new book has its own author and several genres, and
    # every new copy its own book and borrower, so a page that follows a relation
    # once per row runs more queries as rows are added.

    def add_books(self, count, author=None, genre=None, language=None):
        numbers = [next(_numbers) for _ in range(count)]
        if author:
            authors = [author] * count
        else:
            authors = Author.objects.bulk_create(
                Author(first_name=f"First {n}", last_name=f"Last {n}") for n in numbers
            )
        books = Book.objects.bulk_create(
            Book(
                title=f"Title {number:03d}",
                author=book_author,
                language=language or self.language,
                summary="Summary",
                isbn=f"{number:013d}",
            )
            for number, book_author in zip(numbers, authors, strict=True)
        )
        genres = [genre or self.genre, *self.other_genres]
        Book.genre.through.objects.bulk_create(
            Book.genre.through(book=book, genre=book_genre) for book in books for book_genre in genres
        )
        return books

    def add_copies(self, count, book=None, borrower=None, status="o"):
        numbers = [next(_numbers) for _ in range(count)]
        books = [book] * count if book else self.add_books(count)
        if borrower:
            borrowers = [borrower] * count
        else:
            borrowers = User.objects.bulk_create(User(username=f"user{number}") for number in numbers)
        BookInstance.objects.bulk_create(
            BookInstance(
                book=copy_book,
                imprint=f"Imprint {number}",
                status=status,
                borrower=copy_borrower,
                # Some overdue, so any "overdue" marking is exercised too.
                due_back=days_from_today(number % 7 - 3),
            )
            for number, copy_book, copy_borrower in zip(numbers, books, borrowers, strict=True)
        )

    def captured_queries(self, url, method="get", expected_status=200):
        with CaptureQueriesContext(connection) as context:
            response = getattr(self.client, method)(url)
        self.assertEqual(response.status_code, expected_status)
        return [query["sql"] for query in context.captured_queries]

    def assertQueriesDoNotGrow(self, url, add_few, add_many, method="get", expected_status=200):
        add_few()
        few = self.captured_queries(url, method, expected_status)
        add_many()
        many = self.captured_queries(url, method, expected_status)
        self.assertEqual(
            len(few),
            len(many),
            f"{url} ran {len(few)} queries with few items, {len(many)} with many:\n" + "\n".join(many),
        )
        return len(many)

    # List pages

    def test_book_list(self):
        self.assertQueriesDoNotGrow(reverse("books"), lambda: self.add_books(FEW), lambda: self.add_books(MANY - FEW))

    def test_author_list(self):
        self.assertQueriesDoNotGrow(reverse("authors"), lambda: self.add_books(FEW), lambda: self.add_books(MANY - FEW))

    def test_genre_list(self):
        def add_genres(count):
            Genre.objects.bulk_create(Genre(name=f"Genre {next(_numbers)}") for _ in range(count))

        self.assertQueriesDoNotGrow(reverse("genres"), lambda: add_genres(FEW), lambda: add_genres(MANY - FEW))

    def test_language_list(self):
        def add_languages(count):
            Language.objects.bulk_create(Language(name=f"Language {next(_numbers)}") for _ in range(count))

        self.assertQueriesDoNotGrow(reverse("languages"), lambda: add_languages(FEW), lambda: add_languages(MANY - FEW))

    def test_bookinstance_list(self):
        self.assertQueriesDoNotGrow(
            reverse("bookinstances"), lambda: self.add_copies(FEW), lambda: self.add_copies(MANY - FEW)
        )

    # Detail pages

    def test_book_detail(self):
        self.assertQueriesDoNotGrow(
            self.book.get_absolute_url(),
            lambda: self.add_copies(FEW, book=self.book),
            lambda: self.add_copies(MANY - FEW, book=self.book),
        )

    def test_author_detail(self):
        self.assertQueriesDoNotGrow(
            self.author.get_absolute_url(),
            lambda: self.add_books(FEW, author=self.author),
            lambda: self.add_books(MANY - FEW, author=self.author),
        )

    def test_genre_detail(self):
        self.assertQueriesDoNotGrow(
            self.genre.get_absolute_url(),
            lambda: self.add_books(FEW, genre=self.genre),
            lambda: self.add_books(MANY - FEW, genre=self.genre),
        )

    def test_language_detail(self):
        language = Language.objects.create(name="French")
        self.assertQueriesDoNotGrow(
            language.get_absolute_url(),
            lambda: self.add_books(FEW, language=language),
            lambda: self.add_books(MANY - FEW, language=language),
        )

    # Borrowed books

    def test_my_borrowed(self):
        self.client.force_login(self.reader)
        self.assertQueriesDoNotGrow(
            reverse("my-borrowed"),
            lambda: self.add_copies(FEW, borrower=self.reader),
            lambda: self.add_copies(MANY - FEW, borrower=self.reader),
        )

    def test_all_borrowed(self):
        self.client.force_login(self.librarian)
        self.assertQueriesDoNotGrow(
            reverse("all-borrowed"), lambda: self.add_copies(FEW), lambda: self.add_copies(MANY - FEW)
        )

    # A refused delete lists what blocks it, in a bounded number of queries.

    def test_refused_author_delete(self):
        self.client.force_login(self.librarian)
        self.assertQueriesDoNotGrow(
            reverse("author-delete", args=[self.author.pk]),
            lambda: self.add_books(FEW, author=self.author),
            lambda: self.add_books(MANY - FEW, author=self.author),
            method="post",
            expected_status=409,
        )

    def test_refused_book_delete(self):
        self.client.force_login(self.librarian)
        self.assertQueriesDoNotGrow(
            reverse("book-delete", args=[self.book.pk]),
            lambda: self.add_copies(FEW, book=self.book),
            lambda: self.add_copies(MANY - FEW, book=self.book),
            method="post",
            expected_status=409,
        )


class BookOrderIndexTest(TestCase):
    def test_the_book_list_order_has_an_index(self):
        # Migration 0004: the database reads a page of books without sorting them all.
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, Book._meta.db_table)
        indexes = [constraint["columns"] for constraint in constraints.values() if constraint["index"]]
        self.assertIn(["title", "author_id"], indexes)
