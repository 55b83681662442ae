"""Smoke tests: what the tutorial has built so far answers as it should.

The tutorial writes its real test suite in part 10 ("Testing a Django web
application"); until then these few tests check each part's work, so that
`python manage.py test` and the CI workflow have something true to say.
Run them with: python manage.py test
"""

# stage: forms
import datetime
# endstage
# stage: models
import uuid
from unittest import mock

# endstage
# stage: admin
# until: authentication
from django.contrib.auth.models import User
# endstage
# endstage
# stage: authentication
# until: forms
from django.contrib.auth.models import Permission, User
# endstage
# endstage
# stage: forms
from django.contrib.auth.models import Group, Permission, User
# endstage
from django.core import checks, mail
from django.test import TestCase
# stage: admin
from django.urls import reverse
# endstage
# stage: forms
from django.utils import timezone
# endstage

from catalog.mail import NO_MAIL_SERVER_BACKEND, NoMailServerBackend, check_mail_server
# stage: models
from catalog.models import Author, Book, BookInstance, Genre, Language
# endstage

# The site without a mail server: settings.py with DEBUG off and no EMAIL_HOST.
{%- if cookiecutter.django_version == "6.1" %}
NO_MAIL_SERVER = {"MAILERS": {"default": {"BACKEND": NO_MAIL_SERVER_BACKEND}}}
{%- else %}
NO_MAIL_SERVER = {"EMAIL_BACKEND": NO_MAIL_SERVER_BACKEND}
{%- endif %}


class SiteTests(TestCase):
    """The skeleton (part 2): the site root, the admin site."""

    # stage: home-page
    def test_site_root_redirects_to_catalog_permanently(self):
        response = self.client.get("/")
        self.assertRedirects(response, "/catalog/", status_code=301, fetch_redirect_response=False)
    # endstage
    # until: home-page
    def test_site_root_leads_to_the_admin_site_for_now(self):
        response = self.client.get("/")
        self.assertRedirects(response, "/admin/", status_code=302, fetch_redirect_response=False)
    # endstage

    def test_admin_login_page_answers(self):
        response = self.client.get("/admin/login/")
        self.assertEqual(response.status_code, 200)

    def test_without_a_mail_server_no_email_is_sent_or_logged(self):
        link = "https://testserver/accounts/reset/MQ/secret-token/"
        with self.settings(**NO_MAIL_SERVER), self.assertLogs("catalog.mail", "WARNING") as logs:
            sent = mail.send_mail("Password reset", link, None, ["reader@example.com"])
        self.assertEqual(sent, 0)
        self.assertEqual(mail.outbox, [])
        self.assertNotIn("secret-token", "\n".join(logs.output))
        self.assertEqual(NoMailServerBackend().send_messages([]), 0)

    def test_deploy_check_reports_a_missing_mail_server_as_info(self):
        with self.settings(**NO_MAIL_SERVER):
            messages = checks.run_checks(include_deployment_checks=True, tags=["mail"])
        self.assertEqual([(message.id, message.level) for message in messages], [("catalog.I001", checks.INFO)])
        # Under test, Django's in-memory backend sends: a site that sends mail gets no message.
        self.assertEqual(check_mail_server(None), [])
# stage: models


class CatalogTestData(TestCase):
    """One record of each model, shared by the tests below."""

    @classmethod
    def setUpTestData(cls):
        cls.genre = Genre.objects.create(name="Fantasy")
        cls.language = Language.objects.create(name="English")
        cls.author = Author.objects.create(first_name="Ursula", last_name="Le Guin")
        cls.book = Book.objects.create(
            title="A Wizard of Earthsea",
            author=cls.author,
            summary="A young wizard learns the cost of power.",
            isbn="9780547773742",
            language=cls.language,
        )
        cls.book.genre.add(cls.genre)
        cls.copy = BookInstance.objects.create(book=cls.book, imprint="Parnassus, 1968", status="a")


