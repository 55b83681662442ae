"""Bake the template with a few sets of answers, then run each project's own checks on SQLite.

    python .github/scripts/bake_and_check.py                  # every set, into ./baked
    python .github/scripts/bake_and_check.py --list           # name the sets
    python .github/scripts/bake_and_check.py defaults zh-hans --output-dir /tmp/baked

The template's bake workflow (.github/workflows/bake.yml) runs this on Linux, macOS and
Windows under each python_version the template offers. It needs only the standard
library and the cookiecutter command, as a student's machine has them. For each set:

1. ``python -m cookiecutter <template> --no-input`` with the set's answers: both hooks
   run as they do for a student (answers checked, files cut to the stage, comments
   translated, ``.env`` written, the first commit made);
2. a virtualenv in the project, with the project's pinned ``requirements-dev.txt``
   installed by pip, as the project's README tells students;
3. the project's ``scripts/check.py`` (Ruff, djLint, migrations, ``manage.py test``
   under coverage, collectstatic, ``check --deploy``) with no ``DATABASE_URL``, so on
   SQLite, whatever database the project is for.

``python_version`` is the version running this script, and "newest" in a set means the
newest ``django_version`` that runs on it (Django 6.1 needs Python 3.12 or newer), both
read from the template's own answer checks.
"""

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(TEMPLATE))

from locallibrary_engine.answers import (  # noqa: E402
    SUPPORTED_DJANGO_VERSIONS,
    SUPPORTED_PYTHON_VERSIONS,
    version_key,
)

NEWEST = "newest"
# name: answers. Between them: both languages, an early stage, every database, the LTS
# and the newest Django, one host and all of them, a non-ASCII project name.
ANSWER_SETS = {
    "defaults": {},
    "zh-hans": {
        "language": "zh-hans",
        "project_name": "我的图书馆",
        "django_version": NEWEST,
        "database": "mysql",
        "deploy_target": "docker",
    },
    "early-stage": {"tutorial_stage": "sessions", "database": "sqlite", "deploy_target": "pythonanywhere"},
    "all-hosts": {"django_version": NEWEST, "deploy_target": "all", "project_slug": "mylibrary"},
}
IN_GITHUB_ACTIONS = os.environ.get("GITHUB_ACTIONS") == "true"


def running_python():
    return "{}.{}".format(*sys.version_info[:2])


def answers_for(name, python_version):
    """The set's answers for this Python, as key=value arguments of cookiecutter."""
    runs_here = [
        d for d, oldest in SUPPORTED_DJANGO_VERSIONS.items() if version_key(oldest) <= version_key(python_version)
    ]
    newest_django = max(runs_here, key=version_key)
    answers = {"python_version": python_version}
    for key, value in ANSWER_SETS[name].items():
        answers[key] = newest_django if value == NEWEST else value
    return answers


def venv_python(venv):
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def step(title):
    """Print a heading; on GitHub it opens a foldable group of the log."""
    print(f"::group::{title}" if IN_GITHUB_ACTIONS else f"\n=== {title}", flush=True)


def end_step():
    if IN_GITHUB_ACTIONS:
        print("::endgroup::", flush=True)


def run(command, cwd, env):
    started = time.monotonic()
    result = subprocess.run(command, cwd=cwd, env=env)
    print(f"--> exit {result.returncode} after {time.monotonic() - started:.0f}s", flush=True)
    return result.returncode == 0


def bake_and_check(name, output_dir, python_version):
    """Bake one set and run its checks; return the name of the stage that failed, or None."""
    answers = answers_for(name, python_version)
    out = output_dir / name
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}  # SQLite.
    arguments = [f"{key}={value}" for key, value in answers.items()]

    step(f"{name}: bake ({' '.join(arguments)})")
    baked = run(
        [sys.executable, "-m", "cookiecutter", str(TEMPLATE), "--no-input", "-o", str(out), *arguments], out, env
    )
    end_step()
    projects = [path for path in out.iterdir() if path.is_dir()]
    if not baked or len(projects) != 1:
        return "bake"
    project = projects[0]
    if not (project / ".env").is_file() or not (project / ".git").is_dir():
        print(f"the post-generation hook left no .env or no git repository in {project}", flush=True)
        return "bake"

    step(f"{name}: install requirements-dev.txt")
    python = venv_python(project / ".venv")
    installed = run([sys.executable, "-m", "venv", str(project / ".venv")], project, env) and run(
        [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-r", "requirements-dev.txt"], project, env
    )
    end_step()
    if not installed:
        return "install"

    step(f"{name}: scripts/check.py")
    checked = run([str(python), "scripts/check.py"], project, env)
    end_step()
    return None if checked else "check"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("sets", nargs="*", metavar="SET", help="sets of answers to bake (default: all)")
    parser.add_argument("--list", action="store_true", help="print each set's answers for this Python and exit")
    parser.add_argument("--output-dir", type=Path, default=Path("baked"), help="where to bake (default: ./baked)")
    options = parser.parse_args(argv)
    # A Windows runner's pipe (cp1252) cannot encode a Chinese path: print it escaped, not crash.
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(errors="backslashreplace")
    python_version = running_python()
    if python_version not in SUPPORTED_PYTHON_VERSIONS:
        parser.error(f"Python {python_version} is not a python_version the template offers")
    unknown = sorted(set(options.sets) - set(ANSWER_SETS))
    if unknown:
        parser.error(f"unknown set(s) {', '.join(unknown)}; choose from {', '.join(ANSWER_SETS)}")
    names = options.sets or list(ANSWER_SETS)
    if options.list:
        for name in names:
            print(name, " ".join(f"{key}={value}" for key, value in answers_for(name, python_version).items()))
        return 0

    failed = {}
    for name in names:
        stage = bake_and_check(name, options.output_dir.resolve(), python_version)
        if stage:
            failed[name] = stage
    print()
    for name in names:
        print(f"{name}: {'FAILED at ' + failed[name] if name in failed else 'ok'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
