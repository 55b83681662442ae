"""A real browser against the production web process: log in, renew a loan, log out.

Debian's chromium, driven by Playwright's Python package (no browser download).
Set UPDATE_SCREENSHOTS=1 to refresh the screenshots in docs/screenshots/.
"""

import datetime
import os
import shutil

import pytest

from support import REPO_ROOT, unavailable
from support.baking import bake
from support.hosts import HTTPS, serve_like_the_host

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("browser")]

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Chromium's own background traffic has nowhere to go on a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LIBRARIAN_PASSWORD = "librarian-browser-test-pw"
BORROWER_PASSWORD = "borrower-browser-test-pw"
# Django's default DATE_FORMAT "N j, Y" abbreviates months the AP way.
AP_MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]


def django_date(day):
    return f"{AP_MONTHS[day.month - 1]} {day.day}, {day.year}"


@pytest.fixture(scope="module")
def browser():
    if not (shutil.which(CHROMIUM) or os.path.exists(CHROMIUM)):
        unavailable(f"chromium is not installed at {CHROMIUM}", "apt-get install chromium; .ci/run does it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# populate_catalog: demo books, a librarian and a borrower with these passwords.
DEMO_DATA = (
    "populate_catalog",
    "--books",
    "30",
    "--librarian-password",
    LIBRARIAN_PASSWORD,
    "--borrower-password",
    BORROWER_PASSWORD,
)


@pytest.fixture(scope="module")
def site(default_project, prod_venv, tmp_path_factory, start_server):
    """The default project, served as on the host; one per module."""
    return serve_like_the_host(default_project, prod_venv, tmp_path_factory.mktemp("site"), start_server, DEMO_DATA)


@pytest.fixture
def page(browser, site):
    context = browser.new_context(base_url=site, extra_http_headers=HTTPS)
    page = context.new_page()
    page.set_default_timeout(15_000)
    blocked = []
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    yield page
    context.close()
    assert not blocked, f"the Content-Security-Policy blocked something: {blocked}"


def screenshot(page, name, tmp_path):
    folder = REPO_ROOT / "docs" / "screenshots" if os.environ.get("UPDATE_SCREENSHOTS") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    page.screenshot(path=str(path), full_page=True)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_librarian_renews_a_loan_and_sees_the_new_due_date(page, tmp_path):
    page.goto("/catalog/")
    assert page.title() == "Local Library"
    assert page.get_by_role("heading", name="Local Library Home").is_visible()
    # The stylesheet loaded under the strict policy: the sidebar sits beside the content.
    assert page.locator("link[rel=stylesheet]").first.get_attribute("href").startswith("/static/css/styles.")
    screenshot(page, "home.png", tmp_path)

    page.get_by_role("link", name="Login").click()
    page.get_by_label("Username").fill("librarian")
    page.get_by_label("Password").fill(LIBRARIAN_PASSWORD)
    page.get_by_role("button", name="Login").click()
    page.wait_for_url("**/catalog/")
    assert page.get_by_text("User: librarian").is_visible()

    page.get_by_role("link", name="All books").click()
    page.wait_for_url("**/catalog/books/")
    screenshot(page, "book-list.png", tmp_path)
    page.locator("main a[href^='/catalog/book/']").first.click()
    assert page.get_by_role("heading", name="Copies").is_visible()

    page.get_by_role("link", name="All borrowed").click()
    page.wait_for_url("**/catalog/borrowed/")
    # The list is ordered by due date: renew the copy due first, to the latest allowed
    # day (demo loans are due within 3 weeks), so it moves to the end of the list.
    first_loan = page.locator("main li").first
    title = first_loan.locator("a").first.inner_text()
    first_loan.get_by_role("link", name="Renew").click()
    page.wait_for_url("**/renew/")
    assert page.get_by_role("heading", name=f"Renew: {title}").is_visible()
    new_due_date = datetime.date.today() + datetime.timedelta(weeks=4)
    page.get_by_label("Renewal date").fill(new_due_date.isoformat())
    page.get_by_role("button", name="Submit").click()
    page.wait_for_url("**/catalog/borrowed/")
    for _ in range(20):  # Bounded walk to the last page of loans.
        next_page = page.get_by_role("link", name="next")
        if not next_page.count():
            break
        next_page.click()
        page.wait_for_load_state()
    last_loan = page.locator("main li").last
    assert title in last_loan.inner_text()
    assert django_date(new_due_date) in last_loan.inner_text()

    page.get_by_role("button", name="Logout").click()
    assert page.get_by_role("heading", name="Logged out").is_visible()


def test_pages_fit_a_phone_screen(page):
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ("/catalog/", "/catalog/books/", "/accounts/login/"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{path} scrolls sideways"
        assert page.get_by_role("link", name="All books").is_visible()


def test_anonymous_visitor_is_sent_from_my_borrowed_to_login(page):
    page.goto("/catalog/mybooks/")
    page.wait_for_url("**/accounts/login/?next=/catalog/mybooks/")
    assert page.get_by_text("Please login to see this page.").is_visible()


def test_admin_login_page_works_under_the_content_security_policy(page):
    page.goto("/admin/login/")
    assert page.get_by_role("button", name="Log in").is_visible()
    # The page fixture fails the test if Chromium reported a blocked script or style.


def test_chinese_project_shows_chinese_pages_in_the_browser(browser, prod_venv, tmp_path_factory, start_server):
    """A language=zh-hans project, served as on the host; refreshes home-chinese.png for the docs."""
    tmp_path = tmp_path_factory.mktemp("zh-site")
    project = bake(tmp_path / "out", language="zh-hans")
    base = serve_like_the_host(project, prod_venv, tmp_path, start_server, DEMO_DATA)
    context = browser.new_context(base_url=base, extra_http_headers=HTTPS)
    try:
        page = context.new_page()
        page.goto("/catalog/")
        assert page.locator("html").get_attribute("lang") == "zh-hans"
        assert page.locator("h1").inner_text() == "本地图书馆首页"
        page.get_by_role("link", name="所有图书").click()
        assert page.locator("h1").inner_text() == "图书列表"
        page.goto("/catalog/")
        screenshot(page, "home-chinese.png", tmp_path)
    finally:
        context.close()
