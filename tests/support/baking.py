"""Baking the template with cookiecutter's API, the files of a baked project, and git in it.

A plain bake into a test's own folder goes through pytest-cookies, as the ``baked`` and
``default_project`` fixtures do (the template is always this repository, whatever
``--template`` says); ``bake`` is for the others: a bake over a project, into a folder the
test names, from a module-scoped fixture, or from a bench script.
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

from cookiecutter.main import cookiecutter

from locallibrary_engine.stages import STAGES
from support import REPO_ROOT

# The MDN tutorial's parts in order, as the hooks' engine reads them from cookiecutter.json.
TUTORIAL_STAGES = STAGES


def bake(output_dir, overwrite_if_exists=False, **answers):
    """Bake the template with the given answers (no prompts); return the project path.

    overwrite_if_exists bakes over an existing project, as a student moving to the next
    tutorial stage does.
    """
    return Path(
        cookiecutter(
            str(REPO_ROOT),
            no_input=True,
            extra_context=answers,
            output_dir=str(output_dir),
            overwrite_if_exists=overwrite_if_exists,
        )
    )


def project_of(result):
    """The project a pytest-cookies bake made; the bake's exception, raised, if it failed."""
    if result.exception is not None:
        raise result.exception
    return result.project_path


def baked_files(project):
    """Every file of a baked project, outside .git."""
    return sorted(p for p in project.rglob("*") if p.is_file() and ".git" not in p.relative_to(project).parts)


# Jinja that escaped rendering: a cookiecutter variable, or a Jinja tag outside the
# Django templates (where {% %} and {{ }} are Django's own syntax).
LEFTOVER_ANYWHERE = re.compile(r"\{\{-?\s*cookiecutter|cookiecutter\.(?!json)[a-z_]+")
LEFTOVER_OUTSIDE_TEMPLATES = re.compile(r"\{%-?\s|\s-?%\}|\{#|#\}")


def assert_no_jinja_leftovers(project):
    for path in baked_files(project):
        text = path.read_text(encoding="utf-8", errors="ignore")
        relative = path.relative_to(project)
        assert not LEFTOVER_ANYWHERE.search(text), f"cookiecutter variable left in {relative}"
        if "templates" not in relative.parts and path.suffix != ".html":
            match = LEFTOVER_OUTSIDE_TEMPLATES.search(text)
            assert not match, f"Jinja syntax {match.group()!r} left in {relative}"


def bake_from_edited_replay(tmp_path, home, **changes):
    """Bake once, edit the saved replay file with `changes`, and bake again into tmp_path/second."""
    bake(tmp_path / "first")
    replay = json.loads((home / ".cookiecutter_replay" / f"{REPO_ROOT.name}.json").read_text())
    replay["cookiecutter"].update(changes)
    edited = tmp_path / "edited-replay.json"
    edited.write_text(json.dumps(replay))
    output = tmp_path / "second"
    output.mkdir()
    cookiecutter(str(REPO_ROOT), replay=str(edited), output_dir=str(output))
    return output


def git(project, *args):
    return subprocess.run(["git", *args], cwd=project, check=True, capture_output=True, text=True).stdout


# A student's identity, passed per command, so no git config is ever written.
IDENTITY = ("-c", "user.name=Test Student", "-c", "user.email=student@example.com", "-c", "commit.gpgsign=false")


def commit_all(repo, message="My work"):
    """Commit every change in `repo`, as a student does; return the new commit's hash."""
    git(repo, "add", "--all")
    git(repo, *IDENTITY, "commit", "--quiet", "--no-verify", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


SECRET_LINE = re.compile(r"^DJANGO_SECRET_KEY=(.+)$", re.MULTILINE)


def secret_key_of(project):
    """The secret key the post-generation hook wrote to the project's .env."""
    match = SECRET_LINE.search((project / ".env").read_text(encoding="utf-8"))
    assert match, ".env has no DJANGO_SECRET_KEY line"
    return match.group(1)


def copy_template(destination):
    """Copy the template's working tree (uncommitted changes included, no caches) to `destination`."""
    ignore = shutil.ignore_patterns(".git", ".cache", ".venv", "site", "__pycache__", ".pytest_cache", ".ruff_cache")
    shutil.copytree(REPO_ROOT, destination, ignore=ignore)
    return destination
