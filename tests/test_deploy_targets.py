"""Deploy targets: each host gets exactly its files, and every file is valid for its host.

Each host's config file is checked key by key against the fields its host documents
(tests/host_fields.py: allowed and required keys, types, allowed values), and the Compose
file and the GitHub workflow against the schemas check-jsonschema ships. The Dockerfile
is linted with hadolint. The web, release and health-check settings must agree across
every file.
"""

import ast
import json
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml
from cookiecutter.exceptions import FailedHookException

from host_fields import DO_APP_SPEC, FLY_CONFIG, HEROKU_APP_JSON, RAILPACK_CONFIG, RENDER_BLUEPRINT
from host_health import (
    compose_healthcheck_command,
    compose_services,
    do_web_service,
    dockerfile_healthcheck,
    fly_config,
    health_path,
    render_web_service,
    seconds,
)
from locallibrary_engine.hosts import DEPLOY_TARGET_FILES
from support import REPO_ROOT
from support.baking import bake, bake_from_edited_replay, git
from support.hosts import dockerfile_cmd, procfile_command, production_env
from support.isolation import empty_home

BIN = Path(sys.executable).parent  # check-jsonschema and hadolint come with requirements-test.txt

WEB_COMMAND = "gunicorn locallibrary.wsgi --config gunicorn.conf.py"
# Every host's release step: migrate, then the first superuser from DJANGO_SUPERUSER_*.
RELEASE_COMMAND = "python manage.py release"
SUPERUSER_VARIABLES = {"DJANGO_SUPERUSER_USERNAME", "DJANGO_SUPERUSER_EMAIL", "DJANGO_SUPERUSER_PASSWORD"}

# What each host reads: the engine's table, the one the post-generation hook keeps files by.
TARGET_FILES = {target: set(names) for target, names in DEPLOY_TARGET_FILES.items()}
TARGETS = [*TARGET_FILES, "all"]
ALL_DEPLOY_FILES = set().union(*TARGET_FILES.values())
# Files no target may have: deprecated by their hosts, or never read.
FORBIDDEN_FILES = {"runtime.txt", "railway.json", "railway.toml", "nixpacks.toml", "heroku.yml"}
SHARED_FILES = {"gunicorn.conf.py", ".python-version", ".github/workflows/ci.yml"}


@pytest.fixture(scope="module")
def projects(tmp_path_factory):
    """One bake per deploy target (PostgreSQL), shared by the read-only tests below."""
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as monkeypatch:
        for name, value in empty_home(home).items():
            monkeypatch.setenv(name, value)
        out = tmp_path_factory.mktemp("targets")
        return {target: bake(out / target, deploy_target=target) for target in TARGETS}


def load_yaml(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def validate(instance, schema):
    """Check a parsed host file against the fields its host documents (tests/host_fields.py)."""
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(instance), key=lambda error: list(error.path))
    assert not errors, "\n".join(f"{list(error.path)}: {error.message}" for error in errors)


