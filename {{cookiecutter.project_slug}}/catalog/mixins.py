"""What this project adds to the tutorial's views (views.py imports these classes).

RelatedListMixin: a detail page lists at most RELATED_LIMIT related objects (a book's
copies, an author's books...) and says how many more there are, so the page costs the
same however big the catalogue grows. The tutorial's book_detail.html (part 6) loops
over book.bookinstance_set.all instead, with no limit.
# stage: forms

RestrictedDeleteMixin: deleting an author who still has books, or a book that still
has copies, shows the delete page again with what blocks it (status 409), instead of
a server error. Nothing refers to a genre, a language or a copy with RESTRICT, so
their delete views do without it.
# endstage
"""

# stage: forms
from collections import defaultdict

from django.db.models import ProtectedError, RestrictedError

# endstage
# How many related items a detail page lists before it says "and N more".
RELATED_LIMIT = 20


class RelatedListMixin:
    """Add a capped list of related objects, and their total, to a detail page."""

    related_name = None  # Context variable holding the first RELATED_LIMIT items.

    def get_related_queryset(self):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        related = self.get_related_queryset()
        context[self.related_name] = related[:RELATED_LIMIT]
        context[f"{self.related_name}_count"] = count = related.count()
        # How many are left out, for "and N more" (templates cannot subtract).
        context[f"{self.related_name}_more"] = max(count - RELATED_LIMIT, 0)
        return context
# stage: forms


class RestrictedDeleteMixin:
    """Show what still refers to an object instead of failing with a server error.

    Book.author and BookInstance.book use on_delete=RESTRICT, so deleting an author
    with books, or a book with copies, raises RestrictedError. The confirmation page
    is shown again, listing the objects that block the deletion.
    """

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except (RestrictedError, ProtectedError) as error:
            blockers = getattr(error, "restricted_objects", None) or error.protected_objects
            context = self.get_context_data(form=form, blocked_by=self.get_blocked_by(blockers))
            context["blocked_by_count"] = len(blockers)
            context["blocked_by_more"] = max(len(blockers) - RELATED_LIMIT, 0)  # Left out of the list.
            return self.render_to_response(context, status=409)

    @staticmethod
    def get_blocked_by(blockers):
        """The first RELATED_LIMIT blocking objects, read in full.

        Django loads blocking objects with little more than their ids, so showing
        each one (its title, its book...) would cost a query per object. Read the
        shown ones again instead, one query per model, with their foreign keys.
        """
        shown = sorted(blockers, key=lambda obj: (obj._meta.label, obj.pk))[:RELATED_LIMIT]
        pks_by_model = defaultdict(list)
        for obj in shown:
            pks_by_model[type(obj)].append(obj.pk)
        blocked_by = []
        for model, pks in pks_by_model.items():
            foreign_keys = [field.name for field in model._meta.concrete_fields if field.many_to_one]
            blocked_by += model._default_manager.select_related(*foreign_keys).filter(pk__in=pks)
        return blocked_by
# endstage
