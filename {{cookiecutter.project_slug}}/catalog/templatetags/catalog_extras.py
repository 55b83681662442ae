"""Template filters of the catalog: lists and summaries that read right in every language.

Not in the tutorial: book_detail.html and author_detail.html load them by this module's
name, catalog_extras (Django's "How to create custom template tags and filters").
"""

import unicodedata

from django import template
from django.utils.html import format_html_join
from django.utils.text import Truncator
from django.utils.translation import pgettext

register = template.Library()


@register.filter
def linked_list(objects):
    """Links to the objects' pages, joined the way the site's language joins a list."""
    separator = pgettext("list separator", ", ")
    return format_html_join(separator, '<a href="{}">{}</a>', ((obj.get_absolute_url(), obj) for obj in objects))


@register.filter
def shorten(text, words):
    """The text cut to about `words` words, like truncatewords.

    Chinese and Japanese put no spaces between words, so truncatewords would never cut
    them: text written mostly in those characters is cut at twice as many characters.
    """
    letters = [char for char in text if char.isalpha()]
    ideographs = [char for char in letters if unicodedata.name(char, "").startswith("CJK")]
    if len(ideographs) * 2 > len(letters):
        return Truncator(text).chars(int(words) * 2)
    return Truncator(text).words(int(words))
