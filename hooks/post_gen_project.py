"""Finish the generated project: write ``.env``, make the first git commit, say what next.

The secret key is written only to ``.env``, which ``.gitignore`` keeps out of git, so
no rendered file and no commit ever holds it. This hook is plain Python with no
third-party imports, so it runs on Windows and without a network.
"""

import fnmatch
import os
import re
import secrets
import shutil
import string
import subprocess
import sys
from pathlib import Path

PROJECT_SLUG = {{ cookiecutter.project_slug | tojson }}
AUTHOR_NAME = {{ cookiecutter.author_name | tojson }}
EMAIL = {{ cookiecutter.email | tojson }}
DEPLOY_TARGET = {{ cookiecutter.deploy_target | tojson }}
TUTORIAL_STAGE = {{ cookiecutter.tutorial_stage | tojson }}
LANGUAGE = {{ cookiecutter.language | tojson }}

# The MDN tutorial's parts, in order; a project at one stage holds what the parts up
# to it have built. Deployment (part 11) is in every stage: settings, Procfile,
# runtime file and pinned requirements are there from the skeleton on.
STAGES = (
    "skeleton",
    "models",
    "admin",
    "home-page",
    "generic-views",
    "sessions",
    "authentication",
    "forms",
    "testing",
    "complete",
)

# Files that appear at a later stage than the skeleton: (glob, first stage, last stage).
# A file outside its range is removed. Inside a file, lines between a marker comment
# "stage: NAME" (or "until: NAME") and "endstage" are kept only from stage NAME on
# (or only before it); see keep_stage_blocks().
STAGE_FILES = (
    ("catalog/migrations/0001_initial.py", "models", None),
    ("catalog/migrations/0002_*.py", "authentication", None),
    ("catalog/migrations/0003_*.py", "authentication", None),
    ("catalog/static/*", "home-page", None),
    ("catalog/templates/catalog/base_generic.html", "home-page", None),
    ("catalog/templates/catalog/index.html", "home-page", None),
    ("templates/404.html", "home-page", None),
    ("templates/500.html", "home-page", None),
    ("catalog/templates/catalog/*_list.html", "generic-views", None),
    ("catalog/templates/catalog/*_detail.html", "generic-views", None),
    ("catalog/templates/catalog/includes/more.html", "generic-views", None),
    ("catalog/templates/catalog/includes/related_books.html", "generic-views", None),
    ("catalog/templates/catalog/bookinstance_list_borrowed_*.html", "authentication", None),
    ("templates/registration/*", "authentication", None),
    ("templates/403.html", "authentication", None),
    ("catalog/forms.py", "forms", None),
    ("catalog/templates/catalog/*_form.html", "forms", None),
    ("catalog/templates/catalog/*_confirm_delete.html", "forms", None),
    ("catalog/templates/catalog/book_renew_librarian.html", "forms", None),
    ("catalog/templates/catalog/includes/confirm_delete.html", "forms", None),
    ("catalog/templates/catalog/includes/model_form.html", "forms", None),
    ("catalog/templates/catalog/includes/object_actions.html", "forms", None),
    ("catalog/tests/test_smoke.py", "skeleton", "forms"),
    ("catalog/tests/helpers.py", "testing", None),
    ("catalog/tests/test_[!s]*.py", "testing", None),
    ("catalog/tests/test_security_headers.py", "testing", None),
    ("catalog/tests/test_commands.py", "complete", None),
    ("catalog/management/*", "complete", None),
)
STAGE_MARKER = re.compile(r"^\s*(?:#|[{]#)\s*(stage|until):\s*([a-z-]+)\s*(?:#\})?\s*$")
END_MARKER = re.compile(r"^\s*(?:#|[{]#)\s*endstage\s*(?:#\})?\s*$")
STAGE_MARKED_SUFFIXES = (".py", ".html", ".txt", ".toml")

# The files each host reads, by deploy_target. The files of the hosts not chosen are
# removed before the first commit ("all" keeps them all). gunicorn.conf.py and
# .python-version stay in every project: several hosts, CI and local tools read them.
DEPLOY_TARGET_FILES = {
    "heroku": ("Procfile", "app.json"),
    "render": ("render.yaml",),
    "railway": ("railpack.json",),
    "fly": ("fly.toml", "Dockerfile", ".dockerignore"),
    "pythonanywhere": ("pythonanywhere_wsgi.py",),
    "digitalocean": (".do/app.yaml",),
    "docker": ("Dockerfile", ".dockerignore", "compose.yaml"),
}

