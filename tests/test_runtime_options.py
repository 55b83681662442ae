"""Runtime options: every python_version × django_version × database bakes; every pair of them runs.

Every combination bakes lint-clean with its pins. The slow runs take a smaller set in which
each pair of values still meets (support.matrix): 9 of the 15 combinations today. Each
one's requirements-dev.txt is installed once per Python (build_venv caches it by the file's
hash). In that virtualenv the project's own test suite runs against the
combination's real database (PostgreSQL, MariaDB, or an SQLite file), and then, as the
host would run it, `check --deploy` and `migrate` on that database. Deprecation warnings
are errors there, so a Django 6.1 project must use no deprecated setting.
"""

import json
import subprocess
import sys

import pytest
from cookiecutter.exceptions import FailedHookException
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from support import REPO_ROOT
from support.baking import assert_no_jinja_leftovers, bake
from support.hosts import deploy_checkout, production_env
from support.matrix import all_pairs, pairs_of
from support.venvs import PYTHON_VERSIONS, build_venv, check_problems

CONTEXT = json.loads((REPO_ROOT / "cookiecutter.json").read_text(encoding="utf-8"))
DJANGO_VERSIONS = CONTEXT["django_version"]
DATABASES = CONTEXT["database"]
PINNED_DIR = REPO_ROOT / "templates" / "requirements"
# The oldest Python each Django version runs on; the hook refuses older ones.
OLDEST_PYTHON = {"5.2": "3.11", "6.1": "3.12"}
# A host that offers each database (the hook refuses a database the host cannot keep).
DEPLOY_TARGET = {"postgresql": "heroku", "mysql": "pythonanywhere", "sqlite": "pythonanywhere"}
WARNINGS_ARE_ERRORS = ["-W", "error::DeprecationWarning", "-W", "error::PendingDeprecationWarning"]


def version_key(version):
    return tuple(int(part) for part in version.split("."))


SERVER_MARKS = {"postgresql": [pytest.mark.postgres], "mysql": [pytest.mark.mariadb], "sqlite": []}
VALID = [
    (django_version, python_version, database)
    for django_version in DJANGO_VERSIONS
    for python_version in sorted(PYTHON_VERSIONS, key=version_key)
    for database in DATABASES
    if version_key(python_version) >= version_key(OLDEST_PYTHON[django_version])
]


def as_params(combinations):
    return [
        pytest.param(*combination, id="django{}-py{}-{}".format(*combination), marks=SERVER_MARKS[combination[2]])
        for combination in combinations
    ]


# Every combination bakes; running one takes seconds, so every pair of choices runs (support.matrix).
RUNNING = all_pairs(VALID)
COMBINATIONS = as_params(VALID)
RUN_COMBINATIONS = as_params(RUNNING)
PAIRS = [
    pytest.param(django_version, database, id=f"django{django_version}-{database}")
    for django_version in DJANGO_VERSIONS
    for database in DATABASES
]


def bake_combination(output_dir, django_version, python_version, database):
    return bake(
        output_dir,
        django_version=django_version,
        python_version=python_version,
        database=database,
        deploy_target=DEPLOY_TARGET[database],
    )


# --------------------------------------------------------------------------
# Baking: every combination renders cleanly; one is refused
# --------------------------------------------------------------------------


@pytest.mark.parametrize(("django_version", "python_version", "database"), COMBINATIONS)
def test_every_combination_bakes_lint_clean_with_its_pins(tmp_path, django_version, python_version, database):
    project = bake_combination(tmp_path, django_version, python_version, database)
    assert_no_jinja_leftovers(project)
    for args in (["check", "."], ["format", "--check", "--diff", "."]):
        result = subprocess.run([sys.executable, "-m", "ruff", *args], cwd=project, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
    for name, suffix in (("requirements.txt", ""), ("requirements-dev.txt", "-dev")):
        pinned = PINNED_DIR / f"django-{django_version}-{database}{suffix}.txt"
        assert (project / name).read_text() == pinned.read_text(), f"{name} is not {pinned.name}"

    settings = (project / project.name / "settings.py").read_text()
    requirements = (project / "requirements.txt").read_text()
    assert f"django=={django_version}." in requirements
    assert ("django-csp==" in requirements) == (django_version == "5.2"), "Django 6 has CSP built in"
    assert ("SECURE_CSP = {" in settings) == (django_version == "6.1")
    assert ("MAILERS = {" in settings) == (django_version == "6.1")
    assert ("psycopg==" in requirements) == (database == "postgresql")
    assert ("pymysql==" in requirements) == (database == "mysql")
    assert ("pymysql.install_as_MySQLdb()" in settings) == (database == "mysql")
    assert ("DATABASE_SSL_REQUIRE" in settings) == (database == "postgresql")
    assert f"docs.djangoproject.com/en/{django_version}/" in settings


def test_django_61_with_python_311_is_refused_with_a_clear_message(tmp_path, capfd):
    with pytest.raises(FailedHookException):
        bake(tmp_path, django_version="6.1", python_version="3.11")
    assert list(tmp_path.iterdir()) == [], "a refused bake must leave no folder behind"
    stderr = capfd.readouterr().err
    assert "Django 6.1 needs Python 3.12 or newer: choose python_version 3.12 to 3.14, or django_version 5.2." in stderr
    assert "Nothing was written" in stderr


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("database", "oracle", "database 'oracle' is not supported; choose one of postgresql, mysql, sqlite."),
        ("django_version", "4.2", "django_version '4.2' is not supported; choose one of 5.2, 6.1."),
    ],
)
def test_an_unknown_choice_from_an_edited_replay_file_is_refused(tmp_path, isolated_home, capfd, key, value, message):
    """cookiecutter checks a choice typed at its prompt, but not one in a replay file."""
    from cookiecutter.main import cookiecutter

    bake(tmp_path / "first")
    replay = json.loads((isolated_home / ".cookiecutter_replay" / f"{REPO_ROOT.name}.json").read_text())
    replay["cookiecutter"][key] = value
    edited = tmp_path / "edited-replay.json"
    edited.write_text(json.dumps(replay))
    output = tmp_path / "second"
    with pytest.raises(FailedHookException):
        cookiecutter(str(REPO_ROOT), replay=str(edited), output_dir=str(output))
    assert not output.exists() or list(output.iterdir()) == []
    assert message in capfd.readouterr().err


