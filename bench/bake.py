"""Measure baking and the generated project's test suite.

    python bench/bake.py [--runs 5]

Prints the median wall time of a `--no-input` bake (in-process, hooks and the git
commit included, and through the `cookiecutter` command, taking turns with
`cookiecutter --version`, which only starts the command), the number of files a
bake generates, and the wall time of the generated project's `manage.py test`
(median of the runs) in a virtualenv built from its requirements-dev.txt.
Targets: bake <= 0.5 s, generated test suite <= 5 s (issue 2); the `cookiecutter`
bake at most 2.0x `cookiecutter --version`, measured in the same run (issue 13).

PYTHONDONTWRITEBYTECODE is dropped from the environment first: a student's Python caches
the hooks' engine as bytecode after the first bake, and so must the bake measured here.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

from common import REPO_ROOT, time_test_suite, workspace  # Puts tests/ on sys.path for support.

from support.baking import bake, baked_files
from support.venvs import DEFAULT_PYTHON, build_venv


def timed(function):
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # The hooks inherit this environment.

    with workspace("bench-bake-") as work:
        api_times, project = [], None
        for run in range(args.runs):
            seconds, project = timed(lambda run=run: bake(work / f"api{run}"))
            api_times.append(seconds)
        cli = [sys.executable, "-m", "cookiecutter", str(REPO_ROOT), "--no-input"]
        cli_times, version_times = [], []
        for run in range(args.runs):  # The bake and the bare start take turns.
            seconds, _ = timed(
                lambda run=run: subprocess.run([*cli, "-o", str(work / f"cli{run}")], check=True, capture_output=True)
            )
            cli_times.append(seconds)
            seconds, _ = timed(lambda: subprocess.run([*cli[:3], "--version"], check=True, capture_output=True))
            version_times.append(seconds)
        files = baked_files(project)

        venv = build_venv(project / "requirements-dev.txt", DEFAULT_PYTHON)
        suite_times, tests_ran = time_test_suite(venv, project, args.runs)

    print(f"bake, in-process, hooks + git commit: median {statistics.median(api_times):.3f} s over {args.runs} runs")
    cli_median, version_median = statistics.median(cli_times), statistics.median(version_times)
    print(f"bake, `cookiecutter --no-input` command: median {cli_median:.3f} s over {args.runs} runs")
    print(
        f"`cookiecutter --version`, in the same turns: median {version_median:.3f} s; "
        f"the bake takes {cli_median / version_median:.2f}x"
    )
    print(f"files generated (outside .git): {len(files)}")
    print(f"generated test suite (Python {DEFAULT_PYTHON}): median {statistics.median(suite_times):.2f} s; {tests_ran}")


if __name__ == "__main__":
    main()
