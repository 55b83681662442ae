"""The MDN tutorial's stages: which files and which lines a project has at each one.

A project at one stage holds what the tutorial parts up to it have built. Deployment
(part 11) is in every stage: settings, Procfile, runtime file and pinned requirements
are there from the skeleton on. Two tables decide:

- ``STAGE_FILES`` gives whole files a range of stages (the first glob that matches
  a file decides; a file no glob matches is in every stage);
- marker comments inside a file keep a block of lines from a stage on
  (``# stage: NAME`` ... ``# endstage``) or only before it (``# until: NAME``).
  Django templates use ``{# stage: NAME #}``; Jinja leaves those alone.
"""

import fnmatch
import json
import re

from . import TEMPLATE_DIR

# The order lives once, in cookiecutter.json, which the hooks, tests and bench share.
STAGES = tuple(json.loads((TEMPLATE_DIR / "cookiecutter.json").read_text(encoding="utf-8"))["_tutorial_stages"])

# (glob, first stage, last stage or None): files that exist in some stages only.
STAGE_FILES = (
    ("catalog/migrations/0001_initial.py", "models", None),
    ("catalog/migrations/000[234]_*.py", "authentication", None),
    ("catalog/static/*", "home-page", None),
    ("catalog/templates/base_generic.html", "home-page", None),
    ("catalog/templates/index.html", "home-page", None),
    ("templates/404.html", "home-page", None),
    ("templates/500.html", "home-page", None),
    ("catalog/templates/catalog/*_list.html", "generic-views", None),
    ("catalog/templates/catalog/*_detail.html", "generic-views", None),
    ("catalog/mixins.py", "generic-views", None),
    ("catalog/templatetags/*", "generic-views", None),
    ("catalog/templates/catalog/bookinstance_list_borrowed_*.html", "authentication", None),
    ("templates/registration/*", "authentication", None),
    ("catalog/accounts.py", "authentication", None),
    ("templates/403.html", "authentication", None),
    ("catalog/forms.py", "forms", None),
    ("catalog/templates/catalog/*_form.html", "forms", None),
    ("catalog/templates/catalog/*_confirm_delete.html", "forms", None),
    ("catalog/templates/catalog/book_renew_librarian.html", "forms", None),
    ("catalog/tests/__init__.py", "skeleton", None),
    ("catalog/tests/test_smoke.py", "skeleton", "forms"),
    # Every host runs `manage.py release` from the skeleton on (deployment is in every stage).
    ("catalog/tests/test_release.py", "skeleton", None),
    ("catalog/tests/test_commands.py", "complete", None),
    ("catalog/tests/*.py", "testing", None),
    ("catalog/management/__init__.py", "skeleton", None),
    ("catalog/management/commands/__init__.py", "skeleton", None),
    ("catalog/management/commands/release.py", "skeleton", None),
    ("catalog/management/*", "complete", None),
)

# The files whose lines may hold markers.
MARKED_SUFFIXES = (".py", ".html", ".txt", ".toml")
# A marker is a comment alone on its line: "# stage: forms" or "{# endstage #}".
MARKER_LINE = re.compile(r"^\s*(?:#|\{#)\s*(?P<body>.*?)\s*(?:#\})?\s*$")
MARKER_BODY = re.compile(r"^(?:(?P<kind>stage|until):\s*(?P<name>\S+)|(?P<end>endstage))$")
# What looks like a marker, misspelled or not: a keyword, maybe a colon, maybe one word, and
# nothing else. Caught so that a typo is an error, not a block silently kept.
MARKER_LIKE = re.compile(r"^(?:stages?|until|end[ _-]?stages?)\s*:?\s*[\w-]*$", re.IGNORECASE)


class MarkerError(ValueError):
    """A stage marker that is misspelled, names no stage, or is not balanced."""

    def __init__(self, path, line, message):
        self.path, self.line = path, line
        super().__init__(f"{path}:{line}: {message}")


def stage_index(name):
    return STAGES.index(name)


def in_stage_range(first, last, stage):
    """True when `stage` is at or after `first` and, if `last` is set, at or before it."""
    return stage_index(first) <= stage_index(stage) and (last is None or stage_index(stage) <= stage_index(last))


def file_in_stage(relative, stage):
    """Does the project at `stage` have the file at `relative` (a "/" path)?"""
    rule = next((rule for rule in STAGE_FILES if fnmatch.fnmatchcase(relative, rule[0])), None)
    return rule is None or in_stage_range(rule[1], rule[2], stage)


def parse_marker(line, path="<text>", number=0):
    """("stage" | "until", name), ("end", None), or None for a line that is no marker.

    A comment that starts like a marker but is not one exactly (``# stage forms``,
    ``# endstages``, ``# stage: form``) raises MarkerError naming the file and line.
    """
    comment = MARKER_LINE.match(line)
    if not comment or not MARKER_LIKE.match(comment.group("body")):
        return None
    body = MARKER_BODY.match(comment.group("body"))
    if not body:
        raise MarkerError(
            path, number, f"misspelled stage marker {line.strip()!r}; write 'stage: NAME', 'until: NAME' or 'endstage'"
        )
    if body.group("end"):
        return ("end", None)
    if body.group("name") not in STAGES:
        raise MarkerError(
            path, number, f"stage marker names no stage: {body.group('name')!r}; stages: {', '.join(STAGES)}"
        )
    return (body.group("kind"), body.group("name"))


def has_markers(text, path="<text>"):
    return any(parse_marker(line, path, number) for number, line in enumerate(text.splitlines(), 1))


def cut(text, stage, path="<text>"):
    """The text as the project at `stage` has it: later (or, for "until", earlier) blocks dropped.

    Marker lines themselves are always removed, so a complete project has none.
    Raises MarkerError, naming `path` and the line, for an unbalanced or misspelled marker.
    """
    kept = []
    open_blocks = []  # (line number, are its lines kept?) for each open block.
    for number, line in enumerate(text.splitlines(keepends=True), 1):
        marker = parse_marker(line, path, number)
        if marker is None:
            if all(keep for _, keep in open_blocks):
                kept.append(line)
        elif marker[0] == "end":
            if not open_blocks:
                raise MarkerError(path, number, "'endstage' closes no block")
            open_blocks.pop()
        else:
            reached = stage_index(stage) >= stage_index(marker[1])
            open_blocks.append((number, reached if marker[0] == "stage" else not reached))
    if open_blocks:
        raise MarkerError(path, open_blocks[-1][0], "this stage block has no 'endstage' line")
    # A file cut short after its docstring keeps one newline at the end, as ruff wants.
    return "".join(kept).rstrip() + "\n"
