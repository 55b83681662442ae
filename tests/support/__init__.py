"""Helpers for the template's tests, one module per concern, imported by name.

- ``support.isolation``: an empty HOME for cookiecutter and git.
- ``support.baking``: baking the template, the baked files, git in a baked repository.
- ``support.venvs``: virtualenvs built from a baked project's pinned requirements, cached.
- ``support.databases``: PostgreSQL and MariaDB (their drivers load only when used).
- ``support.servers``: server processes, free ports, HTTP without redirects.
- ``support.hosts``: what a host does with a project: its checkout, environment, commands.
- ``support.matrix``: which combinations of choices the slow tests run (every pair).

This package itself holds what every concern needs: the repository's paths and the rule for a
missing service (skip on a laptop, fail under ``CI=true``). Fixtures are in ``tests/conftest.py``.
"""

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
CACHE_DIR = REPO_ROOT / ".cache"
IN_CI = os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def unavailable(reason, hint):
    """Skip with the reason, except under CI=true, where a missing service is a failure."""
    if IN_CI:
        pytest.fail(f"{reason}; CI=true requires it ({hint})")
    pytest.skip(f"{reason} ({hint})")
