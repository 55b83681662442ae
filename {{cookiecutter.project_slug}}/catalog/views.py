# until: home-page
"""Views of the catalog app: the MDN tutorial writes the first one, the home page, in part 5."""

from django.shortcuts import render  # noqa: F401

# Create your views here.
# endstage
# stage: home-page
"""Views of the catalog app, in the order the MDN tutorial writes them:

- part 5: index, the home page
# stage: generic-views
- part 6: the generic list and detail views
# endstage
# stage: sessions
- part 7: the visit counter of the home page, kept in the session
# endstage
# stage: authentication
- part 8: the lists of borrowed books, for the logged-in user and for librarians
# endstage
# stage: forms
- part 9: renew_book_librarian, then the create, update and delete views
# endstage
# stage: generic-views

The list and detail views read related objects in a fixed number of queries
(select_related / prefetch_related), so pages stay fast as the catalogue grows.
What the project adds to the tutorial's views lives in mixins.py.
# endstage
"""
# endstage

# stage: home-page
# stage: forms
import datetime

from django.contrib.auth.decorators import login_required, permission_required
# endstage
# stage: authentication
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
# endstage
# stage: forms
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
# endstage
# until: forms
from django.shortcuts import render
# endstage
# stage: generic-views
from django.views import generic
# endstage
# stage: forms
from django.views.generic.edit import CreateView, DeleteView, UpdateView
# endstage

# stage: forms
from .forms import RenewBookForm
# endstage
# stage: generic-views
# stage: forms
from .mixins import RelatedListMixin, RestrictedDeleteMixin
# endstage
# until: forms
from .mixins import RelatedListMixin
# endstage
from .models import Author, Book, BookInstance, Genre, Language
# endstage
# until: generic-views
from .models import Author, Book, BookInstance
# endstage


def index(request):
    """View function for home page of site (part 5)."""
    # Generate counts of some of the main objects
    num_books = Book.objects.count()
    num_instances = BookInstance.objects.count()

    # Available copies of books
    num_instances_available = BookInstance.objects.filter(status__exact="a").count()
    num_authors = Author.objects.count()  # The 'all()' is implied by default.
    # stage: sessions

    # Number of visits to this view, as counted in the session variable (part 7).
    num_visits = request.session.get("num_visits", 0) + 1
    request.session["num_visits"] = num_visits
    # endstage

    context = {
        "num_books": num_books,
        "num_instances": num_instances,
        "num_instances_available": num_instances_available,
        "num_authors": num_authors,
        # stage: sessions
        "num_visits": num_visits,
        # endstage
    }

    # Render the HTML template index.html with the data in the context variable.
    return render(request, "index.html", context=context)
# stage: generic-views


class BookListView(generic.ListView):
    """Generic class-based view for a list of books (part 6)."""

    model = Book
    paginate_by = 10
    # The authors of the whole page in the same query as the books.
    queryset = Book.objects.select_related("author")


class BookDetailView(RelatedListMixin, generic.DetailView):
    """Generic class-based detail view for a book."""

    model = Book
    queryset = Book.objects.select_related("author", "language").prefetch_related("genre")
    # The template lists "copies": the book's first copies (mixins.py).
    related_name = "copies"

    def get_related_queryset(self):
        return self.object.bookinstance_set.order_by("due_back", "id")


class AuthorListView(generic.ListView):
    """Generic class-based list view for a list of authors."""

    model = Author
    paginate_by = 10


class AuthorDetailView(RelatedListMixin, generic.DetailView):
    """Generic class-based detail view for an author."""

    model = Author
    related_name = "books"

    def get_related_queryset(self):
        return self.object.book_set.select_related("language")


class GenreListView(generic.ListView):
    """Generic class-based list view for a list of genres."""

    model = Genre
    paginate_by = 10


class GenreDetailView(RelatedListMixin, generic.DetailView):
    """Generic class-based detail view for a genre."""

    model = Genre
    related_name = "books"

    def get_related_queryset(self):
        return self.object.book_set.select_related("author")


class LanguageListView(generic.ListView):
    """Generic class-based list view for a list of languages."""

    model = Language
    paginate_by = 10


class LanguageDetailView(RelatedListMixin, generic.DetailView):
    """Generic class-based detail view for a language."""

    model = Language
    related_name = "books"

    def get_related_queryset(self):
        return self.object.book_set.select_related("author")


class BookInstanceListView(generic.ListView):
    """Generic class-based list view for a list of book copies."""

    model = BookInstance
    paginate_by = 10
    queryset = BookInstance.objects.select_related("book")


class BookInstanceDetailView(generic.DetailView):
    """Generic class-based detail view for a book copy."""

    model = BookInstance
    # stage: authentication
    queryset = BookInstance.objects.select_related("book__author", "borrower")
    # endstage
    # until: authentication
    queryset = BookInstance.objects.select_related("book__author")
    # endstage
# endstage
# stage: authentication


