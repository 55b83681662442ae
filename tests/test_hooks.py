"""Hooks: bad answers are refused with a clear message and leave nothing behind;
the post-generation hook writes a fresh secret to .env only and commits the rest."""

import ast
import subprocess
import sys

import pytest
from cookiecutter.exceptions import FailedHookException

from support import REPO_ROOT
from support.baking import bake, bake_from_edited_replay, baked_files, git, secret_key_of

INVALID_ANSWERS = [
    pytest.param({"project_slug": "my-project"}, "not a valid Python package name", id="slug-with-dash"),
    pytest.param({"project_slug": "123lib"}, "not a valid Python package name", id="slug-starts-with-digit"),
    pytest.param({"project_slug": "class"}, "is a Python keyword", id="slug-keyword"),
    pytest.param({"project_slug": "django"}, "would shadow the module 'django'", id="slug-django"),
    pytest.param({"project_slug": "test"}, "would shadow the module 'test'", id="slug-test"),
    pytest.param({"project_slug": "catalog"}, "would shadow the module 'catalog'", id="slug-catalog"),
    pytest.param({"project_slug": "site"}, "would shadow the module 'site'", id="slug-site"),
    pytest.param({"project_name": ""}, "project_name is empty", id="empty-project-name"),
    pytest.param({"project_name": "   "}, "project_name is empty", id="blank-project-name"),
    pytest.param({"email": "not-an-email"}, "does not look like an email address", id="bad-email"),
    pytest.param({"domain_name": "https://example.com/"}, "is not a host name", id="domain-with-scheme"),
    pytest.param({"domain_name": "localhost"}, "is not a host name", id="domain-without-dot"),
    pytest.param({"time_zone": "Mars/Olympus_Mons"}, "is not a known time zone", id="bad-time-zone"),
    # Shadowing: the list of the requirements' modules is derived (scripts/requirement_modules.py).
    pytest.param({"project_slug": "asgiref"}, "installed by the project's requirements", id="slug-asgiref"),
    pytest.param({"project_slug": "brotli"}, "would shadow the module 'brotli'", id="slug-brotli"),
    pytest.param({"project_slug": "coverage"}, "would shadow the module 'coverage'", id="slug-coverage"),
    pytest.param({"project_slug": "scripts"}, "the project's own folder scripts/", id="slug-project-folder"),
    pytest.param({"project_slug": "manage"}, "the project's own file manage.py", id="slug-project-module"),
    pytest.param({"project_slug": "Procfile"}, "not a valid Python package name", id="slug-project-file"),
    pytest.param({"project_slug": "MyLib"}, "not a valid Python package name", id="slug-uppercase"),
    pytest.param({"project_slug": "_private"}, "not a valid Python package name", id="slug-underscore-first"),
    # A line break ends a mail header, a host name, a line of code.
    pytest.param({"email": "you@example.com\n"}, "email contains a line break", id="email-newline"),
    pytest.param({"domain_name": "mylib.example.com\n"}, "domain_name contains a line break", id="domain-newline"),
    pytest.param({"author_name": "Ada\rLovelace"}, "author_name contains a line break", id="author-return"),
    pytest.param({"description": "One\x00two"}, "the control character '\\x00'", id="description-nul"),
    pytest.param(
        {"project_name": "x" * 5000}, "project_name is 5000 characters long; shorten it to 100", id="long-name"
    ),
    pytest.param({"description": "y" * 301}, "description is 301 characters long", id="long-description"),
]


@pytest.mark.parametrize(("answers", "message"), INVALID_ANSWERS)
def test_invalid_answer_is_refused_with_a_clear_message_and_nothing_on_disk(tmp_path, capfd, answers, message):
    with pytest.raises(FailedHookException):
        bake(tmp_path, **answers)
    assert list(tmp_path.iterdir()) == [], "a refused bake must leave no folder behind"
    stderr = capfd.readouterr().err
    assert message in stderr
    assert "Nothing was written" in stderr


def test_unsupported_python_version_is_refused_with_a_clear_message(tmp_path, capfd):
    with pytest.raises(FailedHookException):
        bake(tmp_path, python_version="2.7")
    assert list(tmp_path.iterdir()) == []
    assert "python_version '2.7' is not supported; choose one of 3.11, 3.12, 3.13, 3.14." in capfd.readouterr().err


