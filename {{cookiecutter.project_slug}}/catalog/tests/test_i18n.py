"""Translations: the Simplified Chinese catalogue is complete, and the site speaks it.

Every text the site shows goes through Django's translation machinery. The rest of
the test suite runs in the site's language (LANGUAGE_CODE) and compares texts with
their translation; the page tests here switch the site to zh-hans, with the catalogue
in locale/zh_Hans/LC_MESSAGES/, and to English.
"""

import ast
import importlib.util
import io
import os
import re
import tokenize
from pathlib import Path

from django.contrib.auth.models import User
from django.test import SimpleTestCase, TestCase, override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import camel_case_to_spaces
from django.utils.translation.template import templatize

from catalog.models import Author, Book, BookInstance, Genre, Language

from .helpers import PASSWORD, create_book, create_librarian, days_from_today

PROJECT_DIR = Path(__file__).resolve().parents[2]
LOCALE_DIR = PROJECT_DIR / "locale"
PO_FILE = LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "django.po"

# Folders that hold no source of the site's texts.
SKIPPED_FOLDERS = {"__pycache__", "locale", "media", "node_modules", "staticfiles"}
# Functions whose literal arguments makemessages collects: (msgid) or (msgid, plural).
GETTEXT_FUNCTIONS = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy", "pgettext"}
GETTEXT_CALL = re.compile(r"\b(?:_|n?gettext(?:_lazy|_noop)?|pgettext)\(")  # Other files need no tokenizing.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def load_compile_messages():
    """scripts/compile_messages.py, which reads .po files and writes .mo files."""
    spec = importlib.util.spec_from_file_location("compile_messages", PROJECT_DIR / "scripts" / "compile_messages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


compile_messages = load_compile_messages()


def catalogue_key(entry):
    if "msgctxt" in entry:
        return (entry["msgctxt"], entry["msgid"])
    return (entry["msgid"], entry["msgid_plural"]) if "msgid_plural" in entry else entry["msgid"]


def gettext_arguments(source):
    """The msgids passed as literals to gettext functions in Python source.

    Also reads templates once templatize() has turned their translate and
    blocktranslate tags into gettext calls, as makemessages does.
    """
    tokens = [
        token
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type in (tokenize.NAME, tokenize.OP, tokenize.STRING)
    ]
    found = set()
    for index, token in enumerate(tokens[:-1]):
        if token.type != tokenize.NAME or token.string not in GETTEXT_FUNCTIONS or tokens[index + 1].string != "(":
            continue
        arguments, parts = [], []
        for argument in tokens[index + 2 :]:
            if argument.type == tokenize.STRING:  # Adjacent literals join into one string.
                parts.append(ast.literal_eval(argument.string))
                continue
            if parts:
                arguments.append("".join(parts))
                parts = []
            if argument.string != ",":
                break
        if arguments:
            found.add(tuple(arguments[:2]) if token.string.startswith(("n", "p")) else arguments[0])
    return found


def source_files():
    """The project's .py, .html and .txt files, as makemessages finds them."""
    for folder, subfolders, files in os.walk(PROJECT_DIR):
        # Not hidden folders (.git, .venv), other virtual environments, or SKIPPED_FOLDERS.
        subfolders[:] = [
            name
            for name in subfolders
            if not name.startswith(".")
            and name not in SKIPPED_FOLDERS
            and not os.path.exists(os.path.join(folder, name, "pyvenv.cfg"))
        ]
        for name in files:
            if name.endswith((".py", ".html", ".txt")):
                yield Path(folder, name)


class CatalogueTest(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.entries = compile_messages.read_po(PO_FILE)
        cls.header, cls.messages = cls.entries[0], cls.entries[1:]

    def test_header_declares_the_language_charset_and_plural_forms(self):
        self.assertEqual(self.header["msgid"], "")
        header = self.header["msgstr"][0]
        self.assertIn("Language: zh_Hans\n", header)
        self.assertIn("Content-Type: text/plain; charset=UTF-8\n", header)
        self.assertIn("Plural-Forms: nplurals=1; plural=0;\n", header)

    def test_every_entry_is_translated_and_none_is_fuzzy(self):
        self.assertGreater(len(self.messages), 100)
        for entry in self.messages:
            with self.subTest(msgid=entry["msgid"]):
                self.assertNotIn("fuzzy", entry["flags"])
                self.assertEqual(len(entry["msgstr"]), 1)  # Chinese has one plural form.
                self.assertTrue(entry["msgstr"][0].strip())

    def test_translations_keep_the_placeholders(self):
        for entry in self.messages:
            with self.subTest(msgid=entry["msgid"]):
                expected = sorted(PLACEHOLDER.findall(entry["msgid"]))
                self.assertEqual(sorted(PLACEHOLDER.findall(entry["msgstr"][0])), expected)

    def test_compiled_catalogue_is_up_to_date(self):
        # The .mo file is what Django reads: it must be compiled from this .po file.
        compiled = compile_messages.compile_po(PO_FILE)
        self.assertEqual(PO_FILE.with_suffix(".mo").read_bytes(), compiled, "run: python scripts/compile_messages.py")

    def test_every_translatable_text_is_in_the_catalogue(self):
        # Entries that no file uses any more are harmless, so only missing ones fail.
        used = set()
        for path in source_files():
            source = path.read_text(encoding="utf-8")
            if path.suffix == ".py" and not GETTEXT_CALL.search(source):
                continue
            if path.suffix != ".py":
                # Each line on its own: the indentation templatize() keeps is not Python's.
                source = "\n".join(line.strip() for line in templatize(source, origin=str(path)).splitlines())
            used |= gettext_arguments(source)
        self.assertGreater(len(used), 100)
        missing = used - {catalogue_key(entry) for entry in self.messages}
        self.assertFalse(
            missing, f"not in {PO_FILE.name}: {sorted(map(str, missing))}; run makemessages -l zh_Hans and translate"
        )


@override_settings(LANGUAGE_CODE="zh-hans", LOCALE_PATHS=[LOCALE_DIR])
class ChinesePagesTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.book = create_book(title="Book Title")
        cls.librarian = create_librarian()
        borrower = User.objects.create_user(username="reader", password=PASSWORD)
        cls.copy = BookInstance.objects.create(
            book=cls.book, imprint="Imprint", status="o", borrower=borrower, due_back=days_from_today(5)
        )

    def setUp(self):
        self.enterContext(translation.override("zh-hans"))

    def test_home_page(self):
        response = self.client.get(reverse("index"))
        self.assertContains(response, '<html lang="zh-hans">')
        self.assertContains(response, "<title>本地图书馆</title>")
        self.assertContains(response, "<h1>本地图书馆首页</h1>", html=True)
        self.assertContains(response, "所有图书")
        self.assertContains(response, "您已访问本页 1 次。")

    def test_book_list(self):
        response = self.client.get(reverse("books"))
        self.assertContains(response, "<title>所有图书 | 本地图书馆</title>")
        self.assertContains(response, "<h1>图书列表</h1>", html=True)
        self.assertContains(response, "Book Title")

    def test_login_page(self):
        response = self.client.get(reverse("login"))
        self.assertContains(response, "<h1>登录</h1>", html=True)
        self.assertContains(response, "用户名")  # Django's own translation of the form's label.
        self.assertContains(response, "忘记密码？")

    def test_renewal_form_and_its_errors(self):
        self.client.force_login(self.librarian)
        url = reverse("renew-book-librarian", args=[self.copy.pk])
        response = self.client.get(url)
        self.assertContains(response, "续借日期")
        self.assertContains(response, "请输入从今天起 4 周以内的日期（默认为 3 周）。")
        response = self.client.post(url, {"renewal_date": days_from_today(-1)})
        self.assertContains(response, "日期无效：续借日期不能早于今天")
        response = self.client.post(url, {"renewal_date": days_from_today(29)})
        self.assertContains(response, "日期无效：续借日期不能晚于 4 周之后")
        response = self.client.post(url, {"renewal_date": "not a date"})
        self.assertContains(response, "输入一个有效的日期。")  # Django's own message.

    def test_names_lists_and_copies_are_punctuated_the_chinese_way(self):
        self.assertEqual(str(Author(first_name="伟", last_name="王")), "王伟")  # Family name first, no comma.
        self.assertEqual(str(Author(first_name="Ursula", last_name="Le Guin")), "Le Guin, Ursula")
        self.assertEqual(str(self.copy), f"{self.copy.id}（Book Title）")
        self.book.genre.set([Genre.objects.create(name="奇幻"), Genre.objects.create(name="科幻")])
        self.assertEqual(self.book.display_genre(), "奇幻、科幻")
        response = self.client.get(self.book.get_absolute_url())
        self.assertContains(response, "<strong>类别：</strong><a")  # No space after the full-width colon.
        self.assertContains(response, "</a>、<a")

    def test_model_names_and_choices(self):
        self.assertEqual(self.copy.get_status_display(), "已借出")
        self.assertEqual(Author._meta.get_field("first_name").verbose_name, "名")
        self.assertEqual(str(Book._meta.verbose_name_plural), "图书")


class ModelNamesTest(SimpleTestCase):
    def setUp(self):
        self.enterContext(translation.override("en-us"))

    def test_every_model_and_field_name_is_translatable_and_unchanged_in_english(self):
        for model in (Genre, Language, Author, Book, BookInstance):
            words = camel_case_to_spaces(model.__name__)
            self.assertIsInstance(model._meta.verbose_name, Promise)
            self.assertEqual(str(model._meta.verbose_name), words)
            self.assertEqual(str(model._meta.verbose_name_plural), f"{words}s")
            for field in model._meta.concrete_fields + model._meta.many_to_many:
                if field.auto_created:  # The "ID" of Django's automatic primary keys.
                    continue
                with self.subTest(field=f"{model.__name__}.{field.name}"):
                    self.assertIsInstance(field.verbose_name, Promise)
                    # Django's own name unless the field names itself ("died", "ISBN").
                    name = field.deconstruct()[3].get("verbose_name", field.name.replace("_", " "))
                    self.assertEqual(str(field.verbose_name), name)


@override_settings(LANGUAGE_CODE="en-us")
class EnglishPluralTest(TestCase):
    def setUp(self):
        self.enterContext(translation.override("en-us"))

    def test_visit_counter_in_english(self):
        self.assertContains(self.client.get(reverse("index")), "You have visited this page 1 time.")
        self.assertContains(self.client.get(reverse("index")), "You have visited this page 2 times.")