def check_jsonschema(builtin, path):
    result = subprocess.run(
        [BIN / "check-jsonschema", "--builtin-schema", builtin, str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def env_list(entries, key_name="key"):
    """Host env var lists ([{key: ..., value: ...}]) as a dict of the entries."""
    return {entry[key_name]: entry for entry in entries}


# --------------------------------------------------------------------------
# Which files each target gets
# --------------------------------------------------------------------------


@pytest.mark.parametrize("target", TARGETS)
def test_each_target_gets_exactly_its_files_and_commits_them(projects, target):
    project = projects[target]
    expected = ALL_DEPLOY_FILES if target == "all" else TARGET_FILES[target]
    present = {name for name in ALL_DEPLOY_FILES if (project / name).is_file()}
    assert present == expected, f"{target}: missing {expected - present}, extra {present - expected}"
    for name in FORBIDDEN_FILES:
        assert not (project / name).exists(), f"{target} must not have {name}"
    for name in SHARED_FILES:
        assert (project / name).is_file(), f"{target} lost the shared file {name}"
    if target not in ("digitalocean", "all"):
        assert not (project / ".do").exists(), "an empty .do folder was left behind"
    committed = set(git(project, "ls-files").splitlines())
    assert expected <= committed and not (ALL_DEPLOY_FILES - expected) & committed
    assert not git(project, "status", "--porcelain"), "the first commit must hold the final files"


@pytest.mark.parametrize("target", TARGETS)
def test_readme_has_the_guide_of_each_chosen_target_only(projects, target):
    readme = (projects[target] / "README.md").read_text(encoding="utf-8")
    headings = {
        "heroku": "## Deploy to Heroku",
        "render": "## Deploy to Render",
        "railway": "## Deploy to Railway",
        "fly": "## Deploy to Fly.io",
        "pythonanywhere": "## Deploy to PythonAnywhere",
        "digitalocean": "## Deploy to DigitalOcean App Platform",
        "docker": "## Run it with Docker",
    }
    for name, heading in headings.items():
        assert (heading in readme) == (target in (name, "all")), f"{target}: {heading!r}"


REFUSED = [
    *[(target, "sqlite") for target in ("heroku", "render", "railway", "fly", "digitalocean", "all")],
    *[(target, "mysql") for target in ("heroku", "render", "fly", "digitalocean", "all")],
]


@pytest.mark.parametrize(("target", "database"), REFUSED, ids=[f"{t}-{d}" for t, d in REFUSED])
def test_database_a_target_cannot_keep_is_refused_with_a_clear_message(tmp_path, capfd, target, database):
    with pytest.raises(FailedHookException):
        bake(tmp_path, deploy_target=target, database=database)
    assert list(tmp_path.iterdir()) == []
    stderr = capfd.readouterr().err
    assert f"database {database!r} cannot work with deploy_target {target!r}" in stderr
    assert "Nothing was written" in stderr


def test_unknown_deploy_target_from_an_edited_replay_file_is_refused(tmp_path, isolated_home, capfd):
    with pytest.raises(FailedHookException):
        bake_from_edited_replay(tmp_path, isolated_home, deploy_target="heroku2")
    assert list((tmp_path / "second").iterdir()) == []
    assert "deploy_target 'heroku2' is unknown" in capfd.readouterr().err


# --------------------------------------------------------------------------
# The hosts' files
# --------------------------------------------------------------------------


def test_heroku_app_json_has_herokus_fields_requires_database_tls_and_offers_a_first_superuser(projects):
    app = json.loads((projects["heroku"] / "app.json").read_text(encoding="utf-8"))
    validate(app, HEROKU_APP_JSON)
    assert app["env"]["DATABASE_SSL_REQUIRE"]["value"] == "True"
    # The Heroku Button asks for them, optional and empty: the release phase creates the admin.
    for name in SUPERUSER_VARIABLES:
        assert app["env"][name]["required"] is False and "value" not in app["env"][name], name
    assert procfile_command(projects["heroku"], "web") == WEB_COMMAND
    assert procfile_command(projects["heroku"], "release") == RELEASE_COMMAND


def test_render_blueprint_has_renders_fields_and_checks_the_health_path(projects):
    blueprint = load_yaml(projects["render"] / "render.yaml")
    validate(blueprint, RENDER_BLUEPRINT)
    (web,) = blueprint["services"]
    (database,) = blueprint["databases"]
    assert (web["type"], web["runtime"]) == ("web", "python")
    assert web["buildCommand"] == "pip install -r requirements.txt && python manage.py collectstatic --noinput"
    assert web["preDeployCommand"] == RELEASE_COMMAND
    assert web["startCommand"] == WEB_COMMAND
    assert web["healthCheckPath"] == health_path(projects["render"])
    env = env_list(web["envVars"])
    assert env["DATABASE_URL"]["fromDatabase"] == {"name": database["name"], "property": "connectionString"}
    # Render's generateValue makes 44 characters, too short for Django's deploy check.
    assert env["DJANGO_SECRET_KEY"] == {"key": "DJANGO_SECRET_KEY", "sync": False}
    assert env["DJANGO_DEBUG"]["value"] == "False"
    assert "DATABASE_SSL_REQUIRE" not in env
    # A password is never written into the Blueprint: the guide adds the variables in the Dashboard.
    assert not SUPERUSER_VARIABLES & set(env)


def test_railway_gets_railpack_config_and_no_railway_json(projects):
    project = projects["railway"]
    config = json.loads((project / "railpack.json").read_text(encoding="utf-8"))
    validate(config, RAILPACK_CONFIG)
    assert set(config) == {"$schema", "steps", "deploy"}
    build = config["steps"]["build"]["commands"]
    assert build[0] == "...", "keep Railpack's own build commands, then add ours"
    assert build[1].endswith("python manage.py collectstatic --noinput")
    assert "DJANGO_SECRET_KEY=" in build[1], "collectstatic needs a (throwaway) key when DEBUG is off"
    release, web = config["deploy"]["startCommand"].split(" && ")
    assert (release, web) == (RELEASE_COMMAND, WEB_COMMAND)


def test_fly_toml_has_flys_fields_stops_idle_machines_and_checks_the_health_path(projects):
    config = fly_config(projects["fly"])
    validate(config, FLY_CONFIG)
    # Fly runs release_command in place of the image's CMD, without a shell: one command.
    assert config["deploy"]["release_command"] == RELEASE_COMMAND
    assert config["http_service"]["internal_port"] == int(config["env"]["PORT"]) == 8000
    assert config["http_service"]["force_https"] is True
    assert config["http_service"]["auto_stop_machines"] == "stop", "true is the old spelling"
    assert config["http_service"]["auto_start_machines"] is True
    assert config["build"]["dockerfile"] == "Dockerfile"
    # gunicorn shuts down gracefully on SIGTERM, within graceful_timeout (20 s) < kill_timeout.
    assert config["kill_signal"] == "SIGTERM" and config["kill_timeout"] > 20
    (check,) = config["http_service"]["checks"]
    assert (check["method"], check["path"]) == ("GET", health_path(projects["fly"]))
    assert check.get("protocol", "http") == "http", "the checker talks plain HTTP to the Machine"
    assert seconds(check["grace_period"]) >= 10, "a Machine that has just started needs time to boot gunicorn"
    assert 1 <= seconds(check["timeout"]) < seconds(check["interval"])
    # Fly Postgres URLs that say sslmode=disable would break if TLS were required.
    assert "DATABASE_SSL_REQUIRE" not in config.get("env", {})


def test_digitalocean_app_spec_has_web_service_pre_deploy_job_health_check_and_database(projects):
    spec = load_yaml(projects["digitalocean"] / ".do" / "app.yaml")
    validate(spec, DO_APP_SPEC)
    assert set(spec) == {"name", "services", "jobs", "databases"}
    (web,) = spec["services"]
    (job,) = spec["jobs"]
    (database,) = spec["databases"]
    assert web["run_command"] == WEB_COMMAND
    assert web["http_port"] == 8000
    assert (job["kind"], job["run_command"]) == ("PRE_DEPLOY", RELEASE_COMMAND)
    health = web["health_check"]
    assert health["http_path"] == health_path(projects["digitalocean"])
    assert health.get("port", web["http_port"]) == web["http_port"]
    assert health["initial_delay_seconds"] >= 10 and health["timeout_seconds"] >= 2
    assert (database["engine"], database["production"]) == ("PG", False)
    # Django 6.1 supports PostgreSQL 15 and newer; the dev database is pinned to one.
    assert int(database["version"]) >= 15
    for component in (web, job):
        assert component["environment_slug"] == "python"
        env = env_list(component["envs"])
        assert env["DATABASE_URL"]["value"] == f"${{{database['name']}.DATABASE_URL}}"
        assert env["DATABASE_SSL_REQUIRE"]["value"] == "True"
        secret = env["DJANGO_SECRET_KEY"]
        assert (secret["type"], secret["scope"]) == ("SECRET", "RUN_AND_BUILD_TIME")
        assert len(secret["value"]) < 50, "the placeholder must fail the start-up check until replaced"
        assert env["DJANGO_ALLOWED_HOSTS"]["value"] == "${APP_DOMAIN}"
        assert env["DJANGO_CSRF_TRUSTED_ORIGINS"]["value"] == "https://${APP_DOMAIN}"


def load_host_file(path):
    text = path.read_text(encoding="utf-8")
    return (
        tomllib.loads(text)
        if path.suffix == ".toml"
        else json.loads(text)
        if path.suffix == ".json"
        else yaml.safe_load(text)
    )


# One mistake per host file, of the kind the field checks exist for: a misspelt key, a
# value the host does not take, a number written as a string.
MISTAKES = {
    "render.yaml": (RENDER_BLUEPRINT, lambda spec: spec["services"][0].update(healthcheckPath="/healthz")),
    "fly.toml": (FLY_CONFIG, lambda config: config["http_service"].update(auto_stop_machines="sleep")),
    "app.json": (HEROKU_APP_JSON, lambda app: app["env"]["DJANGO_SUPERUSER_EMAIL"].update(requried=False)),
    ".do/app.yaml": (DO_APP_SPEC, lambda spec: spec["services"][0]["health_check"].update(timeout_seconds="5")),
    "railpack.json": (RAILPACK_CONFIG, lambda config: config["deploy"].update(startcommand="gunicorn")),
}


@pytest.mark.parametrize("name", MISTAKES)
def test_the_field_checks_catch_a_mistake_in_each_host_file(projects, name):
    schema, make_mistake = MISTAKES[name]
    config = load_host_file(projects["all"] / name)
    validate(config, schema)
    make_mistake(config)
    with pytest.raises(AssertionError):
        validate(config, schema)


def test_pythonanywhere_wsgi_file_loads_dotenv_and_the_django_application(projects):
    source = (projects["pythonanywhere"] / "pythonanywhere_wsgi.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    assigned = {target.id for node in tree.body if isinstance(node, ast.Assign) for target in node.targets}
    assert {"PROJECT_DIR", "application"} <= assigned
    assert 'load_dotenv(PROJECT_DIR / ".env")' in source
    assert 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "locallibrary.settings")' in source


def test_dockerfile_passes_hadolint_with_no_warnings(projects):
    result = subprocess.run(
        [BIN / "hadolint", "--failure-threshold", "info", "-"],
        input=(projects["docker"] / "Dockerfile").read_text(encoding="utf-8"),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_checks_the_health_path_with_pythons_standard_library(projects):
    options, command = dockerfile_healthcheck(projects["docker"])
    assert command[:2] == ["python", "-c"], "the slim image has Python but no curl or wget"
    assert checked_path(command) == health_path(projects["docker"])
    assert "os.environ.get('PORT', '8000')" in command[2], "the port gunicorn.conf.py listens on"
    assert seconds(options["start-period"]) >= 10, "gunicorn needs time to boot before a failure counts"
    assert seconds(options["timeout"]) < seconds(options["interval"])
    assert int(options["retries"]) >= 2
    # The request's own timeout ends before Docker's, so a hung check fails cleanly.
    assert float(re.search(r"timeout=(\d+(?:\.\d+)?)\)", command[2]).group(1)) < seconds(options["timeout"])


def test_dockerfile_is_multi_stage_non_root_and_keeps_the_build_secret_out_of_the_image(projects):
    dockerfile = (projects["docker"] / "Dockerfile").read_text(encoding="utf-8")
    assert (projects["fly"] / "Dockerfile").read_text(encoding="utf-8") == dockerfile
    lines = [line.strip() for line in dockerfile.splitlines() if line.strip() and not line.startswith("#")]
    assert [line for line in lines if line.startswith("FROM ")] == [
        "FROM python:${PYTHON_VERSION}-slim AS builder",
        "FROM python:${PYTHON_VERSION}-slim",
    ]
    assert "ARG PYTHON_VERSION=3.13" in lines
    assert "COPY --from=builder /opt/venv /opt/venv" in lines
    user = next(line for line in reversed(lines) if line.startswith("USER "))
    assert user.split()[1].split(":")[0] not in {"0", "root"}
    assert dockerfile.index("collectstatic") < dockerfile.index(user), "collectstatic runs while building"
    env_lines = " ".join(line for line in lines if line.startswith(("ENV", "ARG")))
    assert "SECRET" not in env_lines, "no secret may reach the image's environment"
    assert " ".join(dockerfile_cmd(projects["docker"])) == WEB_COMMAND
    ignored = (projects["docker"] / ".dockerignore").read_text(encoding="utf-8").splitlines()
    for pattern in (".env", ".git", ".venv", "*.sqlite3", "staticfiles"):
        assert pattern in ignored


@pytest.mark.parametrize("database", ["postgresql", "mysql", "sqlite"])
def test_compose_file_matches_the_compose_spec_and_migrates_before_the_web_starts(baked, database):
    project = baked(deploy_target="docker", database=database)
    check_jsonschema("vendor.compose-spec", project / "compose.yaml")
    services = compose_services(project)
    assert " ".join(services["migrate"]["command"]) == RELEASE_COMMAND
    assert services["web"]["depends_on"] == {"migrate": {"condition": "service_completed_successfully"}}
    # The first superuser comes from .env, and only the release step sees its password.
    assert SUPERUSER_VARIABLES <= set(services["migrate"]["environment"])
    assert not SUPERUSER_VARIABLES & set(services["web"]["environment"])
    assert services["migrate"]["environment"]["DJANGO_SUPERUSER_PASSWORD"] == "${DJANGO_SUPERUSER_PASSWORD:-}"
    # The web service checks /healthz with the very command of the Dockerfile's HEALTHCHECK.
    options, command = dockerfile_healthcheck(project)
    assert compose_healthcheck_command(project) == command
    healthcheck = services["web"]["healthcheck"]
    for option, key in (("interval", "interval"), ("timeout", "timeout"), ("start-period", "start_period")):
        assert seconds(healthcheck[key]) == seconds(options[option]), key
    assert healthcheck["retries"] == int(options["retries"])
    assert "healthcheck" not in services["migrate"], "the release step serves no requests"
    assert services["web"]["ports"] == ["8000:8000"]
    url = services["web"]["environment"]["DATABASE_URL"]
    expected = {
        "postgresql": ("postgres://", "postgres:"),
        "mysql": ("mysql://", "mariadb:"),
        "sqlite": ("sqlite:", None),
    }
    scheme, image = expected[database]
    assert url.startswith(scheme)
    assert services["db"]["image"].startswith(image) if image else "db" not in services
    assert services["web"]["environment"]["DJANGO_DEBUG"] == "False"
    if database == "sqlite":
        assert "RUN mkdir /data && chown app /data" in (project / "Dockerfile").read_text(encoding="utf-8")


# --------------------------------------------------------------------------
# Across the files
# --------------------------------------------------------------------------


def test_web_and_release_commands_agree_in_every_file(projects):
    project = projects["all"]
    web, release = {}, {}
    web["Procfile"] = procfile_command(project, "web")
    release["Procfile"] = procfile_command(project, "release")
    render = load_yaml(project / "render.yaml")["services"][0]
    web["render.yaml"], release["render.yaml"] = render["startCommand"], render["preDeployCommand"]
    railpack = json.loads((project / "railpack.json").read_text(encoding="utf-8"))["deploy"]["startCommand"]
    release["railpack.json"], web["railpack.json"] = railpack.split(" && ")
    release["fly.toml"] = tomllib.loads((project / "fly.toml").read_text(encoding="utf-8"))["deploy"]["release_command"]
    spec = load_yaml(project / ".do" / "app.yaml")
    web[".do/app.yaml"], release[".do/app.yaml"] = spec["services"][0]["run_command"], spec["jobs"][0]["run_command"]
    web["Dockerfile"] = " ".join(dockerfile_cmd(project))
    release["compose.yaml"] = " ".join(load_yaml(project / "compose.yaml")["services"]["migrate"]["command"])
    assert set(web.values()) == {WEB_COMMAND}, web
    assert set(release.values()) == {RELEASE_COMMAND}, release
    # The web command names the project's WSGI module and the shared gunicorn config.
    module = shlex.split(WEB_COMMAND)[1]
    assert (project / (module.replace(".", "/") + ".py")).is_file()
    assert (project / "gunicorn.conf.py").is_file()


def checked_path(command):
    """The path a `python -c` health check command requests."""
    return re.search(r"'(/[^']*)'", command[2]).group(1)


def test_every_health_check_asks_for_the_path_the_project_answers(projects):
    project = projects["all"]
    paths = {
        "render.yaml": render_web_service(project)["healthCheckPath"],
        "fly.toml": fly_config(project)["http_service"]["checks"][0]["path"],
        ".do/app.yaml": do_web_service(project)["health_check"]["http_path"],
        "Dockerfile": checked_path(dockerfile_healthcheck(project)[1]),
        "compose.yaml": checked_path(compose_healthcheck_command(project)),
    }
    assert set(paths.values()) == {health_path(project)}, paths


def test_no_host_file_asks_for_database_tls_on_fly(projects):
    """Fly Postgres URLs say sslmode=disable; DATABASE_SSL_REQUIRE would break them."""
    for name in ("fly.toml", "Dockerfile"):
        assert "DATABASE_SSL_REQUIRE" not in (projects["all"] / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("database", ["postgresql", "mysql", "sqlite"])
def test_ci_workflow_matches_githubs_schema_and_uses_the_chosen_database(baked, database):
    target = {"postgresql": "heroku", "mysql": "pythonanywhere", "sqlite": "pythonanywhere"}[database]
    project = baked(deploy_target=target, database=database)
    workflow_path = project / ".github" / "workflows" / "ci.yml"
    check_jsonschema("vendor.github-workflows", workflow_path)
    job = load_yaml(workflow_path)["jobs"]["check"]
    services = job.get("services", {})
    url = job["env"].get("DATABASE_URL", "")
    if database == "postgresql":
        assert services["postgres"]["image"].startswith("postgres:") and url.startswith("postgres://")
    elif database == "mysql":
        assert services["mariadb"]["image"].startswith("mariadb:") and url.startswith("mysql://")
    else:
        assert not services and not url, "SQLite needs no database service"
    assert job["steps"][-1]["run"] == "python scripts/check.py"


def test_docs_have_a_page_per_target_in_the_site_navigation():
    mkdocs = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for target in TARGET_FILES:
        page = f"deploy/{target}.md"
        assert (REPO_ROOT / "docs" / page).is_file(), page
        assert page in mkdocs, f"{page} is not in mkdocs.yml's nav"


@pytest.mark.slow
def test_settings_allow_the_hosts_the_platforms_name(default_project, prod_venv, tmp_path):
    env = production_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_ALLOWED_HOSTS="www.example.com",
        RENDER_EXTERNAL_HOSTNAME="lib.onrender.com",
        RAILWAY_PUBLIC_DOMAIN="lib.up.railway.app",
        FLY_APP_NAME="lib",
        HEROKU_APP_DEFAULT_DOMAIN_NAME="lib-0123456789ab.herokuapp.com",
    )
    code = "from django.conf import settings; print(settings.ALLOWED_HOSTS); print(settings.CSRF_TRUSTED_ORIGINS)"
    output = prod_venv.django_shell(default_project, code, **env)
    hosts, origins = (ast.literal_eval(line) for line in output.splitlines())
    platform = ["lib.onrender.com", "lib.up.railway.app", "lib.fly.dev", "lib-0123456789ab.herokuapp.com"]
    assert hosts == ["www.example.com", *platform]
    assert origins == [f"https://{host}" for host in platform]