# Used only when the user has no git identity; passed per command, never written to
# the user's git config.
FALLBACK_NAME = "LocalLibrary template"
FALLBACK_EMAIL = "cookiecutter@localhost"

# The same alphabet as django.core.management.utils.get_random_secret_key, minus
# characters that need quoting in a .env file or a shell.
SECRET_KEY_CHARS = string.ascii_lowercase + string.digits + "!@%^&*(-_=+)"
SECRET_KEY_LENGTH = 64


def make_secret_key():
    return "".join(secrets.choice(SECRET_KEY_CHARS) for _ in range(SECRET_KEY_LENGTH))


def remove_other_hosts_files(project_dir, target):
    """Delete the deployment files that only the hosts not chosen would read."""
    chosen = DEPLOY_TARGET_FILES if target == "all" else {target: DEPLOY_TARGET_FILES[target]}
    keep = {name for names in chosen.values() for name in names}
    every = {name for names in DEPLOY_TARGET_FILES.values() for name in names}
    for name in sorted(every - keep):
        path = project_dir.joinpath(*name.split("/"))  # "/" in the table; any OS here
        path.unlink(missing_ok=True)
        if path.parent != project_dir and path.parent.is_dir() and not any(path.parent.iterdir()):
            path.parent.rmdir()


def stage_index(name):
    return STAGES.index(name)


def in_stage_range(first, last, stage):
    """True when `stage` is at or after `first` and, if `last` is set, at or before it."""
    return stage_index(first) <= stage_index(stage) and (last is None or stage_index(stage) <= stage_index(last))


def keep_stage_blocks(text, stage):
    """Drop the marked blocks that belong to a later (or, for "until", an earlier) stage.

    Marker lines themselves are always removed, so a complete project has none.
    """
    kept = []
    open_blocks = []  # One flag per open block: are its lines kept?
    for line in text.splitlines(keepends=True):
        start = STAGE_MARKER.match(line)
        if start:
            kind, name = start.groups()
            reached = stage_index(stage) >= stage_index(name)
            open_blocks.append(reached if kind == "stage" else not reached)
        elif END_MARKER.match(line):
            open_blocks.pop()
        elif all(open_blocks):
            kept.append(line)
    if open_blocks:
        raise ValueError("a stage block has no endstage line")
    # A file cut short after its docstring keeps one newline at the end, as ruff wants.
    return "".join(kept).rstrip() + "\n"


