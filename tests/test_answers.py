"""Answers are text everywhere they land: settings, README, app.json, git, and the printed commands.

A real surname outside the Basic Multilingual Plane, emoji, apostrophes, ampersands and
shell syntax bake, land unchanged, and survive the README's catch-up command, run as
printed by a POSIX shell.
"""

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from support import REPO_ROOT
from support.baking import bake, git

TRICKY_ANSWERS = [
    pytest.param(
        {"project_name": "𠮷田's Library 🦉", "author_name": "𠮷田 太郎", "project_slug": "yoshida"},
        id="astral-and-emoji",
    ),
    pytest.param(
        {
            "project_name": "Bob's Library & Co",
            "author_name": "Seán O'Brien",
            "description": 'Books, "quotes", $(touch pwned) and `touch pwned` & more',
        },
        id="quotes-and-shell-syntax",
    ),
    pytest.param({"project_name": "我的图书馆", "author_name": "李雷", "language": "zh-hans"}, id="chinese"),
]


def readme_command(readme):
    """The catch-up command of the README's bash block."""
    match = re.search(r"```bash\n(cookiecutter .*?)\n```", readme, re.DOTALL)
    assert match, "the README shows no catch-up command"
    return match.group(1)


def assert_answers_landed(project, answers):
    settings = (project / project.name / "settings.py").read_text(encoding="utf-8")
    admins = re.search(r"^ADMINS = (.+)$", settings, re.MULTILINE).group(1)
    assert ast.literal_eval(admins) == [(answers["author_name"], "you@example.com")]
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert readme.startswith(f"# {answers['project_name']}\n")
    if "description" in answers:
        assert f"\n{answers['description']}\n" in readme
    raw_app = (project / "app.json").read_text(encoding="utf-8")
    app = json.loads(raw_app)
    assert app["name"] == answers["project_name"][:30]
    assert "\\u" not in raw_app, "app.json holds escapes instead of the text"
    if "description" in answers:
        assert app["description"] == answers["description"]


@pytest.mark.parametrize("answers", TRICKY_ANSWERS)
def test_any_answer_bakes_and_lands_unchanged(baked, answers):
    project = baked(**answers)
    assert_answers_landed(project, answers)
    assert git(project, "log", "-1", "--format=%an").strip() == answers["author_name"]


@pytest.mark.parametrize("answers", TRICKY_ANSWERS)
def test_readme_catch_up_command_run_as_printed_keeps_every_answer(tmp_path, answers):
    """The bash block, pasted into sh: the next stage arrives and every answer reads the same."""
    output = tmp_path / "out"
    project = bake(output, tutorial_stage="sessions", **answers)
    app_json = (project / "app.json").read_bytes()  # No stage changes it; the settings do (part 8).
    command = readme_command((project / "README.md").read_text(encoding="utf-8"))
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(["sh", "-c", command], cwd=output, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(path.name for path in output.iterdir()) == [project.name], "the command baked a second project"
    assert not (output / "pwned").exists() and not (project / "pwned").exists(), "the command ran an answer"
    assert 'tutorial_stage = "authentication"' in (project / "pyproject.toml").read_text()
    assert (project / "templates" / "registration" / "login.html").is_file()
    assert (project / "app.json").read_bytes() == app_json, "app.json changed: an answer did not round-trip"
    assert_answers_landed(project, answers)


def test_readme_shows_the_catch_up_command_for_powershell_too(baked):
    project = baked(tutorial_stage="models", project_name="Bob's Library")
    readme = (project / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```powershell\n(cookiecutter .*?)\n```", readme, re.DOTALL).group(1)
    assert "'project_name=Bob''s Library'" in block
    assert "tutorial_stage=admin" in block


@pytest.mark.slow
def test_the_requirements_modules_the_slug_check_refuses_are_current():
    """Derived from every pinned set's installed packages, so a new dependency is refused as a slug too."""
    result = subprocess.run(
        [sys.executable, "scripts/requirement_modules.py", "--check"], cwd=REPO_ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    names = (REPO_ROOT / "locallibrary_engine" / "requirement_modules.txt").read_text().split()
    assert {"django", "asgiref", "brotli", "coverage", "whitenoise", "gunicorn", "psycopg", "pymysql"} <= set(names)
