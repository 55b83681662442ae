"""The tutorial_stage option: each stage holds what the tutorial has built by then.

Every stage is baked with the main options and must pass its own checks (lint,
format, templates, migrations, tests, coverage, collectstatic, check --deploy),
answer every link it shows, and hold no URL name, template or marker of a later
stage. A database migrated at one stage migrates on at the next one.
"""

import ast
import json
import re
import shlex
import subprocess
import sys

import pytest

from locallibrary_engine.stages import has_markers
from support import REPO_ROOT
from support.baking import TUTORIAL_STAGES, bake, baked_files, commit_all, git
from support.hosts import production_env

pytestmark = pytest.mark.slow

CRUD_MODELS = ("author", "book", "genre", "language", "bookinstance")
AUTH_URL_NAMES = {
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}
# The URL names (outside the admin site) each stage adds.
NEW_URL_NAMES = {
    "home-page": {"index"},
    "generic-views": {
        "books",
        "book-detail",
        "authors",
        "author-detail",
        "genres",
        "genre-detail",
        "languages",
        "language-detail",
        "bookinstances",
        "bookinstance-detail",
    },
    "authentication": {"my-borrowed", "all-borrowed"} | AUTH_URL_NAMES,
    "forms": {"renew-book-librarian"}
    | {f"{model}-{action}" for model in CRUD_MODELS for action in ("create", "update", "delete")},
}
# Templates no link leads to with GET: they need a POST, an emailed token, a server error
# or repeated failed logins (the lockout page).
NOT_REACHED_BY_LINKS = {
    "500.html",
    "registration/lockout.html",
    "registration/logged_out.html",
    "registration/password_reset_done.html",
    "registration/password_reset_confirm.html",
    "registration/password_reset_complete.html",
    "registration/password_reset_email.html",
}


def is_before(stage, other):
    return TUTORIAL_STAGES.index(stage) < TUTORIAL_STAGES.index(other)


def expected_url_names(stage):
    reached = TUTORIAL_STAGES[: TUTORIAL_STAGES.index(stage) + 1]
    return set().union(*(names for name, names in NEW_URL_NAMES.items() if name in reached))


def code_of(path):
    """A Python module's syntax tree without its docstrings, as text: what runs, in any language."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            if isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
                node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree)


def project_templates(project):
    """Template names as Django knows them: relative to templates/ or an app's templates/."""
    return {
        path.relative_to(folder).as_posix()
        for folder in (project / "templates", project / "catalog" / "templates")
        for path in folder.rglob("*.html")
    }


@pytest.fixture(scope="module")
def stage_projects(tmp_path_factory):
    """One bake per stage with the main options (PostgreSQL, Heroku), shared by this module."""
    return {stage: bake(tmp_path_factory.mktemp(stage), tutorial_stage=stage) for stage in TUTORIAL_STAGES}


@pytest.fixture(scope="module")
def chinese_stage_projects(tmp_path_factory):
    """The same, in Chinese: translated comments must keep every stage lint- and format-clean."""
    return {
        stage: bake(tmp_path_factory.mktemp(f"zh-{stage}"), tutorial_stage=stage, language="zh-hans")
        for stage in TUTORIAL_STAGES
    }


def test_every_stage_has_the_same_pinned_requirements(stage_projects):
    """Deployable from the skeleton on: one set of pins, so one virtualenv serves every stage."""
    complete = stage_projects["complete"]
    for stage, project in stage_projects.items():
        for name in ("requirements.txt", "requirements-dev.txt", ".python-version", "Procfile"):
            assert (project / name).read_text() == (complete / name).read_text(), (stage, name)


def test_no_stage_marker_is_left_in_any_file(stage_projects):
    for stage, project in stage_projects.items():
        for path in baked_files(project):
            text = path.read_text(encoding="utf-8", errors="ignore")
            assert not has_markers(text), f"{stage}: marker left in {path.relative_to(project)}"


def test_later_stages_only_add_migrations(stage_projects):
    """A migration, once a stage has it, stays byte for byte the same in every later stage."""
    previous = {}
    for stage in TUTORIAL_STAGES:
        folder = stage_projects[stage] / "catalog" / "migrations"
        current = {path.name: path.read_bytes() for path in folder.glob("0*.py")}
        for name, content in previous.items():
            assert current.get(name) == content, f"{stage} rewrote or removed {name}"
        previous = current
    assert sorted(previous) == [
        "0001_initial.py",
        "0002_bookinstance_borrower.py",
        "0003_librarians_group.py",
        "0004_book_order_index.py",
    ]


