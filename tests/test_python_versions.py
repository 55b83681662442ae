"""Python versions: what a project for a version this machine cannot run is checked by.

The template offers python_version 3.11 to 3.14, but the tests run projects only on the
interpreters support.venvs.PYTHON_VERSIONS names (3.11 to 3.13): no 3.14 may be downloaded
here. For 3.14 they prove what can be proved without one:

- every pinned requirement set resolves for Python 3.14 from its own input, to exactly
  the pinned versions, with a wheel for every package on each platform that installs
  it (nothing to compile on a host, in CI or on a student's laptop);
- a 3.14 project says 3.14 everywhere a tool reads it (.python-version, Ruff's target,
  the CI workflow) and passes Ruff with that target.

The project's own CI (.github/workflows/ci.yml) then runs its checks on 3.14. These
resolutions need PyPI: without it they are skipped, and fail under CI=true.
"""

import json
import re
import shutil
import subprocess
import sys
import tomllib
from concurrent.futures import ThreadPoolExecutor

import pytest
import yaml
from packaging.markers import Marker
from packaging.utils import canonicalize_name
from uv import find_uv_bin

from locallibrary_engine.answers import SUPPORTED_DJANGO_VERSIONS, SUPPORTED_PYTHON_VERSIONS, version_key
from locallibrary_engine.stages import STAGES
from scripts.compile_requirements import REQUIREMENT_FILES, choices, pinned_file, render_input
from support import REPO_ROOT, unavailable
from support.venvs import DEFAULT_PYTHON, PYTHON_VERSIONS

# Found once, here: find_uv_bin() reads sysconfig, whose first read is not thread-safe.
UV = find_uv_bin()
UNTESTED_HERE = "3.14"  # Offered, but no interpreter of it may be installed on this machine.
CONTEXT = json.loads((REPO_ROOT / "cookiecutter.json").read_text(encoding="utf-8"))

# Where each set must install from wheels, as uv names the platform. Hosts run the
# production set on Linux (x86-64; ARM for a Docker image built on an Apple-silicon Mac);
# students and CI install the development set on their own machines too.
LINUX = {"linux-x86_64": "x86_64-manylinux_2_28", "linux-aarch64": "aarch64-manylinux_2_28"}
LAPTOPS = {"macos-arm64": "aarch64-apple-darwin", "windows-x86_64": "x86_64-pc-windows-msvc"}
PLATFORMS_OF_SET = {"": LINUX, "-dev": {**LINUX, **LAPTOPS}}
# The marker environment of CPython 3.14 on each platform, to tell which pins apply there.
MARKER_PLATFORM = {
    "linux-x86_64": {"sys_platform": "linux", "platform_system": "Linux", "platform_machine": "x86_64"},
    "linux-aarch64": {"sys_platform": "linux", "platform_system": "Linux", "platform_machine": "aarch64"},
    "macos-arm64": {"sys_platform": "darwin", "platform_system": "Darwin", "platform_machine": "arm64"},
    "windows-x86_64": {"sys_platform": "win32", "platform_system": "Windows", "platform_machine": "AMD64"},
}
# What uv says when it cannot reach the index (as opposed to a resolution that fails).
NETWORK_ERRORS = re.compile(r"dns error|failed to fetch|error sending request|connect|timed out", re.IGNORECASE)

SETS = [
    pytest.param(
        django_version,
        database,
        input_name,
        suffix,
        platform,
        id=f"django{django_version}-{database}{suffix}-{platform}",
    )
    for django_version, database in choices()
    for input_name, _, suffix in REQUIREMENT_FILES
    for platform in PLATFORMS_OF_SET[suffix]
]


def marker_environment(platform):
    major_minor = UNTESTED_HERE
    return {
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "os_name": "nt" if platform.startswith("windows") else "posix",
        "python_version": major_minor,
        "python_full_version": f"{major_minor}.0",
        **MARKER_PLATFORM[platform],
    }


def pins(text, environment=None):
    """{name: version} of a pinned file (or of uv's output), only the pins whose marker applies."""
    found = {}
    for line in text.splitlines():
        if not line or line.startswith((" ", "#")):
            continue
        requirement, _, marker = line.partition(";")
        name, _, version = requirement.partition("==")
        if marker.strip() and environment is not None and not Marker(marker.strip()).evaluate(environment):
            continue
        found[canonicalize_name(name)] = version.strip()
    return found