class LoanedBooksByUserListView(LoginRequiredMixin, generic.ListView):
    """Generic class-based view listing books on loan to current user (part 8)."""

    model = BookInstance
    template_name = "catalog/bookinstance_list_borrowed_user.html"
    paginate_by = 10

    def get_queryset(self):
        return (
            BookInstance.objects.filter(borrower=self.request.user)
            .filter(status__exact="o")
            .select_related("book")
            .order_by("due_back")
        )


class LoanedBooksAllListView(PermissionRequiredMixin, generic.ListView):
    """Generic class-based view listing all books on loan. Only visible to users with can_mark_returned permission."""

    model = BookInstance
    permission_required = "catalog.can_mark_returned"
    template_name = "catalog/bookinstance_list_borrowed_all.html"
    paginate_by = 10

    def get_queryset(self):
        return BookInstance.objects.filter(status__exact="o").select_related("book", "borrower").order_by("due_back")
# endstage
# stage: forms


@login_required
@permission_required("catalog.can_mark_returned", raise_exception=True)
def renew_book_librarian(request, pk):
    """View function for renewing a specific BookInstance by librarian (part 9)."""
    book_instance = get_object_or_404(BookInstance.objects.select_related("book"), pk=pk)

    # If this is a POST request then process the Form data
    if request.method == "POST":
        # Create a form instance and populate it with data from the request (binding):
        form = RenewBookForm(request.POST)

        # Check if the form is valid:
        if form.is_valid():
            # process the data in form.cleaned_data as required (here we just write it to the model due_back field)
            book_instance.due_back = form.cleaned_data["renewal_date"]
            book_instance.save()

            # redirect to a new URL:
            return HttpResponseRedirect(reverse("all-borrowed"))

    # If this is a GET (or any other method) create the default form
    else:
        proposed_renewal_date = timezone.localdate() + datetime.timedelta(weeks=3)
        form = RenewBookForm(initial={"renewal_date": proposed_renewal_date})

    context = {
        "form": form,
        "book_instance": book_instance,
    }

    return render(request, "catalog/book_renew_librarian.html", context)


# Create, update and delete views (part 9), each guarded by the model's own
# permission: anonymous users are sent to log in, others without it get 403.


class AuthorCreate(PermissionRequiredMixin, CreateView):
    model = Author
    fields = ["first_name", "last_name", "date_of_birth", "date_of_death"]
    permission_required = "catalog.add_author"


class AuthorUpdate(PermissionRequiredMixin, UpdateView):
    model = Author
    # Listed explicitly: "__all__" would expose any field added later.
    fields = ["first_name", "last_name", "date_of_birth", "date_of_death"]
    permission_required = "catalog.change_author"


# RestrictedDeleteMixin (mixins.py): an author who still has books is not deleted, and
# the page says which books stand in the way. The tutorial's AuthorDelete catches the
# error in form_valid() itself and sends the user back to the delete page.
class AuthorDelete(PermissionRequiredMixin, RestrictedDeleteMixin, DeleteView):
    model = Author
    success_url = reverse_lazy("authors")
    permission_required = "catalog.delete_author"


class BookCreate(PermissionRequiredMixin, CreateView):
    model = Book
    fields = ["title", "author", "summary", "isbn", "genre", "language"]
    permission_required = "catalog.add_book"


class BookUpdate(PermissionRequiredMixin, UpdateView):
    model = Book
    fields = ["title", "author", "summary", "isbn", "genre", "language"]
    permission_required = "catalog.change_book"


# Likewise, a book that still has copies is not deleted.
class BookDelete(PermissionRequiredMixin, RestrictedDeleteMixin, DeleteView):
    model = Book
    success_url = reverse_lazy("books")
    permission_required = "catalog.delete_book"


class GenreCreate(PermissionRequiredMixin, CreateView):
    model = Genre
    fields = ["name"]
    permission_required = "catalog.add_genre"


class GenreUpdate(PermissionRequiredMixin, UpdateView):
    model = Genre
    fields = ["name"]
    permission_required = "catalog.change_genre"


class GenreDelete(PermissionRequiredMixin, DeleteView):
    model = Genre
    success_url = reverse_lazy("genres")
    permission_required = "catalog.delete_genre"


class LanguageCreate(PermissionRequiredMixin, CreateView):
    model = Language
    fields = ["name"]
    permission_required = "catalog.add_language"


class LanguageUpdate(PermissionRequiredMixin, UpdateView):
    model = Language
    fields = ["name"]
    permission_required = "catalog.change_language"


class LanguageDelete(PermissionRequiredMixin, DeleteView):
    model = Language
    success_url = reverse_lazy("languages")
    permission_required = "catalog.delete_language"


class BookInstanceCreate(PermissionRequiredMixin, CreateView):
    model = BookInstance
    fields = ["book", "imprint", "due_back", "borrower", "status"]
    permission_required = "catalog.add_bookinstance"


class BookInstanceUpdate(PermissionRequiredMixin, UpdateView):
    model = BookInstance
    fields = ["imprint", "due_back", "borrower", "status"]
    permission_required = "catalog.change_bookinstance"


class BookInstanceDelete(PermissionRequiredMixin, DeleteView):
    model = BookInstance
    success_url = reverse_lazy("bookinstances")
    permission_required = "catalog.delete_bookinstance"
# endstage
# endstage
