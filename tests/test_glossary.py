"""One Chinese term per concept: the glossary in docs/language.zh.md holds.

The table under "中文术语表" names, for each concept, the Chinese term the project uses
and the variants it does not. No variant may appear in the Chinese README template, in a
Chinese docs page or in a msgstr of the site's catalogue; a failure names file and line.
Reads text files only: no bake, no helper from tests/support.
"""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DOCS_DIR = REPO_ROOT / "docs"
GLOSSARY_PAGES = {"zh": DOCS_DIR / "language.zh.md", "en": DOCS_DIR / "language.md"}
GLOSSARY_HEADINGS = {"zh": "## 中文术语表 {#chinese-glossary}", "en": "## Chinese glossary"}
README_TEMPLATE = REPO_ROOT / "templates" / "readme" / "README.zh-hans.md"
CATALOGUE = REPO_ROOT / "{{cookiecutter.project_slug}}" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
NO_VARIANT = {"", "—", "-"}


def glossary_rows(page, heading):
    """(line number, cells) of each body row of the first table under `heading` in `page`."""
    lines = page.read_text(encoding="utf-8").splitlines()
    start = lines.index(heading)
    rows = []
    for number, line in enumerate(lines[start + 1 :], start=start + 2):
        if line.startswith("## "):
            break
        if line.startswith("|"):
            rows.append((number, [cell.strip() for cell in line.strip().strip("|").split("|")]))
        elif rows:
            break  # The table has ended.
    header, rule, *body = rows
    assert len(header[1]) == 3 and set(rule[1][0]) == {"-"}, f"{page.name}:{header[0]}: not a three-column table"
    return body


def glossary():
    """{avoided variant: (term to use, English term)}, from the Chinese page's table."""
    avoided = {}
    for _, (english, used, variants) in glossary_rows(GLOSSARY_PAGES["zh"], GLOSSARY_HEADINGS["zh"]):
        for variant in variants.split("、"):
            if variant.strip() not in NO_VARIANT:
                avoided[variant.strip()] = (used, english)
    return avoided


def catalogue_translations(path):
    """(line number, text) of each msgstr line of a .po file, continuation lines included."""
    in_msgstr = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("msgstr"):
            in_msgstr = True
        elif not line.startswith('"'):
            in_msgstr = False
        if in_msgstr:
            yield number, line


def text_lines(path, skip=()):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if number not in skip:
            yield number, line


def violations(sources, avoided):
    """'file:line: variant (use term for English)' for each avoided variant in `sources`,
    an iterable of (path, (line number, text) pairs). ASCII variants match in any case."""
    found = []
    for path, lines in sources:
        for number, line in lines:
            for variant, (used, english) in avoided.items():
                if variant.casefold() in line.casefold():
                    relative = path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path
                    found.append(f"{relative}:{number}: “{variant}” (use “{used}” for {english})")
    return found


def chinese_sources():
    """The Chinese texts the glossary covers, without the glossary table itself."""
    table = {number for number, _ in glossary_rows(GLOSSARY_PAGES["zh"], GLOSSARY_HEADINGS["zh"])}
    pages = sorted(DOCS_DIR.glob("*.zh.md")) + sorted(DOCS_DIR.glob("deploy/*.zh.md"))
    yield README_TEMPLATE, text_lines(README_TEMPLATE)
    for page in pages:
        yield page, text_lines(page, skip=table if page == GLOSSARY_PAGES["zh"] else ())
    yield CATALOGUE, catalogue_translations(CATALOGUE)


def test_glossary_is_a_table_of_terms_and_the_english_page_has_the_same_one():
    chinese = glossary_rows(GLOSSARY_PAGES["zh"], GLOSSARY_HEADINGS["zh"])
    english = glossary_rows(GLOSSARY_PAGES["en"], GLOSSARY_HEADINGS["en"])
    assert len(chinese) >= 15, f"the glossary has only {len(chinese)} terms"
    assert all(len(cells) == 3 and cells[0] and cells[1] for _, cells in chinese), "a row lacks a term"
    assert [cells[1:] for _, cells in english] == [cells[1:] for _, cells in chinese], (
        "docs/language.md and docs/language.zh.md list different Chinese terms"
    )
    used = [cells[1] for _, cells in chinese]
    clashes = [(variant, term) for variant in glossary() for term in used if variant in term]
    assert not clashes, f"an avoided variant is part of a term in use: {clashes}"


def test_chinese_readme_docs_and_catalogue_use_the_glossary_terms():
    avoided = glossary()
    assert {"主页", "登出", "注销", "My borrowed", "All borrowed"} <= set(avoided)
    found = violations(chinese_sources(), avoided)
    assert not found, "variants the glossary in docs/language.zh.md avoids:\n" + "\n".join(found)


def test_glossary_check_names_the_file_and_line_of_each_avoided_variant(tmp_path):
    page = tmp_path / "page.zh.md"
    page.write_text("# 标题\n\n回到主页。\n", encoding="utf-8")
    catalogue = tmp_path / "django.po"
    catalogue.write_text(
        'msgid "Home"\nmsgstr "首页"\n\nmsgid "主页 in a msgid is English text"\nmsgstr ""\n"请先登出"\n\n'
        'msgid "My Borrowed"\nmsgstr "my borrowed"\n',
        encoding="utf-8",
    )

    found = violations([(page, text_lines(page)), (catalogue, catalogue_translations(catalogue))], glossary())

    assert found == [
        f"{page}:3: “主页” (use “首页” for home page, Home（教程第 5 部分、网站菜单）)",
        f"{catalogue}:6: “登出” (use “退出登录” for log out, Logout)",
        f"{catalogue}:9: “My borrowed” (use “我的借阅” for My Borrowed（页面）)",
    ]
