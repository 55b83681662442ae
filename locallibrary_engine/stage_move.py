"""Baking over a student's repository (a stage move) without touching their work.

A student moves to the next tutorial stage by baking the template over their project
with ``--overwrite-if-exists``. cookiecutter then writes every file of the template
into the repository, between the two hooks, whatever is there. The rules:

- Before anything is written (pre-generation hook) the bake is refused, with a
  message that says what to do, unless the folder is the root of a project baked
  from this template, inside a git work tree with nothing uncommitted or untracked.
  Then every file the template is about to write that already exists is copied
  to a backup in the repository's git folder, with the old answers.
- After cookiecutter has written (post-generation hook), only the template's own
  files, at the old or the new stage, keep what cookiecutter wrote or are removed;
  any other file the template wrote over is put back from the backup byte for
  byte, and a file it created is removed again. If anything fails, every file is
  put back, so the repository is as it was.
- Nothing is committed: every change is in ``git diff``, undone by ``git checkout``.

The project records the answers a bake-over needs in its pyproject.toml
(``[tool.locallibrary]``).
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

from .messages import say

RECORD_TABLE = "[tool.locallibrary]"
RECORD_KEYS = ("tutorial_stage", "deploy_target")
RECORD_LINE = re.compile(r'^(?P<key>[a-z_]+)\s*=\s*"(?P<value>[^"\\]*)"\s*(?:#.*)?$')
STATE_NAME = "locallibrary-stage-move"  # A folder in the repository's git folder.
COMMIT_HINT = "git add -A && git commit -m 'My work so far'"
STASH_HINT = "git stash -u"


class Refused(Exception):
    """A bake-over that must not start: a message key of messages.py, with its fields."""

    def __init__(self, key, **fields):
        self.key, self.fields = key, fields
        super().__init__(say(key, **fields))

    def message(self, language):
        return say(self.key, language, **self.fields)


# --------------------------------------------------------------------------
# The project's record of its answers
# --------------------------------------------------------------------------


def read_record(project_dir):
    """The [tool.locallibrary] answers of a baked project, or None where there are none."""
    path = Path(project_dir) / "pyproject.toml"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    record, inside = {}, False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("["):
            inside = stripped == RECORD_TABLE
        elif inside and (match := RECORD_LINE.match(stripped)):
            record[match.group("key")] = match.group("value")
    if not all(key in record for key in RECORD_KEYS):
        return None
    return record


def is_project_root(folder):
    return read_record(folder) is not None and (Path(folder) / "manage.py").is_file()


def enclosing_project(folder):
    """The project root above `folder` (a parent, not `folder` itself), or None."""
    for parent in Path(folder).resolve().parents:
        if is_project_root(parent):
            return parent
    return None


# --------------------------------------------------------------------------
# git
# --------------------------------------------------------------------------


def git(project_dir, *args):
    """Run git in `project_dir`; return its output, or None when git fails or is missing."""
    try:
        result = subprocess.run(
            ["git", *args], cwd=project_dir, capture_output=True, text=True, encoding="utf-8", errors="replace"
        )
    except OSError:
        return None
    return result.stdout if result.returncode == 0 else None


def may_be_in_a_repository(folder):
    """False only when git can find no repository for `folder`: no GIT_DIR, and no .git in
    the folder or above it. A new bake's folder usually has none, and this spares a git process."""
    if "GIT_DIR" in os.environ:
        return True
    folder = Path(folder).resolve()
    return any((candidate / ".git").exists() for candidate in (folder, *folder.parents))


def state_dir(project_dir):
    """Where the backup of a bake-over lives: the repository's own git folder (None without one)."""
    if not may_be_in_a_repository(project_dir):
        return None
    git_dir = git(project_dir, "rev-parse", "--absolute-git-dir")
    return Path(git_dir.strip()) / STATE_NAME if git_dir else None


# --------------------------------------------------------------------------
# Before cookiecutter writes: refuse, or back up
# --------------------------------------------------------------------------


def is_bake_over(project_dir):
    """cookiecutter only runs the hooks in a non-empty folder when told to overwrite."""
    return any(Path(project_dir).iterdir())


def check_not_inside_a_project(project_dir):
    """Raise Refused when `project_dir` lies inside a project of this template (cookiecutter run in it)."""
    outer = enclosing_project(project_dir)
    if outer is not None:
        raise Refused("inside_project", folder=project_dir, outer=outer, parent=outer.parent)


