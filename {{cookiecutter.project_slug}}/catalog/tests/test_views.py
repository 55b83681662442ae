"""Tests of the catalog pages (MDN tutorial part 10: "Testing a Django web application").

Every URL, the home page counts and session counter, pagination, detail pages,
the borrowed-books lists, the renewal form and the create/update/delete views.
Who may open the edit views is tested in test_permissions.py, and how many
database queries the pages run in test_queries.py. Texts are compared with _() of
their English text, so the tests pass in the site's language.
"""

import datetime
import re
import uuid

from django import forms
from django.contrib.auth.models import User
from django.test import TestCase
from django.urls import resolve, reverse
from django.utils.translation import gettext as _

from catalog import urls as catalog_urls
from catalog.models import Author, Book, BookInstance, Genre, Language
from catalog.views import RELATED_LIMIT

from .helpers import (
    PASSWORD,
    create_book,
    create_books,
    create_catalogue,
    create_copies,
    create_librarian,
    create_user,
    days_from_today,
    duplicate_name_error,
    login_url,
    today,
    unique_error,
)


def more_text(more):
    """What a capped list says under its items: "… and 6 more." in English."""
    return _("… and %(more)s more.") % {"more": more}


def more_pattern():
    """A regular expression that finds more_text() with any number."""
    before, after = (re.escape(part) for part in _("… and %(more)s more.").split("%(more)s"))
    return re.compile(f"{before}\\d+{after}")


class RootRedirectTest(TestCase):
    def test_root_redirects_permanently_to_catalog(self):
        response = self.client.get("/")
        self.assertRedirects(response, "/catalog/", status_code=301)


class UrlTest(TestCase):
    """Every URL name of catalog/urls.py gives the tutorial's path, and the page answers."""

    @classmethod
    def setUpTestData(cls):
        cls.author, cls.genre, cls.language, cls.book, cls.copy = create_catalogue()
        cls.librarian = create_librarian()

    def url_table(self):
        """(URL name, arguments, expected path, template) for every URL of the catalog."""
        author, book, genre, language, copy = (
            self.author.pk,
            self.book.pk,
            self.genre.pk,
            self.language.pk,
            self.copy.pk,
        )
        return [
            ("index", [], "/catalog/", "index"),
            ("books", [], "/catalog/books/", "book_list"),
            ("book-detail", [book], f"/catalog/book/{book}", "book_detail"),
            ("authors", [], "/catalog/authors/", "author_list"),
            ("author-detail", [author], f"/catalog/author/{author}", "author_detail"),
            ("genres", [], "/catalog/genres/", "genre_list"),
            ("genre-detail", [genre], f"/catalog/genre/{genre}", "genre_detail"),
            ("languages", [], "/catalog/languages/", "language_list"),
            ("language-detail", [language], f"/catalog/language/{language}", "language_detail"),
            ("bookinstances", [], "/catalog/bookinstances/", "bookinstance_list"),
            ("bookinstance-detail", [copy], f"/catalog/bookinstance/{copy}", "bookinstance_detail"),
            ("my-borrowed", [], "/catalog/mybooks/", "bookinstance_list_borrowed_user"),
            ("all-borrowed", [], "/catalog/borrowed/", "bookinstance_list_borrowed_all"),
            ("renew-book-librarian", [copy], f"/catalog/book/{copy}/renew/", "book_renew_librarian"),
            ("author-create", [], "/catalog/author/create/", "author_form"),
            ("author-update", [author], f"/catalog/author/{author}/update/", "author_form"),
            ("author-delete", [author], f"/catalog/author/{author}/delete/", "author_confirm_delete"),
            ("book-create", [], "/catalog/book/create/", "book_form"),
            ("book-update", [book], f"/catalog/book/{book}/update/", "book_form"),
            ("book-delete", [book], f"/catalog/book/{book}/delete/", "book_confirm_delete"),
            ("genre-create", [], "/catalog/genre/create/", "genre_form"),
            ("genre-update", [genre], f"/catalog/genre/{genre}/update/", "genre_form"),
            ("genre-delete", [genre], f"/catalog/genre/{genre}/delete/", "genre_confirm_delete"),
            ("language-create", [], "/catalog/language/create/", "language_form"),
            ("language-update", [language], f"/catalog/language/{language}/update/", "language_form"),
            ("language-delete", [language], f"/catalog/language/{language}/delete/", "language_confirm_delete"),
            ("bookinstance-create", [], "/catalog/bookinstance/create/", "bookinstance_form"),
            ("bookinstance-update", [copy], f"/catalog/bookinstance/{copy}/update/", "bookinstance_form"),
            ("bookinstance-delete", [copy], f"/catalog/bookinstance/{copy}/delete/", "bookinstance_confirm_delete"),
        ]

    def test_every_url_name_is_in_the_table(self):
        names = {pattern.name for pattern in catalog_urls.urlpatterns}
        self.assertEqual(names, {row[0] for row in self.url_table()})

    def test_reverse_gives_tutorial_path(self):
        for name, args, path, _template in self.url_table():
            with self.subTest(name=name):
                self.assertEqual(reverse(name, args=args), path)

    def test_path_resolves_to_name(self):
        for name, args, path, _template in self.url_table():
            with self.subTest(name=name):
                match = resolve(path)
                self.assertEqual(match.url_name, name)
                self.assertEqual([str(arg) for arg in match.kwargs.values()], [str(arg) for arg in args])

    def test_every_url_answers_with_its_template(self):
        # The create, update and delete pages are opened (with their templates checked)
        # by EditViewPermissionTest.test_librarian_is_allowed in test_permissions.py.
        self.client.force_login(self.librarian)
        for name, _args, path, template in self.url_table():
            if name.endswith(("-create", "-update", "-delete")):
                continue
            with self.subTest(name=name):
                response = self.client.get(path)
                self.assertEqual(response.status_code, 200)
                self.assertTemplateUsed(response, f"catalog/{template}.html")

    def test_site_urls(self):
        self.assertEqual(reverse("login"), "/accounts/login/")
        self.assertEqual(reverse("logout"), "/accounts/logout/")
        self.assertEqual(reverse("password_reset"), "/accounts/password_reset/")
        self.assertEqual(reverse("admin:index"), "/admin/")


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
        self.assertTemplateUsed(response, "catalog/index.html")
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


class AuthorListViewTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Create 13 authors for pagination tests
        number_of_authors = 13

        for author_id in range(number_of_authors):
            Author.objects.create(
                first_name=f"Dominique {author_id}",
                last_name=f"Surname {author_id}",
            )

    def test_view_url_exists_at_desired_location(self):
        response = self.client.get("/catalog/authors/")
        self.assertEqual(response.status_code, 200)

    def test_view_url_accessible_by_name(self):
        response = self.client.get(reverse("authors"))
        self.assertEqual(response.status_code, 200)

    def test_view_uses_correct_template(self):
        response = self.client.get(reverse("authors"))
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "catalog/author_list.html")

    def test_pagination_is_ten(self):
        response = self.client.get(reverse("authors"))
        self.assertEqual(response.status_code, 200)
        self.assertTrue("is_paginated" in response.context)
        self.assertTrue(response.context["is_paginated"] is True)
        self.assertEqual(len(response.context["author_list"]), 10)

    def test_lists_all_authors(self):
        # Get second page and confirm it has (exactly) remaining 3 items
        response = self.client.get(reverse("authors") + "?page=2")
        self.assertEqual(response.status_code, 200)
        self.assertTrue("is_paginated" in response.context)
        self.assertTrue(response.context["is_paginated"] is True)
        self.assertEqual(len(response.context["author_list"]), 3)

    def test_page_beyond_last_is_not_found(self):
        response = self.client.get(reverse("authors") + "?page=3")
        self.assertEqual(response.status_code, 404)

    def test_authors_are_ordered_by_name(self):
        response = self.client.get(reverse("authors"))
        authors = list(response.context["author_list"])
        self.assertEqual(authors, sorted(authors, key=lambda author: (author.last_name, author.first_name)))
        self.assertContains(response, "Surname 0, Dominique 0")


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

    def test_related_lists_are_capped(self):
        # A long related collection shows RELATED_LIMIT items and says how many more there are.
        extra = RELATED_LIMIT + 5
        create_books(extra, author=self.author, language=self.language, genres=[self.genre])
        create_copies(extra, self.book)
        cases = [
            (self.author, "books", extra + 1),
            (self.genre, "books", extra + 1),
            (self.language, "books", extra + 1),
            (self.book, "copies", extra + 1),
        ]
        for obj, name, total in cases:
            with self.subTest(page=obj.get_absolute_url()):
                response = self.client.get(obj.get_absolute_url())
                self.assertEqual(len(response.context[name]), RELATED_LIMIT)
                self.assertEqual(response.context[f"{name}_count"], total)
                self.assertEqual(response.context[f"{name}_more"], total - RELATED_LIMIT)
                self.assertContains(response, more_text(total - RELATED_LIMIT))


class LoanedBookInstancesByUserListViewTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Create two users
        cls.test_user1 = User.objects.create_user(username="testuser1", password=PASSWORD)
        cls.test_user2 = User.objects.create_user(username="testuser2", password=PASSWORD)

        # Create a book
        test_author = Author.objects.create(first_name="John", last_name="Smith")
        Genre.objects.create(name="Fantasy")
        test_language = Language.objects.create(name="English")
        test_book = Book.objects.create(
            title="Book Title",
            summary="My book summary",
            isbn="ABCDEFG",
            author=test_author,
            language=test_language,
        )

        # Create genre as a post-step
        genre_objects_for_book = Genre.objects.all()
        test_book.genre.set(genre_objects_for_book)

        # Create 30 BookInstance objects
        number_of_book_copies = 30
        for book_copy in range(number_of_book_copies):
            return_date = today() + datetime.timedelta(days=book_copy % 5)
            the_borrower = cls.test_user1 if book_copy % 2 else cls.test_user2
            status = "m"
            BookInstance.objects.create(
                book=test_book,
                imprint="Unlikely Imprint, 2016",
                due_back=return_date,
                borrower=the_borrower,
                status=status,
            )

    def test_redirect_if_not_logged_in(self):
        response = self.client.get(reverse("my-borrowed"))
        self.assertRedirects(response, "/accounts/login/?next=/catalog/mybooks/")

    def test_logged_in_uses_correct_template(self):
        login = self.client.login(username="testuser1", password=PASSWORD)
        self.assertTrue(login)
        response = self.client.get(reverse("my-borrowed"))

        # Check our user is logged in
        self.assertEqual(str(response.context["user"]), "testuser1")
        # Check that we got a response "success"
        self.assertEqual(response.status_code, 200)

        # Check we used correct template
        self.assertTemplateUsed(response, "catalog/bookinstance_list_borrowed_user.html")

    def test_only_borrowed_books_in_list(self):
        self.client.login(username="testuser1", password=PASSWORD)
        response = self.client.get(reverse("my-borrowed"))

        # Check our user is logged in
        self.assertEqual(str(response.context["user"]), "testuser1")
        # Check that we got a response "success"
        self.assertEqual(response.status_code, 200)

        # Check that initially we don't have any books in list (none on loan)
        self.assertTrue("bookinstance_list" in response.context)
        self.assertEqual(len(response.context["bookinstance_list"]), 0)

        # Now change all books to be on loan
        BookInstance.objects.update(status="o")

        # Check that now we have borrowed books in the list
        response = self.client.get(reverse("my-borrowed"))
        # Check our user is logged in
        self.assertEqual(str(response.context["user"]), "testuser1")
        # Check that we got a response "success"
        self.assertEqual(response.status_code, 200)

        self.assertTrue("bookinstance_list" in response.context)

        # Confirm all books belong to testuser1 and are on loan
        for bookitem in response.context["bookinstance_list"]:
            self.assertEqual(response.context["user"], bookitem.borrower)
            self.assertEqual(bookitem.status, "o")

    def test_pages_ordered_by_due_date(self):
        # Change all books to be on loan
        BookInstance.objects.update(status="o")

        self.client.login(username="testuser1", password=PASSWORD)
        response = self.client.get(reverse("my-borrowed"))

        # Check our user is logged in
        self.assertEqual(str(response.context["user"]), "testuser1")
        # Check that we got a response "success"
        self.assertEqual(response.status_code, 200)

        # Confirm that of the items, only 10 are displayed due to pagination.
        self.assertEqual(len(response.context["bookinstance_list"]), 10)

        last_date = 0
        for book in response.context["bookinstance_list"]:
            if last_date == 0:
                last_date = book.due_back
            else:
                self.assertTrue(last_date <= book.due_back)
                last_date = book.due_back

    def test_other_users_loans_and_other_statuses_are_not_listed(self):
        mine = BookInstance.objects.filter(borrower=self.test_user1)
        mine_on_loan = list(mine.order_by("due_back", "pk")[:3])
        BookInstance.objects.filter(pk__in=[copy.pk for copy in mine_on_loan]).update(status="o")
        BookInstance.objects.filter(borrower=self.test_user2).update(status="o")
        mine.exclude(pk__in=[copy.pk for copy in mine_on_loan]).update(status="r")
        self.client.force_login(self.test_user1)
        response = self.client.get(reverse("my-borrowed"))
        self.assertEqual(
            {copy.pk for copy in response.context["bookinstance_list"]}, {copy.pk for copy in mine_on_loan}
        )

    def test_overdue_loan_is_marked(self):
        # Better than the reference: overdue copies stand out.
        copy = BookInstance.objects.filter(borrower=self.test_user1).first()
        BookInstance.objects.filter(pk=copy.pk).update(status="o")
        self.client.force_login(self.test_user1)
        response = self.client.get(reverse("my-borrowed"))
        self.assertFalse(response.context["bookinstance_list"][0].is_overdue)
        self.assertNotContains(response, _("overdue"))

        BookInstance.objects.filter(pk=copy.pk).update(due_back=days_from_today(-3))
        response = self.client.get(reverse("my-borrowed"))
        self.assertTrue(response.context["bookinstance_list"][0].is_overdue)
        self.assertContains(response, _("overdue"))


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


class RenewBookInstancesViewTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Create a user
        cls.test_user1 = User.objects.create_user(username="testuser1", password=PASSWORD)
        # The tutorial gives test_user2 the permission by hand; here it is a member of
        # the "Librarians" group that the data migration creates.
        cls.test_user2 = create_librarian("testuser2")

        # Create a book
        test_author = Author.objects.create(first_name="John", last_name="Smith")
        test_genre = Genre.objects.create(name="Fantasy")
        test_language = Language.objects.create(name="English")
        test_book = Book.objects.create(
            title="Book Title",
            summary="My book summary",
            isbn="ABCDEFG",
            author=test_author,
            language=test_language,
        )
        test_book.genre.set([test_genre])

        # Create a BookInstance object for test_user1
        return_date = today() + datetime.timedelta(days=5)
        cls.test_bookinstance1 = BookInstance.objects.create(
            book=test_book,
            imprint="Unlikely Imprint, 2016",
            due_back=return_date,
            borrower=cls.test_user1,
            status="o",
        )

        # Create a BookInstance object for test_user2
        cls.test_bookinstance2 = BookInstance.objects.create(
            book=test_book,
            imprint="Unlikely Imprint, 2016",
            due_back=return_date,
            borrower=cls.test_user2,
            status="o",
        )

    def renew_url(self, copy):
        return reverse("renew-book-librarian", kwargs={"pk": copy.pk})

    def test_redirect_if_not_logged_in(self):
        response = self.client.get(self.renew_url(self.test_bookinstance1))
        # Manually check redirect (Can't use assertRedirect, because the redirect URL is unpredictable)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response.url.startswith("/accounts/login/"))
        self.assertEqual(response.url, login_url(self.renew_url(self.test_bookinstance1)))

    def test_forbidden_if_logged_in_but_not_correct_permission(self):
        self.client.login(username="testuser1", password=PASSWORD)
        response = self.client.get(self.renew_url(self.test_bookinstance1))
        self.assertEqual(response.status_code, 403)

    def test_post_forbidden_without_permission(self):
        self.client.force_login(self.test_user1)
        response = self.client.post(self.renew_url(self.test_bookinstance1), {"renewal_date": days_from_today(14)})
        self.assertEqual(response.status_code, 403)
        self.test_bookinstance1.refresh_from_db()
        self.assertEqual(self.test_bookinstance1.due_back, days_from_today(5))

    def test_logged_in_with_permission_borrowed_book(self):
        self.client.login(username="testuser2", password=PASSWORD)
        response = self.client.get(self.renew_url(self.test_bookinstance2))

        # Check that it lets us login - this is our book and we have the right permissions.
        self.assertEqual(response.status_code, 200)

    def test_logged_in_with_permission_another_users_borrowed_book(self):
        self.client.login(username="testuser2", password=PASSWORD)
        response = self.client.get(self.renew_url(self.test_bookinstance1))

        # Check that it lets us login. We're a librarian, so we can view any users book
        self.assertEqual(response.status_code, 200)

    def test_HTTP404_for_invalid_book_if_logged_in(self):
        # unlikely UID to match our bookinstance!
        test_uid = uuid.uuid4()
        self.client.login(username="testuser2", password=PASSWORD)
        response = self.client.get(reverse("renew-book-librarian", kwargs={"pk": test_uid}))
        self.assertEqual(response.status_code, 404)

    def test_uses_correct_template(self):
        self.client.login(username="testuser2", password=PASSWORD)
        response = self.client.get(self.renew_url(self.test_bookinstance1))
        self.assertEqual(response.status_code, 200)

        # Check we used correct template
        self.assertTemplateUsed(response, "catalog/book_renew_librarian.html")
        self.assertEqual(response.context["book_instance"], self.test_bookinstance1)
        self.assertContains(response, "Book Title")

    def test_form_renewal_date_initially_has_date_three_weeks_in_future(self):
        self.client.login(username="testuser2", password=PASSWORD)
        response = self.client.get(self.renew_url(self.test_bookinstance1))
        self.assertEqual(response.status_code, 200)

        date_3_weeks_in_future = today() + datetime.timedelta(weeks=3)
        self.assertEqual(response.context["form"].initial["renewal_date"], date_3_weeks_in_future)

    def test_redirects_to_all_borrowed_book_list_on_success(self):
        self.client.login(username="testuser2", password=PASSWORD)
        valid_date_in_future = today() + datetime.timedelta(weeks=2)
        response = self.client.post(self.renew_url(self.test_bookinstance1), {"renewal_date": valid_date_in_future})
        self.assertRedirects(response, reverse("all-borrowed"))

    def test_success_updates_due_date(self):
        self.client.force_login(self.test_user2)
        new_date = today() + datetime.timedelta(weeks=4)
        self.client.post(self.renew_url(self.test_bookinstance1), {"renewal_date": new_date})
        self.test_bookinstance1.refresh_from_db()
        self.assertEqual(self.test_bookinstance1.due_back, new_date)

    def test_form_invalid_renewal_date_past(self):
        self.client.login(username="testuser2", password=PASSWORD)
        date_in_past = today() - datetime.timedelta(weeks=1)
        response = self.client.post(self.renew_url(self.test_bookinstance1), {"renewal_date": date_in_past})
        self.assertEqual(response.status_code, 200)
        self.assertFormError(response.context["form"], "renewal_date", _("Invalid date - renewal in past"))
        self.assertContains(response, _("Invalid date - renewal in past"))
        self.test_bookinstance1.refresh_from_db()
        self.assertEqual(self.test_bookinstance1.due_back, days_from_today(5))

    def test_form_invalid_renewal_date_future(self):
        self.client.login(username="testuser2", password=PASSWORD)
        invalid_date_in_future = today() + datetime.timedelta(weeks=5)
        response = self.client.post(self.renew_url(self.test_bookinstance1), {"renewal_date": invalid_date_in_future})
        self.assertEqual(response.status_code, 200)
        self.assertFormError(
            response.context["form"], "renewal_date", _("Invalid date - renewal more than 4 weeks ahead")
        )


