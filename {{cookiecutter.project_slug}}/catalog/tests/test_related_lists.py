"""Detail pages list at most RELATED_LIMIT related objects and say how many more there are.

Not in the tutorial, whose detail pages list every related object: see
RelatedListMixin in catalog/mixins.py.
"""

from django.test import TestCase

from catalog.mixins import RELATED_LIMIT

from .helpers import create_books, create_catalogue, create_copies, more_text


class RelatedListTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.author, cls.genre, cls.language, cls.book, cls.copy = create_catalogue()

    def test_short_related_lists_are_complete(self):
        cases = [
            (self.author, "books", [self.book]),
            (self.genre, "books", [self.book]),
            (self.language, "books", [self.book]),
            (self.book, "copies", [self.copy]),
        ]
        for obj, name, items in cases:
            with self.subTest(page=obj.get_absolute_url()):
                response = self.client.get(obj.get_absolute_url())
                self.assertEqual(list(response.context[name]), items)
                self.assertEqual(response.context[f"{name}_count"], len(items))
                self.assertEqual(response.context[f"{name}_more"], 0)

    def test_long_related_lists_are_capped(self):
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
