"""Deploy targets: each host gets exactly its files, and every file is valid for its host.

Config files are checked against the hosts' published JSON Schemas where one can be had
offline (tests/schemas/, and check-jsonschema's vendored GitHub workflow and Compose
schemas), otherwise parsed and checked key by key. The Dockerfile is linted with
hadolint. The web and release commands must agree across every file.
"""

import ast
import json
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import (
    REPO_ROOT,
    bake,
    bake_from_edited_replay,
    dockerfile_cmd,
    empty_home,
    git,
    procfile_command,
    production_env,
)
from cookiecutter.exceptions import FailedHookException

from locallibrary_engine.hosts import DEPLOY_TARGET_FILES

SCHEMAS = Path(__file__).parent / "schemas"
BIN = Path(sys.executable).parent  # check-jsonschema and hadolint come with requirements-test.txt

WEB_COMMAND = "gunicorn locallibrary.wsgi --config gunicorn.conf.py"
RELEASE_COMMAND = "python manage.py migrate --noinput"

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


def validate(instance, schema_name):
    schema = json.loads((SCHEMAS / schema_name).read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = sorted(validator.iter_errors(instance), key=lambda error: list(error.path))
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


def test_heroku_app_json_matches_herokus_schema_and_requires_database_tls(projects):
    app = json.loads((projects["heroku"] / "app.json").read_text(encoding="utf-8"))
    validate(app, "heroku-app.json")
    assert app["env"]["DATABASE_SSL_REQUIRE"]["value"] == "True"
    assert procfile_command(projects["heroku"], "web") == WEB_COMMAND
    assert procfile_command(projects["heroku"], "release") == RELEASE_COMMAND


def test_render_blueprint_matches_renders_schema(projects):
    blueprint = load_yaml(projects["render"] / "render.yaml")
    validate(blueprint, "render.yaml.json")
    (web,) = blueprint["services"]
    (database,) = blueprint["databases"]
    assert (web["type"], web["runtime"]) == ("web", "python")
    assert web["buildCommand"] == "pip install -r requirements.txt && python manage.py collectstatic --noinput"
    assert web["preDeployCommand"] == RELEASE_COMMAND
    assert web["startCommand"] == WEB_COMMAND
    env = env_list(web["envVars"])
    assert env["DATABASE_URL"]["fromDatabase"] == {"name": database["name"], "property": "connectionString"}
    # Render's generateValue makes 44 characters, too short for Django's deploy check.
    assert env["DJANGO_SECRET_KEY"] == {"key": "DJANGO_SECRET_KEY", "sync": False}
    assert env["DJANGO_DEBUG"]["value"] == "False"
    assert "DATABASE_SSL_REQUIRE" not in env


def test_railway_gets_railpack_config_and_no_railway_json(projects):
    project = projects["railway"]
    config = json.loads((project / "railpack.json").read_text(encoding="utf-8"))
    assert set(config) == {"$schema", "steps", "deploy"}
    assert config["$schema"] == "https://schema.railpack.com"
    build = config["steps"]["build"]["commands"]
    assert build[0] == "...", "keep Railpack's own build commands, then add ours"
    assert build[1].endswith("python manage.py collectstatic --noinput")
    assert "DJANGO_SECRET_KEY=" in build[1], "collectstatic needs a (throwaway) key when DEBUG is off"
    release, web = config["deploy"]["startCommand"].split(" && ")
    assert (release, web) == (RELEASE_COMMAND, WEB_COMMAND)


def test_fly_toml_matches_flys_schema(projects):
    config = tomllib.loads((projects["fly"] / "fly.toml").read_text(encoding="utf-8"))
    validate(config, "fly.json")
    assert config["deploy"]["release_command"] == RELEASE_COMMAND
    assert config["http_service"]["internal_port"] == int(config["env"]["PORT"]) == 8000
    assert config["http_service"]["force_https"] is True
    assert config["build"]["dockerfile"] == "Dockerfile"
    # Fly Postgres URLs carry sslmode=disable: requiring TLS would break the site.
    assert "DATABASE_SSL_REQUIRE" not in config.get("env", {})


def test_digitalocean_app_spec_has_web_service_pre_deploy_job_and_database(projects):
    spec = load_yaml(projects["digitalocean"] / ".do" / "app.yaml")
    assert set(spec) == {"name", "services", "jobs", "databases"}
    (web,) = spec["services"]
    (job,) = spec["jobs"]
    (database,) = spec["databases"]
    assert web["run_command"] == WEB_COMMAND
    assert web["http_port"] == 8000
    assert (job["kind"], job["run_command"]) == ("PRE_DEPLOY", RELEASE_COMMAND)
    assert (database["engine"], database["production"]) == ("PG", False)
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
        for entry in component["envs"]:
            assert entry["scope"] in {"RUN_TIME", "BUILD_TIME", "RUN_AND_BUILD_TIME"}


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
def test_compose_file_matches_the_compose_spec_and_migrates_before_the_web_starts(tmp_path, database):
    project = bake(tmp_path / "out", deploy_target="docker", database=database)
    check_jsonschema("vendor.compose-spec", project / "compose.yaml")
    compose = load_yaml(project / "compose.yaml")
    services = compose["services"]
    assert " ".join(services["migrate"]["command"]) == RELEASE_COMMAND
    assert services["web"]["depends_on"] == {"migrate": {"condition": "service_completed_successfully"}}
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


def test_no_host_file_asks_for_database_tls_on_fly(projects):
    """Fly Postgres URLs say sslmode=disable; DATABASE_SSL_REQUIRE would break them."""
    for name in ("fly.toml", "Dockerfile"):
        assert "DATABASE_SSL_REQUIRE" not in (projects["all"] / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("database", ["postgresql", "mysql", "sqlite"])
def test_ci_workflow_matches_githubs_schema_and_uses_the_chosen_database(tmp_path, database):
    target = {"postgresql": "heroku", "mysql": "pythonanywhere", "sqlite": "pythonanywhere"}[database]
    project = bake(tmp_path / "out", deploy_target=target, database=database)
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
