"""Each host's health check, read from the baked project's own host files.

Shared by tests/test_deploy_targets.py (what the files say) and
tests/test_health_checks.py (what a real gunicorn answers to each checker).
"""

import ast
import json
import re
import tomllib

import yaml


def health_path(project):
    """The path the project's HealthCheckMiddleware answers (HEALTH_PATH in health.py)."""
    tree = ast.parse((project / project.name / "health.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and [target.id for target in node.targets] == ["HEALTH_PATH"]:
            return ast.literal_eval(node.value)
    raise AssertionError("health.py has no HEALTH_PATH")


def render_web_service(project):
    return yaml.safe_load((project / "render.yaml").read_text(encoding="utf-8"))["services"][0]


def fly_config(project):
    return tomllib.loads((project / "fly.toml").read_text(encoding="utf-8"))


def do_web_service(project):
    return yaml.safe_load((project / ".do" / "app.yaml").read_text(encoding="utf-8"))["services"][0]


def compose_services(project):
    return yaml.safe_load((project / "compose.yaml").read_text(encoding="utf-8"))["services"]


HEALTHCHECK = re.compile(r"^HEALTHCHECK (?P<options>(?:--[a-z-]+=\S+\s+)*)CMD (?P<command>\[.*\])$", re.MULTILINE)


def dockerfile_healthcheck(project):
    """The Dockerfile's HEALTHCHECK: ({option: value}, the exec-form command as a list)."""
    text = (project / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    found = HEALTHCHECK.findall(text)
    assert len(found) == 1, f"the Dockerfile needs exactly one HEALTHCHECK, found {len(found)}"
    options, command = found[0]
    parsed = dict(option.removeprefix("--").split("=", 1) for option in options.split())
    return parsed, json.loads(command)


def compose_healthcheck_command(project):
    """The web service's healthcheck test, as the command Docker runs (without "CMD")."""
    test = compose_services(project)["web"]["healthcheck"]["test"]
    assert test[0] == "CMD", "exec form, so no shell is needed in the image"
    return test[1:]


def seconds(duration):
    """A Docker, Compose or Fly duration ("30s", "1m30s", "500ms"; Fly's bare numbers are ms) in seconds."""
    if isinstance(duration, int):
        return duration / 1000
    units = {"h": 3600, "m": 60, "s": 1, "ms": 0.001}
    parts = re.findall(r"(\d+(?:\.\d+)?)(ms|h|m|s)", duration)
    assert parts and "".join(number + unit for number, unit in parts) == duration, f"not a duration: {duration!r}"
    return sum(float(number) * units[unit] for number, unit in parts)
