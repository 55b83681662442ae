"""Run inside a generated project (`manage.py shell -c`): print JSON of queries and bytes per page.

Used by bench/pages.py; not a test. Pages are fetched with Django's test client
as the demo accounts, exactly as a browser would get them.
"""

import json

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from catalog.models import Author, Book, BookInstance, Genre, Language

librarian = Client(HTTP_HOST="localhost")
librarian.force_login(get_user_model().objects.get(username="librarian"))
borrower = Client(HTTP_HOST="localhost")
borrower.force_login(get_user_model().objects.get(username="borrower"))

busiest_genre = max(Genre.objects.all(), key=lambda genre: genre.book_set.count())
pages = {
    "index": (librarian, "/catalog/"),
    "books": (librarian, "/catalog/books/"),
    "book-detail": (librarian, Book.objects.first().get_absolute_url()),
    "authors": (librarian, "/catalog/authors/"),
    "author-detail": (librarian, Author.objects.first().get_absolute_url()),
    "genres": (librarian, "/catalog/genres/"),
    "genre-detail": (librarian, busiest_genre.get_absolute_url()),
    "languages": (librarian, "/catalog/languages/"),
    "language-detail": (librarian, Language.objects.first().get_absolute_url()),
    "bookinstances": (librarian, "/catalog/bookinstances/"),
    "bookinstance-detail": (librarian, BookInstance.objects.first().get_absolute_url()),
    "my-borrowed": (borrower, "/catalog/mybooks/"),
    "all-borrowed": (librarian, "/catalog/borrowed/"),
}
results = {}
for name, (client, url) in pages.items():
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (name, url, response.status_code)
    results[name] = {"queries": len(queries), "bytes": len(response.content)}
print(json.dumps(results))
