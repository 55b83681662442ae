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
import statistics

from common import REPO_ROOT, time_test_suite, workspace  # Puts tests/ on sys.path for support.

from support.baking import bake
from support.venvs import DEFAULT_PYTHON, build_venv

PASSWORDS = ["--librarian-password", "bench-librarian", "--borrower-password", "bench-borrower"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 1000])
    parser.add_argument("--suite-runs", type=int, default=3)
    args = parser.parse_args()

    with workspace("bench-pages-") as work:
        project = bake(work / "out")
        venv = build_venv(project / "requirements-dev.txt", DEFAULT_PYTHON)
        venv.run(["manage.py", "migrate", "--noinput", "-v", "0"], cwd=project)
        measure = (REPO_ROOT / "bench" / "measure_pages.py").read_text()
        results = {}
        for size in sorted(args.sizes):
            venv.run(["manage.py", "populate_catalog", "--books", str(size), *PASSWORDS], cwd=project)
            results[size] = json.loads(venv.django_shell(project, measure).splitlines()[-1])

        suite, tests_ran = time_test_suite(venv, project, args.suite_runs)

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
    print(f"generated test suite: median {statistics.median(suite):.2f} s over {len(suite)} runs; {tests_ran}")


if __name__ == "__main__":
    main()
