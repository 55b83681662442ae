"""Template updates with cruft: a baked project follows the template's later commits.

Each test runs the real cruft command line against a throwaway git repository made
from the template's working tree (uncommitted changes included), with real git.
"""

import json
import re
import subprocess
import sys

import pytest

from support.baking import baked_files, commit_all, copy_template, git, secret_key_of

PROJECT_TEMPLATE = "{{cookiecutter.project_slug}}"
CONFLICT_MARKER = re.compile(r"^(<<<<<<<|>>>>>>>) ", re.MULTILINE)
ADMIN_MODELS = ("Author", "Book", "BookInstance", "Genre", "Language")


def run_cruft(*args, cwd, expect=0):
    """The cruft command line, as a student types it; returns what it printed."""
    result = subprocess.run(
        [sys.executable, "-m", "cruft", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )
    output = result.stdout + result.stderr
    assert result.returncode == expect, f"`cruft {' '.join(args)}` exited {result.returncode}:\n{output[-4000:]}"
    return output


@pytest.fixture
def template(tmp_path):
    """A git repository holding the template's current working tree, in one commit."""
    repo = tmp_path / "template"
    copy_template(repo)
    git(repo, "init", "--quiet", "--initial-branch=main")
    commit_all(repo, "The template as it is")
    return repo


def change_template(template, relative, addition, message):
    """Append `addition` to one file of the project template, commit, return the commit."""
    path = template / PROJECT_TEMPLATE / relative
    path.write_text(path.read_text(encoding="utf-8") + addition, encoding="utf-8")
    return commit_all(template, message)


def cruft_create(template, output_dir, **answers):
    """`cruft create`, then commit .cruft.json as the hook's message says; returns (project, output)."""
    output_dir.mkdir()
    options = ("--no-input", "--output-dir", str(output_dir), "--extra-context", json.dumps(answers))
    printed = run_cruft("create", *options, str(template), cwd=output_dir)
    [project] = output_dir.iterdir()
    commit_all(project, "Record the template version")
    return project, printed


def cruft_state(project):
    return json.loads((project / ".cruft.json").read_text(encoding="utf-8"))


def changed_paths(project):
    """Paths that `git status` reports as changed or new (ignored files such as .env are not)."""
    return {line[3:] for line in git(project, "status", "--porcelain").splitlines()}


def assert_merged_cleanly(project):
    """No rejected hunks and no conflict markers anywhere in the project."""
    files = baked_files(project)
    assert [p.relative_to(project) for p in files if p.suffix == ".rej"] == []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="ignore")
        assert not CONFLICT_MARKER.search(text), f"conflict markers in {path.relative_to(project)}"


def test_cruft_create_links_the_project_to_the_template_commit(template, tmp_path):
    head = git(template, "rev-parse", "HEAD").strip()
    project, printed = cruft_create(template, tmp_path / "out", project_name="Cruft Library")
    state = cruft_state(project)
    assert project.name == "cruftlibrary"
    assert state["template"] == str(template)
    assert state["commit"] == head
    assert state["context"]["cookiecutter"]["project_name"] == "Cruft Library"
    assert "git add .cruft.json && git commit" in printed, "the hook tells the student to commit .cruft.json"
    assert changed_paths(project) == set(), "after committing .cruft.json the work tree is clean"
    assert "up to date" in run_cruft("check", cwd=project)


def test_cruft_create_keeps_the_secret_key_in_env_only(template, tmp_path):
    project, _ = cruft_create(template, tmp_path / "out", project_name="Cruft Library")
    key = secret_key_of(project)
    assert len(key) == 64
    assert git(project, "check-ignore", ".env").strip() == ".env"
    assert git(project, "ls-files", ".env") == ""
    assert key not in git(project, "log", "--all", "--patch"), "a commit holds the secret key"
    for path in baked_files(project):
        if path.name != ".env":
            assert key not in path.read_text(encoding="utf-8", errors="ignore"), f"secret key in {path.name}"