def check_bake_over(project_dir):
    """Raise Refused, saying what to do, unless a bake-over of `project_dir` is safe."""
    project_dir = Path(project_dir)
    if not is_project_root(project_dir):
        check_not_inside_a_project(project_dir)
        if (project_dir / "manage.py").is_file() and (project_dir / "catalog").is_dir():
            table = '      [tool.locallibrary]\n      tutorial_stage = "models"\n      deploy_target = "heroku"'
            raise Refused("no_record", folder=project_dir, table=table)
        raise Refused("not_a_project", folder=project_dir)
    if shutil.which("git") is None:
        raise Refused("no_git")
    if git(project_dir, "rev-parse", "--is-inside-work-tree") is None:
        raise Refused("not_a_repository", folder=project_dir, command=f"git init && {COMMIT_HINT}")
    status = git(project_dir, "status", "--porcelain", "--untracked-files=all", "--", ".")
    if status is None:
        raise Refused("status_failed", folder=project_dir)
    changed = [line[3:] for line in status.splitlines() if line.strip()]
    if changed:
        shown = [f"      {path}" for path in changed[:10]]
        if len(changed) > 10:
            shown.append("      " + say("and_more", count=len(changed) - 10))
        raise Refused("uncommitted", paths="\n".join(shown), commit=COMMIT_HINT, stash=STASH_HINT)


def prepare(project_dir, written):
    """Back up the files the template is about to write, with the project's current answers."""
    project_dir = Path(project_dir)
    state = state_dir(project_dir)
    shutil.rmtree(state, ignore_errors=True)  # A bake-over that never finished; the work tree is clean now.
    backup = state / "backup"
    existing = []
    for relative in written:
        path = project_dir / relative
        if path.is_file() or path.is_symlink():
            existing.append(relative)
            target = backup / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target, follow_symlinks=False)
    parents = {parent for relative in written for parent in parents_of(relative)}
    folders = sorted(parent for parent in parents if (project_dir / parent).is_dir())
    state.mkdir(parents=True, exist_ok=True)
    (state / "state.json").write_text(
        json.dumps(
            {
                "project_dir": str(project_dir.resolve()),
                "old_answers": read_record(project_dir),
                "existing": existing,
                "folders": folders,
            },
            indent=1,
        ),
        encoding="utf-8",
    )


def parents_of(relative):
    """The folders above a "/" path, deepest first, without the project root."""
    parts = relative.split("/")[:-1]
    return ["/".join(parts[:end]) for end in range(len(parts), 0, -1)]


# --------------------------------------------------------------------------
# After cookiecutter wrote: keep, remove or put back
# --------------------------------------------------------------------------


class StageMove:
    """The state a pre-generation hook left for the post-generation hook of the same bake."""

    def __init__(self, project_dir, state, data):
        self.project_dir = Path(project_dir)
        self.state = state
        self.old_answers = data["old_answers"]
        self.existing = set(data["existing"])
        self.folders = set(data["folders"])

    @classmethod
    def load(cls, project_dir):
        """The stage move under way in `project_dir`, or None for a fresh bake."""
        state = state_dir(project_dir)
        if state is None or not (state / "state.json").is_file():
            return None
        data = json.loads((state / "state.json").read_text(encoding="utf-8"))
        if data["project_dir"] != str(Path(project_dir).resolve()):
            return None
        return cls(project_dir, state, data)

    def backup(self, relative):
        return self.state / "backup" / relative

    def put_back(self, relative):
        """Restore the file at `relative` as it was before the bake, or remove it if it was not there."""
        path = self.project_dir / relative
        if relative in self.existing:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            elif path.exists() or path.is_symlink():
                path.unlink()
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(self.backup(relative), path, follow_symlinks=False)
        elif path.is_file() or path.is_symlink():
            path.unlink()

    def changed(self, relative):
        """Did the bake change the file at `relative` (present before and after)?"""
        path = self.project_dir / relative
        try:
            return path.read_bytes() != self.backup(relative).read_bytes()
        except OSError:
            return True

    def roll_back(self, written):
        """Put every file the template wrote back as it was, then drop the state."""
        for relative in written:
            self.put_back(relative)
        remove_empty_folders(self.project_dir, written, self.folders, self.existing)
        self.finish()

    def finish(self):
        shutil.rmtree(self.state, ignore_errors=True)


def remove_empty_folders(project_dir, removed, folders_before, existing_before):
    """Remove the folders the bake created or emptied, deepest first; keep those that were empty before."""
    candidates = {parent for relative in removed for parent in parents_of(relative)}
    emptied = {parent for relative in removed if relative in existing_before for parent in parents_of(relative)}
    for folder in sorted(candidates, key=lambda name: name.count("/"), reverse=True):
        path = Path(project_dir) / folder
        if path.is_dir() and not any(path.iterdir()) and (folder not in folders_before or folder in emptied):
            path.rmdir()


def report(move, kept, removed, language="en"):
    """Lines that say what the stage move changed, and what to run next."""
    added = sorted(relative for relative in kept if relative not in move.existing)
    updated = sorted(relative for relative in kept if relative in move.existing and move.changed(relative))
    lines = [say("moved", language, folder=move.project_dir)]
    for title, paths in (("added", added), ("updated", updated), ("removed", sorted(removed))):
        if paths:
            lines.append(say(title, language, count=len(paths)))
            lines += [f"  {path}" for path in paths]
    if not (added or updated or removed):
        lines.append(say("no_change", language))
    lines += [
        say("review", language),
        "  git status && git diff",
        "  python manage.py migrate",
        "  python manage.py test",
        say("commit_when_happy", language),
    ]
    return lines
