"""The answers: small named validators, each with a message that says what to change.

Each validator raises ``ValueError``; ``problems`` runs them all, so the student sees
every problem at once. The pre-generation hook prints them and stops the bake.
"""

import keyword
import re
import sys
import unicodedata
from pathlib import Path

from .files import template_files
from .hosts import DEPLOY_TARGET_DATABASES
from .stages import STAGES

SUPPORTED_PYTHON_VERSIONS = ("3.11", "3.12", "3.13")
# Each Django version, with the oldest python_version it runs on.
SUPPORTED_DJANGO_VERSIONS = {"5.2": "3.11", "6.1": "3.12"}
SUPPORTED_DATABASES = ("postgresql", "mysql", "sqlite")
SUPPORTED_LANGUAGES = ("en", "zh-hans")


# The top-level modules of every package the generated projects install, derived from
# the pinned sets by scripts/requirement_modules.py (tests check it is current).
REQUIREMENT_MODULES = frozenset(
    line.strip()
    for line in (Path(__file__).parent / "requirement_modules.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)
# Other names taken beside manage.py: a folder the project's commands create, and the
# test packages that test runners look for (sys.stdlib_module_names leaves out "test").
OTHER_NAMES = {
    "staticfiles": "the folder collectstatic writes",
    "test": "Python's own test package",
    "tests": "the name test runners look for",
}
# The longest answer each text field takes: past these, names stop fitting in folder
# names, git identities, page titles and the hosts' own limits.
MAX_LENGTHS = {
    "project_name": 100,
    "project_slug": 50,
    "description": 300,
    "author_name": 100,
    "email": 254,
    "domain_name": 253,
    "time_zone": 64,
}
SLUG_RE = re.compile(r"[a-z][a-z0-9_]*")
EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
HOST_LABEL_RE = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")


def project_top_level_names():
    """{module name: why} for the project's own top-level files and folders, from the template."""
    names = dict(OTHER_NAMES)
    for relative in template_files("{slug}"):
        first, _, rest = relative.partition("/")
        if rest and first.isidentifier():
            names[first] = f"the project's own folder {first}/"
        elif first.endswith(".py") and first[:-3].isidentifier():
            names[first[:-3]] = f"the project's own file {first}"
    return names


def validate_text_answers(answers):
    """Every text answer fits on one line and within its length."""
    problems = []
    for name, value in answers.items():
        if name.startswith("_") or not isinstance(value, str):
            continue
        control = next((char for char in value if unicodedata.category(char) == "Cc"), None)
        if control is not None:
            what = "a line break" if control in "\r\n" else f"the control character {control!r}"
            problems.append(f"{name} contains {what}; enter it on one line, as plain text.")
        limit = MAX_LENGTHS.get(name)
        if limit is not None and len(value) > limit:
            problems.append(f"{name} is {len(value)} characters long; shorten it to {limit} characters or fewer.")
    if problems:
        raise ValueError("\n  - ".join(problems))


def validate_project_name(name):
    if not name.strip():
        raise ValueError("project_name is empty: give your project a name, e.g. 'Local Library'.")


def validate_project_slug(slug):
    hint = "Use lowercase letters, digits and underscores, starting with a letter, e.g. 'locallibrary'."
    if not SLUG_RE.fullmatch(slug):
        raise ValueError(f"project_slug {slug!r} is not a valid Python package name for the project. {hint}")
    if keyword.iskeyword(slug) or keyword.issoftkeyword(slug):
        raise ValueError(f"project_slug {slug!r} is a Python keyword. {hint}")
    if slug in sys.stdlib_module_names:
        reason = "Python's standard library"
    elif slug in REQUIREMENT_MODULES:
        reason = "installed by the project's requirements"
    else:
        reason = project_top_level_names().get(slug)
    if reason:
        raise ValueError(
            f"project_slug {slug!r} would shadow the module {slug!r} ({reason}). "
            "Choose another name, e.g. 'locallibrary' or 'mylibrary'."
        )


def validate_email(email):
    if not EMAIL_RE.fullmatch(email):
        raise ValueError(f"email {email!r} does not look like an email address; enter one like 'you@example.com'.")


def validate_domain_name(domain):
    if domain == "":
        return  # Allowed: set DJANGO_ALLOWED_HOSTS on the host later.
    labels = domain.split(".")
    if len(labels) < 2 or not all(HOST_LABEL_RE.fullmatch(label) for label in labels):
        raise ValueError(
            f"domain_name {domain!r} is not a host name. Enter a lowercase host such as "
            "'mylibrary.herokuapp.com' (no 'https://', no path), or leave it empty."
        )


def validate_python_version(version):
    if version not in SUPPORTED_PYTHON_VERSIONS:
        raise ValueError(
            f"python_version {version!r} is not supported; choose one of {', '.join(SUPPORTED_PYTHON_VERSIONS)}."
        )


def validate_django_version(version):
    # cookiecutter offers these as a choice, but a replay file or a config can hold anything.
    if version not in SUPPORTED_DJANGO_VERSIONS:
        raise ValueError(
            f"django_version {version!r} is not supported; choose one of {', '.join(SUPPORTED_DJANGO_VERSIONS)}."
        )


def validate_database(database):
    if database not in SUPPORTED_DATABASES:
        raise ValueError(f"database {database!r} is not supported; choose one of {', '.join(SUPPORTED_DATABASES)}.")


def validate_language(language):
    if language not in SUPPORTED_LANGUAGES:
        raise ValueError(f"language {language!r} is not supported; choose one of {', '.join(SUPPORTED_LANGUAGES)}.")


def validate_tutorial_stage(stage):
    if stage not in STAGES:
        raise ValueError(f"tutorial_stage {stage!r} is not a stage of the tutorial; choose one of {', '.join(STAGES)}.")


def validate_django_runs_on_python(versions):
    django_version, python_version = versions
    if django_version not in SUPPORTED_DJANGO_VERSIONS or python_version not in SUPPORTED_PYTHON_VERSIONS:
        return  # Already reported by the validators above.
    oldest = SUPPORTED_DJANGO_VERSIONS[django_version]
    if version_key(python_version) < version_key(oldest):
        pythons = [v for v in SUPPORTED_PYTHON_VERSIONS if version_key(v) >= version_key(oldest)]
        djangos = [d for d, v in SUPPORTED_DJANGO_VERSIONS.items() if version_key(python_version) >= version_key(v)]
        raise ValueError(
            f"Django {django_version} needs Python {oldest} or newer: choose python_version "
            f"{' or '.join(pythons)}, or django_version {' or '.join(djangos)}."
        )


def version_key(version):
    return tuple(int(part) for part in version.split("."))


def validate_time_zone(name):
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(name)
    except (ValueError, OSError, zoneinfo.ZoneInfoNotFoundError):
        if not zoneinfo.available_timezones():
            return  # No time-zone database here (Windows without tzdata): Django checks it later.
        raise ValueError(
            f"time_zone {name!r} is not a known time zone; use an IANA name such as 'UTC', "
            "'Europe/London' or 'Asia/Shanghai'."
        ) from None


def validate_deploy_target(target):
    if target not in DEPLOY_TARGET_DATABASES:
        raise ValueError(f"deploy_target {target!r} is unknown; choose one of {', '.join(DEPLOY_TARGET_DATABASES)}.")


def validate_database_for_deploy_target(answers):
    target, database = answers
    allowed = DEPLOY_TARGET_DATABASES.get(target)
    if allowed is None or database in allowed:
        return  # An unknown target is reported by validate_deploy_target.
    hosts = [name for name, databases in DEPLOY_TARGET_DATABASES.items() if database in databases and name != "all"]
    if not hosts:
        return  # An unknown database is reported by its own validator.
    if target == "all":
        reason = "'all' writes every host's files, and PostgreSQL is the database all of them offer"
    elif database == "sqlite":
        reason = f"{target} wipes the site's disk on every deploy or restart, so an SQLite database would be lost"
    else:
        reason = f"{target} offers no {database} database"
    raise ValueError(
        f"database {database!r} cannot work with deploy_target {target!r}: {reason}. "
        f"Choose database {allowed[0]!r}, or deploy_target {' or '.join(repr(host) for host in hosts)}."
    )


def answer_validators(answers):
    """(validator, value) pairs, in the order the prompts ask."""
    a = answers
    return (
        (validate_text_answers, a),
        (validate_project_name, a["project_name"]),
        (validate_project_slug, a["project_slug"]),
        (validate_language, a["language"]),
        (validate_tutorial_stage, a["tutorial_stage"]),
        (validate_email, a["email"]),
        (validate_domain_name, a["domain_name"]),
        (validate_python_version, a["python_version"]),
        (validate_django_version, a["django_version"]),
        (validate_django_runs_on_python, (a["django_version"], a["python_version"])),
        (validate_database, a["database"]),
        (validate_time_zone, a["time_zone"]),
        (validate_deploy_target, a["deploy_target"]),
        (validate_database_for_deploy_target, (a["deploy_target"], a["database"])),
    )


def problems(answers):
    """Every problem with the answers, as messages; empty when they are all fine."""
    found = []
    for validator, value in answer_validators(answers):
        try:
            validator(value)
        except ValueError as error:
            found.append(str(error))
    return found
