"""What the bench scripts share: a throwaway workspace, timing the generated test suite, and a
web process started as the host starts it."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO_ROOT / "tests"), str(REPO_ROOT)]  # The tests' support package, and the engine.

from support.databases import POSTGRES_ADMIN_URL, new_postgres_database  # noqa: E402
from support.isolation import empty_home  # noqa: E402


@contextmanager
def workspace(prefix):
    """A temporary folder with an empty HOME for cookiecutter and git; removed afterwards."""
    work = Path(tempfile.mkdtemp(prefix=prefix))
    (work / "home").mkdir()
    os.environ.update(empty_home(work / "home"))
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def time_test_suite(venv, project, runs):
    """Wall times of `manage.py test` over `runs` runs, and its "Ran N tests" line."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = venv.run(["manage.py", "test", "--noinput"], cwd=project)
        times.append(time.perf_counter() - started)
    return times, next(line for line in result.stderr.splitlines() if line.startswith("Ran "))


HEADERS = {"X-Forwarded-Proto": "https"}  # As the host's TLS-terminating router sends it.


def get(url, timeout=10):
    """One cookieless GET, as the router forwards it; its status."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=HEADERS), timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@contextmanager
def web_process(command, cwd, env, url, wait=30):
    """Start `command` (the Procfile's web process) in its own process group; yield the process
    once `url` answers 200; stop it by its PID afterwards."""
    server = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        deadline = time.monotonic() + wait
        while True:  # Bounded wait for the first answer.
            try:
                if get(url, timeout=2) == 200:
                    break
            except (urllib.error.URLError, ConnectionError):
                pass
            if time.monotonic() >= deadline:
                sys.exit(f"the web process did not answer within {wait} s")
            time.sleep(0.01)
        yield server
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)


def postgres_database():
    """A new PostgreSQL database's URL (on TEST_POSTGRES_URL's server); dropped afterwards."""
    return new_postgres_database(POSTGRES_ADMIN_URL)