# --------------------------------------------------------------------------
# The pinned requirements in templates/requirements/ match their inputs
# --------------------------------------------------------------------------


def input_requirements(path):
    """{name: Requirement} of a requirements .in file, without its -r includes."""
    requirements = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            requirement = Requirement(line)
            requirements[canonicalize_name(requirement.name)] = requirement
    return requirements


def pins_and_sources(path):
    """{name: (version, {sources})} from a file written by `uv pip compile` (its "# via" notes)."""
    pins, current = {}, None
    for line in path.read_text().splitlines():
        if line and not line.startswith((" ", "#")):
            name, _, rest = line.partition("==")
            current = canonicalize_name(name)
            pins[current] = (rest.split(";")[0].strip(), set())
        elif current and line.strip().startswith("#"):
            source = line.strip().lstrip("#").strip().removeprefix("via").strip()
            if source:
                pins[current][1].add(source)
    return pins


def test_pinned_files_exist_for_every_choice_and_no_other():
    expected = {
        f"django-{django_version}-{database}{suffix}.txt"
        for django_version in DJANGO_VERSIONS
        for database in DATABASES
        for suffix in ("", "-dev")
    }
    assert {path.name for path in PINNED_DIR.glob("*.txt")} == expected, (
        "templates/requirements/ is out of step with cookiecutter.json: run scripts/compile_requirements.py"
    )


@pytest.mark.parametrize(("django_version", "database"), PAIRS)
def test_pinned_files_match_the_rendered_requirements_inputs(tmp_path, django_version, database):
    """Fails when an input changed but scripts/compile_requirements.py was not run (no network needed)."""
    project = bake_combination(tmp_path, django_version, OLDEST_PYTHON[django_version], database)
    regenerate = "stale: run .venv/bin/python scripts/compile_requirements.py"
    production = pins_and_sources(project / "requirements.txt")
    development = pins_and_sources(project / "requirements-dev.txt")
    for input_name, output_name, pins in (
        ("requirements.in", "requirements.txt", production),
        ("requirements-dev.in", "requirements-dev.txt", development),
    ):
        wanted = input_requirements(project / input_name)
        direct = {name for name, (_, sources) in pins.items() if f"-r {input_name}" in sources}
        assert direct == set(wanted), f"{output_name} pins other direct dependencies than {input_name}: {regenerate}"
        for name, requirement in wanted.items():
            version = pins[name][0]
            assert requirement.specifier.contains(version, prereleases=True), (
                f"{output_name} pins {name}=={version}, outside {input_name}'s {requirement}: {regenerate}"
            )
        command = (project / output_name).read_text().splitlines()[1].removeprefix("#").strip()
        assert f"#   {command}\n" in (project / "requirements.in").read_text(), (
            f"{output_name} was compiled with `{command}`, which requirements.in does not tell students to run"
        )
        assert f"--python-version {OLDEST_PYTHON[django_version]} " in command
    # Production dependencies come straight from requirements.in in the dev file too.
    assert {name for name, (_, sources) in development.items() if "-r requirements.in" in sources} == set(
        input_requirements(project / "requirements.in")
    )
    different = {name: pin for name, pin in production.items() if development.get(name, (None,))[0] != pin[0]}
    assert not different, f"requirements-dev.txt pins other versions than requirements.txt: {different}"


