"""Deployment files: what Heroku reads, pinned requirements, ignored secrets."""

import json
import re

import pytest
import yaml

from support import REPO_ROOT
from support.hosts import procfile_command

PIN = re.compile(r"^[A-Za-z0-9_.\-\[\]]+==[^\s;]+(\s*;\s*.+)?$")


def requirement_lines(path):
    lines = []
    for raw in path.read_text().splitlines():
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if line:
            lines.append(line)
    return lines


def requirement_names(lines):
    return {re.split(r"[=<>~!\[ ;]", line, maxsplit=1)[0].lower().replace("_", "-") for line in lines}


def test_procfile_runs_gunicorn_with_its_config_and_the_release_step_on_release(default_project):
    assert procfile_command(default_project, "web") == "gunicorn locallibrary.wsgi --config gunicorn.conf.py"
    # `manage.py release` migrates, then creates the first superuser from DJANGO_SUPERUSER_*.
    assert procfile_command(default_project, "release") == "python manage.py release"


def test_gunicorn_config_reads_port_and_web_concurrency(default_project):
    config = (default_project / "gunicorn.conf.py").read_text()
    assert "os.environ.get('PORT', '8000')" in config
    assert 'os.environ.get("WEB_CONCURRENCY", "2")' in config


GUNICORN_SETTINGS = (
    "import runpy; config = runpy.run_path('gunicorn.conf.py'); "
    "print(config['bind'], config['worker_class'], config['threads'], config['keepalive'], config['graceful_timeout'])"
)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("web_host", "bind"),
    [(None, "0.0.0.0:8000"), ("127.0.0.1", "127.0.0.1:8000"), ("::", "[::]:8000"), ("[::1]", "[::1]:8000")],
)
def test_gunicorn_config_follows_herokus_guidance(default_project, prod_venv, web_host, bind):
    """Threads, a keep-alive longer than Heroku Router 2.0's 90 s idle timeout, a graceful
    shutdown within the 30 s the hosts give after SIGTERM, and IPv6 when asked for."""
    env = {"PORT": "8000"} if web_host is None else {"PORT": "8000", "WEB_HOST": web_host}
    result = prod_venv.run(["-c", GUNICORN_SETTINGS], cwd=default_project, **env)
    got_bind, worker_class, threads, keepalive, graceful_timeout = result.stdout.split()
    assert got_bind == bind
    assert worker_class == "gthread" and int(threads) >= 2, "the sync worker closes every connection"
    assert int(keepalive) > 90, "the router, not gunicorn, must close an idle connection"
    assert 10 <= int(graceful_timeout) < 30


@pytest.mark.parametrize("name", ["requirements.txt", "requirements-dev.txt"])
def test_requirements_pin_every_package_with_double_equals(default_project, name):
    lines = requirement_lines(default_project / name)
    assert lines, f"{name} is empty"
    unpinned = [line for line in lines if not PIN.match(line)]
    assert not unpinned, f"{name} has unpinned lines: {unpinned}"


def test_requirements_include_everything_the_input_file_asks_for(default_project):
    wanted = requirement_names(requirement_lines(default_project / "requirements.in"))
    pinned = requirement_names(requirement_lines(default_project / "requirements.txt"))
    assert wanted <= pinned, f"not pinned: {wanted - pinned}"
    for package in ("django", "gunicorn", "whitenoise", "dj-database-url", "psycopg", "psycopg-binary", "asgiref"):
        assert package in pinned, f"{package} (direct or transitive) is not pinned"


def test_dev_requirements_pin_the_same_versions_as_production(default_project):
    production = set(requirement_lines(default_project / "requirements.txt"))
    development = set(requirement_lines(default_project / "requirements-dev.txt"))
    assert production <= development, f"different pins: {production - development}"


def test_pinned_files_say_how_they_were_compiled(default_project):
    header = (default_project / "requirements.txt").read_text().splitlines()[1]
    assert "uv pip compile requirements.in" in header


