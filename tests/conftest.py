"""Shared fixtures: isolated HOME, baking, cached virtualenvs, servers, processes.

Every test bakes real projects with cookiecutter. Tests that run a generated
project use a virtualenv built from its pinned requirements, one per Python
version and requirements file, cached under ``.cache/venvs`` and shared by the
xdist workers through a file lock.
"""

import hashlib
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pymysql
import pytest
from cookiecutter.main import cookiecutter
from filelock import FileLock
from uv import find_uv_bin

from locallibrary_engine.stages import STAGES

REPO_ROOT = Path(__file__).resolve().parent.parent
CACHE_DIR = REPO_ROOT / ".cache"
IN_CI = os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}
# The MDN tutorial's parts in order, as the hooks' engine reads them from cookiecutter.json.
TUTORIAL_STAGES = STAGES
PYTHON_VERSIONS = ("3.13", "3.12", "3.11")
DEFAULT_PYTHON = PYTHON_VERSIONS[0]
POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
POSTGRES_START_HINT = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
MARIADB_ADMIN_URL = os.environ.get("TEST_MARIADB_URL", "mysql://root@127.0.0.1:3306")
MARIADB_START_HINT = "start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd"

# uv keeps its download cache under HOME; point it at the real one before the
# tests isolate HOME, so cached wheels are reused across tests and runs.
os.environ.setdefault("UV_CACHE_DIR", str(Path.home() / ".cache" / "uv"))
PYENV_ROOT = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
os.environ["PYENV_ROOT"] = str(PYENV_ROOT)  # For scripts the tests run, under their isolated HOME.
os.environ["UV_PYTHON_DOWNLOADS"] = "never"  # Never fetch a Python build.
os.environ.setdefault("UV_NATIVE_TLS", "1")  # Trust the system's certificates, as pip does here.


# --------------------------------------------------------------------------
# Isolation
# --------------------------------------------------------------------------


