"""Password reset email from a real gunicorn to a real SMTP server, Django 5.2 and 6.1.

A site with DEBUG off must never print an email (a reset link in the host's log opens
the account to anyone who reads it). With EMAIL_HOST set, the reset email reaches the
SMTP server (aiosmtpd, started here on 127.0.0.1) with an https:// link to the host the
browser asked for; without it, nothing is sent and the pages say so; an unreachable or
silent server gives the usual page within EMAIL_TIMEOUT, and the log names the failure
but holds no link.
"""

import email
import email.policy
import re
import shutil
import socket
import time
import urllib.parse

import pytest
from aiosmtpd.controller import Controller

from support.baking import bake
from support.hosts import HTTPS, build_like_the_host, production_env, start_like_the_host
from support.servers import free_port, http_get
from support.venvs import build_venv, check_problems

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("mail")]

DJANGO_VERSIONS = ["5.2", "6.1"]
PUBLIC_HOST = "library.example.com"  # The host name the browser uses, as behind the host's router.
READER_EMAIL = "reader@example.com"
NEW_PASSWORD = "a-New-passw0rd-for-the-reader"
SEED_READER = (
    "shell",
    "-c",
    "from django.contrib.auth.models import User; "
    f"User.objects.create_user('reader', {READER_EMAIL!r}, 'x-Old-passw0rd')",
)
RESET_LINK = re.compile(r"https?://[^/\s]+/accounts/reset/[^/\s]+/[^/\s]+/")
# A reset link's token in a log (the redacted access log line shows "[token]" instead).
TOKEN_IN_LOG = re.compile(r"/accounts/reset/[^/\s]+/(?!set-password/|\[token\]/)[^/\s]+/")
EMAIL_TIMEOUT = 3


class Inbox:
    """aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def wait_for(self, count, timeout=15):
        deadline = time.monotonic() + timeout
        while len(self.envelopes) < count and time.monotonic() < deadline:  # Bounded by `timeout`.
            time.sleep(0.1)
        return self.envelopes


@pytest.fixture(scope="module")
def smtp_server():
    """A real SMTP server on 127.0.0.1 for this module; stopped at its end."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


