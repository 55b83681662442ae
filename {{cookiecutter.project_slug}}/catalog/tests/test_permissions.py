"""Who may use the create, update and delete views, and the "Librarians" group.

Every edit view is guarded by its model's own permission: anonymous visitors are
sent to the login page, logged-in users without the permission get 403 Forbidden,
and users holding it (such as members of "Librarians") may use the page.
"""

from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import resolve, reverse

from catalog.models import Author, Book, BookInstance, Genre, Language

from .helpers import create_catalogue, create_librarian, create_user, login_url

MODELS = ("author", "book", "genre", "language", "bookinstance")
ACTIONS = ("add", "change", "delete")
# The URL name of each action's view: author-create, author-update, author-delete...
URL_SUFFIXES = {"add": "create", "change": "update", "delete": "delete"}


class LibrariansGroupTest(TestCase):
    """The data migration 0003_librarians_group creates the group the tutorial makes by hand."""

    def test_group_exists_after_migrations(self):
        self.assertTrue(Group.objects.filter(name="Librarians").exists())

    def test_group_permissions(self):
        group = Group.objects.get(name="Librarians")
        codenames = set(group.permissions.values_list("codename", flat=True))
        expected = {"can_mark_returned"} | {f"{action}_{model}" for action in ACTIONS for model in MODELS}
        self.assertLessEqual(expected, codenames)
        # Nothing outside the catalog (such as user administration).
        self.assertEqual(set(group.permissions.values_list("content_type__app_label", flat=True)), {"catalog"})

    def test_member_has_the_permissions(self):
        librarian = create_librarian()
        self.assertTrue(librarian.has_perm("catalog.can_mark_returned"))
        for model in MODELS:
            for action in ACTIONS:
                with self.subTest(permission=f"catalog.{action}_{model}"):
                    self.assertTrue(librarian.has_perm(f"catalog.{action}_{model}"))
        self.assertFalse(librarian.has_perm("auth.change_user"))


class EditViewPermissionTest(TestCase):
    """The permission matrix of all fifteen create, update and delete views."""

    @classmethod
    def setUpTestData(cls):
        cls.author, cls.genre, cls.language, cls.book, cls.copy = create_catalogue()
        cls.reader = create_user("reader")
        cls.librarian = create_librarian()
        cls.objects = {
            "author": cls.author,
            "book": cls.book,
            "genre": cls.genre,
            "language": cls.language,
            "bookinstance": cls.copy,
        }

    def views(self):
        """(URL, permission, template) of every edit view."""
        for model in MODELS:
            for action in ACTIONS:
                args = [] if action == "add" else [self.objects[model].pk]
                url = reverse(f"{model}-{URL_SUFFIXES[action]}", args=args)
                template = (
                    f"catalog/{model}_confirm_delete.html" if action == "delete" else f"catalog/{model}_form.html"
                )
                yield url, f"catalog.{action}_{model}", template

    def test_every_edit_view_is_checked(self):
        self.assertEqual(len(list(self.views())), 15)

    def test_anonymous_user_is_sent_to_login(self):
        for url, _, _ in self.views():
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertRedirects(response, login_url(url), fetch_redirect_response=False)

    def test_anonymous_post_is_sent_to_login(self):
        for url, permission, _ in self.views():
            if not permission.startswith("catalog.delete_"):
                continue  # The same check guards every method; try it where it matters most.
            with self.subTest(url=url):
                response = self.client.post(url, {"name": "Changed"})
                self.assertRedirects(response, login_url(url), fetch_redirect_response=False)
        self.assert_catalogue_unchanged()

    def test_user_without_permission_is_forbidden(self):
        self.client.force_login(self.reader)
        for url, _, _ in self.views():
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 403)

    def test_post_without_permission_is_forbidden_and_changes_nothing(self):
        self.client.force_login(self.reader)
        for url, permission, _ in self.views():
            if permission.startswith("catalog.change_"):
                continue  # The same check as for GET; try POST where it creates or deletes.
            with self.subTest(url=url):
                self.assertEqual(self.client.post(url, {"name": "Changed"}).status_code, 403)
        self.assert_catalogue_unchanged()

    def test_librarian_is_allowed(self):
        self.client.force_login(self.librarian)
        for url, _, template in self.views():
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertTemplateUsed(response, template)

    def test_each_view_needs_its_own_permission(self):
        for url, permission, _ in self.views():
            with self.subTest(url=url):
                view_class = resolve(url).func.view_class
                self.assertEqual(view_class.permission_required, permission)

    def test_user_with_only_one_permission(self):
        # Holding catalog.add_author opens author-create, but not the author's other
        # edit pages nor another model's create page.
        self.client.force_login(create_user("author_maker", "catalog.add_author"))
        cases = [
            (reverse("author-create"), 200),
            (reverse("author-update", args=[self.author.pk]), 403),
            (reverse("author-delete", args=[self.author.pk]), 403),
            (reverse("book-create"), 403),
        ]
        for url, expected in cases:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, expected)

    def test_forbidden_page_uses_site_template(self):
        self.client.force_login(self.reader)
        response = self.client.get(reverse("author-create"))
        self.assertEqual(response.status_code, 403)
        self.assertTemplateUsed(response, "403.html")

    def assert_catalogue_unchanged(self):
        self.assertEqual(Author.objects.get().first_name, "John")
        self.assertEqual(Book.objects.get().title, "Book Title")
        self.assertEqual(Genre.objects.get().name, "Fantasy")
        self.assertEqual(Language.objects.get().name, "English")
        self.assertEqual(BookInstance.objects.get().status, "o")
