# until: models
"""Models of the catalog app: the MDN tutorial writes them in part 3 ("Using models")."""

from django.db import models  # noqa: F401

# Create your models here.
# endstage
# stage: models
"""Models of the catalog, in the order the MDN tutorial writes them (part 3: "Using models").
# stage: admin

Later parts add to them:
- part 4: Book.display_genre(), a column of the admin site
# endstage
# stage: generic-views
- part 6: BookInstance.get_absolute_url(), the address of a copy's detail page
# endstage
# stage: authentication
- part 8: BookInstance.borrower, is_overdue and the can_mark_returned permission
# endstage

At the end, translate_names() gives the models and their fields translatable names:
this project's addition, for sites in other languages than English.
"""
# endstage

# stage: models
import unicodedata
import uuid

# stage: authentication
from django.conf import settings
# endstage
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
# stage: authentication
from django.utils import timezone
# endstage
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext


class Genre(models.Model):
    """Model representing a book genre (e.g. Science Fiction, Non Fiction)."""

    name = models.CharField(
        max_length=200,
        unique=True,
        help_text=_("Enter a book genre (e.g. Science Fiction, French Poetry etc.)"),
    )

    class Meta:
        ordering = ["name"]  # Not in the tutorial: a stable order for the paginated list.
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="genre_name_case_insensitive_unique",
                violation_error_message=_("Genre already exists (case insensitive match)"),
            ),
        ]

    def __str__(self):
        """String for representing the Model object (in Admin site etc.)."""
        return self.name

    def get_absolute_url(self):
        """Returns the url to access a particular genre instance."""
        return reverse("genre-detail", args=[str(self.id)])


class Language(models.Model):
    """Model representing a Language (e.g. English, French, Japanese, etc.)"""

    name = models.CharField(
        max_length=200,
        unique=True,
        help_text=_("Enter the book's natural language (e.g. English, French, Japanese etc.)"),
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="language_name_case_insensitive_unique",
                violation_error_message=_("Language already exists (case insensitive match)"),
            ),
        ]

    def __str__(self):
        """String for representing the Model object (in Admin site etc.)"""
        return self.name

    def get_absolute_url(self):
        """Returns the url to access a particular language instance."""
        return reverse("language-detail", args=[str(self.id)])


class Book(models.Model):
    """Model representing a book (but not a specific copy of a book)."""

    title = models.CharField(max_length=200)
    # RESTRICT: an author who still has books cannot be deleted.
    author = models.ForeignKey("Author", on_delete=models.RESTRICT, null=True)
    summary = models.TextField(max_length=1000, help_text=_("Enter a brief description of the book"))
    isbn = models.CharField(
        _("ISBN"),
        max_length=13,
        unique=True,
        help_text=_('13 Character <a href="https://www.isbn-international.org/content/what-isbn">ISBN number</a>'),
    )
    genre = models.ManyToManyField(Genre, help_text=_("Select a genre for this book"))
    language = models.ForeignKey("Language", on_delete=models.SET_NULL, null=True)

    class Meta:
        ordering = ["title", "author"]

    def __str__(self):
        """String for representing the Model object."""
        return self.title

    def get_absolute_url(self):
        """Returns the URL to access a detail record for this book."""
        return reverse("book-detail", args=[str(self.id)])
    # stage: admin

    def display_genre(self):
        """Create a string for the Genre. This is required to display genre in Admin."""
        # Iterating .all() (not slicing it) lets prefetch_related("genre") serve it.
        names = [genre.name for genre in list(self.genre.all())[:3]]
        # The separator is translated: a comma in English, an enumeration comma in Chinese.
        return pgettext("list separator", ", ").join(names)

    display_genre.short_description = _("Genre")
    # endstage


