"""What a host does with a baked project: the checkout it receives, the environment it gives
the site, the commands it reads from the project's files, and the site served as it serves it."""

import json
import re
import secrets
import shlex
import subprocess

from support.servers import free_port


def production_env(**extra):
    """The only settings a host gives the site: environment variables."""
    env = {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_DEBUG": "False",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    env.update(extra)
    return env


def deploy_checkout(project, destination):
    """What a host receives on `git push`: a clone of the baked repo, so no .env."""
    subprocess.run(["git", "clone", "--quiet", str(project), str(destination)], check=True)
    return destination


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


def build_like_the_host(project, venv, workdir, seed=(), **config_vars):
    """What the host's build and release do: a checkout, collectstatic and migrate, then
    `manage.py *seed` if given, with `config_vars` added to the environment. Returns the
    checkout and the environment the site runs with (SQLite in `workdir` unless a config
    var names a DATABASE_URL)."""
    checkout = deploy_checkout(project, workdir / "deploy")
    env = production_env(DATABASE_URL=f"sqlite:///{workdir / 'web.sqlite3'}", WEB_HOST="127.0.0.1")
    env.update(config_vars)
    venv.run(["manage.py", "collectstatic", "--noinput"], cwd=checkout, **env)
    venv.run(shlex.split(procfile_command(checkout, "release"))[1:], cwd=checkout, **env)
    if seed:
        venv.run(["manage.py", *seed], cwd=checkout, **env)
    return checkout, env


def start_like_the_host(checkout, venv, env, start_server, **config_vars):
    """Start the Procfile's `web:` of a built checkout on a free port, with `config_vars` added
    (a host restarts the web process, without a new build, when a config var changes);
    return its base URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # Clients talk plain HTTP to 127.0.0.1 and say it came over HTTPS (HTTPS above), as a
    # TLS-terminating router would; a browser's Origin is then this one.
    env = {"DJANGO_CSRF_TRUSTED_ORIGINS": base, **env, "PORT": port, **config_vars}
    server = start_server(shlex.split(procfile_command(checkout, "web")), checkout, venv.env(**env))
    server.wait_until_answers(f"{base}/catalog/", headers=HTTPS)
    return base


def serve_like_the_host(project, venv, workdir, start_server, seed=(), **config_vars):
    """Build and release as the host does (build_like_the_host), then start the web process;
    return its base URL."""
    checkout, env = build_like_the_host(project, venv, workdir, seed, **config_vars)
    return start_like_the_host(checkout, venv, env, start_server)
