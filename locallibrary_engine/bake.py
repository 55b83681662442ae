"""The two hooks' entry points: ``pre_gen`` and ``post_gen``.

Each takes the answers (cookiecutter's context, read once by the hook) and the
project folder, prints what the student needs, and returns the hook's exit status.
"""

import sys
from pathlib import Path

from . import stage_move, stages
from .answers import problems
from .files import COMMENT_TABLES, project_files, template_files
from .messages import language_of, say


def speak_safely():
    """Let Chinese messages through a console or pipe that cannot encode them (cp1252 on an
    English Windows): such characters print as backslash escapes instead of crashing the hook."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def refuse(messages, closing, language):
    print(say("cannot_generate", language), file=sys.stderr)
    for message in messages:
        print(f"  - {message}", file=sys.stderr)
    print(say(closing, language), file=sys.stderr)
    return 1


def pre_gen(answers, project_dir):
    """Refuse bad answers and unsafe bake-overs before cookiecutter writes any file."""
    speak_safely()
    project_dir = Path(project_dir).resolve()
    language = language_of(answers)
    found = problems(answers)
    if found:
        return refuse(found, "nothing_written_answers", language)
    bake_over = stage_move.is_bake_over(project_dir)
    try:
        if bake_over:
            stage_move.check_bake_over(project_dir)
        else:
            stage_move.check_not_inside_a_project(project_dir)
    except stage_move.Refused as error:
        return refuse([error.message(language)], "nothing_written_files", language)
    if bake_over:
        stage_move.prepare(project_dir, template_files(answers["project_slug"]))
    return 0


def shape_project(project_dir, answers, written, move):
    """Keep the files these answers ask for, cut to the stage and in the project's language.

    Only the template's own files (`written`) are looked at; any other file in the
    folder, the student's, is never opened.
    """
    from . import comments  # Here, not at the top: the pre-generation hook never needs it.

    kept = project_files(answers, written)
    table_name = COMMENT_TABLES.get(answers["language"])
    table = None
    if table_name in written and (project_dir / table_name).is_file():
        table = comments.read_comment_table(project_dir / table_name, answers["project_slug"])
    old_kept = project_files(move.old_answers, written) if move and move.old_answers else set()
    dropped = sorted(set(written) - kept)
    removed = []
    for relative in dropped:
        path = project_dir / relative
        if move and relative not in old_kept:
            move.put_back(relative)  # Not the template's file at either stage: as it was.
        elif path.is_file() or path.is_symlink():
            path.unlink()
            if move and relative in move.existing:
                removed.append(relative)
    folders_before = move.folders if move else set()
    existing_before = move.existing if move else set()
    stage_move.remove_empty_folders(project_dir, dropped, folders_before, existing_before)
    for relative in sorted(kept):
        path = project_dir / relative
        if path.suffix in stages.MARKED_SUFFIXES:
            text = path.read_bytes().decode("utf-8")
            if stages.has_markers(text, relative):
                path.write_bytes(stages.cut(text, answers["tutorial_stage"], relative).encode("utf-8"))
        if table and comments.is_commented(relative):
            comments.translate_comments(path, *table)
    return kept, removed


def post_gen(answers, project_dir):
    """Shape the project; then, for a new one, write .env and commit; for a bake-over, report."""
    from . import project  # Here, not at the top: the pre-generation hook never needs it.

    speak_safely()
    project_dir = Path(project_dir).resolve()
    written = template_files(answers["project_slug"])
    move = stage_move.StageMove.load(project_dir)
    try:
        kept, removed = shape_project(project_dir, answers, written, move)
    except Exception:
        if move:
            move.roll_back(written)
            print(say("rolled_back", language_of(answers)), file=sys.stderr)
        raise
    if not (project_dir / ".env").exists():
        project.write_env_file(project_dir)
    if move:
        lines = stage_move.report(move, kept, removed, language_of(answers))
        move.finish()
    else:
        committed = project.init_git_repository(project_dir, answers)
        lines = project.next_steps(project_dir, answers, committed)
    print("\n".join(lines))
    return 0
