"""The answers: small named validators, each with a message that says what to change.

Each validator raises ``AnswerError`` with a message key (messages.py) and its fields;
``problems`` runs them all, so the student sees every problem at once, in the language
they chose. The pre-generation hook prints them and stops the bake.
"""

import keyword
import re
import sys
import unicodedata
from pathlib import Path

from .files import template_files
from .hosts import DEPLOY_TARGET_DATABASES
from .messages import LANGUAGES, language_of, say
from .stages import STAGES

# 3.14 is offered although the template's own tests run only 3.11 to 3.13: they prove that
# its pinned sets resolve with wheels for 3.14, and a 3.14 project's own CI runs it.
SUPPORTED_PYTHON_VERSIONS = ("3.11", "3.12", "3.13", "3.14")
# Each Django version, with the oldest python_version it runs on.
SUPPORTED_DJANGO_VERSIONS = {"5.2": "3.11", "6.1": "3.12"}
SUPPORTED_DATABASES = ("postgresql", "mysql", "sqlite")
SUPPORTED_LANGUAGES = LANGUAGES  # The languages the messages speak.


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
    "staticfiles": ("reason_staticfiles", {}),
    "test": ("reason_test", {}),
    "tests": ("reason_tests", {}),
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


class AnswerError(ValueError):
    """A refused answer: a message key of messages.py and its fields (several, for validate_text_answers)."""

    def __init__(self, key=None, *, errors=None, **fields):
        self.errors = errors or [(key, fields)]
        super().__init__(" / ".join(localize(key, fields, "en") for key, fields in self.errors))


def project_top_level_names():
    """{module name: (message key, fields) saying why} for the project's own top-level files and folders."""
    names = dict(OTHER_NAMES)
    for relative in template_files("{slug}"):
        first, _, rest = relative.partition("/")
        if rest and first.isidentifier():
            names[first] = ("reason_folder", {"path": first})
        elif first.endswith(".py") and first[:-3].isidentifier():
            names[first[:-3]] = ("reason_file", {"path": first})
    return names


def validate_text_answers(answers):
    """Every text answer fits on one line and within its length."""
    errors = []
    for name, value in answers.items():
        if name.startswith("_") or not isinstance(value, str):
            continue
        control = next((char for char in value if unicodedata.category(char) == "Cc"), None)
        if control is not None and control in "\r\n":
            errors.append(("line_break", {"name": name}))
        elif control is not None:
            errors.append(("control_character", {"name": name, "char": repr(control)}))
        limit = MAX_LENGTHS.get(name)
        if limit is not None and len(value) > limit:
            errors.append(("too_long", {"name": name, "length": len(value), "limit": limit}))
    if errors:
        raise AnswerError(errors=errors)


def validate_project_name(name):
    if not name.strip():
        raise AnswerError("project_name_empty")


def validate_project_slug(slug):
    if not SLUG_RE.fullmatch(slug):
        raise AnswerError("slug_invalid", slug=repr(slug))
    if keyword.iskeyword(slug) or keyword.issoftkeyword(slug):
        raise AnswerError("slug_keyword", slug=repr(slug))
    if slug in sys.stdlib_module_names:
        reason = ("reason_stdlib", {})
    elif slug in REQUIREMENT_MODULES:
        reason = ("reason_requirements", {})
    else:
        reason = project_top_level_names().get(slug)
    if reason:
        raise AnswerError("slug_shadows", slug=repr(slug), reason=reason)


def validate_email(email):
    if not EMAIL_RE.fullmatch(email):
        raise AnswerError("email_invalid", email=repr(email))


def validate_domain_name(domain):
    if domain == "":
        return  # Allowed: set DJANGO_ALLOWED_HOSTS on the host later.
    labels = domain.split(".")
    if len(labels) < 2 or not all(HOST_LABEL_RE.fullmatch(label) for label in labels):
        raise AnswerError("domain_invalid", domain=repr(domain))


