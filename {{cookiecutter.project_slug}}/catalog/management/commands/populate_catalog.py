"""Fill the catalogue with demo data: `python manage.py populate_catalog --books 100`.

Creates genres, languages, authors, books and copies, a librarian (in the
"Librarians" group) and a borrower with some copies on loan, a few of them overdue.
Running it again adds nothing new: every object has a stable natural key. Passwords
come from the command line or the environment, never from this file.
"""

import datetime
import os
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from catalog.models import Author, Book, BookInstance, Genre, Language

# The demo catalogue, in the project's language.
{%- if cookiecutter.language == "zh-hans" %}
GENRES = ["奇幻", "科幻", "推理", "诗歌", "历史", "传记", "爱情", "恐怖"]
LANGUAGES = ["英语", "法语", "德语", "西班牙语", "中文", "日语"]
FIRST_NAMES = ["伟", "芳", "娜", "敏", "静", "磊", "强", "洋", "艳", "军", "杰", "丽"]
LAST_NAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"]
WORDS = ["河流", "影子", "花园", "冬天", "帝国", "书信", "机器", "港湾", "寂静", "山峦"]
TITLE = "{first}与{second}（{number}）"
SUMMARY = "第 {number} 本演示图书。"
IMPRINT = "演示出版社，{year}"
GIVEN_NAME_JOINER = ""
{%- else %}
GENRES = ["Fantasy", "Science Fiction", "Mystery", "Poetry", "History", "Biography", "Romance", "Horror"]
LANGUAGES = ["English", "French", "German", "Spanish", "Chinese", "Japanese"]
FIRST_NAMES = ["Ada", "Ben", "Chen", "Dana", "Elif", "Farid", "Grace", "Hiro", "Ines", "Jun", "Kofi", "Lena"]
LAST_NAMES = ["Okafor", "Smith", "Wang", "Garcia", "Kowalski", "Tanaka", "Dubois", "Novak", "Haddad", "Silva"]
WORDS = ["River", "Shadow", "Garden", "Winter", "Empire", "Letters", "Machine", "Harbour", "Silence", "Mountain"]
TITLE = "The {first} of {second} {number}"
SUMMARY = "Demo book number {number}."
IMPRINT = "Demo Press, {year}"
GIVEN_NAME_JOINER = " "
{%- endif %}
COPIES_PER_BOOK = 3


class Command(BaseCommand):
    # Messages are in the site's language (LANGUAGE_CODE), translated when they are
    # shown: help is a property, and gettext runs inside the methods.
    @property
    def help(self):
        return gettext("Fill the catalogue with demo books, authors, genres, languages, copies and two user accounts.")

    def add_arguments(self, parser):
        parser.add_argument("--books", type=int, default=50, help=gettext("How many books the catalogue should hold."))
        parser.add_argument(
            "--librarian-password",
            default=os.environ.get("DEMO_LIBRARIAN_PASSWORD"),
            help=gettext("Password of the 'librarian' account (or set DEMO_LIBRARIAN_PASSWORD)."),
        )
        parser.add_argument(
            "--borrower-password",
            default=os.environ.get("DEMO_BORROWER_PASSWORD"),
            help=gettext("Password of the 'borrower' account (or set DEMO_BORROWER_PASSWORD)."),
        )

    def handle(self, *args, books, librarian_password, borrower_password, **options):
        if books < 0:
            raise CommandError(gettext("--books must be 0 or more."))
        if not librarian_password or not borrower_password:
            raise CommandError(
                gettext(
                    "Give the demo accounts passwords: --librarian-password and --borrower-password "
                    "(or DEMO_LIBRARIAN_PASSWORD and DEMO_BORROWER_PASSWORD)."
                )
            )
        rng = random.Random(42)  # The same catalogue every time.
        with transaction.atomic():
            librarian = self.user("librarian", librarian_password)
            librarian.groups.add(Group.objects.get(name="Librarians"))
            borrower = self.user("borrower", borrower_password)
            genres = [Genre.objects.get_or_create(name=name)[0] for name in GENRES]
            languages = [Language.objects.get_or_create(name=name)[0] for name in LANGUAGES]
            authors = self.authors(max(1, books // 4) if books else 0)
            created = self.books(books, authors, genres, languages, borrower, rng)
        message = gettext(
            "Catalogue holds %(books)d books (%(created)d new), %(authors)d authors, %(copies)d copies; "
            "users: librarian, borrower."
        ) % {
            "books": Book.objects.count(),
            "created": created,
            "authors": Author.objects.count(),
            "copies": BookInstance.objects.count(),
        }
        self.stdout.write(self.style.SUCCESS(message))

    def user(self, username, password):
        user, _ = get_user_model().objects.get_or_create(username=username)
        user.set_password(password)
        user.save()
        return user

    def authors(self, count):
        authors = []
        pairs = len(FIRST_NAMES) * len(LAST_NAMES)
        for number in range(count):
            # Every first name with every last name; past those, a second given name.
            last = LAST_NAMES[number % len(LAST_NAMES)]
            first = FIRST_NAMES[(number + number // len(LAST_NAMES)) % len(FIRST_NAMES)]
            if number >= pairs:
                first += GIVEN_NAME_JOINER + FIRST_NAMES[(number // pairs) % len(FIRST_NAMES)]
            author, _ = Author.objects.get_or_create(
                first_name=first, last_name=last, defaults={"date_of_birth": datetime.date(1900 + number % 100, 1, 1)}
            )
            authors.append(author)
        return authors

    def books(self, count, authors, genres, languages, borrower, rng):
        today = timezone.localdate()
        existing = set(
            Book.objects.filter(isbn__in=[self.isbn(n) for n in range(count)]).values_list("isbn", flat=True)
        )
        new_books, new_copies, genre_links = [], [], []
        for number in range(count):
            if self.isbn(number) in existing:
                continue
            book = Book(
                title=TITLE.format(
                    first=WORDS[number % len(WORDS)],
                    second=WORDS[(number + number // len(WORDS) + 1) % len(WORDS)],
                    number=number + 1,
                ),
                author=authors[number % len(authors)],
                summary=SUMMARY.format(number=number + 1),
                isbn=self.isbn(number),
                language=languages[number % len(languages)],
            )
            new_books.append(book)
        Book.objects.bulk_create(new_books)
        for book in Book.objects.filter(isbn__in=[book.isbn for book in new_books]):
            genre_links += [Book.genre.through(book_id=book.id, genre_id=genre.id) for genre in rng.sample(genres, k=2)]
            for copy in range(COPIES_PER_BOOK):
                status = rng.choice("maor")
                on_loan = status == "o"
                new_copies.append(
                    BookInstance(
                        book=book,
                        imprint=IMPRINT.format(year=2000 + copy),
                        status=status,
                        borrower=borrower if on_loan else None,
                        # Some loans are overdue, so the overdue marking shows.
                        due_back=today + datetime.timedelta(days=rng.randint(-10, 21)) if on_loan else None,
                    )
                )
        Book.genre.through.objects.bulk_create(genre_links)
        BookInstance.objects.bulk_create(new_copies)
        return len(new_books)

    @staticmethod
    def isbn(number):
        return f"978{number:010d}"