@pytest.fixture(scope="module")
def silent_server():
    """A port that accepts connections and never says a word (a hung mail server)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield sock.getsockname()[1]


@pytest.fixture(scope="module")
def projects(tmp_path_factory):
    """One default bake and its virtualenv per Django version, made on first use."""
    made = {}

    def _project(django_version):
        if django_version not in made:
            project = bake(tmp_path_factory.mktemp(f"django{django_version}"), django_version=django_version)
            made[django_version] = (project, build_venv(project / "requirements-dev.txt", "3.13"))
        return made[django_version]

    return _project


class Site:
    """A baked project served by gunicorn as the host would, and a browser on it."""

    def __init__(self, base, server):
        self.base, self.server = base, server
        self.cookies = {}

    def request(self, path, data=None):
        headers = {**HTTPS, "Host": PUBLIC_HOST}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if data is not None:
            headers.update({"Origin": f"https://{PUBLIC_HOST}", "Content-Type": "application/x-www-form-urlencoded"})
            data = urllib.parse.urlencode(data).encode()
        status, response_headers, body = http_get(f"{self.base}{path}", headers=headers, data=data, timeout=30)
        for cookie in response_headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return status, response_headers, body.decode()

    def submit(self, path, fields, form_page=None):
        """GET the form at `path` (or `form_page`), then POST `fields` to `path` with its CSRF token."""
        status, _, body = self.request(form_page or path)
        assert status == 200, body
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
        return self.request(path, {"csrfmiddlewaretoken": token, **fields})

    def log(self):
        return self.server.output()


@pytest.fixture(scope="module")
def serve(projects, tmp_path_factory, start_server):
    """Serve a Django version's project with the given config vars; return a Site.

    Each version is built once, as the host builds it (collectstatic, migrate, the reader).
    Each test gets its own copy of that database and a web process started with its config
    vars, as a host restarts the web process, without building again, when one changes."""
    builds = {}

    def _serve(django_version, **config_vars):
        if django_version not in builds:
            project, venv = projects(django_version)
            workdir = tmp_path_factory.mktemp(f"build-{django_version}")
            built_database = workdir / "built.sqlite3"
            checkout, env = build_like_the_host(
                project, venv, workdir, seed=SEED_READER, DATABASE_URL=f"sqlite:///{built_database}"
            )
            builds[django_version] = (venv, checkout, env, built_database)
        venv, checkout, env, built_database = builds[django_version]
        database = tmp_path_factory.mktemp("web") / "web.sqlite3"
        shutil.copyfile(built_database, database)
        started = []

        def start_and_keep(*args):
            started.append(start_server(*args))
            return started[-1]

        base = start_like_the_host(
            checkout,
            venv,
            env,
            start_and_keep,
            DATABASE_URL=f"sqlite:///{database}",
            DJANGO_ALLOWED_HOSTS=f"127.0.0.1,{PUBLIC_HOST}",
            **config_vars,
        )
        return Site(base, started[0])

    return _serve


def mail_server(port, **extra):
    return {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": port, "EMAIL_USE_TLS": "False", **extra}


@pytest.mark.parametrize("django_version", DJANGO_VERSIONS)
def test_reset_email_reaches_the_smtp_server_with_an_https_link_to_the_sites_host(serve, smtp_server, django_version):
    inbox, port = smtp_server
    site = serve(django_version, **mail_server(port))
    already = len(inbox.envelopes)

    status, headers, _ = site.submit("/accounts/password_reset/", {"email": READER_EMAIL})
    assert status == 302 and headers["Location"] == "/accounts/password_reset/done/"
    envelopes = inbox.wait_for(already + 1)
    assert len(envelopes) == already + 1, f"no email reached the SMTP server:\n{site.log()}"
    envelope = envelopes[-1]
    assert envelope.rcpt_tos == [READER_EMAIL]
    assert envelope.mail_from == "you@example.com"  # DEFAULT_FROM_EMAIL: the `email` answer.
    message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
    link = RESET_LINK.search(message.get_body(("plain",)).get_content()).group()
    assert link.startswith(f"https://{PUBLIC_HOST}/accounts/reset/"), link

    # The link works: it leads to the form that sets a new password, and the reader logs in with it.
    status, headers, _ = site.request(link.removeprefix(f"https://{PUBLIC_HOST}"))
    assert status == 302 and headers["Location"].endswith("/set-password/"), headers
    set_password = headers["Location"]
    fields = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    status, headers, _ = site.submit(set_password, fields)
    assert status == 302 and headers["Location"] == "/accounts/reset/done/"
    site.cookies.clear()
    status, headers, _ = site.submit("/accounts/login/", {"username": "reader", "password": NEW_PASSWORD})
    assert status == 302 and headers["Location"] == "/"

    # Neither the email nor its link reached the log; the access log shows the path without the token.
    log = site.log()
    assert link not in log and not TOKEN_IN_LOG.search(log), log
    assert "/accounts/reset/" in log and "[token]" in log
    assert "Subject:" not in log


@pytest.mark.parametrize("django_version", DJANGO_VERSIONS)
def test_without_a_mail_server_nothing_is_sent_and_the_pages_say_so(serve, smtp_server, projects, django_version):
    inbox, _ = smtp_server
    site = serve(django_version)
    already = len(inbox.envelopes)

    status, _, body = site.request("/accounts/password_reset/")
    assert status == 200 and "Email is not set up on this site" in body
    assert 'name="email"' not in body
    # A POST made anyway (an old form, a script) sends nothing and says so.
    status, headers, _ = site.submit("/accounts/password_reset/", {"email": READER_EMAIL}, form_page="/accounts/login/")
    assert status == 302 and headers["Location"] == "/accounts/password_reset/done/"
    status, _, body = site.request("/accounts/password_reset/done/")
    assert status == 200 and "No email was sent" in body
    assert len(inbox.envelopes) == already
    log = site.log()
    assert "1 email(s) not sent: no mail server is set up" in log, log
    assert "Subject:" not in log and not RESET_LINK.search(log), log

    # The deploy check reports it as an Info, so --fail-level WARNING still passes.
    project, venv = projects(django_version)
    check = ["manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    without = venv.run(check, project, **production_env())
    assert "catalog.I001" in without.stderr and check_problems(without) == [], without.stderr
    with_host = venv.run(check, project, **production_env(EMAIL_HOST="smtp.example.com"))
    assert "System check identified no issues" in with_host.stdout, with_host.stderr


@pytest.mark.parametrize("django_version", DJANGO_VERSIONS)
@pytest.mark.parametrize("server", ["closed-port", "silent"])
def test_unreachable_mail_server_gives_the_usual_page_within_the_timeout(serve, silent_server, django_version, server):
    port = free_port() if server == "closed-port" else silent_server
    site = serve(django_version, **mail_server(port, EMAIL_TIMEOUT=EMAIL_TIMEOUT))

    started = time.monotonic()
    status, headers, _ = site.submit("/accounts/password_reset/", {"email": READER_EMAIL})
    elapsed = time.monotonic() - started
    assert status == 302 and headers["Location"] == "/accounts/password_reset/done/"
    assert elapsed < EMAIL_TIMEOUT + 5, f"the page took {elapsed:.1f}s with EMAIL_TIMEOUT={EMAIL_TIMEOUT}"
    if server == "silent":
        assert elapsed >= EMAIL_TIMEOUT - 0.5, "the silent server should have been waited for"
    status, _, body = site.request("/accounts/password_reset/done/")
    assert status == 200 and "Check your email" in body

    log = site.log()
    assert "Failed to send password reset email" in log, log
    assert not RESET_LINK.search(log) and not TOKEN_IN_LOG.search(log), log
