"""Follow every link of a baked project's pages; print what was found as JSON.

Run inside a baked project, with its virtualenv; it migrates the database first:

    python /path/to/stage_crawl.py

It fills the catalogue with one record of each model the project has, then
crawls from the home page three times (anonymous visitor, a user without
permissions, a superuser) with Django's test client, and reports each page's
status, the templates rendered and the project's URL names. The template tests
(tests/test_stages.py) decide what is right for each tutorial stage.
"""

import json
import os
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

MAX_PAGES = 400  # Per visitor: the crawl is bounded whatever the project links to.


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links += [value for name, value in attrs if name == "href" and value]


def setup_django():
    """Django for the project in the current folder, as its test runner sets it up, with the
    database (DATABASE_URL) migrated: in this process, one Django start-up fewer than a
    `manage.py migrate` of its own."""
    project = Path.cwd()
    sys.path.insert(0, str(project))
    package = next(p.parent.name for p in project.glob("*/settings.py"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", f"{package}.settings")
    import django

    django.setup()
    from django.test.utils import override_settings, setup_test_environment

    setup_test_environment()  # Test client host, locmem email, the template_rendered signal.
    # The users these scripts make, and their logins, hash with the fast hasher the project's
    # test settings use, not PBKDF2 (a quarter of a second for each password, on purpose).
    override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]).enable()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def fill_catalogue():
    """One record of each catalogue model the project has so far (none in the skeleton)."""
    from django.apps import apps

    models = apps.all_models["catalog"]
    if "book" not in models:
        return
    genre = models["genre"].objects.create(name="Fantasy")
    language = models["language"].objects.create(name="English")
    author = models["author"].objects.create(first_name="Ursula", last_name="Le Guin")
    book = models["book"].objects.create(
        title="A Wizard of Earthsea", author=author, summary="A wizard.", isbn="9780547773742", language=language
    )
    book.genre.add(genre)
    models["bookinstance"].objects.create(book=book, imprint="Parnassus", status="o")


def crawl(client, start, pages=None):
    """Visit internal links breadth-first from `start`; return {path: status}. A `pages` dict
    also gets the HTML of each page that answered 200, so nothing has to be fetched twice."""
    seen, queue = {}, [start]
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        targets = []
        if response.status_code in (301, 302):
            targets.append(response["Location"])
        elif "text/html" in response.get("Content-Type", ""):
            html = response.content.decode()
            if pages is not None and response.status_code == 200:
                pages[url] = html
            parser = LinkParser()
            parser.feed(html)
            targets += parser.links
        for target in targets:
            parts = urlsplit(urljoin(url, target))
            internal = not parts.netloc or parts.netloc == "testserver"
            if internal and not parts.path.startswith(("/static/", "/admin/")):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return seen


def main():
    setup_django()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.signals import template_rendered
    from django.test.utils import override_settings
    from django.urls import get_resolver, reverse

    rendered = set()
    template_rendered.connect(lambda sender, template, **kwargs: rendered.add(template.name))
    fill_catalogue()
    user_model = get_user_model()
    visitors = {
        "anonymous": Client(),
        "user": Client(),
        "superuser": Client(),
    }
    visitors["user"].force_login(user_model.objects.create_user("reader", password="crawl-password"))
    visitors["superuser"].force_login(user_model.objects.create_superuser("admin", "a@example.com", "crawl-password"))
    report = {"pages": {}}
    for name, client in visitors.items():
        report["pages"][name] = crawl(client, "/")
    report["url_names"] = sorted(name for name in get_resolver().reverse_dict if isinstance(name, str))
    # The site's own error pages, as in production; static files are not collected here.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(DEBUG=False, STORAGES=storages):
        report["missing_page"] = visitors["anonymous"].get("/catalog/no-such-page/", secure=True).status_code
        if "all-borrowed" in report["url_names"]:
            report["forbidden_page"] = visitors["user"].get(reverse("all-borrowed"), secure=True).status_code
    report["templates"] = sorted(name for name in rendered if name)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