# A Chinese bake differs from the English one in its comments, docstrings and messages only;
# its migrations and static files' names are the same (test_chinese_stages_share_...), so
# makemigrations and collectstatic, which read nothing else, run once per stage, in English.
SAME_IN_EVERY_LANGUAGE = {"migrations", "collectstatic"}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("stage", TUTORIAL_STAGES)
def test_stage_passes_its_checks(stage, language, request, dev_venv):
    """Lint, format, templates, migrations, its tests with coverage, collectstatic, check --deploy
    (in Chinese, all but the two that read only what the English bake of the stage also has)."""
    projects = request.getfixturevalue("stage_projects" if language == "en" else "chinese_stage_projects")
    project = projects[stage]
    checks = dev_venv.run(["scripts/check.py", "--list"], cwd=project).stdout.split()
    assert len(checks) == (7 if is_before(stage, "home-page") else 8)  # No templates to lint before the home page.
    if language != "en":
        checks = [name for name in checks if name not in SAME_IN_EVERY_LANGUAGE]
    result = dev_venv.run(["scripts/check.py", *checks], cwd=project, timeout=600, **production_env())
    passed = f"All {len(checks)} checks passed." if language == "en" else f"全部 {len(checks)} 项检查都已通过。"
    assert passed in result.stdout
    assert "TOTAL" in result.stdout.split("==> coverage", 1)[1]  # The coverage report was printed.
    tests_run = int(re.search(r"^Ran (\d+) tests?", result.stderr, re.MULTILINE).group(1))
    if is_before(stage, "testing"):
        assert (project / "catalog" / "tests" / "test_smoke.py").exists()
        assert tests_run >= 2
    else:
        assert not (project / "catalog" / "tests" / "test_smoke.py").exists()
        assert tests_run > 150  # The tutorial's tests and ours, not a smoke test.


@pytest.mark.parametrize("stage", TUTORIAL_STAGES)
def test_chinese_stages_share_the_english_migrations_and_static_files(stage, stage_projects, chinese_stage_projects):
    """What lets the Chinese stage checks leave out makemigrations and collectstatic."""
    english, chinese = stage_projects[stage], chinese_stage_projects[stage]

    def migrations(project):
        """Each migration's code: its comments and docstrings are in the project's language."""
        return {path.name: code_of(path) for path in (project / "catalog" / "migrations").glob("*.py")}

    def static_files(project):
        return sorted(path.relative_to(project).as_posix() for path in project.rglob("static/**/*") if path.is_file())

    assert migrations(chinese) == migrations(english)
    assert static_files(chinese) == static_files(english)
    if stage == "complete":
        assert len(migrations(english)) == 5 and static_files(english)


@pytest.mark.parametrize("stage", TUTORIAL_STAGES)
def test_stage_links_lead_somewhere_and_nothing_is_left_over(stage, stage_projects, dev_venv, tmp_path):
    """Crawled as a visitor, a user and a superuser: no link is dangling, no template unused."""
    project = stage_projects[stage]
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'crawl.sqlite3'}"}
    report = json.loads(dev_venv.run([str(REPO_ROOT / "tests" / "stage_crawl.py")], cwd=project, **env).stdout)

    for visitor, pages in report["pages"].items():
        broken = {url: status for url, status in pages.items() if status not in (200, 301, 302)}
        assert not broken, f"{stage}, {visitor}: {broken}"
    assert report["missing_page"] == 404
    if "all-borrowed" in report["url_names"]:
        assert report["forbidden_page"] == 403

    url_names = {name for name in report["url_names"] if not name.startswith("admin")}
    assert url_names == expected_url_names(stage)
    if "index" in url_names:
        assert len(report["pages"]["superuser"]) >= len(url_names) // 2  # The crawl found the pages.
    else:
        # Before the home page the site root leads to the admin site, which the crawl leaves out.
        assert report["pages"]["anonymous"] == {"/": 302}

    unused = project_templates(project) - set(report["templates"]) - NOT_REACHED_BY_LINKS
    assert not unused, f"{stage}: templates no page uses: {sorted(unused)}"


