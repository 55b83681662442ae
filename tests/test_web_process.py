"""The Procfile's web process: a real gunicorn serving pages and static files."""

import gzip
import re

import html5lib
import pytest
from conftest import HTTPS, http_get, serve_like_the_host

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
