"""Stage moves: baking the next tutorial stage over a student's repository never loses work.

The bake is refused, with nothing changed, while work is uncommitted or untracked, and
when the folder is not the root of a project baked from this template. Otherwise only
the template's own files change; a student's own test module, stylesheet, migration,
template, host file, or module whose comments look like stage markers stays byte for
byte, in both languages. Every change shows in git and `git checkout` undoes it.
"""

import pytest
from cookiecutter.exceptions import FailedHookException

from locallibrary_engine.messages import say
from locallibrary_engine.stage_move import may_be_in_a_repository
from support.baking import bake, commit_all, copy_template, git

# A student's own files, at paths the template's stage rules or folders also cover.
STUDENT_FILES = {
    "catalog/tests/test_mine.py": "from django.test import TestCase\n\n\nclass MineTest(TestCase):\n    pass\n",
    "catalog/static/css/mine.css": "body { color: teal; }\n",
    "catalog/templates/catalog/my_page.html": '{% extends "base_generic.html" %}\n',
    "catalog/migrations/0002_student_change.py": "# Written by makemigrations on the student's machine.\n",
    # Marker-like comments and a comment the Chinese table knows: neither cut nor translated.
    "catalog/notes.py": (
        '"""My notes."""\n\n# stage: forms\nREMINDER = "read part 9"\n# endstage\n'
        "# until: forms\nLATER = True\n# endstage\n# Generate counts of some of the main objects\n"
    ),
    "Dockerfile": "FROM python:3.13-slim\n# My own container, for my own server.\n",
    "notes/plan.txt": "Finish part 4 by Friday.\n",
}


def listed(out, title, language):
    """The paths the stage-move report lists under a title ("added", "updated", "removed")."""
    heading = say(title, language, count=0).split("0")[0]  # "Added (" / "新增（"
    lines = out.splitlines()
    start = next((number for number, line in enumerate(lines) if line.startswith(heading)), None)
    if start is None:
        return []
    paths = []
    for line in lines[start + 1 :]:
        if not line.startswith("  "):
            break
        paths.append(line)
    return paths


