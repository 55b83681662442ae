"""Instructors: a course's config file of default answers, replays, and a customised fork."""

import json
import subprocess
import sys

import yaml

from support import REPO_ROOT
from support.baking import baked_files, copy_template

COURSE_ANSWERS = {
    "project_name": "CS101 Library",
    "author_name": "Course Staff",
    "email": "staff@cs101.example.edu",
    "time_zone": "Europe/London",
}


def run_cookiecutter(*args, cwd):
    """The documented command line, as an instructor or a student types it."""
    result = subprocess.run(
        [sys.executable, "-m", "cookiecutter", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result


def test_config_file_sets_the_course_defaults(tmp_path):
    config = tmp_path / "cs101.yaml"
    config.write_text(yaml.safe_dump({"default_context": COURSE_ANSWERS}))
    run_cookiecutter(str(REPO_ROOT), "--no-input", "--config-file", str(config), "-o", str(tmp_path), cwd=tmp_path)
    project = tmp_path / "cs101library"
    assert (project / "README.md").read_text().startswith("# CS101 Library\n")
    assert 'TIME_ZONE = "Europe/London"' in (project / "cs101library" / "settings.py").read_text()
    author = subprocess.run(["git", "log", "-1", "--format=%an <%ae>"], cwd=project, capture_output=True, text=True)
    assert author.stdout.strip() == "Course Staff <staff@cs101.example.edu>"


def test_command_line_answers_override_the_config_file(tmp_path):
    config = tmp_path / "cs101.yaml"
    config.write_text(yaml.safe_dump({"default_context": COURSE_ANSWERS}))
    run_cookiecutter(
        str(REPO_ROOT), "--no-input", "--config-file", str(config), "-o", str(tmp_path), "time_zone=UTC", cwd=tmp_path
    )
    assert 'TIME_ZONE = "UTC"' in (tmp_path / "cs101library" / "cs101library" / "settings.py").read_text()


def test_replay_bakes_the_same_project_again(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    run_cookiecutter(str(REPO_ROOT), "--no-input", "-o", str(first), "project_name=Replay Library", cwd=tmp_path)
    run_cookiecutter(str(REPO_ROOT), "--replay", "-o", str(second), cwd=tmp_path)
    one, two = first / "replaylibrary", second / "replaylibrary"
    names = [path.relative_to(one) for path in baked_files(one)]
    assert names == [path.relative_to(two) for path in baked_files(two)]
    for name in names:
        if name.name != ".env":  # Each bake gets its own secret key.
            assert (one / name).read_bytes() == (two / name).read_bytes(), f"{name} differs"


def test_a_forks_changes_reach_the_generated_project(tmp_path):
    fork = tmp_path / "fork"
    copy_template(fork)
    context = json.loads((fork / "cookiecutter.json").read_text())
    context["time_zone"] = "Europe/Berlin"  # The course's own default.
    context["tutorial_stage"] = ["models", *(stage for stage in context["tutorial_stage"] if stage != "models")]
    (fork / "cookiecutter.json").write_text(json.dumps(context, ensure_ascii=False, indent=2))
    readme = fork / "{{cookiecutter.project_slug}}" / "README.md"
    readme.write_text(readme.read_text() + "\n## CS101\n\nSubmit your repository link on the course page.\n")
    run_cookiecutter(str(fork), "--no-input", "-o", str(tmp_path / "out"), cwd=tmp_path)
    project = tmp_path / "out" / "locallibrary"
    assert "Submit your repository link on the course page." in (project / "README.md").read_text()
    assert 'TIME_ZONE = "Europe/Berlin"' in (project / "locallibrary" / "settings.py").read_text()
    assert not (project / "catalog" / "views.py").read_text().count("def ")  # The course starts at part 3.