MIGRATE_ONE_STAGE = """
import io, json
from django.core.management import call_command
from catalog.models import Author
call_command("makemigrations", "--check", "--dry-run", verbosity=0)
call_command("migrate", verbosity=0)
shown = io.StringIO()
call_command("showmigrations", "catalog", stdout=shown)
if {create_author}:
    Author.objects.create(first_name="Ada", last_name="Lovelace")
print(json.dumps({{"shown": shown.getvalue(), "authors": Author.objects.count()}}))
"""


@pytest.mark.parametrize("database", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_a_database_migrates_from_each_stage_to_the_next(database, tmp_path, dev_venv, request):
    """Bake the next stage over the repository, as a student does, and migrate the same database."""
    if database == "postgresql":
        env = {"DATABASE_URL": request.getfixturevalue("postgres_database")}
    else:
        env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'library.sqlite3'}"}
    project = bake(tmp_path / "out", tutorial_stage="skeleton")
    secret = (project / ".env").read_text()
    first_commit = git(project, "rev-parse", "HEAD")
    for stage in TUTORIAL_STAGES[1:]:
        head = git(project, "rev-parse", "HEAD")
        bake(tmp_path / "out", overwrite_if_exists=True, tutorial_stage=stage)
        assert git(project, "rev-parse", "HEAD") == head, f"{stage}: the bake committed"
        assert git(project, "status", "--porcelain"), f"{stage}: the bake changed nothing"
        commit_all(project, f"Catch up to {stage}")  # The student commits each stage before the next bake.
        # makemigrations --check, migrate and showmigrations, as the student runs them, in one
        # process (each Django start-up costs about a second here); then the author count.
        report = json.loads(
            dev_venv.django_shell(project, MIGRATE_ONE_STAGE.format(create_author=stage == "models"), **env)
        )
        assert "[X] 0001_initial" in report["shown"] and "[ ] " not in report["shown"], (stage, report["shown"])
        assert report["authors"] == 1, f"{stage}: the author created at the models stage is gone"
    group = dev_venv.django_shell(
        project,
        "from django.contrib.auth.models import Group; "
        "print(Group.objects.get(name='Librarians').permissions.filter(codename='can_mark_returned').count())",
        **env,
    )
    assert group == "1"
    # The student's secret key is kept, and their history: the first commit and one per stage.
    assert (project / ".env").read_text() == secret
    assert git(project, "rev-list", "--max-parents=0", "HEAD") == first_commit
    assert git(project, "rev-list", "--count", "HEAD").strip() == str(len(TUTORIAL_STAGES))
    # The smoke test of the early stages is gone once the real suite arrives.
    assert not (project / "catalog" / "tests" / "test_smoke.py").exists()


def test_baking_over_leaves_the_students_virtualenv_alone(tmp_path):
    """Only the project's own folders are cut to the stage, even with odd files in a .venv."""
    project = bake(tmp_path / "out", tutorial_stage="models")
    venv_file = project / ".venv" / "lib" / "legacy.py"
    venv_file.parent.mkdir(parents=True)
    (project / ".venv" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    venv_file.write_bytes(b"# stage: admin\n\xff\xfe not UTF-8\n")
    bake(tmp_path / "out", overwrite_if_exists=True, tutorial_stage="admin")
    assert venv_file.read_bytes() == b"# stage: admin\n\xff\xfe not UTF-8\n"
    assert (project / "catalog" / "admin.py").read_text().count("admin.site.register") == 2


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_readme_command_bakes_the_next_stage_over_the_project(tmp_path, language):
    """The generated README's catch-up command, run as printed, moves the project one stage on."""
    project = bake(tmp_path / "out", tutorial_stage="sessions", language=language, project_name="My Library")
    readme = (project / "README.md").read_text()
    block = re.search(r"```bash\n(cookiecutter .*?)\n```", readme, re.DOTALL).group(1)
    command = shlex.split(block.replace("\\\n", " "))
    assert "tutorial_stage=authentication" in command
    subprocess.run([sys.executable, "-m", *command], cwd=tmp_path / "out", check=True, capture_output=True)
    assert (project / "templates" / "registration" / "login.html").exists()
    assert "tutorial_stage=forms" in (project / "README.md").read_text()
    assert git(project, "status", "--porcelain")  # Left for the student to review.
