"""Cold start and memory of the Procfile's web process (gunicorn).

    python bench/web.py [--runs 5] [--workers 2] [--requests 200]

Bakes the default project, builds its production virtualenv (requirements.txt),
runs collectstatic and migrate on SQLite, then starts `web:` --runs times and
reports the time from spawning gunicorn to the first 200 from /catalog/ (median,
max). After each start it sends --requests GETs (bounded) and reads the resident
and proportional set size of every worker from /proc. Target (issue 4): cold
start to first 200 within 2 s.
"""

import argparse
import shlex
import statistics
import time
from pathlib import Path

from common import get, web_process, workspace  # Puts tests/ on sys.path for support.

from support.baking import bake
from support.hosts import deploy_checkout, procfile_command, production_env
from support.servers import free_port
from support.venvs import DEFAULT_PYTHON, build_venv


def memory_kib(pid):
    """(RSS, PSS) of one process in KiB, from /proc."""
    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    values = {line.split(":")[0]: int(line.split()[1]) for line in rollup[1:] if line.split()[-1] == "kB"}
    return values["Rss"], values["Pss"]


def children(pid):
    tasks = Path(f"/proc/{pid}/task")
    found = []
    for task in tasks.iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    starts, rss, pss = [], [], []
    with workspace("bench-web-") as work:
        checkout = deploy_checkout(bake(work / "out"), work / "app")
        venv = build_venv(checkout / "requirements.txt", DEFAULT_PYTHON)
        env = production_env(DATABASE_URL=f"sqlite:///{work / 'db.sqlite3'}", WEB_CONCURRENCY=args.workers)
        venv.run(["manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=checkout, **env)
        venv.run(["manage.py", "migrate", "--noinput", "-v", "0"], cwd=checkout, **env)
        command = shlex.split(procfile_command(checkout, "web"))
        for _ in range(args.runs):
            port = free_port()
            url = f"http://127.0.0.1:{port}/catalog/"
            started = time.perf_counter()
            with web_process(command, checkout, venv.env(PORT=port, WEB_HOST="127.0.0.1", **env), url) as server:
                starts.append(time.perf_counter() - started)
                for _ in range(args.requests):  # Bounded warm-up load.
                    get(url)
                for worker in children(server.pid):
                    worker_rss, worker_pss = memory_kib(worker)
                    rss.append(worker_rss)
                    pss.append(worker_pss)

    print(
        f"cold start to first 200: median {statistics.median(starts):.2f} s, max {max(starts):.2f} s ({args.runs} runs)"
    )
    print(
        f"memory per worker after {args.requests} requests: RSS median {statistics.median(rss) / 1024:.1f} MiB, "
        f"PSS median {statistics.median(pss) / 1024:.1f} MiB ({len(rss)} workers)"
    )


if __name__ == "__main__":
    main()
