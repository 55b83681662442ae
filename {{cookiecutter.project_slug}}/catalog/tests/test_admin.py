"""The admin site (MDN tutorial part 4: "Django admin site")."""

from django.contrib import admin
from django.contrib.auth.models import User
from django.db import connection
from django.test import RequestFactory, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _

from catalog.models import Author, Book, BookInstance, Genre, Language

from .helpers import create_books, create_catalogue


class AdminRegistrationTest(TestCase):
    def test_all_models_registered(self):
        for model in (Author, Book, BookInstance, Genre, Language):
            with self.subTest(model=model.__name__):
                self.assertTrue(admin.site.is_registered(model))

    def test_author_admin(self):
        author_admin = admin.site.get_model_admin(Author)
        self.assertEqual(author_admin.list_display, ("last_name", "first_name", "date_of_birth", "date_of_death"))
        # The two dates side by side, and the author's books inline.
        self.assertIn(("date_of_birth", "date_of_death"), author_admin.fields)
        self.assertEqual([inline.model for inline in author_admin.inlines], [Book])

    def test_book_admin(self):
        book_admin = admin.site.get_model_admin(Book)
        self.assertEqual(book_admin.list_display, ("title", "author", "display_genre"))
        self.assertEqual([inline.model for inline in book_admin.inlines], [BookInstance])

    def test_bookinstance_admin(self):
        copy_admin = admin.site.get_model_admin(BookInstance)
        self.assertEqual(copy_admin.list_display, ("book", "status", "borrower", "due_back", "id"))
        self.assertEqual(copy_admin.list_filter, ("status", "due_back"))
        sections = dict(copy_admin.fieldsets)
        self.assertEqual(sections[_("Availability")]["fields"], ("status", "due_back", "borrower"))


class BookAdminQueryTest(TestCase):
    """The book list of the admin shows every book's genres without a query per book."""

    @classmethod
    def setUpTestData(cls):
        cls.author, cls.genre, cls.language, cls.book, cls.copy = create_catalogue()
        cls.admin_user = User.objects.create_superuser("admin", "admin@example.com", "x")

    def count_queries_of_changelist_rows(self):
        request = RequestFactory().get(reverse("admin:catalog_book_changelist"))
        request.user = self.admin_user
        book_admin = admin.site.get_model_admin(Book)
        with CaptureQueriesContext(connection) as queries:
            rows = [(str(book.author), book.display_genre()) for book in book_admin.get_queryset(request)]
        return rows, len(queries)

    def test_display_genre_in_fixed_number_of_queries(self):
        rows, few = self.count_queries_of_changelist_rows()
        self.assertEqual(rows, [("Smith, John", "Fantasy")])
        create_books(30, author=self.author, genres=[self.genre])
        rows, many = self.count_queries_of_changelist_rows()
        self.assertEqual(len(rows), 31)
        self.assertEqual(few, many)
