"""The release step every host runs, `python manage.py release`, on a real PostgreSQL server.

It migrates, then creates the first superuser from DJANGO_SUPERUSER_USERNAME, _EMAIL and
_PASSWORD, set as a host sets its secret variables: once, so that the next deploy
neither fails nor changes the password, and without ever printing the password. With
DIRECT_DATABASE_URL set (Fly.io Managed Postgres gives a pooled DATABASE_URL and a
direct URL for migrations), `release` and `migrate` use the direct URL and everything
else keeps DATABASE_URL. The generated project tests the same command in
catalog/tests/test_release.py; here it runs as a process, as the hosts run it.
"""

import shlex

import psycopg
import pytest

from support.databases import new_postgres_database
from support.hosts import deploy_checkout, procfile_command, production_env

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

PASSWORD = "Release-Step-Password-42"
ADMIN = {
    "DJANGO_SUPERUSER_USERNAME": "admin",
    "DJANGO_SUPERUSER_EMAIL": "admin@example.com",
    "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
}
READ_ADMIN = (
    "from django.contrib.auth.models import User; "
    "users = User.objects.filter(username='admin'); "
    "print(users.count(), users[0].password if users else '', users[0].is_superuser if users else '')"
)


@pytest.fixture
def checkout(default_project, tmp_path):
    return deploy_checkout(default_project, tmp_path / "deploy")


def release(venv, checkout, **env):
    """Run the Procfile's release command as Heroku's release phase runs it; its output."""
    command = shlex.split(procfile_command(checkout, "release"))
    assert command[:3] == ["python", "manage.py", "release"]
    result = venv.run(command[1:], cwd=checkout, **env)
    return result.stdout + result.stderr


@pytest.fixture
def second_database(postgres_admin_url):
    with new_postgres_database(postgres_admin_url) as url:
        yield url


def test_release_creates_the_first_superuser_once_and_never_prints_its_password(checkout, prod_venv, postgres_database):
    env = production_env(DATABASE_URL=postgres_database, **ADMIN)
    first = release(prod_venv, checkout, **env)
    count, password_hash, is_superuser = prod_venv.django_shell(checkout, READ_ADMIN, **env).split()
    assert (count, is_superuser) == ("1", "True")
    assert "Applying catalog.0001_initial" in first
    second = release(prod_venv, checkout, **env)  # The next deploy, the variables still set.
    assert prod_venv.django_shell(checkout, READ_ADMIN, **env).split() == [count, password_hash, is_superuser]
    assert "No migrations to apply" in second
    for output in (first, second):
        assert "'admin'" in output
        assert PASSWORD not in output
    check = "from django.contrib.auth.models import User; print(User.objects.get(username='admin').check_password(%r))"
    assert prod_venv.django_shell(checkout, check % PASSWORD, **env) == "True"


def test_release_without_the_variables_migrates_and_creates_nobody(checkout, prod_venv, postgres_database):
    env = production_env(DATABASE_URL=postgres_database)
    output = release(prod_venv, checkout, **env)
    assert "Applying catalog.0001_initial" in output
    assert prod_venv.django_shell(checkout, READ_ADMIN, **env).split() == ["0"]


def test_a_half_set_superuser_stops_the_release_before_it_migrates(checkout, prod_venv, postgres_database):
    env = production_env(DATABASE_URL=postgres_database, DJANGO_SUPERUSER_USERNAME="admin")
    result = prod_venv.run(["manage.py", "release"], cwd=checkout, check=False, **env)
    assert result.returncode == 1
    assert "DJANGO_SUPERUSER_PASSWORD" in result.stderr
    shown = prod_venv.run(["manage.py", "showmigrations", "catalog"], cwd=checkout, **env).stdout
    assert "[X]" not in shown, "nothing was migrated"


def test_migrations_use_direct_database_url_and_the_site_keeps_database_url(
    checkout, prod_venv, postgres_database, second_database
):
    """As on Fly.io Managed Postgres: DATABASE_URL through the pooler, migrations direct."""
    pooled, direct = postgres_database, second_database
    env = production_env(DATABASE_URL=pooled, DIRECT_DATABASE_URL=direct, **ADMIN)
    release(prod_venv, checkout, **env)
    name = "from django.db import connection; print(connection.settings_dict['NAME'])"
    assert prod_venv.django_shell(checkout, name, **env) == pooled.rsplit("/", 1)[1], "the site uses DATABASE_URL"
    with psycopg.connect(direct) as conn:
        assert conn.execute("SELECT count(*) FROM auth_user WHERE is_superuser").fetchone()[0] == 1
    with psycopg.connect(pooled) as conn:
        assert conn.execute("SELECT to_regclass('auth_user')").fetchone()[0] is None, "nothing migrated there"
    # Without DIRECT_DATABASE_URL, DATABASE_URL serves migrations too.
    del env["DIRECT_DATABASE_URL"]
    release(prod_venv, checkout, **env)
    with psycopg.connect(pooled) as conn:
        assert conn.execute("SELECT to_regclass('auth_user')").fetchone()[0] is not None
