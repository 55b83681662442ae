"""Run every check this project must pass before it is deployed.

    python scripts/check.py            # all checks
    python scripts/check.py --list     # name the checks
    python scripts/check.py tests lint # only some of them

The project's CI workflow (.github/workflows/ci.yml) and the tests of the
cookiecutter template both run this one script, so they check the same things.
Install requirements-dev.txt first. The "deploy" checks run with DJANGO_DEBUG=False,
as the host runs the site; settings come from the environment (or .env).
"""

import os
import subprocess
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# The tests run with the test settings, even when DJANGO_SETTINGS_MODULE names others.
TEST_SETTINGS = "{{ cookiecutter.project_slug }}.test_settings"
# stage: home-page
TEMPLATE_DIRS = ["templates", "catalog/templates"]
# endstage

# (name, command, run with production settings?)
CHECKS = [
    ("lint", [PYTHON, "-m", "ruff", "check", "."], False),
    ("format", [PYTHON, "-m", "ruff", "format", "--check", "."], False),
    # stage: home-page
    ("templates", [PYTHON, "-m", "djlint", "--lint", *TEMPLATE_DIRS], False),
    # endstage
    ("migrations", [PYTHON, "manage.py", "makemigrations", "--check", "--dry-run"], False),
    ("tests", [PYTHON, "-m", "coverage", "run", "manage.py", "test", "--settings", TEST_SETTINGS, "--noinput"], False),
    ("coverage", [PYTHON, "-m", "coverage", "report"], False),  # fail_under: pyproject.toml
    ("collectstatic", [PYTHON, "manage.py", "collectstatic", "--noinput", "--clear", "-v", "0"], True),
    ("deploy", [PYTHON, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], True),
]


# What the script prints, in the project's language; check names and commands stay as they are.
{%- if cookiecutter.language == "zh-hans" %}
MESSAGES = {
    "unknown": "未知的检查：{unknown}。可选的检查有：{names}。",
    "result_ok": "通过",
    "result_failed": "失败（退出码 {code}）",
    "done": "<== {name}：{status}，用时 {seconds:.1f} 秒",
    "failed": "未通过的检查：{failed}",
    "passed": "全部 {count} 项检查都已通过。",
}
{%- else %}
MESSAGES = {
    "unknown": "Unknown check(s): {unknown}. Choose from: {names}.",
    "result_ok": "ok",
    "result_failed": "FAILED (exit {code})",
    "done": "<== {name}: {status} in {seconds:.1f}s",
    "failed": "Failed checks: {failed}",
    "passed": "All {count} checks passed.",
}
{%- endif %}


def production_env():
    """The environment of a deployed site: DEBUG off, a host name to answer to."""
    env = dict(os.environ, DJANGO_DEBUG="False")
    env.setdefault("DJANGO_ALLOWED_HOSTS", "localhost")
    return env


def main(argv):
    # A console or pipe that cannot encode Chinese (cp1252 on Windows) gets backslash escapes, not a crash.
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(errors="backslashreplace")
    names = [name for name, _, _ in CHECKS]
    if "--list" in argv:
        print("\n".join(names))
        return 0
    unknown = sorted(set(argv) - set(names))
    if unknown:
        print(MESSAGES["unknown"].format(unknown=", ".join(unknown), names=", ".join(names)), file=sys.stderr)
        return 2
    selected = [check for check in CHECKS if not argv or check[0] in argv]

    failed = []
    for name, command, production in selected:
        print(f"==> {name}: {' '.join(Path(part).name if part == PYTHON else part for part in command)}", flush=True)
        started = time.monotonic()
        env = production_env() if production else None
        result = subprocess.run(command, cwd=PROJECT_DIR, env=env)
        failed_status = MESSAGES["result_failed"].format(code=result.returncode)
        status = MESSAGES["result_ok"] if result.returncode == 0 else failed_status
        print(MESSAGES["done"].format(name=name, status=status, seconds=time.monotonic() - started), flush=True)
        if result.returncode != 0:
            failed.append(name)

    if failed:
        print(MESSAGES["failed"].format(failed=", ".join(failed)), file=sys.stderr)
        return 1
    print(MESSAGES["passed"].format(count=len(selected)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
