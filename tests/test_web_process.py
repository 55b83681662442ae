"""The Procfile's web process: a real gunicorn serving pages and static files."""

import gzip
import re
import shlex
import uuid

import html5lib
import pytest

from support.hosts import HTTPS, deploy_checkout, procfile_command, production_env, serve_like_the_host
from support.servers import free_port, http_get

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("web-process")]


@pytest.fixture(scope="module")
def web(default_project, prod_venv, tmp_path_factory, start_server):
    """Build like Heroku (collectstatic), release (migrate), then start `web:`; one per module."""
    return serve_like_the_host(default_project, prod_venv, tmp_path_factory.mktemp("web"), start_server)


def test_web_process_serves_the_catalog_home_page(web):
    status, headers, body = http_get(f"{web}/catalog/", headers=HTTPS)
    assert status == 200
    assert b"Local Library" in body
    assert "max-age=31536000" in headers["Strict-Transport-Security"]


def test_web_process_sends_strict_security_headers_and_cookies(web):
    status, headers, _ = http_get(f"{web}/accounts/login/", headers=HTTPS)
    assert status == 200
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    csrf_cookie = next(value for value in headers.get_all("Set-Cookie") if value.startswith("csrftoken="))
    assert "Secure" in csrf_cookie and "SameSite=Lax" in csrf_cookie


def test_web_process_redirects_plain_http_to_https(web):
    status, headers, _ = http_get(f"{web}/catalog/")
    assert status == 301
    assert headers["Location"].startswith("https://")


def test_web_process_serves_hashed_static_files_gzipped_with_far_future_cache(web):
    _, _, body = http_get(f"{web}/catalog/", headers=HTTPS)
    match = re.search(rb'href="(/static/css/styles\.[0-9a-f]{12}\.css)"', body)
    assert match, "the page should link the hashed stylesheet"
    status, headers, compressed = http_get(
        f"{web}{match.group(1).decode()}", headers={**HTTPS, "Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"] and "max-age=315360000" in headers["Cache-Control"]
    assert b"{" in gzip.decompress(compressed)


@pytest.mark.parametrize("path", ["/catalog/", "/catalog/books/", "/catalog/authors/", "/accounts/login/", "/nowhere/"])
def test_pages_are_well_formed_html5(web, path):
    """html5lib in strict mode raises on any HTML5 parse error."""
    status, headers, body = http_get(f"{web}{path}", headers=HTTPS)
    assert status in (200, 404)
    assert headers["Content-Type"].startswith("text/html")
    html5lib.HTMLParser(strict=True).parse(body)


def test_web_process_answers_unknown_hosts_with_400(web):
    status, _, _ = http_get(f"{web}/catalog/", headers={**HTTPS, "Host": "evil.example.com"})
    assert status == 400


INTERNAL_HOST = {"Host": "10.0.7.12:8000"}  # How a platform's health checker calls the web process.


def test_healthz_answers_plain_http_with_an_internal_host(web):
    status, headers, body = http_get(f"{web}/healthz", headers=INTERNAL_HOST)
    assert status == 200 and body == b"ok\n"
    assert headers.get_all("Set-Cookie") is None
    # Every other path keeps the host check and the HTTPS redirect.
    assert http_get(f"{web}/catalog/", headers=INTERNAL_HOST)[0] == 400
    assert http_get(f"{web}/catalog/")[0] == 301


@pytest.mark.postgres
@pytest.mark.parametrize("down", ["no-database", "no-server"])
def test_healthz_answers_503_when_postgresql_does_not(
    down, default_project, prod_venv, postgres_admin_url, tmp_path, start_server
):
    server_url = postgres_admin_url.rsplit("/", 1)[0]
    if down == "no-server":  # A port where nothing listens: a stopped server.
        server_url = f"postgresql://postgres@127.0.0.1:{free_port()}"
    checkout = deploy_checkout(default_project, tmp_path / "deploy")
    port = free_port()
    env = production_env(
        DATABASE_URL=f"{server_url}/ll_missing_{uuid.uuid4().hex[:10]}", PORT=port, WEB_HOST="127.0.0.1"
    )
    server = start_server(shlex.split(procfile_command(checkout, "web")), checkout, prod_venv.env(**env))
    status, headers, body = server.wait_until_answers(f"http://127.0.0.1:{port}/healthz", headers=INTERNAL_HOST)
    assert status == 503 and body == b"database unavailable\n"
    assert headers.get_all("Set-Cookie") is None
    assert "the database did not answer" in server.output()
