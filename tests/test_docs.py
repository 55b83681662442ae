"""The documentation site builds cleanly in English and Chinese, and its options reference matches cookiecutter.json."""

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
DOCS_DIR = REPO_ROOT / "docs"
OPTIONS_SCRIPT = REPO_ROOT / "scripts" / "options_reference.py"
OPTIONS_PAGES = {"en": DOCS_DIR / "options.md", "zh": DOCS_DIR / "options.zh.md"}
CI_PAGES = (DOCS_DIR / "ci.md", DOCS_DIR / "ci.zh.md")
BIN = Path(sys.executable).parent
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def cookiecutter_context(path=REPO_ROOT / "cookiecutter.json"):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def public_options(context):
    return [key for key in context if not key.startswith("_")]


def run(command, cwd=REPO_ROOT):
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300)


def output(result):
    return f"exit {result.returncode}\n--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}"


# --------------------------------------------------------------------------
# The site, in both languages
# --------------------------------------------------------------------------


class MkdocsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose !!python/name tags (e.g. the toc slugify function) are kept as text."""


MkdocsLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: suffix)


def mkdocs_config(root=REPO_ROOT):
    return yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=MkdocsLoader)


def i18n_languages(config):
    (plugin,) = [entry["i18n"] for entry in config["plugins"] if isinstance(entry, dict) and "i18n" in entry]
    return {language["locale"]: language for language in plugin["languages"]}


def nav_titles(nav):
    for entry in nav:
        for title, target in entry.items():
            yield title
            if isinstance(target, list):
                yield from nav_titles(target)


def build_site(root, site):
    return run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], cwd=root)


def docs_pages(docs_dir):
    """(English pages, Chinese pages) of a docs folder, as paths relative to it without '.md' / '.zh.md'."""
    english, chinese = [], []
    for page in sorted(docs_dir.rglob("*.md")):
        relative = page.relative_to(docs_dir).as_posix()
        if relative.endswith(".zh.md"):
            chinese.append(relative.removesuffix(".zh.md"))
        else:
            english.append(relative.removesuffix(".md"))
    return english, chinese


def built_page(site, page, language):
    prefix = site / "zh" if language == "zh" else site
    return prefix / "index.html" if page == "index" else prefix / page / "index.html"


def visible_text(html):
    """The text of a built page's main content, without tags."""
    main = html.split('role="main"', 1)[-1]
    return re.sub(r"<[^>]+>", " ", main)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = tmp_path_factory.mktemp("site")
    result = build_site(REPO_ROOT, site)
    assert result.returncode == 0, f"mkdocs build --strict failed: {output(result)}"
    return site


def test_docs_site_builds_in_strict_mode_with_every_page_in_both_languages(site):
    english, chinese = docs_pages(DOCS_DIR)
    assert set(chinese) <= set(english), f"Chinese pages without an English page: {sorted(set(chinese) - set(english))}"
    for page in english:
        for language in ("en", "zh"):
            assert built_page(site, page, language).is_file(), f"docs/{page}.md was not built for {language}"
    assert not (site / "zh" / "zh").exists(), "the Chinese site was nested inside itself"


def test_chinese_pages_are_built_under_zh_in_chinese(site):
    _, chinese = docs_pages(DOCS_DIR)
    assert chinese, "docs/ has no .zh.md page"
    for page in chinese:
        html = built_page(site, page, "zh").read_text(encoding="utf-8")
        assert '<html lang="zh"' in html, f"zh/{page}: the page is not marked as Chinese"
        text = visible_text(html)
        assert len(CHINESE.findall(text)) > 50, f"zh/{page} shows hardly any Chinese text"
        english = visible_text(built_page(site, page, "en").read_text(encoding="utf-8"))
        assert len(CHINESE.findall(english)) < len(CHINESE.findall(text)), f"{page}: English page has the Chinese text"


def test_chinese_site_has_translated_navigation(site):
    config = mkdocs_config()
    translations = i18n_languages(config)["zh"]["nav_translations"]
    titles = set(nav_titles(config["nav"]))
    stale = sorted(set(translations) - titles)
    assert not stale, f"nav_translations in mkdocs.yml name titles that the nav does not have: {stale}"
    chinese_home = built_page(site, "index", "zh").read_text(encoding="utf-8")
    english_home = built_page(site, "index", "en").read_text(encoding="utf-8")
    for english_title, chinese_title in translations.items():
        assert f">{chinese_title}<" in chinese_home, f"the zh navigation lacks {chinese_title!r} ({english_title})"
        assert f">{chinese_title}<" not in english_home, f"the English navigation shows {chinese_title!r}"


