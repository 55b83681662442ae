"""Virtualenvs built from a baked project's pinned requirements, and commands run in them.

One virtualenv per Python version and requirements file, named after the file's digest and
cached under ``.cache/venvs``; a file lock lets one xdist worker build it while the others
wait, and a ``.complete`` marker makes an interrupted build start again.
"""

import hashlib
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from filelock import FileLock
from uv import find_uv_bin

from support import CACHE_DIR, IN_CI

PYTHON_VERSIONS = ("3.13", "3.12", "3.11")
DEFAULT_PYTHON = PYTHON_VERSIONS[0]

# Set on import, which tests/conftest.py does before any test isolates HOME.
# uv keeps its download cache under HOME; point it at the real one, so cached wheels are
# reused across tests and runs.
os.environ.setdefault("UV_CACHE_DIR", str(Path.home() / ".cache" / "uv"))
PYENV_ROOT = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
os.environ["PYENV_ROOT"] = str(PYENV_ROOT)  # For scripts the tests run, under their isolated HOME.
os.environ["UV_PYTHON_DOWNLOADS"] = "never"  # Never fetch a Python build.
os.environ.setdefault("UV_NATIVE_TLS", "1")  # Trust the system's certificates, as pip does here.


def find_python(version):
    """Path of a CPython `version` on this machine (pyenv first), or None."""
    candidates = sorted(PYENV_ROOT.glob(f"versions/{version}.*/bin/python{version}"), reverse=True)
    if candidates:
        return candidates[0]
    found = shutil.which(f"python{version}")
    return Path(found) if found else None


def require_python(version):
    python = find_python(version)
    if python is None:
        message = f"Python {version} is not installed (pyenv or python{version} on PATH)"
        if IN_CI:
            pytest.fail(f"{message}; CI=true needs it: install it with pyenv.")
        pytest.skip(message)
    return python


@dataclass
class Venv:
    path: Path

    @property
    def python(self):
        return self.path / "bin" / "python"

    @property
    def bin(self):
        return self.path / "bin"

    def env(self, **extra):
        """The current environment with this venv's commands first on PATH, plus `extra`."""
        env = dict(os.environ)
        env["PATH"] = f"{self.bin}{os.pathsep}{env.get('PATH', '')}"
        env["VIRTUAL_ENV"] = str(self.path)
        env.pop("PYTHONPATH", None)
        env.update({key: str(value) for key, value in extra.items()})
        return env

    def run(self, args, cwd, check=True, timeout=300, **env):
        """Run `python args...` in `cwd`; on failure, fail the test with the output."""
        result = subprocess.run(
            [str(self.python), *args],
            cwd=cwd,
            env=self.env(**env),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and result.returncode != 0:
            pytest.fail(
                f"`python {' '.join(args)}` exited {result.returncode}\n"
                f"--- stdout ---\n{result.stdout[-4000:]}\n--- stderr ---\n{result.stderr[-4000:]}"
            )
        return result

    def django_shell(self, project, code, **env):
        """Run Python `code` in `manage.py shell` of `project`; return what it printed."""
        return self.run(["manage.py", "shell", "--verbosity", "0", "-c", code], cwd=project, **env).stdout.strip()


def build_venv(requirements_file, python_version):
    """Create (once) and return a virtualenv with `requirements_file` installed."""
    python = require_python(python_version)
    digest = hashlib.sha256(requirements_file.read_bytes()).hexdigest()[:16]
    path = CACHE_DIR / "venvs" / f"py{python_version}-{requirements_file.stem}-{digest}"
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(f"{path}.lock"):
        if not (path / ".complete").exists():
            shutil.rmtree(path, ignore_errors=True)
            uv = find_uv_bin()
            subprocess.run([uv, "venv", "--quiet", "--python", str(python), str(path)], check=True)
            subprocess.run(
                [
                    uv,
                    "pip",
                    "install",
                    "--quiet",
                    "--compile-bytecode",
                    "--python",
                    str(path / "bin" / "python"),
                    "-r",
                    str(requirements_file),
                ],
                check=True,
            )
            (path / ".complete").touch()
    return Venv(path)


# An issue in `manage.py check` output: "?: (catalog.I001) ..."; the letter is its level.
CHECK_ISSUE = re.compile(r"\((?P<id>[\w.]+\.(?P<level>[A-Z])\d{3})\)")


def check_problems(result):
    """The ids of the warnings and errors a `manage.py check` run reported.

    Infos pass, as they pass `--fail-level WARNING`: a site without a mail server gets
    catalog.I001 from `check --deploy`.
    """
    output = result.stdout + result.stderr
    assert "System check identified" in output, output
    return [match["id"] for match in CHECK_ISSUE.finditer(output) if match["level"] != "I"]