def empty_home(home):
    """Environment variables that make `home` the user's empty HOME, for cookiecutter and git."""
    # cookiecutter computes its default folders at import time, so name them in a config.
    config = home / ".cookiecutterrc"
    config.write_text(f"cookiecutters_dir: {home / '.cookiecutters'}\nreplay_dir: {home / '.cookiecutter_replay'}\n")
    return {"HOME": str(home), "USERPROFILE": str(home), "COOKIECUTTER_CONFIG": str(config), "GIT_CONFIG_NOSYSTEM": "1"}


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch):
    """Give every test an empty HOME: no user cookiecutter or git config leaks in."""
    home = tmp_path_factory.mktemp("home")
    for name, value in empty_home(home).items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("GIT_CONFIG_GLOBAL", raising=False)
    for name in ("NAME", "EMAIL"):
        monkeypatch.delenv(f"GIT_AUTHOR_{name}", raising=False)
        monkeypatch.delenv(f"GIT_COMMITTER_{name}", raising=False)
    for name in ("DJANGO_SECRET_KEY", "DJANGO_DEBUG", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"):
        monkeypatch.delenv(name, raising=False)
    return home


# --------------------------------------------------------------------------
# Baking
# --------------------------------------------------------------------------


def bake(output_dir, overwrite_if_exists=False, **answers):
    """Bake the template with the given answers (no prompts); return the project path.

    overwrite_if_exists bakes over an existing project, as a student moving to the next
    tutorial stage does.
    """
    return Path(
        cookiecutter(
            str(REPO_ROOT),
            no_input=True,
            extra_context=answers,
            output_dir=str(output_dir),
            overwrite_if_exists=overwrite_if_exists,
        )
    )


@pytest.fixture
def baked(tmp_path):
    """Bake a project with the given answers into this test's own folder."""

    def _bake(**answers):
        return bake(tmp_path / "out", **answers)

    return _bake


@pytest.fixture(scope="session")
def default_project(tmp_path_factory):
    """One default bake shared by the read-only tests of a worker."""
    return bake(tmp_path_factory.mktemp("default"))


def baked_files(project):
    """Every file of a baked project, outside .git."""
    return sorted(p for p in project.rglob("*") if p.is_file() and ".git" not in p.relative_to(project).parts)


# Jinja that escaped rendering: a cookiecutter variable, or a Jinja tag outside the
# Django templates (where {% %} and {{ }} are Django's own syntax).
LEFTOVER_ANYWHERE = re.compile(r"\{\{-?\s*cookiecutter|cookiecutter\.(?!json)[a-z_]+")
LEFTOVER_OUTSIDE_TEMPLATES = re.compile(r"\{%-?\s|\s-?%\}|\{#|#\}")


def assert_no_jinja_leftovers(project):
    for path in baked_files(project):
        text = path.read_text(encoding="utf-8", errors="ignore")
        relative = path.relative_to(project)
        assert not LEFTOVER_ANYWHERE.search(text), f"cookiecutter variable left in {relative}"
        if "templates" not in relative.parts and path.suffix != ".html":
            match = LEFTOVER_OUTSIDE_TEMPLATES.search(text)
            assert not match, f"Jinja syntax {match.group()!r} left in {relative}"


def bake_from_edited_replay(tmp_path, home, **changes):
    """Bake once, edit the saved replay file with `changes`, and bake again into tmp_path/second."""
    bake(tmp_path / "first")
    replay = json.loads((home / ".cookiecutter_replay" / f"{REPO_ROOT.name}.json").read_text())
    replay["cookiecutter"].update(changes)
    edited = tmp_path / "edited-replay.json"
    edited.write_text(json.dumps(replay))
    output = tmp_path / "second"
    output.mkdir()
    cookiecutter(str(REPO_ROOT), replay=str(edited), output_dir=str(output))
    return output


def git(project, *args):
    return subprocess.run(["git", *args], cwd=project, check=True, capture_output=True, text=True).stdout


# A student's identity, passed per command, so no git config is ever written.
IDENTITY = ("-c", "user.name=Test Student", "-c", "user.email=student@example.com", "-c", "commit.gpgsign=false")


def commit_all(repo, message="My work"):
    """Commit every change in `repo`, as a student does; return the new commit's hash."""
    git(repo, "add", "--all")
    git(repo, *IDENTITY, "commit", "--quiet", "--no-verify", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


SECRET_LINE = re.compile(r"^DJANGO_SECRET_KEY=(.+)$", re.MULTILINE)


def secret_key_of(project):
    """The secret key the post-generation hook wrote to the project's .env."""
    match = SECRET_LINE.search((project / ".env").read_text(encoding="utf-8"))
    assert match, ".env has no DJANGO_SECRET_KEY line"
    return match.group(1)


def copy_template(destination):
    """Copy the template's working tree (uncommitted changes included, no caches) to `destination`."""
    ignore = shutil.ignore_patterns(".git", ".cache", ".venv", "site", "__pycache__", ".pytest_cache", ".ruff_cache")
    shutil.copytree(REPO_ROOT, destination, ignore=ignore)
    return destination


def deploy_checkout(project, destination):
    """What a host receives on `git push`: a clone of the baked repo, so no .env."""
    subprocess.run(["git", "clone", "--quiet", str(project), str(destination)], check=True)
    return destination


# --------------------------------------------------------------------------
# Virtualenvs built from the generated pinned requirements
# --------------------------------------------------------------------------


def find_python(version):
    """Path of a CPython `version` on this machine (pyenv first), or None."""
    candidates = sorted(PYENV_ROOT.glob(f"versions/{version}.*/bin/python{version}"), reverse=True)
    if candidates:
        return candidates[0]
    found = shutil.which(f"python{version}")
    return Path(found) if found else None


def require_python(version):
    python = find_python(version)
    if python is None:
        message = f"Python {version} is not installed (pyenv or python{version} on PATH)"
        if IN_CI:
            pytest.fail(f"{message}; CI=true needs it: install it with pyenv.")
        pytest.skip(message)
    return python


@dataclass
class Venv:
    path: Path

    @property
    def python(self):
        return self.path / "bin" / "python"

    @property
    def bin(self):
        return self.path / "bin"

    def env(self, **extra):
        """The current environment with this venv's commands first on PATH, plus `extra`."""
        env = dict(os.environ)
        env["PATH"] = f"{self.bin}{os.pathsep}{env.get('PATH', '')}"
        env["VIRTUAL_ENV"] = str(self.path)
        env.pop("PYTHONPATH", None)
        env.update({key: str(value) for key, value in extra.items()})
        return env

    def run(self, args, cwd, check=True, timeout=300, **env):
        """Run `python args...` in `cwd`; on failure, fail the test with the output."""
        result = subprocess.run(
            [str(self.python), *args],
            cwd=cwd,
            env=self.env(**env),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and result.returncode != 0:
            pytest.fail(
                f"`python {' '.join(args)}` exited {result.returncode}\n"
                f"--- stdout ---\n{result.stdout[-4000:]}\n--- stderr ---\n{result.stderr[-4000:]}"
            )
        return result

    def django_shell(self, project, code, **env):
        """Run Python `code` in `manage.py shell` of `project`; return what it printed."""
        return self.run(["manage.py", "shell", "--verbosity", "0", "-c", code], cwd=project, **env).stdout.strip()


def build_venv(requirements_file, python_version):
    """Create (once) and return a virtualenv with `requirements_file` installed."""
    python = require_python(python_version)
    digest = hashlib.sha256(requirements_file.read_bytes()).hexdigest()[:16]
    path = CACHE_DIR / "venvs" / f"py{python_version}-{requirements_file.stem}-{digest}"
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(f"{path}.lock"):
        if not (path / ".complete").exists():
            shutil.rmtree(path, ignore_errors=True)
            uv = find_uv_bin()
            subprocess.run([uv, "venv", "--quiet", "--python", str(python), str(path)], check=True)
            subprocess.run(
                [
                    uv,
                    "pip",
                    "install",
                    "--quiet",
                    "--compile-bytecode",
                    "--python",
                    str(path / "bin" / "python"),
                    "-r",
                    str(requirements_file),
                ],
                check=True,
            )
            (path / ".complete").touch()
    return Venv(path)


@pytest.fixture(scope="session")
def dev_venv(default_project):
    """The default project's requirements-dev.txt, installed under its Python."""
    return build_venv(default_project / "requirements-dev.txt", DEFAULT_PYTHON)


@pytest.fixture(scope="session")
def prod_venv(default_project):
    """The default project's requirements.txt alone, as the host installs it."""
    return build_venv(default_project / "requirements.txt", DEFAULT_PYTHON)


def production_env(**extra):
    """The only settings a host gives the site: environment variables."""
    env = {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_DEBUG": "False",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    env.update(extra)
    return env


# An issue in `manage.py check` output: "?: (catalog.I001) ..."; the letter is its level.
CHECK_ISSUE = re.compile(r"\((?P<id>[\w.]+\.(?P<level>[A-Z])\d{3})\)")


def check_problems(result):
    """The ids of the warnings and errors a `manage.py check` run reported.

    Infos pass, as they pass `--fail-level WARNING`: a site without a mail server gets
    catalog.I001 from `check --deploy`.
    """
    output = result.stdout + result.stderr
    assert "System check identified" in output, output
    return [match["id"] for match in CHECK_ISSUE.finditer(output) if match["level"] != "I"]


# --------------------------------------------------------------------------
# Database servers
# --------------------------------------------------------------------------


def unavailable(reason, hint):
    """Skip with the reason, except under CI=true, where a missing service is a failure."""
    if IN_CI:
        pytest.fail(f"{reason}; CI=true requires it ({hint})")
    pytest.skip(f"{reason} ({hint})")


@pytest.fixture(scope="session")
def postgres_admin_url():
    try:
        with psycopg.connect(POSTGRES_ADMIN_URL, connect_timeout=3):
            pass
    except psycopg.OperationalError as error:
        unavailable(
            f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}: {str(error).strip()}",
            f"start it with: {POSTGRES_START_HINT}",
        )
    return POSTGRES_ADMIN_URL


@pytest.fixture
def postgres_database(postgres_admin_url):
    """A new empty PostgreSQL database; yields its URL and drops it afterwards."""
    name = f"ll_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = postgres_admin_url.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    with psycopg.connect(postgres_admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'DROP DATABASE IF EXISTS "test_{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def mariadb_admin():
    """Connection arguments of the MariaDB (or MySQL) administrator, through PyMySQL."""
    url = urllib.parse.urlsplit(MARIADB_ADMIN_URL)
    admin = {
        "host": url.hostname or "127.0.0.1",
        "port": url.port or 3306,
        "user": urllib.parse.unquote(url.username or "root"),
        "password": urllib.parse.unquote(url.password or ""),
    }
    try:
        pymysql.connect(**admin, connect_timeout=3).close()
    except pymysql.err.OperationalError as error:
        unavailable(
            f"MariaDB is not reachable at {MARIADB_ADMIN_URL}: {error}",
            f"start it with: {MARIADB_START_HINT}",
        )
    return admin


@pytest.fixture
def mariadb_database(mariadb_admin):
    """A new empty MariaDB database; yields its URL and drops it afterwards."""
    name = f"ll_{uuid.uuid4().hex[:12]}"
    with pymysql.connect(**mariadb_admin, autocommit=True) as conn, conn.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
    yield f"{MARIADB_ADMIN_URL.rstrip('/')}/{name}"
    with pymysql.connect(**mariadb_admin, autocommit=True) as conn, conn.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
        cursor.execute(f"DROP DATABASE IF EXISTS `test_{name}`")


# --------------------------------------------------------------------------
# Processes
# --------------------------------------------------------------------------


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def http_get(url, headers=None, timeout=5, data=None):
    """GET (or POST `data` bytes) without following redirects; returns (status, headers, body)."""
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers or {}, data=data)
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class ServerProcess:
    """A server started in its own process group and stopped by its PID."""

    def __init__(self, command, cwd, env, log_path):
        self.log_path = log_path
        self.log = open(log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def wait_until_answers(self, url, headers=None, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:  # Bounded: gives up after `timeout` seconds.
            if self.process.poll() is not None:
                pytest.fail(f"server exited with {self.process.returncode}:\n{self.output()}")
            try:
                return http_get(url, headers=headers, timeout=2)
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        pytest.fail(f"server did not answer {url} within {timeout}s:\n{self.output()}")

    def output(self):
        self.log.flush()
        return Path(self.log_path).read_text(errors="replace")[-4000:]

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log.close()


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


def dockerfile_cmd(project):
    """The Dockerfile's CMD, as its exec-form list of arguments."""
    match = re.search(r"^CMD (.+)$", (project / "Dockerfile").read_text(encoding="utf-8"), re.MULTILINE)
    assert match, "the Dockerfile has no CMD"
    return json.loads(match.group(1))


def procfile_command(project, process_type):
    """The command of one process type in the project's Procfile."""
    for line in (project / "Procfile").read_text().splitlines():
        name, _, command = line.partition(":")
        if name.strip() == process_type:
            return command.strip()
    raise AssertionError(f"Procfile has no {process_type!r} process")


HTTPS = {"X-Forwarded-Proto": "https"}  # What the host's router adds after TLS.


def serve_like_the_host(project, venv, workdir, start_server, seed=(), **config_vars):
    """Build (collectstatic), release (migrate), run `manage.py *seed` if given, then start
    the Procfile's `web:`, with `config_vars` added to the environment; return its base URL."""
    checkout = deploy_checkout(project, workdir / "deploy")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = production_env(
        DATABASE_URL=f"sqlite:///{workdir / 'web.sqlite3'}",
        PORT=port,
        WEB_HOST="127.0.0.1",
        # Clients talk plain HTTP to 127.0.0.1 and say it came over HTTPS (HTTPS above),
        # as a TLS-terminating router would; a browser's Origin is then this one.
        DJANGO_CSRF_TRUSTED_ORIGINS=base,
    )
    env.update(config_vars)
    venv.run(["manage.py", "collectstatic", "--noinput"], cwd=checkout, **env)
    venv.run(shlex.split(procfile_command(checkout, "release"))[1:], cwd=checkout, **env)
    if seed:
        venv.run(["manage.py", *seed], cwd=checkout, **env)
    server = start_server(shlex.split(procfile_command(checkout, "web")), checkout, venv.env(**env))
    server.wait_until_answers(f"{base}/catalog/", headers=HTTPS)
    return base
