"""Wall time of the generated project's own test suite at every tutorial stage.

    python bench/suite.py [--runs 3] [--stages skeleton complete ...]

For each stage it bakes the default project, builds its virtualenv (requirements-dev.txt,
one for all stages), and times `python manage.py test`, as a student types it, from the
start of the process to its exit: on a fresh bake, then again after `collectstatic` (as
the deploy steps have students run it), serially and with `--parallel 2`. Prints the
median of --runs runs for each. Target (issue 13): 3 s or less on 2 cores, after
collectstatic too, with --parallel where it pays.
"""

import argparse
import statistics
import time

from common import workspace  # Puts tests/ on sys.path for support.

from support.baking import TUTORIAL_STAGES, bake
from support.venvs import DEFAULT_PYTHON, build_venv

MODES = {"serial": [], "--parallel 2": ["--parallel", "2"]}


def wall_times(venv, project, extra, runs):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = venv.run(["manage.py", "test", "--noinput", *extra], cwd=project)
        times.append(time.perf_counter() - started)
    ran = next(line for line in result.stderr.splitlines() if line.startswith("Ran "))
    return statistics.median(times), ran


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--stages", nargs="+", default=list(TUTORIAL_STAGES), choices=TUTORIAL_STAGES)
    args = parser.parse_args()

    rows = []
    with workspace("bench-suite-") as work:
        venv = None
        for stage in args.stages:
            project = bake(work / stage, tutorial_stage=stage)
            venv = venv or build_venv(project / "requirements-dev.txt", DEFAULT_PYTHON)
            for collected in (False, True):
                if collected:
                    venv.run(["manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=project)
                for mode, extra in MODES.items():
                    seconds, ran = wall_times(venv, project, extra, args.runs)
                    rows.append((stage, "after collectstatic" if collected else "fresh bake", mode, seconds, ran))

    print(f"`manage.py test` wall time, median of {args.runs} runs (Python {DEFAULT_PYTHON})")
    for stage, state, mode, seconds, ran in rows:
        print(f"  {stage:<15} {state:<20} {mode:<13} {seconds:5.2f} s   {ran}")


if __name__ == "__main__":
    main()