def test_python_version_from_an_edited_replay_file_is_refused_by_the_hook(tmp_path, isolated_home, capfd):
    with pytest.raises(FailedHookException):
        bake_from_edited_replay(tmp_path, isolated_home, python_version="2.7")
    assert list((tmp_path / "second").iterdir()) == []
    assert "python_version '2.7' is not supported" in capfd.readouterr().err


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"tutorial_stage": "deployment"}, "tutorial_stage 'deployment' is not a stage of the tutorial; choose one of"),
        ({"language": "fr"}, "language 'fr' is not supported; choose one of en, zh-hans."),
    ],
)
def test_choice_from_an_edited_replay_file_is_refused_by_the_hook(tmp_path, isolated_home, capfd, answers, message):
    """A replay file or a course config can hold any value; the hook names the valid ones."""
    with pytest.raises(FailedHookException):
        bake_from_edited_replay(tmp_path, isolated_home, **answers)
    assert list((tmp_path / "second").iterdir()) == []
    assert message in capfd.readouterr().err


def test_every_problem_is_reported_at_once(tmp_path, capfd):
    with pytest.raises(FailedHookException):
        bake(tmp_path, project_slug="class", email="nope")
    stderr = capfd.readouterr().err
    assert "is a Python keyword" in stderr and "does not look like an email address" in stderr


def test_hooks_are_valid_python_before_rendering_and_read_the_answers_once():
    """Thin hooks: plain Python that ruff can lint as it is, one json.loads of every answer."""
    for hook in sorted((REPO_ROOT / "hooks").glob("*.py")):
        source = hook.read_text(encoding="utf-8")
        ast.parse(source, filename=str(hook))
        assert source.count('json.loads(r"""{{ cookiecutter | tojson }}""")') == 1, hook.name
        assert source.count("{{") == 2, f"{hook.name}: Jinja beyond the answers and the template folder"
    config = ["--config", str(REPO_ROOT / "pyproject.toml")]
    paths = ["hooks", "locallibrary_engine"]
    lint = subprocess.run([sys.executable, "-m", "ruff", "check", *config, *paths], cwd=REPO_ROOT, capture_output=True)
    assert lint.returncode == 0, lint.stdout.decode()
    fmt = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "--diff", *config, *paths],
        cwd=REPO_ROOT,
        capture_output=True,
    )
    assert fmt.returncode == 0, fmt.stdout.decode() + fmt.stderr.decode()


def test_env_file_gets_a_long_random_secret_key_and_debug_on(default_project):
    key = secret_key_of(default_project)
    assert len(key) >= 50
    assert len(set(key)) >= 20, "the key should look random"
    assert "DJANGO_DEBUG=True" in (default_project / ".env").read_text()


def test_two_bakes_get_different_secret_keys(baked):
    first = baked()
    second = baked()
    assert secret_key_of(first) != secret_key_of(second)


def test_secret_key_is_in_no_git_object_and_no_other_file(default_project):
    key = secret_key_of(default_project).encode()
    objects = subprocess.run(
        ["git", "cat-file", "--batch-all-objects", "--batch"], cwd=default_project, capture_output=True, check=True
    ).stdout
    assert objects, "the baked repository should hold objects"
    assert key not in objects, "the secret key reached a git object"
    for path in baked_files(default_project):
        if path.name != ".env":
            assert key not in path.read_bytes(), f"the secret key is in {path.name}"


def test_git_repository_on_main_with_one_commit_and_a_clean_work_tree(default_project):
    assert git(default_project, "branch", "--show-current").strip() == "main"
    assert git(default_project, "rev-list", "--count", "HEAD").strip() == "1"
    assert git(default_project, "status", "--porcelain", "--ignored=no") == ""
    tracked = git(default_project, "ls-files").split()
    assert ".env" not in tracked and ".env.example" in tracked
    assert "manage.py" in tracked and "Procfile" in tracked


def test_missing_git_identity_commits_as_the_author_without_touching_git_config(baked, isolated_home):
    project = baked(author_name="Ada Student", email="ada@example.com")
    assert git(project, "log", "-1", "--format=%an <%ae>").strip() == "Ada Student <ada@example.com>"
    assert not (isolated_home / ".gitconfig").exists(), "the user's git config must not be written"
    assert "user" not in git(project, "config", "--local", "--list")


