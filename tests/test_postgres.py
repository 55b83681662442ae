"""PostgreSQL: the release command migrates a real server.

The project's test suite on PostgreSQL (and MariaDB, SQLite) runs in test_runtime_options.py.
"""

import pytest

from support.hosts import deploy_checkout, procfile_command, production_env

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


def test_release_command_migrates_an_empty_postgresql_database(default_project, prod_venv, postgres_database, tmp_path):
    checkout = deploy_checkout(default_project, tmp_path / "deploy")
    env = production_env(DATABASE_URL=postgres_database)
    release = procfile_command(checkout, "release").split()
    assert release[0] == "python"
    prod_venv.run(release[1:], cwd=checkout, **env)
    shown = prod_venv.run(["manage.py", "showmigrations", "catalog"], cwd=checkout, **env).stdout
    assert "[X] 0001_initial" in shown and "[ ] " not in shown
    prod_venv.run(["manage.py", "migrate", "--check"], cwd=checkout, **env)
