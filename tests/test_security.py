"""Production settings: secrets only from the environment, and no insecure start-up;
the local .env readable by its owner only and safe to load in a shell."""

import re
import stat
import subprocess

import pytest

from support.baking import secret_key_of
from support.hosts import deploy_checkout, production_env
from support.venvs import check_problems

pytestmark = pytest.mark.slow

PRINT_DEBUG = "from django.conf import settings; print(settings.DEBUG)"


@pytest.fixture
def checkout(default_project, tmp_path):
    """The repository as a host receives it (a clone: no .env)."""
    return deploy_checkout(default_project, tmp_path / "deploy")


def test_check_deploy_passes_with_only_environment_variables(checkout, prod_venv, tmp_path):
    env = production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}")
    result = prod_venv.run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=checkout, **env)
    assert check_problems(result) == []


@pytest.mark.parametrize(
    "secret_key",
    [
        pytest.param(None, id="missing"),
        pytest.param("", id="empty"),
        pytest.param("too-short", id="short"),
        pytest.param("django-insecure-" + "x1y2z3" * 10, id="django-insecure-prefix"),
        pytest.param("a" * 60, id="repetitive"),
    ],
)
def test_start_up_fails_clearly_without_a_secure_key_when_debug_is_off(checkout, prod_venv, secret_key):
    env = production_env()
    if secret_key is None:
        del env["DJANGO_SECRET_KEY"]
    else:
        env["DJANGO_SECRET_KEY"] = secret_key
    result = prod_venv.run(["manage.py", "check"], cwd=checkout, check=False, **env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is missing or insecure and DJANGO_DEBUG is off" in result.stderr


@pytest.mark.parametrize("value", ["False", "false", "0", "", "no", "off"])
def test_false_like_debug_values_turn_debug_off(checkout, prod_venv, value):
    shown = prod_venv.django_shell(checkout, PRINT_DEBUG, **production_env(DJANGO_DEBUG=value))
    assert shown == "False"


def test_debug_is_off_when_the_variable_is_not_set(checkout, prod_venv):
    env = production_env()
    del env["DJANGO_DEBUG"]
    assert prod_venv.django_shell(checkout, PRINT_DEBUG, **env) == "False"


def test_a_debug_value_that_is_not_a_boolean_is_refused(checkout, prod_venv):
    result = prod_venv.run(["manage.py", "check"], cwd=checkout, check=False, **production_env(DJANGO_DEBUG="maybe"))
    assert result.returncode != 0
    assert "DJANGO_DEBUG='maybe' is not a boolean: set it to True or False." in result.stderr


def test_production_settings_are_strict(checkout, prod_venv):
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, "
        "s.SECURE_PROXY_SSL_HEADER, s.ALLOWED_HOSTS, s.STORAGES['staticfiles']['BACKEND'])"
    )
    assert prod_venv.django_shell(checkout, code, **production_env()) == (
        "True True True 31536000 ('HTTP_X_FORWARDED_PROTO', 'https') ['127.0.0.1', 'localhost'] "
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_env_file_is_readable_by_its_owner_only(default_project):
    assert stat.S_IMODE((default_project / ".env").stat().st_mode) == 0o600


@pytest.mark.parametrize("shell", ["sh", "bash"])
def test_env_file_loads_in_a_posix_shell_as_it_is(default_project, shell):
    """The README's `set -a; . ./.env; set +a` gives the shell the same key settings.py reads."""
    key = secret_key_of(default_project)
    assert re.fullmatch(r"[A-Za-z0-9_-]{64}", key), "the key holds characters a shell or PowerShell reads"
    script = 'set -a; . ./.env; set +a; printf "%s|%s" "$DJANGO_SECRET_KEY" "$DJANGO_DEBUG"'
    result = subprocess.run([shell, "-c", script], cwd=default_project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{key}|True"


def test_start_up_errors_are_in_chinese_in_a_zh_hans_project(baked, prod_venv, tmp_path):
    """A zh-hans project's settings explain a wrong DJANGO_DEBUG or a missing key in Chinese."""
    checkout = deploy_checkout(baked(language="zh-hans"), tmp_path / "zh-deploy")
    env = production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'zh.sqlite3'}")
    result = prod_venv.run(["manage.py", "check"], cwd=checkout, check=False, **{**env, "DJANGO_DEBUG": "maybe"})
    assert "DJANGO_DEBUG='maybe' 不是布尔值：请设为 True 或 False。" in result.stderr
    result = prod_venv.run(["manage.py", "check"], cwd=checkout, check=False, **{**env, "DJANGO_SECRET_KEY": "short"})
    assert "DJANGO_SECRET_KEY 缺失或不安全，而 DJANGO_DEBUG 是关闭的。" in result.stderr