def check_supported(name, value, supported):
    """cookiecutter offers these as choices, but a replay file or a course config can hold anything."""
    if value not in supported:
        raise AnswerError("not_supported", name=name, value=repr(value), choices=", ".join(supported))


def validate_python_version(version):
    check_supported("python_version", version, SUPPORTED_PYTHON_VERSIONS)


def validate_django_version(version):
    check_supported("django_version", version, SUPPORTED_DJANGO_VERSIONS)


def validate_database(database):
    check_supported("database", database, SUPPORTED_DATABASES)


def validate_language(language):
    check_supported("language", language, SUPPORTED_LANGUAGES)


def validate_tutorial_stage(stage):
    if stage not in STAGES:
        raise AnswerError("stage_unknown", value=repr(stage), choices=", ".join(STAGES))


def validate_django_runs_on_python(versions):
    django_version, python_version = versions
    if django_version not in SUPPORTED_DJANGO_VERSIONS or python_version not in SUPPORTED_PYTHON_VERSIONS:
        return  # Already reported by the validators above.
    oldest = SUPPORTED_DJANGO_VERSIONS[django_version]
    if version_key(python_version) < version_key(oldest):
        pythons = [v for v in SUPPORTED_PYTHON_VERSIONS if version_key(v) >= version_key(oldest)]
        if len(pythons) > 1:  # "3.12 to 3.14" reads better than a long list joined by "or".
            pythons = ("python_range", {"first": pythons[0], "last": pythons[-1]})
        djangos = [d for d, v in SUPPORTED_DJANGO_VERSIONS.items() if version_key(python_version) >= version_key(v)]
        raise AnswerError("django_needs_python", django=django_version, oldest=oldest, pythons=pythons, djangos=djangos)


def version_key(version):
    return tuple(int(part) for part in version.split("."))


def validate_time_zone(name):
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(name)
    except (ValueError, OSError, zoneinfo.ZoneInfoNotFoundError):
        if not zoneinfo.available_timezones():
            return  # No time-zone database here (Windows without tzdata): Django checks it later.
        raise AnswerError("time_zone_unknown", value=repr(name)) from None


def validate_deploy_target(target):
    if target not in DEPLOY_TARGET_DATABASES:
        raise AnswerError("target_unknown", value=repr(target), choices=", ".join(DEPLOY_TARGET_DATABASES))


def validate_database_for_deploy_target(answers):
    target, database = answers
    allowed = DEPLOY_TARGET_DATABASES.get(target)
    if allowed is None or database in allowed:
        return  # An unknown target is reported by validate_deploy_target.
    hosts = [name for name, databases in DEPLOY_TARGET_DATABASES.items() if database in databases and name != "all"]
    if not hosts:
        return  # An unknown database is reported by its own validator.
    if target == "all":
        reason = ("reason_all_targets", {})
    elif database == "sqlite":
        reason = ("reason_disk_wiped", {"target": target})
    else:
        reason = ("reason_no_database", {"target": target, "database": database})
    raise AnswerError(
        "database_for_target",
        database=repr(database),
        target=repr(target),
        reason=reason,
        allowed=repr(allowed[0]),
        hosts=[repr(host) for host in hosts],
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


def localize(key, fields, language):
    """A message with its fields: a (key, fields) field is a message too, a list is joined with "or"."""
    values = {}
    for name, value in fields.items():
        if isinstance(value, tuple):
            value = localize(*value, language)
        elif isinstance(value, list):
            value = say("or", language).join(value)
        values[name] = value
    return say(key, language, **values)


def problems(answers):
    """Every problem with the answers, as messages in the student's language; empty when all are fine."""
    language = language_of(answers)
    found = []
    for validator, value in answer_validators(answers):
        try:
            validator(value)
        except AnswerError as error:
            found += [localize(key, fields, language) for key, fields in error.errors]
    return found
