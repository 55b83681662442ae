"""Baking: the default project and every option value render cleanly and lint clean."""

import json
import shutil
import subprocess
import sys
import tomllib

import pytest

from support import REPO_ROOT, unavailable
from support.baking import assert_no_jinja_leftovers
from support.venvs import PYTHON_VERSIONS

OPTION_VARIANTS = [
    pytest.param({}, id="defaults"),
    *[pytest.param({"python_version": version}, id=f"python-{version}") for version in PYTHON_VERSIONS],
    pytest.param({"domain_name": "mylibrary.example.com"}, id="domain-name"),
    pytest.param({"time_zone": "Asia/Shanghai"}, id="time-zone"),
    pytest.param({"project_name": 'My "Quoted" O\'Reilly Library', "project_slug": "quoted_library"}, id="quotes"),
    pytest.param({"project_name": "本地图书馆"}, id="chinese-name"),
    pytest.param({"author_name": "", "description": ""}, id="empty-optional-text"),
    *[
        pytest.param({"deploy_target": target}, id=f"target-{target}")
        for target in ("render", "railway", "fly", "pythonanywhere", "digitalocean", "docker")
    ],
    pytest.param(
        {"deploy_target": "all", "domain_name": "mylibrary.example.com", "project_name": 'My "Quoted" Library'},
        id="target-all-domain-quotes",
    ),
    pytest.param({"deploy_target": "railway", "database": "mysql"}, id="target-railway-mysql"),
    pytest.param({"deploy_target": "pythonanywhere", "database": "mysql"}, id="target-pythonanywhere-mysql"),
    pytest.param({"deploy_target": "pythonanywhere", "database": "sqlite"}, id="target-pythonanywhere-sqlite"),
    pytest.param({"deploy_target": "docker", "database": "mysql"}, id="target-docker-mysql"),
    pytest.param({"deploy_target": "docker", "database": "sqlite"}, id="target-docker-sqlite"),
]


def ruff(command, *args, cwd):
    """Ruff on a shared bake: --no-cache, so that it leaves no .ruff_cache for the next test to read."""
    return subprocess.run(
        [sys.executable, "-m", "ruff", command, "--no-cache", *args], cwd=cwd, capture_output=True, text=True
    )


def test_default_bake_creates_the_locallibrary_layout(default_project):
    assert default_project.name == "locallibrary"
    for relative in [
        "manage.py",
        "locallibrary/settings.py",
        "locallibrary/urls.py",
        "locallibrary/wsgi.py",
        "catalog/models.py",
        "catalog/admin.py",
        "catalog/views.py",
        "catalog/urls.py",
        "catalog/forms.py",
        "catalog/migrations/0001_initial.py",
        "catalog/templates/base_generic.html",
        "catalog/templates/index.html",
        "catalog/static/css/styles.css",
        "templates/registration/login.html",
        "Procfile",
        "gunicorn.conf.py",
        ".python-version",
        "requirements.in",
        "requirements.txt",
        "requirements-dev.txt",
        ".env.example",
        ".env",
        ".gitignore",
        "app.json",
        "README.md",
        "scripts/check.py",
    ]:
        assert (default_project / relative).is_file(), f"{relative} is missing from the default bake"


@pytest.mark.parametrize("answers", OPTION_VARIANTS)
def test_every_option_value_bakes_without_jinja_leftovers(baked_once, answers):
    project = baked_once(**answers)
    assert_no_jinja_leftovers(project)


@pytest.mark.parametrize("answers", OPTION_VARIANTS)
def test_every_option_value_passes_ruff_lint_and_format(baked_once, answers):
    project = baked_once(**answers)
    lint = ruff("check", ".", cwd=project)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    fmt = ruff("format", "--check", "--diff", ".", cwd=project)
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


@pytest.mark.parametrize("answers", OPTION_VARIANTS)
def test_every_option_value_renders_valid_config_files(baked_once, answers):
    project = baked_once(**answers)
    if (project / "app.json").exists():  # Only the heroku and all deploy targets have it.
        app = json.loads((project / "app.json").read_text(encoding="utf-8"))
        assert len(app["name"]) <= 30, "Heroku limits app.json names to 30 characters"
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["tool"]["ruff"]["target-version"].startswith("py3")
    compile(
        (project / project.name / "settings.py").read_text(encoding="utf-8"), "settings.py", "exec"
    )  # Valid Python whatever the answers (quotes, Chinese).


def test_baked_django_templates_pass_djlint(default_project):
    result = subprocess.run(
        [sys.executable, "-m", "djlint", "--lint", "templates", "catalog/templates"],
        cwd=default_project,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_template_repository_passes_ruff():
    lint = ruff("check", ".", cwd=REPO_ROOT)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    fmt = ruff("format", "--check", ".", cwd=REPO_ROOT)
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


@pytest.mark.parametrize("version", PYTHON_VERSIONS)
def test_python_version_option_sets_runtime_file_and_ruff_target(baked, version):
    project = baked(python_version=version)
    assert (project / ".python-version").read_text() == f"{version}\n"
    assert not (project / "runtime.txt").exists(), "Heroku deprecated runtime.txt; .python-version replaces it"
    assert f'target-version = "py{version.replace(".", "")}"' in (project / "pyproject.toml").read_text()


def test_domain_name_is_allowed_host_and_trusted_origin(baked):
    project = baked(domain_name="mylibrary.example.com")
    settings = (project / project.name / "settings.py").read_text()
    assert 'ALLOWED_HOSTS.append("mylibrary.example.com")' in settings
    assert 'CSRF_TRUSTED_ORIGINS.append("https://mylibrary.example.com")' in settings
    app = json.loads((project / "app.json").read_text())
    assert app["env"]["DJANGO_ALLOWED_HOSTS"]["value"] == "mylibrary.example.com,.herokuapp.com"


def test_time_zone_option_sets_time_zone(baked):
    project = baked(time_zone="Asia/Shanghai")
    assert 'TIME_ZONE = "Asia/Shanghai"' in (project / project.name / "settings.py").read_text()


def test_chinese_project_name_derives_an_ascii_slug(baked):
    project = baked(project_name="本地图书馆")
    assert project.name.isascii() and project.name.isidentifier()
    assert "本地图书馆" in (project / "README.md").read_text(encoding="utf-8")


def test_bake_needs_no_network(tmp_path):
    """Bake through the command line inside a network namespace with no interfaces up."""
    if shutil.which("unshare") is None or subprocess.run(["unshare", "--net", "true"]).returncode != 0:
        unavailable("cannot create a network namespace with `unshare --net`", "run the tests as root on Linux")
    command = [sys.executable, "-m", "cookiecutter", str(REPO_ROOT), "--no-input", "-o", str(tmp_path)]
    result = subprocess.run(["unshare", "--net", *command], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "locallibrary" / ".git").is_dir()
    assert (tmp_path / "locallibrary" / ".env").is_file()
