"""Every URL of the catalog: the tutorial's names and paths, and the page each one answers with.

Not in the tutorial, which tests a few URLs in part 10; here every URL name of
catalog/urls.py is checked, with the template its page renders.
"""

from django.test import TestCase
from django.urls import resolve, reverse

from catalog import urls as catalog_urls

from .helpers import create_catalogue, create_librarian


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
            ("index", [], "/catalog/", "index.html"),
            ("books", [], "/catalog/books/", "catalog/book_list.html"),
            ("book-detail", [book], f"/catalog/book/{book}", "catalog/book_detail.html"),
            ("authors", [], "/catalog/authors/", "catalog/author_list.html"),
            ("author-detail", [author], f"/catalog/author/{author}", "catalog/author_detail.html"),
            ("genres", [], "/catalog/genres/", "catalog/genre_list.html"),
            ("genre-detail", [genre], f"/catalog/genre/{genre}", "catalog/genre_detail.html"),
            ("languages", [], "/catalog/languages/", "catalog/language_list.html"),
            ("language-detail", [language], f"/catalog/language/{language}", "catalog/language_detail.html"),
            ("bookinstances", [], "/catalog/bookinstances/", "catalog/bookinstance_list.html"),
            ("bookinstance-detail", [copy], f"/catalog/bookinstance/{copy}", "catalog/bookinstance_detail.html"),
            ("my-borrowed", [], "/catalog/mybooks/", "catalog/bookinstance_list_borrowed_user.html"),
            ("all-borrowed", [], "/catalog/borrowed/", "catalog/bookinstance_list_borrowed_all.html"),
            ("renew-book-librarian", [copy], f"/catalog/book/{copy}/renew/", "catalog/book_renew_librarian.html"),
            ("author-create", [], "/catalog/author/create/", "catalog/author_form.html"),
            ("author-update", [author], f"/catalog/author/{author}/update/", "catalog/author_form.html"),
            ("author-delete", [author], f"/catalog/author/{author}/delete/", "catalog/author_confirm_delete.html"),
            ("book-create", [], "/catalog/book/create/", "catalog/book_form.html"),
            ("book-update", [book], f"/catalog/book/{book}/update/", "catalog/book_form.html"),
            ("book-delete", [book], f"/catalog/book/{book}/delete/", "catalog/book_confirm_delete.html"),
            ("genre-create", [], "/catalog/genre/create/", "catalog/genre_form.html"),
            ("genre-update", [genre], f"/catalog/genre/{genre}/update/", "catalog/genre_form.html"),
            ("genre-delete", [genre], f"/catalog/genre/{genre}/delete/", "catalog/genre_confirm_delete.html"),
            ("language-create", [], "/catalog/language/create/", "catalog/language_form.html"),
            ("language-update", [language], f"/catalog/language/{language}/update/", "catalog/language_form.html"),
            (
                "language-delete",
                [language],
                f"/catalog/language/{language}/delete/",
                "catalog/language_confirm_delete.html",
            ),
            ("bookinstance-create", [], "/catalog/bookinstance/create/", "catalog/bookinstance_form.html"),
            ("bookinstance-update", [copy], f"/catalog/bookinstance/{copy}/update/", "catalog/bookinstance_form.html"),
            (
                "bookinstance-delete",
                [copy],
                f"/catalog/bookinstance/{copy}/delete/",
                "catalog/bookinstance_confirm_delete.html",
            ),
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
                self.assertTemplateUsed(response, template)
                self.assertTemplateUsed(response, "base_generic.html")

    def test_site_urls(self):
        self.assertEqual(reverse("login"), "/accounts/login/")
        self.assertEqual(reverse("logout"), "/accounts/logout/")
        self.assertEqual(reverse("password_reset"), "/accounts/password_reset/")
        self.assertEqual(reverse("admin:index"), "/admin/")
