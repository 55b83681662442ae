"""Site text typeset for its language: Chinese pages punctuate the Chinese way, English pages as before.

Every page of a complete project, filled with demo data, is read for four kinds of visitor
(tests/typeset_crawl.py). Punctuation, separators and spacing come from whole translated
phrases, so a zh-hans page has full-width parentheses, commas and colons with no space
around them, lists joined with "、", and no dash left hanging when a date is missing.
"""

import json

import pytest

from support import REPO_ROOT
from support.baking import bake
from support.venvs import DEFAULT_PYTHON, build_venv
from typeset_crawl import problems

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("typesetting")]

CRAWLER = REPO_ROOT / "tests" / "typeset_crawl.py"


@pytest.mark.parametrize(
    "text, rule",
    [
        ("(已借出, 2026年11月22日 到期, 已逾期)", "ASCII punctuation beside Chinese"),
        ("(可借阅)", "ASCII punctuation beside Chinese"),
        ("用户名:", "ASCII punctuation beside Chinese"),
        ("图书： 20", "space around a full-width colon"),
        ("2026年11月25日 （已逾期）", "space between Chinese and a full-width parenthesis"),
        ("1900年1月1日 -", "dangling dash"),
        ("- borrower - 续借", "dangling dash"),
    ],
)
def test_the_checker_finds_each_problem_the_issue_reported(text, rule):
    assert rule in problems(text)


@pytest.mark.parametrize(
    "text",
    [
        "类别：奇幻、科幻",
        "影子与花园（2）（2026年11月24日，已逾期）",
        "第 1 页，共 2 页。",
        "Le Guin, Ursula（卒于2018年1月22日）",
    ],
)
def test_the_checker_passes_chinese_typeset_the_chinese_way(text):
    assert problems(text) == []


def crawl(project, venv, tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'typeset.sqlite3'}"}
    return json.loads(venv.run([str(CRAWLER)], cwd=project, **env).stdout)


@pytest.fixture(scope="module")
def dev_venv_for(tmp_path_factory):
    projects = {language: bake(tmp_path_factory.mktemp(language), language=language) for language in ("en", "zh-hans")}
    venv = build_venv(projects["en"] / "requirements-dev.txt", DEFAULT_PYTHON)
    return projects, venv


def test_every_zh_hans_page_is_typeset_the_chinese_way(dev_venv_for, tmp_path):
    projects, venv = dev_venv_for
    report = crawl(projects["zh-hans"], venv, tmp_path)

    assert report["pages"] > 300, report["pages"]  # Every list, detail, form and account page.
    assert report["problems"] == {}, json.dumps(report["problems"], ensure_ascii=False, indent=1)
    runs = report["runs"]
    genre_line = next(text for text in runs["book"] if text.startswith("类别："))
    assert "、" in genre_line, genre_line  # Lists joined the Chinese way.
    assert any(text.startswith("到期日期：") and text.endswith("（已逾期）") for text in runs["overdue_copy"])
    assert any(text.startswith("生于") for text in runs["born_only"]), runs["born_only"]
    assert "卒于2018年1月22日" in runs["died_only"]
    assert "1929年10月21日—2018年1月22日" in runs["both_dates"]
    assert any("，借阅者：borrower，续借" in text for text in runs["borrowed"]), runs["borrowed"]
    assert "图书：12" in runs["home"]
    assert all("," not in text for text in runs["books"] if "（" in text)  # Chinese names: 王伟, not "王, 伟".


def test_english_pages_keep_their_punctuation(dev_venv_for, tmp_path):
    projects, venv = dev_venv_for
    runs = crawl(projects["en"], venv, tmp_path)["runs"]

    assert "Books: 12" in runs["home"]
    genre_line = next(text for text in runs["book"] if text.startswith("Genre: "))
    assert ", " in genre_line, genre_line
    assert any(text.startswith("Author: ") and ", " in text for text in runs["book"])
    assert any(text.startswith("Due to be returned: ") and text.endswith(" (overdue)") for text in runs["overdue_copy"])
    assert any(text.endswith(")") and " (" in text and ", " in text for text in runs["books"])  # Title (Last, First)
    assert any(text.startswith("born ") for text in runs["born_only"]), runs["born_only"]
    assert "died Jan. 22, 2018" in runs["died_only"]
    assert any(" - borrower - Renew" in text and ", overdue)" in text for text in runs["borrowed"]), runs["borrowed"]
    assert any(" (Available)" in text for text in runs["copies"]), runs["copies"]
