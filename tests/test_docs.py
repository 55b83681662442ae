"""The documentation site builds cleanly and its options reference matches cookiecutter.json."""

import json
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DOCS_DIR = REPO_ROOT / "docs"
OPTIONS_PAGE = DOCS_DIR / "options.md"


def is_table_row(line):
    return line.lstrip().startswith("|")


def first_cell(line):
    """The first cell of a Markdown table row, without surrounding spaces or backticks."""
    return line.strip().removeprefix("|").split("|", 1)[0].strip().strip("`").strip()


def options_table_keys(markdown):
    """First-column entries of the table whose first header cell is "Option", or None."""
    lines = markdown.splitlines()
    for index, line in enumerate(lines):
        if is_table_row(line) and first_cell(line).lower() == "option":
            keys = []
            for row in lines[index + 2 :]:  # Skip the header and its |---| separator.
                if not is_table_row(row):
                    break
                keys.append(first_cell(row))
            return keys
    return None


def test_docs_site_builds_in_strict_mode(tmp_path):
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, (
        f"mkdocs build --strict exited {result.returncode}\n"
        f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}"
    )
    assert (site / "index.html").is_file(), "the build wrote no index.html"
    for page in sorted(DOCS_DIR.glob("*.md")):
        if page.stem != "index":
            assert (site / page.stem / "index.html").is_file(), f"docs/{page.name} was not built"


def test_options_reference_lists_every_cookiecutter_option():
    context = json.loads((REPO_ROOT / "cookiecutter.json").read_text(encoding="utf-8"))
    expected = {key for key in context if not key.startswith("_")}
    documented = options_table_keys(OPTIONS_PAGE.read_text(encoding="utf-8"))

    assert documented is not None, "docs/options.md has no table whose first column is headed 'Option'"
    duplicates = sorted({key for key in documented if documented.count(key) > 1})
    assert not duplicates, f"docs/options.md lists these options more than once: {duplicates}"
    missing = sorted(expected - set(documented))
    unknown = sorted(set(documented) - expected)
    assert not missing and not unknown, (
        "docs/options.md is out of step with cookiecutter.json: "
        f"options without a row: {missing}; rows for options that cookiecutter.json does not have: {unknown}"
    )