def snapshot(project):
    """Every file of the work tree (not .git), as bytes."""
    return {
        path.relative_to(project).as_posix(): path.read_bytes()
        for path in sorted(project.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(project).parts
    }


def add_student_files(project, files):
    for relative, text in files.items():
        path = project / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def bake_over(project, **answers):
    """Bake over `project` from the folder that holds it, as the README's command does."""
    return bake(project.parent, overwrite_if_exists=True, **answers)


def assert_refused(capfd, *expected):
    err = capfd.readouterr().err
    assert "Nothing was written. Your files are as they were." in err
    for text in expected:
        assert text in err, err


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_stage_moves_keep_every_file_of_the_students(tmp_path, language, capfd):
    project = bake(tmp_path / "out", tutorial_stage="models", language=language)
    own_forms = "# My own forms, written before part 9.\n"
    add_student_files(project, {**STUDENT_FILES, "catalog/forms.py": own_forms})
    commit_all(project)
    capfd.readouterr()

    # models -> admin: forms.py is not the template's at either stage, so it stays the student's.
    bake_over(project, tutorial_stage="admin", language=language)
    after = snapshot(project)
    for relative, text in STUDENT_FILES.items():
        assert after[relative] == text.encode("utf-8"), f"{relative} was changed"
    assert after["catalog/forms.py"] == own_forms.encode()
    assert b"admin.site.register" in after["catalog/admin.py"]
    assert 'tutorial_stage = "admin"' in (project / "pyproject.toml").read_text()
    changed = {line[3:] for line in git(project, "status", "--porcelain").splitlines()}
    assert changed and changed <= {
        "README.md",
        "pyproject.toml",
        "catalog/admin.py",
        "catalog/models.py",
        "catalog/tests/test_smoke.py",
    }, changed
    out = capfd.readouterr().out
    assert say("moved", language, folder=project) in out, "the report is in the project's language"
    assert "  catalog/admin.py" in listed(out, "updated", language) and "git diff" in out
    commit_all(project, "Admin stage")
    at_admin = snapshot(project)

    # admin -> testing: the template's test suite arrives, its smoke test goes; the student's stay.
    bake_over(project, tutorial_stage="testing", language=language)
    after = snapshot(project)
    for relative, text in STUDENT_FILES.items():
        assert after[relative] == text.encode("utf-8"), f"{relative} was changed"
    assert "catalog/tests/test_smoke.py" not in after
    assert "catalog/tests/test_models.py" in after
    assert after["catalog/forms.py"] != own_forms.encode(), "forms.py is the template's from part 9 on"
    out = capfd.readouterr().out
    assert listed(out, "removed", language) == ["  catalog/tests/test_smoke.py"]
    assert "  catalog/tests/test_models.py" in listed(out, "added", language)
    assert "  catalog/forms.py" in listed(out, "updated", language)

    # Every change is in git, and git undoes it.
    git(project, "checkout", "--", ".")
    git(project, "clean", "--force", "-d", "--quiet")
    assert snapshot(project) == at_admin


def test_uncommitted_change_is_refused_and_nothing_changes(tmp_path, capfd):
    project = bake(tmp_path / "out", tutorial_stage="models")
    (project / "catalog" / "models.py").write_text("# Half-way through part 3.\n")
    before = snapshot(project)
    with pytest.raises(FailedHookException):
        bake_over(project, tutorial_stage="admin")
    assert snapshot(project) == before
    assert_refused(capfd, "uncommitted changes or untracked files", "catalog/models.py", "git add -A && git commit")


def test_untracked_file_is_refused_and_nothing_changes(tmp_path, capfd):
    project = bake(tmp_path / "out", tutorial_stage="models")
    add_student_files(project, {"catalog/tests/test_mine.py": "# Not committed yet.\n"})
    before = snapshot(project)
    with pytest.raises(FailedHookException):
        bake_over(project, tutorial_stage="testing")
    assert snapshot(project) == before
    assert_refused(capfd, "catalog/tests/test_mine.py", "git stash -u")


def test_bake_from_inside_the_project_is_refused(tmp_path, capfd):
    """Run in the project folder, cookiecutter would bake into its settings package, a project in a project."""
    project = bake(tmp_path / "out", tutorial_stage="models")
    before = snapshot(project)
    with pytest.raises(FailedHookException):
        bake(project, overwrite_if_exists=True, tutorial_stage="admin")
    assert snapshot(project) == before
    assert_refused(capfd, "is inside your project", f"cd {project.parent}")


def test_new_bake_deeper_inside_a_project_is_refused_and_leaves_no_folder(tmp_path, capfd):
    """From a subfolder, the new project's folder does not exist yet: still a project in a project."""
    project = bake(tmp_path / "out", tutorial_stage="models")
    before = snapshot(project)
    with pytest.raises(FailedHookException):
        bake(project / "catalog", tutorial_stage="admin")
    assert snapshot(project) == before
    assert not (project / "catalog" / "locallibrary").exists()
    assert_refused(capfd, "is inside your project", f"cd {project.parent}")


def test_bake_over_a_folder_that_is_no_project_of_this_template_is_refused(tmp_path, capfd):
    folder = tmp_path / "out" / "locallibrary"
    add_student_files(folder, {"essay.md": "My essay.\n", "manage.py": "print('my own manage.py')\n"})
    before = snapshot(folder)
    with pytest.raises(FailedHookException):
        bake(tmp_path / "out", overwrite_if_exists=True)
    assert snapshot(folder) == before
    assert_refused(capfd, "is not a LocalLibrary project baked from this template")


def test_bake_over_without_git_is_refused(tmp_path, capfd):
    project = bake(tmp_path / "out", tutorial_stage="models")
    for path in sorted((project / ".git").rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    (project / ".git").rmdir()
    before = snapshot(project)
    with pytest.raises(FailedHookException):
        bake_over(project, tutorial_stage="admin")
    assert snapshot(project) == before
    assert_refused(capfd, "is not a git repository")


def test_a_failed_stage_move_puts_every_file_back(tmp_path, capfd):
    """A template file with a broken marker fails the post-generation hook half-way: roll back."""
    template = copy_template(tmp_path / "template")
    admin = template / "{{cookiecutter.project_slug}}" / "catalog" / "admin.py"
    admin.write_text(admin.read_text() + "# stage: forms\n", encoding="utf-8")  # Never closed.
    project = bake(tmp_path / "out", tutorial_stage="models")
    add_student_files(project, STUDENT_FILES)
    commit_all(project)
    before = snapshot(project)
    from cookiecutter.main import cookiecutter

    with pytest.raises(FailedHookException):
        cookiecutter(
            str(template),
            no_input=True,
            overwrite_if_exists=True,
            output_dir=str(project.parent),
            extra_context={"tutorial_stage": "admin"},
        )
    assert snapshot(project) == before
    assert git(project, "status", "--porcelain") == ""
    err = capfd.readouterr().err
    assert "catalog/admin.py:" in err and "has no 'endstage' line" in err
    assert "every file was put back as it was" in err
    assert not list((project / ".git").glob("locallibrary-stage-move*")), "the backup is left behind"


def test_a_new_bake_asks_git_for_a_stage_move_only_where_a_repository_may_be(tmp_path, monkeypatch):
    """The post-generation hook skips `git rev-parse` only when git could find no repository."""
    monkeypatch.delenv("GIT_DIR", raising=False)
    project = tmp_path / "outer" / "locallibrary"
    project.mkdir(parents=True)
    assert not may_be_in_a_repository(project)
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "elsewhere.git"))
    assert may_be_in_a_repository(project)
    monkeypatch.delenv("GIT_DIR")
    (tmp_path / "outer" / ".git").mkdir()  # The student baked inside a repository of their own.
    assert may_be_in_a_repository(project)
