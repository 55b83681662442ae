"""Fixtures shared by the template's tests; the helpers they use are in tests/support/.

Every test gets an empty HOME. The plain bakes go through pytest-cookies (``baked`` for a
test's own project, ``baked_once`` and ``default_project`` shared by read-only tests); a test that
bakes over a project or into a folder it names calls ``support.baking.bake``. The tests
that run a generated project use a virtualenv built from its pinned requirements, cached
under ``.cache/venvs`` (support.venvs); servers a test starts are stopped when its module ends.
"""

import json

import pytest

from support import REPO_ROOT
from support.baking import project_of
from support.databases import new_mariadb_database, new_postgres_database, reachable_mariadb, reachable_postgres
from support.isolation import isolate
from support.servers import ServerProcess
from support.venvs import DEFAULT_PYTHON, build_venv

# --------------------------------------------------------------------------
# Isolation
# --------------------------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def isolated_session_home(tmp_path_factory):
    """An empty HOME for the session and module fixtures too, which are set up before a test's own."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        yield isolate(monkeypatch, tmp_path_factory.mktemp("session-home"))


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch):
    """Give every test an empty HOME of its own: no user cookiecutter or git config leaks in."""
    return isolate(monkeypatch, tmp_path_factory.mktemp("home"))


# --------------------------------------------------------------------------
# Baking
# --------------------------------------------------------------------------


@pytest.fixture
def baked(cookies):
    """Bake a project with the given answers into this test's own folder, through pytest-cookies."""

    def _bake(**answers):
        return project_of(cookies.bake(extra_context=answers, template=str(REPO_ROOT)))

    return _bake


@pytest.fixture(scope="module")
def baked_once(cookies_session):
    """Like ``baked``, but each set of answers is baked once per module and worker, for tests
    that only read the project (several checks of the same option value, say)."""
    projects = {}

    def _bake(**answers):
        key = json.dumps(answers, sort_keys=True)
        if key not in projects:
            projects[key] = project_of(cookies_session.bake(extra_context=answers, template=str(REPO_ROOT)))
        return projects[key]

    return _bake


@pytest.fixture(scope="session")
def default_project(cookies_session):
    """One default bake shared by the read-only tests of a worker, through pytest-cookies."""
    return project_of(cookies_session.bake(template=str(REPO_ROOT)))


# --------------------------------------------------------------------------
# Virtualenvs built from the generated pinned requirements
# --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def dev_venv(default_project):
    """The default project's requirements-dev.txt, installed under its Python."""
    return build_venv(default_project / "requirements-dev.txt", DEFAULT_PYTHON)


@pytest.fixture(scope="session")
def prod_venv(default_project):
    """The default project's requirements.txt alone, as the host installs it."""
    return build_venv(default_project / "requirements.txt", DEFAULT_PYTHON)


# --------------------------------------------------------------------------
# Database servers (skipped when unreachable, failed under CI=true)
# --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def postgres_admin_url():
    return reachable_postgres()


@pytest.fixture
def postgres_database(postgres_admin_url):
    """A new empty PostgreSQL database; yields its URL and drops it afterwards."""
    with new_postgres_database(postgres_admin_url) as url:
        yield url


@pytest.fixture(scope="session")
def mariadb_admin():
    """Connection arguments of the MariaDB (or MySQL) administrator, through PyMySQL."""
    return reachable_mariadb()


@pytest.fixture
def mariadb_database(mariadb_admin):
    """A new empty MariaDB database; yields its URL and drops it afterwards."""
    with new_mariadb_database(mariadb_admin) as url:
        yield url


# --------------------------------------------------------------------------
# Processes
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def start_server(tmp_path_factory):
    """Start servers for a test module; each is stopped by its PID when the module ends."""
    servers = []
    logs = tmp_path_factory.mktemp("servers")

    def _start(command, cwd, env):
        server = ServerProcess(command, cwd, env, logs / f"server-{len(servers)}.log")
        servers.append(server)
        return server

    yield _start
    for server in servers:
        server.stop()
