"""Which files the template writes, and which of them a project keeps.

cookiecutter renders every file of the project template (all hosts, every stage,
the comment tables); the post-generation hook then keeps the files the answers ask
for. Both lists come from the template folder itself, so nothing is kept by hand.
Paths here are relative "/" paths, on every OS.
"""

import os

from . import PROJECT_TEMPLATE, TEMPLATE_DIR
from .hosts import host_file_in_project
from .stages import file_in_stage

SLUG_PART = "{{cookiecutter.project_slug}}"
# The comment table of each language but English (locallibrary_engine.comments): read by
# the post-generation hook, never shipped.
COMMENT_TABLES = {"zh-hans": ".comments.zh-hans.json"}
# Left behind by tools in a working copy of the template, never rendered by us.
NOT_TEMPLATE_FILES = ("__pycache__", ".pyc", ".DS_Store")


def template_files(slug, template_dir=TEMPLATE_DIR):
    """Every path cookiecutter writes for a project named `slug`, sorted."""
    root = template_dir / PROJECT_TEMPLATE
    paths = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [name for name in subfolders if name not in NOT_TEMPLATE_FILES]
        for name in names:
            if name.endswith(NOT_TEMPLATE_FILES):
                continue
            relative = os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/")
            paths.append(relative.replace(SLUG_PART, slug))
    return sorted(paths)


def kept_by_answers(relative, answers):
    """Does a project baked with `answers` keep the template's file at `relative`?"""
    if relative in COMMENT_TABLES.values():
        return False  # Read by the hook, never shipped.
    return host_file_in_project(relative, answers["deploy_target"]) and file_in_stage(
        relative, answers["tutorial_stage"]
    )


def project_files(answers, written):
    """The subset of the `written` template paths that the project keeps."""
    return {relative for relative in written if kept_by_answers(relative, answers)}