class BookInstance(models.Model):
    """Model representing a specific copy of a book (i.e. that can be borrowed from the library)."""

    id = models.UUIDField(
        primary_key=True,
        default=uuid.uuid4,
        help_text=_("Unique ID for this particular book across whole library"),
    )
    # RESTRICT: a book that still has copies cannot be deleted.
    book = models.ForeignKey("Book", on_delete=models.RESTRICT, null=True)
    imprint = models.CharField(max_length=200)
    due_back = models.DateField(null=True, blank=True)
    # stage: authentication
    borrower = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    # endstage

    LOAN_STATUS = (
        ("m", _("Maintenance")),
        ("o", _("On loan")),
        ("a", _("Available")),
        ("r", _("Reserved")),
    )

    status = models.CharField(
        max_length=1,
        choices=LOAN_STATUS,
        blank=True,
        default="m",
        help_text=_("Book availability"),
    )

    class Meta:
        ordering = ["due_back"]
        # stage: authentication
        permissions = (("can_mark_returned", "Set book as returned"),)
        # endstage

    def __str__(self):
        """String for representing the Model object."""
        # "<id> (<title>)", punctuated the way the site's language does it.
        return pgettext("copy", "%(id)s (%(title)s)") % {"id": self.id, "title": self.book.title if self.book else "-"}
    # stage: generic-views

    def get_absolute_url(self):
        """Returns the URL to access a particular book instance."""
        return reverse("bookinstance-detail", args=[str(self.id)])
    # endstage
    # stage: authentication

    @property
    def is_overdue(self):
        """Determines if the book is overdue based on due date and current date."""
        return bool(self.due_back and timezone.localdate() > self.due_back)
    # endstage


class Author(models.Model):
    """Model representing an author."""

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    date_of_death = models.DateField(_("died"), null=True, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self):
        """String for representing the Model object."""
        if written_in_cjk(self.last_name) and written_in_cjk(self.first_name):
            return f"{self.last_name}{self.first_name}"  # Chinese order, no comma: "Wang Wei" is written without one.
        return f"{self.last_name}, {self.first_name}"

    def get_absolute_url(self):
        """Returns the URL to access a particular author instance."""
        return reverse("author-detail", args=[str(self.id)])


# This project's additions, after the tutorial's models.
def written_in_cjk(name):
    """True for a name written in Chinese, Japanese or Korean characters only."""
    return bool(name) and all(
        unicodedata.name(char, "").startswith(("CJK", "HANGUL", "HIRAGANA", "KATAKANA")) for char in name
    )


# Translatable names for the models.
def translate_names(model, verbose_name, verbose_name_plural, **field_names):
    """Give a model, and the named fields, the translatable names passed in.

    The tutorial leaves Django to derive these names from the code ("first name" from
    first_name, "book instance" from BookInstance); the admin and the create and update
    forms show them. Setting them here, once the class exists, keeps the English text
    the same and the migrations unchanged (verbose_name arguments would change them).
    """
    model._meta.verbose_name = verbose_name
    model._meta.verbose_name_plural = verbose_name_plural
    for field_name, field_verbose_name in field_names.items():
        model._meta.get_field(field_name).verbose_name = field_verbose_name


# Permission names, such as "Set book as returned", stay English: Django stores them
# in the database.
translate_names(Genre, _("genre"), _("genres"), name=_("name"))
translate_names(Language, _("language"), _("languages"), name=_("name"))
translate_names(
    Author,
    _("author"),
    _("authors"),
    first_name=_("first name"),
    last_name=_("last name"),
    date_of_birth=_("date of birth"),
)
translate_names(
    Book,
    _("book"),
    _("books"),
    title=_("title"),
    author=_("author"),
    summary=_("summary"),
    genre=_("genre"),
    language=_("language"),
)
translate_names(
    BookInstance,
    _("book instance"),
    _("book instances"),
    id=_("id"),
    book=_("book"),
    imprint=_("imprint"),
    due_back=_("due back"),
    # stage: authentication
    borrower=_("borrower"),
    # endstage
    status=_("status"),
)
# endstage