def test_python_version_file_names_a_major_version_heroku_accepts(default_project):
    assert re.fullmatch(r"3\.1[1-4]\n", (default_project / ".python-version").read_text())


def test_gitignore_keeps_secrets_databases_and_build_output_out(default_project):
    ignored = (default_project / ".gitignore").read_text().splitlines()
    for pattern in (".env", "*.sqlite3", "staticfiles/", "__pycache__/", ".venv/"):
        assert pattern in ignored


def test_env_example_lists_every_setting_without_a_secret(default_project):
    example = (default_project / ".env.example").read_text()
    for name in ("DJANGO_SECRET_KEY=", "DJANGO_DEBUG=False", "DJANGO_ALLOWED_HOSTS=", "DJANGO_CSRF_TRUSTED_ORIGINS="):
        assert f"\n{name}" in example
    assert re.search(r"^DJANGO_SECRET_KEY=$", example, re.MULTILINE), ".env.example must not carry a key"


def test_app_json_describes_a_heroku_button_deploy(default_project):
    app = json.loads((default_project / "app.json").read_text())
    assert app["env"]["DJANGO_SECRET_KEY"]["generator"] == "secret"
    assert app["env"]["DJANGO_DEBUG"]["value"] == "False"
    assert app["env"]["DJANGO_ALLOWED_HOSTS"]["value"] == ".herokuapp.com"
    assert [addon["plan"] for addon in app["addons"]] == ["heroku-postgresql:essential-0"]
    assert app["buildpacks"] == [{"url": "heroku/python"}]
    assert app["formation"]["web"]["quantity"] == 1
    allowed_keys = {"name", "description", "keywords", "env", "addons", "buildpacks", "formation", "scripts"}
    assert set(app) <= allowed_keys


def test_readme_runs_locally_in_at_most_five_commands(default_project):
    readme = (default_project / "README.md").read_text()
    section = readme.split("## Run it locally", 1)[1].split("\n## ", 1)[0]
    block = section.split("```", 2)[1]
    commands = [line for line in block.splitlines()[1:] if line.strip() and not line.lstrip().startswith("#")]
    assert 0 < len(commands) <= 5, commands


def test_readme_walks_through_heroku_deployment(default_project):
    readme = (default_project / "README.md").read_text()
    for step in (
        "heroku create",
        "heroku addons:create heroku-postgresql",
        "heroku config:set DJANGO_SECRET_KEY=",
        "git push heroku main",
        "release",
        "heroku run python manage.py createsuperuser",
        "heroku logs --tail",
        "runtime.txt",
    ):
        assert step in readme, f"README misses {step!r}"


def test_template_readme_starts_with_the_two_commands():
    readme = (REPO_ROOT / "README.md").read_text()
    first_block = readme.split("```", 2)[1]
    commands = [line for line in first_block.splitlines()[1:] if line.strip()]
    assert commands[0] == "cookiecutter . --no-input"
    assert commands[1] == "python3 -m pip install -r requirements-test.txt && python3 -m pytest"
    ci_run = (REPO_ROOT / ".ci" / "run").read_text()
    assert commands[1] in ci_run, ".ci/run must run the README's test command"


def test_ci_workflow_runs_the_shared_check_script_against_postgresql(default_project):
    workflow = yaml.safe_load((default_project / ".github" / "workflows" / "ci.yml").read_text())
    job = workflow["jobs"]["check"]
    assert job["services"]["postgres"]["image"].startswith("postgres:")
    assert job["env"]["DATABASE_URL"].startswith("postgres://")
    assert job["env"]["DJANGO_DEBUG"] == "False"
    commands = [step.get("run", "") for step in job["steps"]]
    assert "python -m pip install -r requirements-dev.txt" in commands
    assert commands[-1] == "python scripts/check.py", "CI must run the same check script as the template's tests"
    setup_python = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/setup-python"))
    assert setup_python["with"]["python-version-file"] == ".python-version"