class ModelTests(CatalogTestData):
    """The models (part 3)."""

    def test_models_read_as_the_tutorial_says(self):
        self.assertEqual(str(self.genre), "Fantasy")
        self.assertEqual(str(self.language), "English")
        self.assertEqual(str(self.author), "Le Guin, Ursula")
        self.assertEqual(str(self.book), "A Wizard of Earthsea")
        with self.settings(LANGUAGE_CODE="en-us"):  # A copy is punctuated in the site's language.
            self.assertEqual(str(self.copy), f"{self.copy.id} (A Wizard of Earthsea)")

    def test_copy_ids_are_random_uuids(self):
        self.assertIsInstance(self.copy.id, uuid.UUID)
        self.assertEqual(self.copy.id.version, 4)

    def test_new_copy_is_in_maintenance(self):
        self.assertEqual(BookInstance.objects.create(book=self.book, imprint="Second printing").status, "m")

    def test_get_absolute_url_names_the_detail_page(self):
        # The tutorial writes get_absolute_url() in part 3; the detail pages it names come in part 6.
        for obj in (self.genre, self.language, self.book, self.author):
            name = obj._meta.model_name
            with self.subTest(model=name), mock.patch("catalog.models.reverse", return_value="/page") as reverse:
                self.assertEqual(obj.get_absolute_url(), "/page")
                reverse.assert_called_once_with(f"{name}-detail", args=[str(obj.pk)])
    # stage: admin

    def test_display_genre_lists_the_genres(self):
        self.assertEqual(self.book.display_genre(), "Fantasy")
    # endstage
# endstage
# stage: admin


class AdminTests(CatalogTestData):
    """The admin site (part 4): every catalogue model has its pages."""

    def setUp(self):
        admin_user = User.objects.create_superuser("admin", "admin@example.com", "smoke-test-password")
        self.client.force_login(admin_user)

    def test_admin_lists_and_edits_every_model(self):
        for obj in (self.genre, self.language, self.author, self.book, self.copy):
            opts = obj._meta
            with self.subTest(model=opts.model_name):
                changelist = self.client.get(reverse(f"admin:catalog_{opts.model_name}_changelist"))
                self.assertContains(changelist, str(obj))
                change = self.client.get(reverse(f"admin:catalog_{opts.model_name}_change", args=[obj.pk]))
                self.assertEqual(change.status_code, 200)
# endstage
# stage: home-page


class IndexViewTests(CatalogTestData):
    """The home page (part 5)."""

    def test_index_counts_the_catalogue(self):
        response = self.client.get(reverse("index"))
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "index.html")
        self.assertEqual(response.context["num_books"], 1)
        self.assertEqual(response.context["num_instances"], 1)
        self.assertEqual(response.context["num_instances_available"], 1)
        self.assertEqual(response.context["num_authors"], 1)

    def test_missing_page_uses_the_sites_404_template(self):
        response = self.client.get("/catalog/no-such-page/")
        self.assertEqual(response.status_code, 404)
        self.assertTemplateUsed(response, "404.html")
    # stage: sessions

    def test_index_counts_visits_in_the_session(self):
        for expected in (1, 2, 3):
            response = self.client.get(reverse("index"))
            self.assertEqual(response.context["num_visits"], expected)
    # endstage
# endstage
# stage: generic-views


class ListAndDetailViewTests(CatalogTestData):
    """Generic list and detail views (part 6), for every model."""

    def test_every_list_page_shows_its_object(self):
        for url_name, obj in (
            ("books", self.book),
            ("authors", self.author),
            ("genres", self.genre),
            ("languages", self.language),
            ("bookinstances", self.copy),
        ):
            with self.subTest(url_name=url_name):
                response = self.client.get(reverse(url_name))
                self.assertContains(response, obj.get_absolute_url())

    def test_every_detail_page_answers(self):
        for obj in (self.book, self.author, self.genre, self.language, self.copy):
            with self.subTest(model=obj._meta.model_name):
                response = self.client.get(obj.get_absolute_url())
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.context["object"], obj)

    def test_unknown_detail_page_is_404(self):
        self.assertEqual(self.client.get(reverse("book-detail", args=[999999])).status_code, 404)

    def test_book_list_is_paginated_by_ten(self):
        for number in range(12):
            Book.objects.create(title=f"Book {number:02}", summary="-", isbn=f"978000000{number:04}")
        response = self.client.get(reverse("books"))
        self.assertTrue(response.context["is_paginated"])
        self.assertEqual(len(response.context["book_list"]), 10)
