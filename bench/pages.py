"""Queries and HTML size per page at two catalogue sizes, and the test suite's wall time.

    python bench/pages.py [--sizes 10 1000]

Bakes the default project, builds its virtualenv (requirements-dev.txt), fills the
catalogue with `manage.py populate_catalog --books N` for each size, then fetches
every catalogue page as the demo librarian (or borrower) and prints the number of
SQL queries and the HTML size. Targets (issue 3): query counts equal at both sizes;
no page over 100 KB at 1000 books; the generated test suite within 5 s.
"""

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "tests"))

from conftest import DEFAULT_PYTHON, bake, build_venv, empty_home  # noqa: E402

PASSWORDS = ["--librarian-password", "bench-librarian", "--borrower-password", "bench-borrower"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 1000])
    parser.add_argument("--suite-runs", type=int, default=3)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    home = work / "home"
    home.mkdir()
    os.environ.update(empty_home(home))
    try:
        project = bake(work / "out")
        venv = build_venv(project / "requirements-dev.txt", DEFAULT_PYTHON)
        venv.run(["manage.py", "migrate", "--noinput", "-v", "0"], cwd=project)
        measure = (REPO_ROOT / "bench" / "measure_pages.py").read_text()
        results = {}
        for size in sorted(args.sizes):
            venv.run(["manage.py", "populate_catalog", "--books", str(size), *PASSWORDS], cwd=project)
            results[size] = json.loads(venv.django_shell(project, measure).splitlines()[-1])

        suite = []
        for _ in range(args.suite_runs):
            started = time.perf_counter()
            venv.run(["manage.py", "test", "--noinput"], cwd=project)
            suite.append(time.perf_counter() - started)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    sizes = sorted(results)
    header = f"{'page':<22}" + "".join(f"{f'queries@{s}':>14}{f'KB@{s}':>10}" for s in sizes)
    print(header)
    for page in results[sizes[0]]:
        row = f"{page:<22}"
        for size in sizes:
            entry = results[size][page]
            row += f"{entry['queries']:>14}{entry['bytes'] / 1024:>10.1f}"
        print(row)
    constant = all(results[s][p]["queries"] == results[sizes[0]][p]["queries"] for s in sizes for p in results[s])
    largest = max(entry["bytes"] for size in sizes for entry in results[size].values()) / 1024
    print(f"query counts independent of catalogue size: {'yes' if constant else 'NO'}")
    print(f"largest page: {largest:.1f} KB")
    print(f"generated test suite: median {statistics.median(suite):.2f} s over {len(suite)} runs")


if __name__ == "__main__":
    main()
