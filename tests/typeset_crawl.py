"""Read every page of a baked project as a visitor does; print its typesetting problems as JSON.

Run inside a baked project at the complete stage, with its virtualenv; it migrates the database first:

    python /path/to/typeset_crawl.py

It fills the catalogue with the project's demo data (populate_catalog) plus authors with
only one of their dates, crawls from the home page as a visitor, a borrower, a librarian
and a superuser (stage_crawl.crawl), and splits each page into the text runs a reader
sees as one line (paragraphs, list items, cells, headings, buttons). `problems()` is what
tests/test_language.py holds a Chinese page to; the report also gives the runs of a few
pages, so that the test can compare English pages with what they always said.
"""

import datetime
import io
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from stage_crawl import crawl, setup_django  # noqa: E402

# Elements that start a new line of text; anything else (a, strong, em, span) runs inline.
BLOCKS = {
    *"address article aside blockquote body br button dd div dl dt fieldset footer form h1 h2 h3".split(),
    *"h4 h5 h6 head header hr html input label legend li main nav ol option p section select".split(),
    *"table tbody td textarea th thead title tr ul".split(),
}
CJK = r"[\u3400-\u4dbf\u4e00-\u9fff]"
# Each rule: what it finds, and what a Chinese page writes instead.
RULES = {
    "ASCII punctuation beside Chinese": re.compile(rf"{CJK}\s*[(),:]|[(),:]\s*{CJK}"),
    "space around a full-width colon": re.compile(r"\s：|：\s"),
    "space between Chinese and a full-width parenthesis": re.compile(rf"{CJK}\s（|）\s{CJK}"),
    "dangling dash": re.compile(r"(^|\s)[-–—]$|^[-–—](\s|$)|[-–—]\s*[)）]|[(（]\s*[-–—]"),
}


def problems(text):
    """The names of the rules a run of text breaks."""
    return [name for name, pattern in RULES.items() if pattern.search(text)]


class TextRuns(HTMLParser):
    """The text runs of a page: whitespace collapsed as a browser does, split at block elements."""

    def __init__(self):
        super().__init__()
        self.runs, self.hidden = [""], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.hidden += tag in ("script", "style")
        if tag in BLOCKS:
            self.runs.append("")
        for name in ("title", "placeholder", "aria-label", "alt"):
            if attrs.get(name):
                self.runs += [attrs[name], ""]
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.runs += [attrs["value"], ""]

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style")
        if tag in BLOCKS:
            self.runs.append("")

    def handle_data(self, data):
        if not self.hidden:
            self.runs[-1] += data


def text_runs(html):
    parser = TextRuns()
    parser.feed(html)
    return [text for text in (re.sub(r"\s+", " ", run).strip() for run in parser.runs) if text]


def main():
    setup_django()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from catalog.models import Author, Book, BookInstance

    demo = {"books": 12, "librarian_password": "crawl-1", "borrower_password": "crawl-2"}
    call_command("populate_catalog", stdout=io.StringIO(), **demo)  # Only the report goes to stdout.
    born_only = Author.objects.exclude(date_of_birth=None).first()
    died_only = Author.objects.create(
        first_name="Ursula", last_name="Le Guin", date_of_death=datetime.date(2018, 1, 22)
    )
    both = Author.objects.create(
        first_name="静",
        last_name="孙",
        date_of_birth=datetime.date(1929, 10, 21),
        date_of_death=datetime.date(2018, 1, 22),
    )
    Author.objects.create(first_name="Anna", last_name="Nodates")
    users = get_user_model().objects
    visitors = {name: Client() for name in ("visitor", "borrower", "librarian", "superuser")}
    visitors["borrower"].force_login(users.get(username="borrower"))
    visitors["librarian"].force_login(users.get(username="librarian"))
    visitors["superuser"].force_login(users.create_superuser("root", "root@example.com", "crawl-3"))

    report = {"pages": 0, "problems": {}, "runs": {}}
    for client in visitors.values():
        pages = {}
        crawl(client, "/", pages)
        report["pages"] += len(pages)
        for path, html in pages.items():
            for text in text_runs(html):
                for rule in problems(text):
                    report["problems"].setdefault(f"{rule}: {text[:100]}", path)

    book = Book.objects.exclude(genre=None).order_by("pk").first()
    overdue = BookInstance.objects.filter(status="o", due_back__lt=datetime.date.today()).first()
    samples = {
        "book": book.get_absolute_url(),
        "books": "/catalog/books/",
        "authors": "/catalog/authors/",
        "born_only": born_only.get_absolute_url(),
        "died_only": died_only.get_absolute_url(),
        "both_dates": both.get_absolute_url(),
        "overdue_copy": overdue.get_absolute_url(),
        "copies": "/catalog/bookinstances/?page=1",
        "borrowed": "/catalog/borrowed/",
        "home": "/catalog/",
    }
    for name, path in samples.items():
        report["runs"][name] = text_runs(visitors["superuser"].get(path).content.decode())
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
