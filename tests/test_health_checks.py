"""Each host's health checker, sent the way that host sends it, against a real gunicorn.

A `deploy_target=all` project is built and released as the host would (collectstatic,
`manage.py release`) on a real PostgreSQL database, and its web process started. Then
each checker asks for the path its own host file names, as that host asks for it:

- Render: a GET over plain HTTP to the instance, with the service's onrender.com name
  as `Host` (a custom domain once there is one), 2xx or 3xx within 5 seconds;
- Fly.io: the `[[http_service.checks]]` of fly.toml (method, path, protocol, headers,
  timeout), over plain HTTP to the Machine's private address;
- DigitalOcean: the service's `health_check` (http_path, port, timeout_seconds), over
  plain HTTP to the instance's internal address;
- Docker: the Dockerfile's HEALTHCHECK command, run as it is, and the compose web
  service's `healthcheck` command (both run inside the container, at 127.0.0.1).

Each must get 200 while the database answers, and 503 (a failed Docker command) when the
database is down: DATABASE_URL names a database that does not exist, or a port where no
server listens.
"""

import subprocess
import uuid

import pytest

from host_health import (
    compose_healthcheck_command,
    compose_services,
    do_web_service,
    dockerfile_healthcheck,
    fly_config,
    render_web_service,
    seconds,
)
from support.baking import bake
from support.databases import new_postgres_database
from support.hosts import deploy_checkout, dockerfile_cmd, production_env, serve_like_the_host
from support.servers import free_port, http_get
from support.venvs import DEFAULT_PYTHON, build_venv

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.xdist_group("health-checks")]

HOSTS = ["render", "fly", "digitalocean", "docker", "compose"]
DOWN = ["no-database", "no-server"]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return bake(tmp_path_factory.mktemp("health"), deploy_target="all")


@pytest.fixture(scope="module")
def venv(project):
    return build_venv(project / "requirements.txt", DEFAULT_PYTHON)  # The pins the hosts install.


@pytest.fixture(scope="module")
def database_url(postgres_admin_url):
    with new_postgres_database(postgres_admin_url) as url:
        yield url


@pytest.fixture(scope="module")
def healthy(project, venv, database_url, tmp_path_factory, start_server):
    """The site built, released and serving, on a database that answers: its base URL."""
    workdir = tmp_path_factory.mktemp("healthy")
    return serve_like_the_host(project, venv, workdir, start_server, DATABASE_URL=database_url, WEB_CONCURRENCY=1)


@pytest.fixture(scope="module")
def unhealthy(project, venv, postgres_admin_url, tmp_path_factory, start_server):
    """{how the database is down: base URL} of web processes whose database does not answer."""
    checkout = deploy_checkout(project, tmp_path_factory.mktemp("unhealthy") / "deploy")
    servers = {
        "no-database": f"{postgres_admin_url.rsplit('/', 1)[0]}/ll_missing_{uuid.uuid4().hex[:10]}",
        "no-server": f"postgresql://postgres@127.0.0.1:{free_port()}/library",  # Nothing listens there.
    }
    bases = {}
    for down, url in servers.items():
        port = free_port()
        env = production_env(DATABASE_URL=url, PORT=port, WEB_HOST="127.0.0.1", WEB_CONCURRENCY=1)
        server = start_server(dockerfile_cmd(checkout), checkout, venv.env(**env))  # The image's CMD.
        server.wait_until_answers(f"http://127.0.0.1:{port}/healthz")
        bases[down] = f"http://127.0.0.1:{port}"
    return bases


def port_of(base):
    return base.rsplit(":", 1)[1]


def render_check(project, venv, base):
    """Render: GET healthCheckPath, Host the service's onrender.com name, within 5 seconds."""
    service = render_web_service(project)
    host = f"{service['name']}.onrender.com"
    status, _, body = http_get(f"{base}{service['healthCheckPath']}", headers={"Host": host}, timeout=5)
    return status, body


def fly_check(project, venv, base):
    """Fly.io: each [[http_service.checks]], to the Machine's private address."""
    (check,) = fly_config(project)["http_service"]["checks"]
    assert check.get("protocol", "http") == "http"
    headers = {"Host": f"172.19.0.2:{port_of(base)}", **check.get("headers", {})}
    # The checker's own request: the method and path of fly.toml.
    assert check["method"].upper() == "GET"
    status, _, body = http_get(f"{base}{check['path']}", headers=headers, timeout=seconds(check["timeout"]))
    return status, body


def digitalocean_check(project, venv, base):
    """DigitalOcean: the service's health_check, to the instance's internal address."""
    service = do_web_service(project)
    check = service["health_check"]
    assert check.get("port", service["http_port"]) == service["http_port"]
    headers = {"Host": f"10.244.1.17:{port_of(base)}"}
    status, _, body = http_get(f"{base}{check['http_path']}", headers=headers, timeout=check["timeout_seconds"])
    return status, body


def run_in_container(command, venv, base, timeout):
    """Run a container's health check command, with the container's PORT; its exit status."""
    env = venv.env(PORT=port_of(base))  # The image sets PORT=8000; here the server's own port.
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout + 5)


def docker_check(project, venv, base):
    options, command = dockerfile_healthcheck(project)
    return run_in_container(command, venv, base, seconds(options["timeout"]))


def compose_check(project, venv, base):
    timeout = seconds(compose_services(project)["web"]["healthcheck"]["timeout"])
    return run_in_container(compose_healthcheck_command(project), venv, base, timeout)


CHECKERS = {
    "render": render_check,
    "fly": fly_check,
    "digitalocean": digitalocean_check,
    "docker": docker_check,
    "compose": compose_check,
}


@pytest.mark.parametrize("host", HOSTS)
def test_the_hosts_checker_gets_200_while_the_database_answers(host, project, venv, healthy):
    result = CHECKERS[host](project, venv, healthy)
    if host in ("docker", "compose"):
        assert result.returncode == 0, result.stderr
    else:
        assert result == (200, b"ok\n")


@pytest.mark.parametrize("down", DOWN)
@pytest.mark.parametrize("host", HOSTS)
def test_the_hosts_checker_gets_503_when_the_database_is_down(host, down, project, venv, unhealthy):
    result = CHECKERS[host](project, venv, unhealthy[down])
    if host in ("docker", "compose"):
        assert result.returncode != 0
        assert "503" in result.stderr, "the check failed on the answer, not on the connection"
    else:
        assert result == (503, b"database unavailable\n")


def test_the_checked_path_answers_before_the_https_redirect_and_the_host_check(healthy):
    """What makes the checkers work: any other path still redirects or refuses the host."""
    assert http_get(f"{healthy}/catalog/", headers={"Host": "172.19.0.2:8000"})[0] == 400
    assert http_get(f"{healthy}/catalog/", headers={"Host": "127.0.0.1"})[0] == 301
