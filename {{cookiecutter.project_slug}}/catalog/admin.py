# until: admin
"""Admin site configuration: the MDN tutorial registers the models in part 4 ("Django admin site")."""

from django.contrib import admin  # noqa: F401

# Register your models here.
# endstage
# stage: admin
# until: authentication
"""Admin site configuration (MDN tutorial part 4: "Django admin site")."""
# endstage
# endstage
# stage: authentication
"""Admin site configuration (MDN tutorial part 4: "Django admin site").

Part 8 shows the borrower of each copy in BookInstanceAdmin.
"""
# endstage

# stage: admin
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Author, Book, BookInstance, Genre, Language

admin.site.register(Genre)
admin.site.register(Language)


class BooksInline(admin.TabularInline):
    """Defines format of inline book insertion (used in AuthorAdmin)"""

    model = Book
    fields = ["title", "isbn", "language"]
    extra = 0


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    """Administration object for Author models."""

    list_display = ("last_name", "first_name", "date_of_birth", "date_of_death")
    # The two dates share one row, as the tutorial shows.
    fields = ["first_name", "last_name", ("date_of_birth", "date_of_death")]
    inlines = [BooksInline]


class BooksInstanceInline(admin.TabularInline):
    """Defines format of inline book instance insertion (used in BookAdmin)"""

    model = BookInstance
    extra = 0


@admin.register(Book)
class BookAdmin(admin.ModelAdmin):
    """Administration object for Book models."""

    list_display = ("title", "author", "display_genre")
    inlines = [BooksInstanceInline]

    def get_queryset(self, request):
        # One query for authors and one for genres, whatever the page size.
        return super().get_queryset(request).select_related("author").prefetch_related("genre")


@admin.register(BookInstance)
class BookInstanceAdmin(admin.ModelAdmin):
    """Administration object for BookInstance models."""

    # stage: authentication
    list_display = ("book", "status", "borrower", "due_back", "id")
    # endstage
    # until: authentication
    list_display = ("book", "status", "due_back", "id")
    # endstage
    list_filter = ("status", "due_back")
    # stage: authentication
    list_select_related = ("book", "borrower")
    # endstage
    # until: authentication
    list_select_related = ("book",)
    # endstage

    fieldsets = (
        (None, {"fields": ("book", "imprint", "id")}),
        # stage: authentication
        (_("Availability"), {"fields": ("status", "due_back", "borrower")}),
        # endstage
        # until: authentication
        (_("Availability"), {"fields": ("status", "due_back")}),
        # endstage
    )
    readonly_fields = ("id",)
# endstage
