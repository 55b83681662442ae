"""Requests per second of three catalogue pages against a floor view, under gunicorn on PostgreSQL.

    python bench/throughput.py [--template PATH] [--books 1000] [--requests 1000] [--rounds 5]

Bakes the default project, builds its production virtualenv (requirements.txt), creates
a PostgreSQL database (TEST_POSTGRES_URL, as the tests do), runs collectstatic, migrate and
`populate_catalog --books N`, and starts the Procfile's `web:` on 127.0.0.1 with --workers
workers of --worker-class: `sync` by default, as the target was set; `project` keeps the
class gunicorn.conf.py gives (gthread, WEB_THREADS threads). Workers are not restarted
after max_requests here: a restart would land on a page or a floor by chance.

The bench adds one URL of its own, outside the project's code: /floor/<size>/, a fixed
HttpResponse of <size> bytes that passes through the same middleware (a settings module
beside manage.py that imports the project's settings and sets ROOT_URLCONF), so it
shows what the stack costs before a view does any work.

Each round sends --requests cookieless GETs, --clients at a time, to each page and to a floor
of the same size, in turn; taking turns keeps the ratios comparable on a machine whose load
changes. Requests arrive as the host's router sends them: plain HTTP with
X-Forwarded-Proto: https, one connection each (gunicorn's sync workers close it). Every
loop is bounded; gunicorn is stopped by its PID and the database dropped.

Target (issue 13): the book list and the home page at 0.3x the floor or more.
"""

import argparse
import asyncio
import shlex
import statistics
import sys
import time
from pathlib import Path

from common import REPO_ROOT, get, postgres_database, web_process, workspace  # Puts tests/ on sys.path.
from cookiecutter.main import cookiecutter

from support.hosts import deploy_checkout, procfile_command, production_env
from support.servers import free_port
from support.venvs import DEFAULT_PYTHON, build_venv

FLOOR_URLS = '''"""The bench's floor view (bench/throughput.py), in front of the project's own URLs."""

from functools import cache

from django.http import HttpResponse
from django.urls import include, path


@cache
def body(size):
    return b"x" * size


def floor(request, size):
    return HttpResponse(body(size), content_type="text/html; charset=utf-8")


urlpatterns = [path("floor/<int:size>/", floor), path("", include("{package}.urls"))]
'''
FLOOR_SETTINGS = """from {package}.settings import *  # noqa: F403

ROOT_URLCONF = "bench_floor_urls"
"""


async def fetch(port, path, timeout=30):
    """One GET on its own connection, as the router sends it; (status, body size)."""
    reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), timeout)
    request = f"GET {path} HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-Proto: https\r\nConnection: close\r\n\r\n"
    writer.write(request.encode())
    response = await asyncio.wait_for(reader.read(), timeout)  # The server closes the connection.
    writer.close()
    head, _, body = response.partition(b"\r\n\r\n")
    return int(head[9:12]), len(body)


async def load(port, path, requests, clients):
    """Requests per second of `requests` GETs of `path`, `clients` at a time."""
    queue = iter(range(requests))

    async def client():
        statuses = []
        for _ in queue:  # Shared and bounded: the clients take the requests between them.
            statuses.append((await fetch(port, path))[0])
        return statuses

    started = time.perf_counter()
    statuses = [status for result in await asyncio.gather(*(client() for _ in range(clients))) for status in result]
    elapsed = time.perf_counter() - started
    if set(statuses) != {200}:
        sys.exit(f"{path}: unexpected answers {sorted(set(statuses))}")
    return requests / elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--template", type=Path, default=REPO_ROOT)
    parser.add_argument("--books", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="sync", help="a gunicorn worker class, or 'project'")
    args = parser.parse_args()
    # Command-line settings, which GUNICORN_CMD_ARGS holds, override gunicorn.conf.py's.
    gunicorn_args = "--max-requests 0"
    if args.worker_class != "project":
        gunicorn_args += f" --worker-class {args.worker_class}"

    with workspace("bench-throughput-") as work, postgres_database() as database_url:
        project = Path(cookiecutter(str(args.template.resolve()), no_input=True, output_dir=str(work / "out")))
        checkout = deploy_checkout(project, work / "app")
        package = next(settings.parent.name for settings in checkout.glob("*/settings.py"))
        (checkout / "bench_floor_urls.py").write_text(FLOOR_URLS.replace("{package}", package))
        (checkout / "bench_floor_settings.py").write_text(FLOOR_SETTINGS.replace("{package}", package))
        venv = build_venv(checkout / "requirements.txt", DEFAULT_PYTHON)
        env = production_env(
            DATABASE_URL=database_url, WEB_CONCURRENCY=args.workers, DJANGO_SETTINGS_MODULE="bench_floor_settings"
        )
        venv.run(["manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=checkout, **env)
        venv.run(["manage.py", "migrate", "--noinput", "-v", "0"], cwd=checkout, **env)
        passwords = ["--librarian-password", "bench-librarian", "--borrower-password", "bench-borrower"]
        venv.run(["manage.py", "populate_catalog", "--books", str(args.books), *passwords], cwd=checkout, **env)
        genre = venv.django_shell(
            checkout,
            "from django.db.models import Count; from catalog.models import Genre; "
            "print(Genre.objects.annotate(n=Count('book')).order_by('-n').first().get_absolute_url())",
            **env,
        )
        pages = {"book list": "/catalog/books/", "home page": "/catalog/", "genre page": genre}

        port = free_port()
        command = shlex.split(procfile_command(checkout, "web"))
        server_env = venv.env(PORT=port, WEB_HOST="127.0.0.1", **env, GUNICORN_CMD_ARGS=gunicorn_args)
        with web_process(command, checkout, server_env, f"http://127.0.0.1:{port}/catalog/"):
            for _ in range(50):  # Bounded warm-up of both workers, not counted.
                for path in pages.values():
                    get(f"http://127.0.0.1:{port}{path}")
            sizes = {name: asyncio.run(fetch(port, path))[1] for name, path in pages.items()}
            rates = {name: {"page": [], "floor": []} for name in pages}
            for _ in range(args.rounds):
                for name, path in pages.items():  # Page and floor take turns.
                    rates[name]["page"].append(asyncio.run(load(port, path, args.requests, args.clients)))
                    floor = f"/floor/{sizes[name]}/"
                    rates[name]["floor"].append(asyncio.run(load(port, floor, args.requests, args.clients)))

    print(
        f"{args.books} books on PostgreSQL, {args.workers} gunicorn workers ({args.worker_class}), "
        f"{args.clients} clients, {args.requests} requests a round, median of {args.rounds} rounds"
    )
    for name, path in pages.items():
        page, floor = statistics.median(rates[name]["page"]), statistics.median(rates[name]["floor"])
        print(
            f"  {name:<10} {path:<22} {sizes[name]:>6} bytes  {page:>6.0f} req/s  floor {floor:>6.0f} req/s  "
            f"{page / floor:.2f}x the floor"
        )


if __name__ == "__main__":
    main()
