"""Session rows and requests per second of the home page, under gunicorn on PostgreSQL.

    python bench/sessions.py [--template PATH ...] [--hits 1000] [--requests 500] [--rounds 5]

Bakes the default project from each --template (this repository unless given; pass a
`git worktree add` of an older commit to compare it), builds its production virtualenv
(requirements.txt), creates a PostgreSQL database for it (TEST_POSTGRES_URL, as the
tests do), runs collectstatic and migrate, and starts the Procfile's `web:` on
127.0.0.1 with 2 workers. For each site it sends --hits cookieless GETs of /catalog/
(the home page, whose visit counter uses the session) and counts the rows they added
to django_session. Then, --rounds times, it sends --requests GETs from --clients
threads to each site in turn and reports the median requests per second: taking turns
keeps the sites' figures comparable on a machine whose load changes. Every loop is
bounded; each gunicorn is stopped by its PID and each database dropped.
Target (issue 10): no row per anonymous hit.
"""

import argparse
import shlex
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path

import psycopg
from common import REPO_ROOT, get, postgres_database, web_process, workspace  # Puts tests/ on sys.path for support.
from cookiecutter.main import cookiecutter

from support.hosts import deploy_checkout, procfile_command, production_env
from support.servers import free_port
from support.venvs import DEFAULT_PYTHON, build_venv


def session_rows(database_url):
    with psycopg.connect(database_url) as conn:
        return conn.execute("SELECT count(*) FROM django_session").fetchone()[0]


@contextmanager
def site(template, work, database_url, workers):
    """Bake, build, release and start the template's default project; yields its home page URL."""
    project = Path(cookiecutter(str(template), no_input=True, output_dir=str(work / "out")))
    checkout = deploy_checkout(project, work / "app")
    venv = build_venv(checkout / "requirements.txt", DEFAULT_PYTHON)
    env = production_env(DATABASE_URL=database_url, WEB_CONCURRENCY=workers)
    venv.run(["manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=checkout, **env)
    venv.run(["manage.py", "migrate", "--noinput", "-v", "0"], cwd=checkout, **env)
    port = free_port()
    url = f"http://127.0.0.1:{port}/catalog/"
    command = shlex.split(procfile_command(checkout, "web"))
    with web_process(command, checkout, venv.env(PORT=port, WEB_HOST="127.0.0.1", **env), url):
        yield url


def requests_per_second(url, requests, clients):
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        statuses = list(pool.map(lambda _: get(url), range(requests)))
    elapsed = time.perf_counter() - started
    if set(statuses) != {200}:
        sys.exit(f"unexpected answers: {sorted(set(statuses))}")
    return requests / elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--template", type=Path, action="append", dest="templates")
    parser.add_argument("--hits", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    templates = [template.resolve() for template in args.templates or [REPO_ROOT]]

    added, rates = {}, {template: [] for template in templates}
    with ExitStack() as stack:
        urls = {}
        for number, template in enumerate(templates):
            work = stack.enter_context(workspace(f"bench-sessions-{number}-"))
            database_url = stack.enter_context(postgres_database())
            urls[template] = stack.enter_context(site(template, work, database_url, args.workers))
            for _ in range(50):  # Bounded warm-up, not counted.
                get(urls[template])
            before = session_rows(database_url)
            for _ in range(args.hits):
                get(urls[template])
            added[template] = session_rows(database_url) - before
        for _ in range(args.rounds):
            for template in templates:  # The sites take turns.
                rates[template].append(requests_per_second(urls[template], args.requests, args.clients))

    for template in templates:
        print(f"template: {template}")
        print(f"  rows added to django_session by {args.hits} anonymous home-page hits: {added[template]}")
        print(
            f"  home page: median {statistics.median(rates[template]):.0f} req/s "
            f"(rounds: {', '.join(f'{rate:.0f}' for rate in rates[template])}; {args.requests} requests each, "
            f"{args.clients} clients, {args.workers} gunicorn workers)"
        )


if __name__ == "__main__":
    main()