def run_uv_compile(folder, *arguments):
    return subprocess.run(
        [UV, "pip", "compile", *arguments, "--no-header", "--no-annotate", "--quiet"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
    )


def reached_the_index(result):
    """`result`, unless uv could not reach the package index: then skip (fail under CI=true)."""
    if result.returncode != 0 and NETWORK_ERRORS.search(result.stderr) and "No solution found" not in result.stderr:
        unavailable(f"uv could not reach the package index: {result.stderr.strip()[-500:]}", "needs PyPI")
    return result


def uv_compile(folder, *arguments):
    return reached_the_index(run_uv_compile(folder, *arguments))


# --------------------------------------------------------------------------
# What is offered, and the default
# --------------------------------------------------------------------------


def test_every_version_is_offered_and_only_314_is_untested_here():
    assert set(SUPPORTED_PYTHON_VERSIONS) == {*PYTHON_VERSIONS, UNTESTED_HERE}
    newest_tested = max(PYTHON_VERSIONS, key=version_key)
    assert CONTEXT["python_version"] == DEFAULT_PYTHON == newest_tested, (
        "the default python_version must be the newest one the tests run projects on"
    )
    prompt = CONTEXT["__prompts__"]["python_version"]
    assert all(version in prompt for version in SUPPORTED_PYTHON_VERSIONS), prompt


def test_every_django_version_runs_on_314():
    assert all(version_key(oldest) <= version_key(UNTESTED_HERE) for oldest in SUPPORTED_DJANGO_VERSIONS.values())


# --------------------------------------------------------------------------
# The requirement sets resolve for 3.14, from wheels only
# --------------------------------------------------------------------------


def resolve_for_314(folder, django_version, database, input_name, suffix, platform):
    """The set's input, constrained to its pins, resolved by uv for Python 3.14 on `platform`."""
    for name, _, _ in REQUIREMENT_FILES:  # requirements-dev.in includes requirements.in.
        (folder / name).write_text(render_input(name, django_version, database), encoding="utf-8")
    shutil.copyfile(pinned_file(django_version, database, suffix), folder / "pinned.txt")
    return run_uv_compile(
        folder,
        input_name,
        "--constraint",
        "pinned.txt",
        "--python-version",
        UNTESTED_HERE,
        "--python-platform",
        PLATFORMS_OF_SET[suffix][platform],
        "--only-binary",
        ":all:",
    )


@pytest.fixture(scope="module")
def resolutions_for_314(tmp_path_factory):
    """Every set's resolution, four at a time: each one waits on the package index as much as it
    computes (four took 17 s here, one at a time 35 s, eight 22 s)."""
    folders = {tuple(param.values): tmp_path_factory.mktemp("resolve-314") for param in SETS}
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {values: pool.submit(resolve_for_314, folder, *values) for values, folder in folders.items()}
    return {values: future.result() for values, future in futures.items()}


@pytest.mark.xdist_group("python-versions")  # One worker resolves every set, all at once.
@pytest.mark.parametrize(("django_version", "database", "input_name", "suffix", "platform"), SETS)
def test_pinned_set_resolves_for_python_314_from_wheels(
    resolutions_for_314, django_version, database, input_name, suffix, platform
):
    """The input, constrained to the pins, resolves for 3.14 to the same pins, all of them wheels."""
    result = reached_the_index(resolutions_for_314[(django_version, database, input_name, suffix, platform)])
    pinned = pinned_file(django_version, database, suffix)

    assert result.returncode == 0, (
        f"{pinned.name} does not install on Python {UNTESTED_HERE} ({platform}):\n{result.stderr}"
    )
    expected = pins(pinned.read_text(encoding="utf-8"), marker_environment(platform))
    assert pins(result.stdout) == expected, f"{pinned.name} resolves to other versions on Python {UNTESTED_HERE}"


def test_the_binary_only_check_fails_for_a_package_without_a_314_wheel(tmp_path):
    """The check above can fail: a release built before 3.14 has no cp314 wheel."""
    (tmp_path / "old.in").write_text("psycopg-binary==3.2.1\n", encoding="utf-8")
    arguments = ["old.in", "--python-platform", LINUX["linux-x86_64"], "--only-binary", ":all:"]
    assert uv_compile(tmp_path, *arguments, "--python-version", "3.12").returncode == 0
    result = uv_compile(tmp_path, *arguments, "--python-version", UNTESTED_HERE)
    assert result.returncode != 0 and "cp314" in result.stderr, result.stderr


# --------------------------------------------------------------------------
# A 3.14 project says 3.14 wherever a tool reads it
# --------------------------------------------------------------------------


@pytest.mark.parametrize("django_version", list(SUPPORTED_DJANGO_VERSIONS))
def test_a_314_project_names_314_wherever_a_tool_reads_it(baked, django_version):
    project = baked(python_version=UNTESTED_HERE, django_version=django_version, deploy_target="all")

    assert (project / ".python-version").read_text(encoding="utf-8") == f"{UNTESTED_HERE}\n"  # Heroku, uv, pyenv
    ruff_settings = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["ruff"]
    assert ruff_settings["target-version"] == "py314"
    workflow = yaml.safe_load((project / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    setup_python = next(step for step in workflow["jobs"]["check"]["steps"] if "setup-python" in step.get("uses", ""))
    assert setup_python["with"]["python-version-file"] == ".python-version"
    assert "python-version" not in setup_python["with"], "CI must take the version from .python-version"
    dockerfile = (project / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(rf"^ARG PYTHON_VERSION={re.escape(UNTESTED_HERE)}$", dockerfile, re.MULTILINE)


RUFF_VARIANTS = [
    *[pytest.param({"tutorial_stage": stage, "django_version": "6.1"}, id=f"{stage}-6.1") for stage in STAGES],
    pytest.param({"django_version": "5.2"}, id="complete-5.2"),
    pytest.param({"language": "zh-hans", "deploy_target": "all"}, id="complete-zh-hans"),
]


@pytest.mark.parametrize("answers", RUFF_VARIANTS)
def test_a_314_project_passes_ruff_with_its_314_target(baked, answers):
    """scripts/check.py's lint and format checks, as the project's CI runs them on 3.14."""
    project = baked(python_version=UNTESTED_HERE, **answers)
    for command in (["check", "."], ["format", "--check", "."]):
        lint = subprocess.run([sys.executable, "-m", "ruff", *command], cwd=project, capture_output=True, text=True)
        assert lint.returncode == 0, lint.stdout + lint.stderr
