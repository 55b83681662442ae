"""Pin the generated projects' requirements, for every Django version and database.

    .venv/bin/python scripts/compile_requirements.py            # after editing an input
    .venv/bin/python scripts/compile_requirements.py --upgrade  # move every pin to the newest release

The one input is the project template's own ``requirements.in`` and
``requirements-dev.in`` (Jinja: they name the direct dependencies of each choice).
For each (``django_version``, ``database``) pair of ``cookiecutter.json`` this script
renders them into a scratch folder, runs ``uv pip compile --universal`` there exactly as
a student would in the project, and writes the result to
``templates/requirements/django-<version>-<database>[-dev].txt``. A generated
project's ``requirements.txt`` and ``requirements-dev.txt`` include the matching file.

Each pair is compiled for the oldest Python that its Django version supports here, so
one file installs the same versions on every supported Python and platform. Existing
pins are kept unless an input changed or ``--upgrade`` is given (uv prefers the versions
already in the output file). Needs the network (PyPI); the template's tests need none
and fail when a pinned file no longer matches its input.
"""

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import jinja2
from uv import find_uv_bin

REPO_ROOT = Path(__file__).resolve().parent.parent
PROJECT_TEMPLATE = REPO_ROOT / "{{cookiecutter.project_slug}}"
PINNED_DIR = REPO_ROOT / "templates" / "requirements"

# The oldest Python each Django version runs on among the template's python_version
# choices; the pre-generation hook refuses the pairs below it.
COMPILE_PYTHON = {"5.2": "3.11", "6.1": "3.12"}

# (input in the project, output in the project, suffix of the pinned file here)
REQUIREMENT_FILES = (
    ("requirements.in", "requirements.txt", ""),
    ("requirements-dev.in", "requirements-dev.txt", "-dev"),
)


def choices():
    """The (django_version, database) pairs that cookiecutter.json offers."""
    context = json.loads((REPO_ROOT / "cookiecutter.json").read_text(encoding="utf-8"))
    return [(version, database) for version in context["django_version"] for database in context["database"]]


def pinned_file(django_version, database, suffix=""):
    return PINNED_DIR / f"django-{django_version}-{database}{suffix}.txt"


def compile_command(input_name, output_name, django_version):
    """The command a student runs in the project to regenerate one pinned file."""
    python = COMPILE_PYTHON[django_version]
    return f"uv pip compile {input_name} --universal --python-version {python} -o {output_name}"


def render_input(name, django_version, database):
    """One requirements input of the project template, rendered for a choice."""
    environment = jinja2.Environment(keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    template = environment.from_string((PROJECT_TEMPLATE / name).read_text(encoding="utf-8"))
    return template.render(cookiecutter={"django_version": django_version, "database": database})


def compile_pair(django_version, database, upgrade):
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for input_name, _, _ in REQUIREMENT_FILES:
            (folder / input_name).write_text(render_input(input_name, django_version, database), encoding="utf-8")
        for input_name, output_name, suffix in REQUIREMENT_FILES:
            target = pinned_file(django_version, database, suffix)
            if target.exists() and not upgrade:
                shutil.copyfile(target, folder / output_name)  # uv keeps these pins where it can.
            command = compile_command(input_name, output_name, django_version)
            arguments = command.split()[1:] + ["--quiet", "--custom-compile-command", command]
            if upgrade:
                arguments.append("--upgrade")
            subprocess.run([find_uv_bin(), *arguments], cwd=folder, check=True)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(folder / output_name, target)
            print(f"{target.relative_to(REPO_ROOT)}: {command}")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--upgrade", action="store_true", help="ignore the current pins and take the newest releases")
    options = parser.parse_args(argv)
    pairs = choices()
    for django_version, database in pairs:
        compile_pair(django_version, database, options.upgrade)
    expected = {pinned_file(v, d, suffix) for v, d in pairs for _, _, suffix in REQUIREMENT_FILES}
    for stale in sorted(set(PINNED_DIR.glob("*.txt")) - expected):
        stale.unlink()
        print(f"removed {stale.relative_to(REPO_ROOT)}: no such choice in cookiecutter.json")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