class AuthorCreateViewTest(TestCase):
    """Test case for the AuthorCreate view (Created as Challenge)."""

    @classmethod
    def setUpTestData(cls):
        cls.test_user = User.objects.create_user(username="test_user", password=PASSWORD)
        cls.librarian = create_user("librarian", "catalog.add_author")

    def test_redirect_if_not_logged_in(self):
        response = self.client.get(reverse("author-create"))
        self.assertRedirects(response, "/accounts/login/?next=/catalog/author/create/")

    def test_forbidden_if_logged_in_but_not_correct_permission(self):
        self.client.login(username="test_user", password=PASSWORD)
        response = self.client.get(reverse("author-create"))
        self.assertEqual(response.status_code, 403)

    def test_logged_in_with_permission(self):
        self.client.login(username="librarian", password=PASSWORD)
        response = self.client.get(reverse("author-create"))
        self.assertEqual(response.status_code, 200)

    def test_uses_correct_template(self):
        self.client.force_login(self.librarian)
        response = self.client.get(reverse("author-create"))
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "catalog/author_form.html")

    def test_form_fields(self):
        self.client.force_login(self.librarian)
        response = self.client.get(reverse("author-create"))
        self.assertEqual(
            list(response.context["form"].fields), ["first_name", "last_name", "date_of_birth", "date_of_death"]
        )

    def test_redirects_to_detail_view_on_success(self):
        self.client.force_login(self.librarian)
        response = self.client.post(
            reverse("author-create"),
            {"first_name": "Christian Name", "last_name": "Surname", "date_of_birth": "", "date_of_death": ""},
        )
        author = Author.objects.get(last_name="Surname")
        self.assertRedirects(response, reverse("author-detail", args=[author.pk]))
        self.assertEqual(author.first_name, "Christian Name")

    def test_invalid_form_shows_errors(self):
        self.client.force_login(self.librarian)
        response = self.client.post(reverse("author-create"), {"first_name": "", "last_name": "Surname"})
        self.assertEqual(response.status_code, 200)
        self.assertFormError(response.context["form"], "first_name", forms.Field.default_error_messages["required"])
        self.assertFalse(Author.objects.exists())


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