def test_empty_author_name_falls_back_to_the_template_identity(baked):
    project = baked(author_name="")
    assert git(project, "log", "-1", "--format=%an").strip() == "LocalLibrary template"


def test_configured_git_identity_is_used(baked, isolated_home):
    (isolated_home / ".gitconfig").write_text("[user]\n\tname = Configured User\n\temail = configured@example.com\n")
    project = baked(author_name="Ada Student")
    assert git(project, "log", "-1", "--format=%an <%ae>").strip() == "Configured User <configured@example.com>"


def test_a_half_configured_git_identity_is_completed_from_the_answers(baked, isolated_home):
    (isolated_home / ".gitconfig").write_text("[user]\n\tname = Configured User\n")
    project = baked(author_name="Ada Student", email="ada@example.com")
    assert git(project, "log", "-1", "--format=%an <%ae>").strip() == "Configured User <ada@example.com>"
    assert git(project, "log", "-1", "--format=%cn <%ce>").strip() == "Configured User <ada@example.com>"


def test_an_identity_the_user_keeps_for_some_folders_is_used(baked, isolated_home):
    """An includeIf "gitdir:" identity applies once the repository exists: the hook reads it after git init."""
    school = isolated_home / "school.gitconfig"
    school.write_text("[user]\n\tname = School User\n\temail = school@example.com\n")
    (isolated_home / ".gitconfig").write_text(f'[includeIf "gitdir:**/schoolwork/"]\n\tpath = {school.as_posix()}\n')
    project = baked(project_name="School Work", author_name="Ada Student", email="ada@example.com")
    assert project.name == "schoolwork"
    assert git(project, "log", "-1", "--format=%an <%ae>").strip() == "School User <school@example.com>"


def test_missing_git_warns_and_still_bakes_a_complete_project(baked, monkeypatch, tmp_path, capfd):
    empty_bin = tmp_path / "empty-bin"
    empty_bin.mkdir()
    monkeypatch.setenv("PATH", str(empty_bin))
    project = baked()
    assert not (project / ".git").exists()
    assert (project / ".env").is_file() and (project / "manage.py").is_file()
    assert "WARNING: git was not found" in capfd.readouterr().out


def test_next_steps_are_printed(baked, capfd):
    project = baked()
    out = capfd.readouterr().out
    assert f"cd {project.name}" in out
    assert "pip install -r requirements-dev.txt" in out
    assert "python manage.py migrate" in out


def test_a_chinese_students_bake_errors_are_in_chinese(tmp_path, capfd):
    with pytest.raises(FailedHookException):
        bake(tmp_path, language="zh-hans", project_slug="123abc", time_zone="Mars/Olympus_Mons")
    assert list(tmp_path.iterdir()) == []
    err = capfd.readouterr().err
    assert "错误：无法生成项目：" in err
    assert "project_slug '123abc' 不能用作项目的 Python 包名。" in err
    assert "time_zone 'Mars/Olympus_Mons' 不是已知的时区" in err
    assert "没有写入任何文件。请改正答案后重新运行 cookiecutter。" in err


def test_a_chinese_students_next_steps_are_in_chinese(baked, capfd):
    project = baked(language="zh-hans")
    out = capfd.readouterr().out
    assert f"你的 LocalLibrary 项目已生成在 {project}" in out
    assert "接下来：" in out and f"  cd {project.name}" in out


def test_chinese_messages_reach_a_console_that_cannot_encode_them(tmp_path, capfd, monkeypatch):
    """cp1252, as on an English Windows' pipes: the hooks print backslash escapes, not a traceback."""
    monkeypatch.setenv("PYTHONIOENCODING", "cp1252")
    with pytest.raises(FailedHookException):
        bake(tmp_path / "refused", language="zh-hans", project_slug="123abc")
    err = capfd.readouterr().err
    assert "\\u9519\\u8bef" in err and "Traceback" not in err, err  # 错误, escaped.
    project = bake(tmp_path / "made", language="zh-hans")
    assert git(project, "status", "--porcelain") == ""
    assert "\\u63a5\\u4e0b\\u6765" in capfd.readouterr().out  # 接下来: the next steps, escaped.
