"""Finish the generated project: write ``.env``, make the first git commit, say what next.

The secret key is written only to ``.env``, which ``.gitignore`` keeps out of git, so
no rendered file and no commit ever holds it. This hook is plain Python with no
third-party imports, so it runs on Windows and without a network.
"""

import os
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


def main():
    project_dir = Path.cwd()
    remove_other_hosts_files(project_dir, DEPLOY_TARGET)
    write_env_file(project_dir)
    committed = init_git_repository(project_dir)
    print_next_steps(project_dir, committed)


if __name__ == "__main__":
    sys.exit(main())