def apply_tutorial_stage(project_dir, stage):
    """Leave only the files and lines the tutorial has built by the end of `stage`."""
    for path in sorted(project_dir.rglob("*")):
        if not path.is_file() or ".git" in path.parts:
            continue
        relative = path.relative_to(project_dir).as_posix()
        for pattern, first, last in STAGE_FILES:
            if fnmatch.fnmatchcase(relative, pattern) and not in_stage_range(first, last, stage):
                path.unlink()
                break
        else:
            if path.suffix in STAGE_MARKED_SUFFIXES:
                text = path.read_text(encoding="utf-8")
                if "stage" in text or "until" in text:
                    path.write_text(keep_stage_blocks(text, stage), encoding="utf-8", newline="")
    # Folders the removals emptied (templates/registration, management/commands...).
    for folder in sorted((p for p in project_dir.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
        if ".git" not in folder.parts and not any(folder.iterdir()):
            folder.rmdir()


def apply_language(project_dir, language):
    """Write the code comments in the project's language (zh-hans); see the language option."""


def write_env_file(project_dir):
    """Write the local development settings read by settings.py (via python-dotenv)."""
    env_example = (project_dir / ".env.example").read_text(encoding="utf-8")
    lines = []
    for line in env_example.splitlines():
        if line.startswith("DJANGO_SECRET_KEY="):
            line = f"DJANGO_SECRET_KEY={make_secret_key()}"
        elif line.startswith("DJANGO_DEBUG="):
            line = "DJANGO_DEBUG=True"
        lines.append(line)
    (project_dir / ".env").write_text("\n".join(lines) + "\n", encoding="utf-8")


def git(*args, project_dir, env=None):
    return subprocess.run(
        ["git", *args],
        cwd=project_dir,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )


def git_identity_env(project_dir):
    """Return an environment that fills in whatever git identity the user lacks.

    The user's own identity wins; the template's answers, then a fallback, fill the
    gaps through environment variables, so the user's git config is never written.
    """
    env = dict(os.environ)
    fallbacks = (
        ("user.name", "NAME", AUTHOR_NAME.strip() or FALLBACK_NAME),
        ("user.email", "EMAIL", EMAIL.strip() or FALLBACK_EMAIL),
    )
    for key, suffix, value in fallbacks:
        configured = subprocess.run(
            ["git", "config", "--get", key], cwd=project_dir, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        if configured.returncode != 0:
            env.setdefault(f"GIT_AUTHOR_{suffix}", value)
            env.setdefault(f"GIT_COMMITTER_{suffix}", value)
    return env


def init_git_repository(project_dir):
    if shutil.which("git") is None:
        print("WARNING: git was not found, so no repository was created. The project is complete;")
        print("         install git, then run: git init -b main && git add -A && git commit -m 'Initial commit'")
        return False
    try:
        git("init", "--quiet", "--initial-branch=main", project_dir=project_dir)
        git("add", "--all", project_dir=project_dir)
        git(
            "-c",
            "commit.gpgsign=false",
            "commit",
            "--quiet",
            "--no-verify",
            "-m",
            "Initial commit from cookiecutter-locallibrary",
            project_dir=project_dir,
            env=git_identity_env(project_dir),
        )
    except subprocess.CalledProcessError as error:
        print(f"WARNING: git failed ({error.stderr.strip()}); the project is complete but not committed.")
        return False
    return True


def print_next_steps(project_dir, committed):
    python = "py" if os.name == "nt" else "python3"
    activate = r".venv\Scripts\activate" if os.name == "nt" else "source .venv/bin/activate"
    print()
    print(f"Your LocalLibrary project is ready in {project_dir}")
    if committed:
        print("A git repository was created on branch 'main' with one commit (.env is not in it).")
    print("Next steps:")
    print(f"  cd {project_dir.name}")
    print(f"  {python} -m venv .venv && {activate}")
    print("  pip install -r requirements-dev.txt")
    print("  python manage.py migrate && python manage.py runserver")
    guide = "each host" if DEPLOY_TARGET == "all" else DEPLOY_TARGET
    print(f"Then open http://127.0.0.1:8000/ ; README.md explains how to deploy ({guide}).")
    # Only cruft puts the template's commit in the answers; it writes .cruft.json after
    # this hook, and `cruft update` refuses to run while that file is not committed.
    template_commit = {{ cookiecutter._commit | default("") | tojson }}
    if template_commit:
        print("cruft records the template version in .cruft.json; commit it with your project:")
        print("  git add .cruft.json && git commit -m 'Record the template version'")


def print_baked_over(project_dir):
    print()
    print(f"The template was baked over your repository in {project_dir}")
    print(f"(tutorial stage: {TUTORIAL_STAGE}). Your .env and your commits were kept; nothing was committed.")
    print("Next steps: review the changes with `git status` and `git diff`, then run")
    print("  pip install -r requirements-dev.txt && python manage.py migrate && python manage.py test")
    print("and commit when you are happy with the result.")


def main():
    project_dir = Path.cwd()
    # Baking over an existing repository (--overwrite-if-exists), as a student does to
    # move to the next tutorial stage: keep their secret key and let them review the
    # changes in git instead of committing for them.
    baked_over = (project_dir / ".git").exists()
    remove_other_hosts_files(project_dir, DEPLOY_TARGET)
    apply_tutorial_stage(project_dir, TUTORIAL_STAGE)
    apply_language(project_dir, LANGUAGE)
    if not (project_dir / ".env").exists():
        write_env_file(project_dir)
    if baked_over:
        print_baked_over(project_dir)
        return
    committed = init_git_repository(project_dir)
    print_next_steps(project_dir, committed)


if __name__ == "__main__":
    sys.exit(main())
