"""Check the answers before cookiecutter writes any file.

Each validator is small and named for what it checks. It raises ``ValueError``
with a message that says what to change; ``main`` prints every problem found and
exits with status 1, and cookiecutter then removes the half-made project folder.
This hook is plain Python with no third-party imports, so it also runs on Windows
and without a network.
"""

import keyword
import re
import sys

# Answers arrive through ``tojson`` so that quotes or backslashes in them can never
# break this file: every value is a valid Python literal.
PROJECT_NAME = {{ cookiecutter.project_name | tojson }}
PROJECT_SLUG = {{ cookiecutter.project_slug | tojson }}
EMAIL = {{ cookiecutter.email | tojson }}
DOMAIN_NAME = {{ cookiecutter.domain_name | tojson }}
PYTHON_VERSION = {{ cookiecutter.python_version | tojson }}
TIME_ZONE = {{ cookiecutter.time_zone | tojson }}

SUPPORTED_PYTHON_VERSIONS = ("3.11", "3.12", "3.13")

# Names the generated project imports or creates: a package named like one of these
# would shadow it and break ``manage.py`` in confusing ways.
RESERVED_SLUGS = frozenset(
    {
        "catalog",
        "django",
        "dj_database_url",
        "dotenv",
        "gunicorn",
        "psycopg",
        "whitenoise",
        "templates",
        "static",
        "staticfiles",
        "test",
        "tests",
        "site",
        "manage",
        "config",
    }
)

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
HOST_LABEL_RE = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def validate_project_name(name):
    if not name.strip():
        raise ValueError("project_name is empty: give your project a name, e.g. 'Local Library'.")


def validate_project_slug(slug):
    hint = "Use lowercase letters, digits and underscores, starting with a letter, e.g. 'locallibrary'."
    if not slug.isidentifier() or not slug.isascii():
        raise ValueError(f"project_slug {slug!r} is not a valid Python package name. {hint}")
    if keyword.iskeyword(slug) or keyword.issoftkeyword(slug):
        raise ValueError(f"project_slug {slug!r} is a Python keyword. {hint}")
    if slug in RESERVED_SLUGS or slug in sys.stdlib_module_names:
        raise ValueError(
            f"project_slug {slug!r} would shadow the module {slug!r} that the project "
            f"imports. Choose another name, e.g. 'locallibrary' or 'mylibrary'."
        )


def validate_email(email):
    if not EMAIL_RE.match(email):
        raise ValueError(f"email {email!r} does not look like an email address; enter one like 'you@example.com'.")


def validate_domain_name(domain):
    if domain == "":
        return  # Allowed: set DJANGO_ALLOWED_HOSTS on the host later.
    labels = domain.split(".")
    if len(labels) < 2 or not all(HOST_LABEL_RE.match(label) for label in labels):
        raise ValueError(
            f"domain_name {domain!r} is not a host name. Enter a lowercase host such as "
            "'mylibrary.herokuapp.com' (no 'https://', no path), or leave it empty."
        )


def validate_python_version(version):
    if version not in SUPPORTED_PYTHON_VERSIONS:
        raise ValueError(
            f"python_version {version!r} is not supported; choose one of {', '.join(SUPPORTED_PYTHON_VERSIONS)}."
        )


def validate_time_zone(name):
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(name)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        if not zoneinfo.available_timezones():
            return  # No time-zone database here (Windows without tzdata): Django checks it later.
        raise ValueError(
            f"time_zone {name!r} is not a known time zone; use an IANA name such as 'UTC', "
            "'Europe/London' or 'Asia/Shanghai'."
        ) from None


VALIDATORS = (
    (validate_project_name, PROJECT_NAME),
    (validate_project_slug, PROJECT_SLUG),
    (validate_email, EMAIL),
    (validate_domain_name, DOMAIN_NAME),
    (validate_python_version, PYTHON_VERSION),
    (validate_time_zone, TIME_ZONE),
)


def main():
    problems = []
    for validator, value in VALIDATORS:
        try:
            validator(value)
        except ValueError as error:
            problems.append(str(error))
    if problems:
        print("ERROR: cannot generate the project:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        print("Nothing was written. Run cookiecutter again with corrected answers.", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
