"""The pages the tutorial's tests leave out: the home page, list and detail pages, all borrowed books.

The home page counts and session counter (parts 5 and 7), the pagination of every
list page and every detail page (part 6), and the list of all borrowed books that
librarians see (part 8).
"""

import uuid

from django.test import TestCase
from django.urls import reverse

from catalog.models import Author, Book, BookInstance, Genre, Language

from .helpers import (
    create_book,
    create_books,
    create_catalogue,
    create_copies,
    create_librarian,
    create_user,
    days_from_today,
    login_url,
)


class IndexViewTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        authors = [Author.objects.create(first_name=f"First {n}", last_name=f"Last {n}") for n in range(3)]
        book1 = create_book(title="Book One", author=authors[0])
        book2 = create_book(title="Book Two", author=authors[1])
        create_copies(3, book1, status="a")
        create_copies(1, book1, status="o", due_back=days_from_today(3))
        create_copies(1, book2, status="m")
        create_copies(1, book2, status="r")

    def test_counts(self):
        response = self.client.get("/catalog/")
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "index.html")
        self.assertTemplateUsed(response, "base_generic.html")
        self.assertEqual(response.context["num_books"], 2)
        self.assertEqual(response.context["num_instances"], 6)
        self.assertEqual(response.context["num_instances_available"], 3)
        self.assertEqual(response.context["num_authors"], 3)

    def test_counts_of_empty_catalogue(self):
        BookInstance.objects.all().delete()
        Book.objects.all().delete()
        Author.objects.all().delete()
        response = self.client.get(reverse("index"))
        for name in ("num_books", "num_instances", "num_instances_available", "num_authors"):
            with self.subTest(name=name):
                self.assertEqual(response.context[name], 0)

    def test_session_counts_visits(self):
        # The count shown includes the current visit.
        response = self.client.get(reverse("index"))
        self.assertEqual(response.context["num_visits"], 1)
        response = self.client.get(reverse("index"))
        self.assertEqual(response.context["num_visits"], 2)
        self.assertEqual(self.client.session["num_visits"], 2)

    def test_each_visitor_has_own_count(self):
        self.client.get(reverse("index"))
        self.client.get(reverse("index"))
        self.client.logout()  # A new session: the count starts again.
        response = self.client.get(reverse("index"))
        self.assertEqual(response.context["num_visits"], 1)


class ListViewPaginationTest(TestCase):
    """The other list pages also show 10 items a page."""

    @classmethod
    def setUpTestData(cls):
        books = create_books(13)
        for number in range(13):
            Genre.objects.create(name=f"Genre {number:02d}")
            Language.objects.create(name=f"Language {number:02d}")
        create_copies(13, books[0])

    def check_list(self, url_name, context_name, template):
        response = self.client.get(reverse(url_name))
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, template)
        self.assertTrue(response.context["is_paginated"])
        self.assertEqual(len(response.context[context_name]), 10)
        response = self.client.get(reverse(url_name) + "?page=2")
        self.assertEqual(len(response.context[context_name]), 3)

    def test_book_list(self):
        self.check_list("books", "book_list", "catalog/book_list.html")

    def test_genre_list(self):
        self.check_list("genres", "genre_list", "catalog/genre_list.html")

    def test_language_list(self):
        self.check_list("languages", "language_list", "catalog/language_list.html")

    def test_bookinstance_list(self):
        self.check_list("bookinstances", "bookinstance_list", "catalog/bookinstance_list.html")

    def test_book_list_shows_titles_in_order(self):
        response = self.client.get(reverse("books"))
        titles = [book.title for book in response.context["book_list"]]
        self.assertEqual(titles, [f"Book {number:02d}" for number in range(10)])
        self.assertContains(response, "Book 00")
        self.assertNotContains(response, "Book 10")

    def test_list_not_paginated_when_short(self):
        Genre.objects.filter(name__gt="Genre 04").delete()
        response = self.client.get(reverse("genres"))
        self.assertFalse(response.context["is_paginated"])
        self.assertEqual(len(response.context["genre_list"]), 5)


class DetailViewTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.author, cls.genre, cls.language, cls.book, cls.copy = create_catalogue()

    def check_detail(self, obj, context_name, template):
        response = self.client.get(obj.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, template)
        self.assertEqual(response.context[context_name], obj)
        return response

    def test_book_detail(self):
        response = self.check_detail(self.book, "book", "catalog/book_detail.html")
        self.assertEqual(list(response.context["copies"]), [self.copy])
        self.assertEqual(response.context["copies_count"], 1)
        self.assertEqual(response.context["copies_more"], 0)
        self.assertContains(response, "Book Title")
        self.assertContains(response, "Smith, John")

    def test_author_detail(self):
        response = self.check_detail(self.author, "author", "catalog/author_detail.html")
        self.assertEqual(list(response.context["books"]), [self.book])
        self.assertEqual(response.context["books_count"], 1)
        self.assertEqual(response.context["books_more"], 0)
        self.assertContains(response, "Book Title")

    def test_genre_detail(self):
        response = self.check_detail(self.genre, "genre", "catalog/genre_detail.html")
        self.assertEqual(list(response.context["books"]), [self.book])
        self.assertContains(response, "Fantasy")

    def test_language_detail(self):
        response = self.check_detail(self.language, "language", "catalog/language_detail.html")
        self.assertEqual(list(response.context["books"]), [self.book])
        self.assertContains(response, "English")

    def test_bookinstance_detail(self):
        response = self.check_detail(self.copy, "bookinstance", "catalog/bookinstance_detail.html")
        self.assertContains(response, str(self.copy.id))

    def test_unknown_pk_is_not_found(self):
        urls = [
            reverse("book-detail", args=[9999]),
            reverse("author-detail", args=[9999]),
            reverse("genre-detail", args=[9999]),
            reverse("language-detail", args=[9999]),
            reverse("bookinstance-detail", args=[uuid.uuid4()]),
        ]
        for url in urls:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)


class LoanedBooksAllListViewTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reader = create_user("reader")
        cls.other_reader = create_user("other")
        cls.librarian = create_librarian()
        book = create_book()
        create_copies(2, book, status="o", borrower=cls.reader, due_back=days_from_today(7))
        create_copies(2, book, status="o", borrower=cls.other_reader, due_back=days_from_today(1))
        create_copies(3, book, status="a")

    def test_redirect_if_not_logged_in(self):
        response = self.client.get(reverse("all-borrowed"))
        self.assertRedirects(response, login_url("/catalog/borrowed/"))

    def test_forbidden_without_permission(self):
        self.client.force_login(self.reader)
        response = self.client.get(reverse("all-borrowed"))
        self.assertEqual(response.status_code, 403)

    def test_allowed_with_can_mark_returned_permission(self):
        user = create_user("marker", "catalog.can_mark_returned")
        self.client.force_login(user)
        response = self.client.get(reverse("all-borrowed"))
        self.assertEqual(response.status_code, 200)

    def test_librarian_sees_every_loan_by_due_date(self):
        self.client.force_login(self.librarian)
        response = self.client.get(reverse("all-borrowed"))
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "catalog/bookinstance_list_borrowed_all.html")
        listed = list(response.context["bookinstance_list"])
        self.assertEqual(len(listed), 4)
        self.assertTrue(all(copy.status == "o" for copy in listed))
        self.assertEqual([copy.borrower for copy in listed], [self.other_reader] * 2 + [self.reader] * 2)
        self.assertContains(response, "reader")
