"""Write the top-level modules of every package a generated project installs.

    python scripts/requirement_modules.py           # rewrite locallibrary_engine/requirement_modules.txt
    python scripts/requirement_modules.py --check   # exit 1 if the file is stale

A project_slug named like one of these modules would shadow it: the project folder
comes first on ``sys.path``, so ``asgiref`` breaks ``manage.py`` ("Couldn't import
Django"), ``brotli`` breaks collectstatic, ``coverage`` breaks ``scripts/check.py``.
The pre-generation hook refuses such a slug (locallibrary_engine/answers.py).

The list is derived, never kept by hand: each ``-dev`` set under templates/requirements/
(a superset of its production set) is installed in a cached virtualenv, the one the
template's tests use (``build_venv`` in tests/support/venvs.py), and asked which top-level
modules its distributions provide (``importlib.metadata.packages_distributions``);
each pinned distribution's name counts too, for the packages only Windows installs.
Run it again after ``scripts/compile_requirements.py``; tests/test_answers.py checks
that the file is current.
"""

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO_ROOT / "tests"), str(REPO_ROOT)]

from support.venvs import DEFAULT_PYTHON, build_venv  # noqa: E402

OUTPUT = REPO_ROOT / "locallibrary_engine" / "requirement_modules.txt"
HEADER = (
    "# Top-level modules of the packages the generated projects install (every pinned set).\n"
    "# Written by `python scripts/requirement_modules.py`; do not edit by hand.\n"
)
LIST_MODULES = (
    "import importlib.metadata, json; "
    "print(json.dumps(sorted(n for n in importlib.metadata.packages_distributions() if n.isidentifier())))"
)


def modules_of(requirements_file):
    """The importable top-level names the set installs, from its cached virtualenv."""
    with tempfile.TemporaryDirectory() as folder:
        # The venv cache is keyed by the file's name and content, as the baked project names it.
        copy = Path(folder) / "requirements-dev.txt"
        shutil.copyfile(requirements_file, copy)
        venv = build_venv(copy, DEFAULT_PYTHON)
    output = subprocess.run([str(venv.python), "-c", LIST_MODULES], capture_output=True, text=True, check=True)
    return set(json.loads(output.stdout))


def pinned_names(requirements_file):
    """Each pinned distribution's name as a module name (tzdata, colorama: installed on Windows only)."""
    pins = re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==", requirements_file.read_text(encoding="utf-8"), re.MULTILINE)
    return {re.sub(r"[-.]+", "_", name).lower() for name in pins}


def current_text():
    names = set()
    for requirements_file in sorted((REPO_ROOT / "templates" / "requirements").glob("*-dev.txt")):
        names |= modules_of(requirements_file) | pinned_names(requirements_file)
    return HEADER + "".join(f"{name}\n" for name in sorted(names))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    args = parser.parse_args()
    wanted = current_text()
    if args.check:
        if OUTPUT.read_text(encoding="utf-8") != wanted:
            print(f"{OUTPUT.relative_to(REPO_ROOT)} is stale: run python scripts/requirement_modules.py")
            return 1
        print(f"{OUTPUT.relative_to(REPO_ROOT)} is current.")
        return 0
    OUTPUT.write_text(wanted, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
