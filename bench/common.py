"""What the bench scripts share: a throwaway workspace and timing the generated test suite."""

import os
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO_ROOT / "tests"), str(REPO_ROOT)]  # conftest, and the engine it imports.

from conftest import empty_home  # noqa: E402


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