# --------------------------------------------------------------------------
# Running: tests, check --deploy and migrate on the combination's database
# --------------------------------------------------------------------------


# manage.py check --deploy --fail-level WARNING --database default, migrate and
# makemigrations --check, then the Python, Django and database the site runs on.
DEPLOY_ON_THE_DATABASE = """
import sys, django
from django.core.management import call_command
from django.db import connection
call_command("check", "--deploy", "--fail-level", "WARNING", "--database", "default")
call_command("migrate", "--noinput", verbosity=0)
call_command("makemigrations", "--check", "--dry-run", verbosity=0)
print("%d.%d" % sys.version_info[:2], django.get_version(), connection.vendor)
"""


@pytest.fixture
def database_url(request, tmp_path):
    """A URL of an empty database of the kind the test's `database` parameter names."""
    database = request.node.callspec.params["database"]
    if database == "postgresql":
        return request.getfixturevalue("postgres_database")
    if database == "mysql":
        return request.getfixturevalue("mariadb_database")
    return f"sqlite:///{tmp_path / 'production.sqlite3'}"


def test_the_combinations_that_run_hold_every_pair_of_choices():
    """Each Django with each database, each Python with each, each Django with each Python."""
    assert set().union(*map(pairs_of, RUNNING)) == set().union(*map(pairs_of, VALID))
    assert set(RUNNING) <= set(VALID) and len(RUNNING) < len(VALID)


@pytest.mark.slow
@pytest.mark.parametrize(("django_version", "python_version", "database"), RUN_COMBINATIONS)
def test_every_pair_of_choices_passes_its_tests_and_deploys_on_its_database(
    tmp_path, django_version, python_version, database, database_url
):
    project = bake_combination(tmp_path / "baked", django_version, python_version, database)
    venv = build_venv(project / "requirements-dev.txt", python_version)

    # The project's own test suite, on a test copy of the real database.
    test = ["manage.py", "test", "--noinput"]
    result = venv.run([*WARNINGS_ARE_ERRORS, *test], project, timeout=600, DATABASE_URL=database_url)
    assert "OK" in result.stderr

    # What the host runs, on the real database: the deploy checks (database checks too), then
    # migrate; in one Django process, as each start-up costs about a second here.
    checkout = deploy_checkout(project, tmp_path / "deploy")
    env = production_env(DATABASE_URL=database_url)
    shell = ["manage.py", "shell", "--verbosity", "0", "-c", DEPLOY_ON_THE_DATABASE]
    result = venv.run([*WARNINGS_ARE_ERRORS, *shell], checkout, **env)
    assert check_problems(result) == []
    shown = result.stdout.splitlines()[-1].split()
    assert shown[0] == python_version and shown[1].startswith(f"{django_version}.") and shown[2] == database, shown


# --------------------------------------------------------------------------
# Settings that differ by choice
# --------------------------------------------------------------------------


SHOW_SSLMODE = (
    "from django.conf import settings; print(settings.DATABASES['default'].get('OPTIONS', {}).get('sslmode', '-'))"
)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("url", "ssl_require", "sslmode"),
    [
        pytest.param("postgres://u:p@db.example.com:5432/library", "True", "require", id="postgresql-required"),
        pytest.param("postgres://u:p@db.example.com:5432/library", "False", "-", id="postgresql-default"),
        pytest.param(
            "postgres://u:p@top2.nearest.of.app-db.internal:5432/app?sslmode=disable", "True", "disable", id="fly"
        ),
        pytest.param("sqlite:///{tmp}/db.sqlite3", "True", "-", id="sqlite-never"),
        pytest.param("", "True", "-", id="no-url-sqlite-never"),
    ],
)
def test_database_ssl_require_applies_to_postgresql_urls_without_their_own_sslmode(
    default_project, dev_venv, tmp_path, url, ssl_require, sslmode
):
    env = {"DATABASE_SSL_REQUIRE": ssl_require}
    if url:
        env["DATABASE_URL"] = url.format(tmp=tmp_path)
    assert dev_venv.django_shell(default_project, SHOW_SSLMODE, **env) == sslmode


@pytest.mark.slow
def test_django_61_mails_to_the_console_locally_never_in_production_and_through_smtp_when_set(baked):
    project = baked(django_version="6.1", python_version="3.13")
    venv = build_venv(project / "requirements-dev.txt", "3.13")
    show = "from django.conf import settings; print(settings.MAILERS['default']['BACKEND'])"
    assert venv.django_shell(project, show) == "django.core.mail.backends.console.EmailBackend"  # .env: DEBUG on
    # DEBUG off and no mail server: nothing is sent, so no reset link is printed to the log.
    assert venv.django_shell(project, show, **production_env()) == "catalog.mail.NoMailServerBackend"
    with_host = venv.django_shell(project, show, **production_env(EMAIL_HOST="smtp.example.com"))
    assert with_host == "django.core.mail.backends.smtp.EmailBackend"