# endstage
# stage: authentication


class AuthenticationTests(CatalogTestData):
    """User authentication and permissions (part 8)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.borrower = User.objects.create_user("borrower", password="smoke-test-password")
        cls.librarian = User.objects.create_user("librarian", password="smoke-test-password")
        cls.librarian.user_permissions.add(Permission.objects.get(codename="can_mark_returned"))
        cls.copy.borrower = cls.borrower
        cls.copy.status = "o"
        cls.copy.save()

    def test_login_page_answers(self):
        self.assertEqual(self.client.get(reverse("login")).status_code, 200)

    def test_without_a_mail_server_the_reset_page_says_so(self):
        with self.settings(**NO_MAIL_SERVER):
            response = self.client.get(reverse("password_reset"))
        self.assertFalse(response.context["email_is_set_up"])
        self.assertNotContains(response, 'name="email"')

    def test_logout_with_an_off_site_next_shows_the_logged_out_page(self):
        self.client.force_login(self.borrower)
        response = self.client.post(reverse("logout") + "?next=https://evil.example/")
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "registration/logged_out.html")

    def test_my_borrowed_needs_a_login(self):
        response = self.client.get(reverse("my-borrowed"))
        self.assertRedirects(response, f"{reverse('login')}?next={reverse('my-borrowed')}")

    def test_my_borrowed_lists_the_users_loans(self):
        self.client.force_login(self.borrower)
        response = self.client.get(reverse("my-borrowed"))
        self.assertEqual(list(response.context["bookinstance_list"]), [self.copy])

    def test_all_borrowed_needs_can_mark_returned(self):
        self.client.force_login(self.borrower)
        self.assertEqual(self.client.get(reverse("all-borrowed")).status_code, 403)
        self.client.force_login(self.librarian)
        self.assertContains(self.client.get(reverse("all-borrowed")), "A Wizard of Earthsea")

    def test_migrations_create_the_librarians_group(self):
        librarians = Permission.objects.filter(group__name="Librarians")
        self.assertTrue(librarians.filter(codename="can_mark_returned").exists())
# endstage
# stage: forms


class FormTests(CatalogTestData):
    """Forms (part 9): renewing a loan, creating an author."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.librarian = User.objects.create_user("librarian", password="smoke-test-password")
        cls.librarian.groups.add(Group.objects.get(name="Librarians"))

    def setUp(self):
        self.client.force_login(self.librarian)

    def test_renewal_sets_the_new_due_date(self):
        new_date = timezone.localdate() + datetime.timedelta(weeks=2)
        url = reverse("renew-book-librarian", args=[self.copy.pk])
        response = self.client.post(url, {"renewal_date": new_date})
        self.assertRedirects(response, reverse("all-borrowed"))
        self.copy.refresh_from_db()
        self.assertEqual(self.copy.due_back, new_date)

    def test_renewal_form_proposes_three_weeks(self):
        response = self.client.get(reverse("renew-book-librarian", args=[self.copy.pk]))
        proposed = timezone.localdate() + datetime.timedelta(weeks=3)
        self.assertEqual(response.context["form"].initial["renewal_date"], proposed)

    def test_renewal_outside_the_next_four_weeks_is_refused(self):
        url = reverse("renew-book-librarian", args=[self.copy.pk])
        for days in (-1, 29):
            with self.subTest(days=days):
                renewal_date = timezone.localdate() + datetime.timedelta(days=days)
                response = self.client.post(url, {"renewal_date": renewal_date})
                self.assertEqual(response.status_code, 200)
                self.assertIn("renewal_date", response.context["form"].errors)

    def test_librarian_creates_an_author(self):
        response = self.client.post(reverse("author-create"), {"first_name": "Italo", "last_name": "Calvino"})
        author = Author.objects.get(last_name="Calvino")
        self.assertRedirects(response, author.get_absolute_url())

    def test_deleting_an_author_with_books_shows_what_blocks_it(self):
        response = self.client.post(reverse("author-delete", args=[self.author.pk]))
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.context["blocked_by"], [self.book])
        self.assertTrue(Author.objects.filter(pk=self.author.pk).exists())
# endstage
