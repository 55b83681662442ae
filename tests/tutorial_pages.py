"""Request a list of pages from a baked project with Django's test client; print the results as JSON.

Run inside a baked project, with its virtualenv and DATABASE_URL naming an empty database:

    python /path/to/tutorial_pages.py requests.json

requests.json holds {"requests": [...]}; each request has a label, a client name, a
method, a URL and optionally form data, follow, and the texts to look for in the page
(texts) or in the emails it sends (mail_texts). URLs, data and texts may name the
records made here in braces: {book}, {author}, {author_without_books}, {genre},
{language}, {loaned_copy}, {available_copy}, {renewal_date}, {past_date}, and for the
password reset link {reset_uid} and {reset_token}.

The database is migrated, then filled with whatever the project's models allow: one
book with its author, genre, language and two copies (one on loan to the librarian
once BookInstance has a borrower), a second author without books, and three users:
reader (no permissions), librarian (can_mark_returned and the author permissions, when
the project has them) and admin (a superuser). A client named "reader", "librarian" or
"admin" is logged in as that user; "reader:logout" (any text after a colon) is a second,
separate client of the same user; any other name is an anonymous client of its own.
Clients keep their session from one request to the next.

For each request the script prints the status, the redirect target, the templates
rendered, the texts not found, and the exception if the request raised one. The
template tests (tests/test_tutorial_paste.py) decide what is right.
"""

import datetime
import json
import sys
import traceback
from pathlib import Path

from stage_crawl import setup_django  # This script's folder is first on sys.path.

PASSWORD = "Tutorial-paste-9f3k"
RESULT_PREFIX = "TUTORIAL_PAGES_JSON:"


def make_records():
    """The catalogue and the users; returns the records by name."""
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    user_model = get_user_model()
    records = {
        "reader": user_model.objects.create_user("reader", "reader@example.com", PASSWORD),
        "librarian": user_model.objects.create_user("librarian", "librarian@example.com", PASSWORD),
        "admin": user_model.objects.create_superuser("admin", "admin@example.com", PASSWORD),
    }
    wanted = ["can_mark_returned", "add_author", "change_author", "delete_author"]
    records["librarian"].user_permissions.add(
        *Permission.objects.filter(content_type__app_label="catalog", codename__in=wanted)
    )

    models = apps.all_models["catalog"]
    if "book" not in models:
        return records
    genre = models["genre"].objects.create(name="Fantasy")
    language = models["language"].objects.create(name="English")
    author = models["author"].objects.create(first_name="Ursula", last_name="Le Guin")
    author_without_books = models["author"].objects.create(first_name="Octavia", last_name="Butler")
    book = models["book"].objects.create(
        title="A Wizard of Earthsea",
        author=author,
        summary="A young wizard learns what his power costs.",
        isbn="9780547773742",
        language=language,
    )
    book.genre.add(genre)
    copy_model = models["bookinstance"]
    loan = {"status": "o", "due_back": datetime.date.today() + datetime.timedelta(days=7)}
    if "borrower" in {field.name for field in copy_model._meta.get_fields()}:
        loan["borrower"] = records["librarian"]
    loaned_copy = copy_model.objects.create(book=book, imprint="Parnassus, 1968", **loan)
    available_copy = copy_model.objects.create(book=book, imprint="Puffin, 1971", status="a")
    records.update(
        genre=genre,
        language=language,
        author=author,
        author_without_books=author_without_books,
        book=book,
        loaned_copy=loaned_copy,
        available_copy=available_copy,
    )
    return records


def placeholders(records):
    """The values {names} in URLs, data and texts stand for, as of now."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    today = datetime.date.today()
    values = {
        "renewal_date": (today + datetime.timedelta(weeks=2)).isoformat(),
        "past_date": (today - datetime.timedelta(weeks=1)).isoformat(),
    }
    for name, record in records.items():
        values[name] = str(record.pk)
    reader = type(records["reader"]).objects.get(pk=records["reader"].pk)
    values["reset_uid"] = urlsafe_base64_encode(force_bytes(reader.pk))
    # A token is valid until the user's password or last login changes, so make it now.
    values["reset_token"] = default_token_generator.make_token(reader)
    return values


def fill(value, values):
    if isinstance(value, str):
        return value.format(**values)
    if isinstance(value, dict):
        return {key: fill(item, values) for key, item in value.items()}
    if isinstance(value, list):
        return [fill(item, values) for item in value]
    return value


def main():
    spec = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    setup_django()
    from django.core import mail
    from django.test import Client
    from django.test.signals import template_rendered

    records = make_records()
    rendered = []
    template_rendered.connect(lambda sender, template, **kwargs: rendered.append(template.name))

    clients = {}

    def client_for(name):
        if name not in clients:
            clients[name] = Client()
            user = records.get(name.split(":")[0])
            if name.split(":")[0] in ("reader", "librarian", "admin"):
                clients[name].force_login(user)
        return clients[name]

    results = []
    for request in spec["requests"]:
        values = placeholders(records)
        url = fill(request["url"], values)
        expected_location = fill(request.get("location"), values)
        result = {"label": request["label"], "url": url, "expected_location": expected_location, "error": None}
        rendered.clear()
        mail.outbox = []
        try:
            client = client_for(request["client"])
            send = getattr(client, request.get("method", "get"))
            response = send(url, fill(request.get("data") or {}, values), follow=request.get("follow", False))
        except Exception as error:  # The page failed: report it, go on with the others.
            lines = traceback.format_exception_only(type(error), error)
            result["error"] = "".join(lines).strip()
            results.append(result)
            continue
        content = response.content.decode("utf-8", errors="replace")
        mails = "\n".join(message.body for message in mail.outbox)
        result.update(
            status=response.status_code,
            location=response.get("Location"),
            templates=sorted({name for name in rendered if name}),
            missing_texts=[text for text in fill(request.get("texts", []), values) if text not in content],
            missing_mail_texts=[text for text in fill(request.get("mail_texts", []), values) if text not in mails],
        )
        results.append(result)
    print(RESULT_PREFIX + json.dumps(results))


if __name__ == "__main__":
    main()