def test_language_switcher_links_each_page_to_the_same_page_in_the_other_language(site):
    def switcher_links(path):
        html = path.read_text(encoding="utf-8")
        menu = html.split('id="language-switcher"', 1)[1].split("</ul>", 1)[0]
        links = re.findall(r'hreflang="([^"]+)" href="([^"]+)"', menu)
        return {language: (path.parent / href).resolve() for language, href in links}

    for page in ("index", "options", "deploy/heroku"):
        english, chinese = built_page(site, page, "en"), built_page(site, page, "zh")
        for path in (english, chinese):
            links = switcher_links(path)
            assert links.keys() == {"en", "zh"}, f"{path}: switcher offers {sorted(links)}"
            assert (links["en"] / "index.html").resolve() == english.resolve(), f"{path}: English link is wrong"
            assert (links["zh"] / "index.html").resolve() == chinese.resolve(), f"{path}: Chinese link is wrong"


def test_page_without_translation_falls_back_to_english_under_zh(tmp_path):
    """A copy of the docs in which testing.md has no .zh.md still builds, and zh/testing/ shows the English page."""
    root = tmp_path / "repo"
    shutil.copytree(DOCS_DIR, root / "docs")
    shutil.copytree(REPO_ROOT / "overrides", root / "overrides")
    shutil.copy(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    (root / "docs" / "testing.zh.md").unlink(missing_ok=True)

    result = build_site(root, tmp_path / "site")

    assert result.returncode == 0, f"mkdocs build --strict failed without testing.zh.md: {output(result)}"
    html = built_page(tmp_path / "site", "testing", "zh").read_text(encoding="utf-8")
    first_heading = (DOCS_DIR / "testing.md").read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()
    assert first_heading in html, "zh/testing/ does not show the English page"
    assert ">测试模板<" in html, "the fallback page lost the Chinese navigation"


# --------------------------------------------------------------------------
# The options reference, generated from cookiecutter.json
# --------------------------------------------------------------------------


def generated_block(markdown):
    start = markdown.index("<!-- options:start")
    end = markdown.index("<!-- options:end -->")
    return markdown[start:end]


def outside_generated_block(markdown):
    start = markdown.index("<!-- options:start")
    end = markdown.index("<!-- options:end -->")
    return markdown[:start], markdown[end:]


def table_first_column(block):
    """First-column entries of the Markdown table in `block`, without backticks."""
    rows = [line for line in block.splitlines() if line.startswith("|")]
    return [row.strip("|").split("|", 1)[0].strip().strip("`") for row in rows[2:]]  # skip header and |---|


def run_options_script(*args):
    return run([sys.executable, str(OPTIONS_SCRIPT), *args])


def copy_of_inputs(tmp_path, change=None):
    """A copy of cookiecutter.json (changed by `change`) and of the two options pages, in tmp_path."""
    context = cookiecutter_context()
    if change:
        change(context)
    context_path = tmp_path / "cookiecutter.json"
    context_path.write_text(json.dumps(context, ensure_ascii=False, indent=2), encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    for page in OPTIONS_PAGES.values():
        shutil.copy(page, docs / page.name)
    return context_path, docs


def import_options_script():
    spec = importlib.util.spec_from_file_location("options_reference", OPTIONS_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_options_pages_match_the_generator():
    result = run_options_script("--check")
    assert result.returncode == 0, f"docs/options*.md are stale: {output(result)}"


def test_every_cookiecutter_option_is_in_both_options_tables():
    expected = public_options(cookiecutter_context())
    for language, page in OPTIONS_PAGES.items():
        documented = table_first_column(generated_block(page.read_text(encoding="utf-8")))
        assert documented == expected, f"{page.name} ({language}) lists {documented}, cookiecutter.json has {expected}"


def test_options_check_fails_naming_both_pages_when_cookiecutter_json_gains_an_option(tmp_path, monkeypatch, capsys):
    def add_option(context):
        context["library_motto"] = "Read more"
        context["__prompts__"]["library_motto"] = "Motto printed under the site name"

    context_path, docs = copy_of_inputs(tmp_path, add_option)
    committed = {name: (docs / name).read_text(encoding="utf-8") for name in ("options.md", "options.zh.md")}
    script = import_options_script()
    monkeypatch.setitem(script.ZH_PROMPTS, "library_motto", "网站名称下方的格言")
    paths = ["--cookiecutter-json", str(context_path), "--docs-dir", str(docs)]

    assert script.main(["--check", *paths]) == 1
    stale_report = capsys.readouterr().err
    for name in committed:
        assert f"{docs / name} is stale" in stale_report
    assert f"Regenerate it with: python scripts/options_reference.py --cookiecutter-json {context_path}" in stale_report
    assert {name: (docs / name).read_text(encoding="utf-8") for name in committed} == committed, "--check wrote"

    assert script.main(paths) == 0
    assert script.main(["--check", *paths]) == 0
    for name, before in committed.items():
        after = (docs / name).read_text(encoding="utf-8")
        assert "library_motto" in table_first_column(generated_block(after)), f"{name} did not gain the option"
        assert outside_generated_block(after) == outside_generated_block(before), f"{name}: prose was changed"
    assert "网站名称下方的格言" in (docs / "options.zh.md").read_text(encoding="utf-8")
    assert "Motto printed under the site name" in (docs / "options.md").read_text(encoding="utf-8")


def test_options_generator_refuses_an_option_without_chinese_description(tmp_path):
    def add_option(context):
        context["library_motto"] = "Read more"
        context["__prompts__"]["library_motto"] = "Motto printed under the site name"

    context_path, docs = copy_of_inputs(tmp_path, add_option)
    before = {page: page.read_text(encoding="utf-8") for page in docs.iterdir()}

    result = run_options_script("--cookiecutter-json", str(context_path), "--docs-dir", str(docs))

    assert result.returncode == 2, output(result)
    assert "option 'library_motto' has no Chinese description: add it to ZH_PROMPTS" in result.stderr
    assert {page: page.read_text(encoding="utf-8") for page in docs.iterdir()} == before, "pages were written"


def test_options_generator_refuses_a_choice_without_chinese_label(tmp_path):
    context_path, docs = copy_of_inputs(tmp_path, lambda context: context["database"].append("sqlserver"))

    result = run_options_script("--check", "--cookiecutter-json", str(context_path), "--docs-dir", str(docs))

    assert result.returncode == 2, output(result)
    assert "choice 'sqlserver' of option 'database' has no Chinese label: add it to ZH_CHOICES['database']" in (
        result.stderr
    )


def test_options_tables_show_jinja_defaults_as_what_they_derive_from():
    english = generated_block(OPTIONS_PAGES["en"].read_text(encoding="utf-8"))
    chinese = generated_block(OPTIONS_PAGES["zh"].read_text(encoding="utf-8"))
    assert "{{" not in english and "{{" not in chinese, "a raw Jinja default reached the table"
    assert "derived from `project_name`; with the default answers: `locallibrary`" in english
    assert "由 `project_name` 生成；默认答案下为 `locallibrary`" in chinese
    assert "`Asia/Shanghai` if `language` = `zh-hans`" in english
    assert "`language` = `zh-hans` 时为 `Asia/Shanghai`" in chinese


# --------------------------------------------------------------------------
# The CI guide's example workflow
# --------------------------------------------------------------------------


def yaml_blocks(markdown):
    return re.findall(r"^```yaml\n(.*?)^```", markdown, flags=re.MULTILINE | re.DOTALL)


def test_ci_guide_workflow_is_valid_and_covers_every_stage_and_language(tmp_path):
    workflows = [yaml_blocks(page.read_text(encoding="utf-8")) for page in CI_PAGES]
    assert all(len(blocks) == 1 for blocks in workflows), "each CI guide page must hold one YAML workflow"
    assert workflows[0] == workflows[1], "ci.md and ci.zh.md show different workflows"
    path = tmp_path / "bake.yml"
    path.write_text(workflows[0][0], encoding="utf-8")

    result = run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(path)])

    assert result.returncode == 0, f"the example is not a valid GitHub workflow: {output(result)}"
    workflow = yaml.safe_load(workflows[0][0])
    matrix = workflow["jobs"]["bake"]["strategy"]["matrix"]
    context = cookiecutter_context()
    assert sorted(matrix["tutorial_stage"]) == sorted(context["tutorial_stage"])
    assert sorted(matrix["language"]) == sorted(context["language"])
    steps = "\n".join(step.get("run", "") for step in workflow["jobs"]["bake"]["steps"])
    assert "cookiecutter ./template --no-input" in steps and "python scripts/check.py" in steps
