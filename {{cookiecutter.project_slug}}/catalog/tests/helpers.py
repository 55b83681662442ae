"""Shared set-up for the catalog tests: test users and small factories.

This module's name does not start with "test", so the test runner does not look
for tests in it; the test modules import it.
"""

import datetime
import itertools
import re

from django.contrib.auth.models import Group, Permission, User
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext

from catalog.models import Author, Book, BookInstance, Genre, Language

# The password of every test user (the tutorial's example password).
PASSWORD = "1X<ISRUkw+tuK"

# Login URL of the site: settings.LOGIN_URL is Django's default.
LOGIN_URL = "/accounts/login/"

# ISBN is unique: every book made here gets the next number.
_isbn_numbers = itertools.count(9780000000001)


def today():
    """Today's date in the site's time zone, as the views and forms see it."""
    return timezone.localdate()


def days_from_today(days):
    return today() + datetime.timedelta(days=days)


def django_text(msgid):
    """One of Django's own texts, such as "This field is required.", in the site's language.

    The site's catalogue holds only the site's texts; Django translates its own. The
    text is passed in as a variable, so makemessages does not copy it into the site's
    catalogue.
    """
    return gettext(msgid)


def unique_error(model, field_name):
    """Django's message for a field_name value that another object already has.

    "Book with this ISBN already exists." in English.
    """
    return model().unique_error_message(model, [field_name]).messages[0]


def duplicate_name_error(model):
    """(field, message) of the form error for a name that differs from another only in case.

    PostgreSQL and SQLite compare names case-sensitively, so the model's case-insensitive
    unique constraint refuses the name, with its own message ("Genre already exists (case
    insensitive match)" in English). MySQL and MariaDB compare text ignoring case, so the
    field's own unique check refuses it first, with Django's usual message.
    """
    if connection.vendor == "mysql":
        return "name", unique_error(model, "name")
    constraint_name = f"{model._meta.model_name}_name_case_insensitive_unique"
    (constraint,) = (constraint for constraint in model._meta.constraints if constraint.name == constraint_name)
    return None, constraint.get_violation_error_message()


def login_url(next_path):
    """Where an anonymous visitor of next_path is sent to log in."""
    return f"{LOGIN_URL}?next={next_path}"


def create_user(username, *permissions):
    """A user holding the given permissions, e.g. "catalog.add_author"."""
    user = User.objects.create_user(username=username, password=PASSWORD)
    if permissions:
        user.user_permissions.add(*get_permissions(*permissions))
    return user


def get_permissions(*permissions):
    """Permission objects for names such as "catalog.add_author"."""
    found = []
    for permission in permissions:
        app_label, codename = permission.split(".")
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def create_librarian(username="librarian"):
    """A member of the "Librarians" group that the data migration creates."""
    user = create_user(username)
    user.groups.add(Group.objects.get(name="Librarians"))
    return user


def create_book(title="Book Title", author=None, language=None, genres=(), **fields):
    book = Book.objects.create(
        title=title,
        author=author,
        language=language,
        summary=fields.pop("summary", "My book summary"),
        isbn=fields.pop("isbn", str(next(_isbn_numbers))),
        **fields,
    )
    if genres:
        book.genre.set(genres)
    return book


def create_books(count, author=None, language=None, genres=(), title="Book"):
    """Make count books at once (with their genres), titled "Book 00", "Book 01", ..."""
    books = Book.objects.bulk_create(
        Book(
            title=f"{title} {number:02d}",
            author=author,
            language=language,
            summary="My book summary",
            isbn=str(next(_isbn_numbers)),
        )
        for number in range(count)
    )
    if genres:
        through = Book.genre.through
        through.objects.bulk_create(through(book=book, genre=genre) for book in books for genre in genres)
    return books


def create_copies(count, book, status="a", borrower=None, due_back=None, imprint="Unlikely Imprint, 2016"):
    """Make count copies of book at once."""
    return BookInstance.objects.bulk_create(
        BookInstance(book=book, imprint=imprint, status=status, borrower=borrower, due_back=due_back)
        for _ in range(count)
    )


def create_catalogue():
    """One author, genre and language, one book by them and one copy of it on loan."""
    author = Author.objects.create(first_name="John", last_name="Smith")
    genre = Genre.objects.create(name="Fantasy")
    language = Language.objects.create(name="English")
    book = create_book(author=author, language=language, genres=[genre])
    borrower = User.objects.create_user(username="borrower", password=PASSWORD)
    copy = BookInstance.objects.create(
        book=book, imprint="Unlikely Imprint, 2016", status="o", borrower=borrower, due_back=days_from_today(5)
    )
    return author, genre, language, book, copy


def more_text(more):
    """What a capped list says under its items: "… and 6 more." in English."""
    return gettext("… and %(more)s more.") % {"more": more}


def more_pattern():
    """A regular expression that finds more_text() with any number."""
    before, after = (re.escape(part) for part in gettext("… and %(more)s more.").split("%(more)s"))
    return re.compile(f"{before}\\d+{after}")