def test_cruft_update_brings_a_template_change_and_keeps_the_students_work(template, tmp_path):
    project, _ = cruft_create(template, tmp_path / "out", project_name="Cruft Library")
    views = project / "catalog" / "views.py"
    student_view = "\n\ndef shelf(request):\n    return None\n"
    views.write_text(views.read_text(encoding="utf-8") + student_view, encoding="utf-8")
    (project / "NOTES.md").write_text("My reading list.\n", encoding="utf-8")
    commit_all(project, "My own view and notes")
    env_before = (project / ".env").read_bytes()

    readme_line = "\nThe template's next version added this line.\n"
    change_template(template, "README.md", readme_line, "README: one more line")
    new_commit = change_template(template, ".env.example", "# NEW_SETTING=\n", ".env.example: a new variable")
    assert "out of date" in run_cruft("check", cwd=project, expect=1)

    run_cruft("update", "--skip-apply-ask", cwd=project)
    assert (project / "README.md").read_text(encoding="utf-8").endswith(readme_line)
    assert (project / ".env.example").read_text(encoding="utf-8").endswith("# NEW_SETTING=\n")
    assert views.read_text(encoding="utf-8").endswith(student_view)
    assert (project / "NOTES.md").read_text(encoding="utf-8") == "My reading list.\n"
    assert (project / ".env").read_bytes() == env_before, "cruft update changed .env"
    assert_merged_cleanly(project)
    assert changed_paths(project) == {".cruft.json", ".env.example", "README.md"}
    assert cruft_state(project)["commit"] == new_commit
    assert "up to date" in run_cruft("check", cwd=project)


def test_cruft_update_checkout_stops_at_a_tagged_version(template, tmp_path):
    project, _ = cruft_create(template, tmp_path / "out")
    tagged = change_template(template, "README.md", "\nNew in 1.1.0.\n", "README: 1.1.0")
    git(template, "tag", "v1.1.0")
    change_template(template, "README.md", "\nNew after 1.1.0.\n", "README: after 1.1.0")

    run_cruft("update", "--skip-apply-ask", "--checkout", "v1.1.0", cwd=project)
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert "New in 1.1.0." in readme and "New after 1.1.0." not in readme
    assert cruft_state(project)["commit"] == tagged
    assert "out of date" in run_cruft("check", cwd=project, expect=1), "main has a newer commit than the tag"
    assert_merged_cleanly(project)


def test_cruft_update_moves_the_project_to_a_later_tutorial_stage(template, tmp_path):
    project, _ = cruft_create(template, tmp_path / "out", tutorial_stage="models")
    admin_py = project / "catalog" / "admin.py"
    assert not any(f"register({model})" in admin_py.read_text(encoding="utf-8") for model in ADMIN_MODELS)
    (project / "NOTES.md").write_text("Part 3 done.\n", encoding="utf-8")
    commit_all(project, "My notes")
    env_before = (project / ".env").read_bytes()

    run_cruft("update", "--skip-apply-ask", "--variables-to-update", '{"tutorial_stage": "admin"}', cwd=project)
    assert cruft_state(project)["context"]["cookiecutter"]["tutorial_stage"] == "admin"
    admin_code = admin_py.read_text(encoding="utf-8")
    for model in ADMIN_MODELS:
        assert f"register({model})" in admin_code, f"admin.py does not register {model}"
    assert not (project / "catalog" / "forms.py").exists()
    assert_merged_cleanly(project)
    commit_all(project, "Part 4: the admin site")

    run_cruft("update", "--skip-apply-ask", "--variables-to-update", '{"tutorial_stage": "forms"}', cwd=project)
    assert cruft_state(project)["context"]["cookiecutter"]["tutorial_stage"] == "forms"
    assert "class RenewBookForm" in (project / "catalog" / "forms.py").read_text(encoding="utf-8")
    migrations = sorted(p.name[:4] for p in (project / "catalog" / "migrations").glob("0*.py"))
    assert migrations == ["0001", "0002", "0003", "0004"]
    assert (project / "NOTES.md").read_text(encoding="utf-8") == "Part 3 done.\n"
    assert (project / ".env").read_bytes() == env_before, "cruft update changed .env"
    assert_merged_cleanly(project)


def test_cruft_diff_shows_the_students_edits_and_nothing_of_env_or_git(template, tmp_path):
    project, _ = cruft_create(template, tmp_path / "out")
    settings = project / project.name / "settings.py"
    settings.write_text(settings.read_text(encoding="utf-8") + "\nLANGUAGE_CODE = 'fr'\n", encoding="utf-8")
    commit_all(project, "French")

    printed = run_cruft("diff", "--exit-code", cwd=project, expect=1)
    files = set(re.findall(r"^diff --git upstream-template-old/(\S+) ", printed, re.MULTILINE))
    assert files == {f"{project.name}/settings.py"}
    assert "LANGUAGE_CODE = 'fr'" in printed
    assert secret_key_of(project) not in printed
