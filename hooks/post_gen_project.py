"""Finish the generated project: write ``.env``, make the first git commit, say what next.

The secret key is written only to ``.env``, which ``.gitignore`` keeps out of git, so
no rendered file and no commit ever holds it. This hook is plain Python with no
third-party imports, so it runs on Windows and without a network.
"""

import fnmatch
import os
import re
import secrets
import shutil
import string
import subprocess
import sys
from pathlib import Path

PROJECT_SLUG = {{ cookiecutter.project_slug | tojson }}
AUTHOR_NAME = {{ cookiecutter.author_name | tojson }}
EMAIL = {{ cookiecutter.email | tojson }}
DEPLOY_TARGET = {{ cookiecutter.deploy_target | tojson }}
TUTORIAL_STAGE = {{ cookiecutter.tutorial_stage | tojson }}
LANGUAGE = {{ cookiecutter.language | tojson }}

# The MDN tutorial's parts, in order; a project at one stage holds what the parts up
# to it have built. Deployment (part 11) is in every stage: settings, Procfile,
# runtime file and pinned requirements are there from the skeleton on.
STAGES = (
{%- for stage in cookiecutter._tutorial_stages %}
    {{ stage | tojson }},
{%- endfor %}
)

# Files that appear at a later stage than the skeleton: (glob, first stage, last stage).
# The first glob that matches a file decides; a file outside its range is removed.
# Inside a file, lines between a marker comment "stage: NAME" (or "until: NAME") and
# "endstage" are kept only from stage NAME on (or only before it); see keep_stage_blocks().
STAGE_FILES = (
    ("catalog/migrations/0001_initial.py", "models", None),
    ("catalog/migrations/000[23]_*.py", "authentication", None),
    ("catalog/static/*", "home-page", None),
    ("catalog/templates/catalog/base_generic.html", "home-page", None),
    ("catalog/templates/catalog/index.html", "home-page", None),
    ("templates/404.html", "home-page", None),
    ("templates/500.html", "home-page", None),
    ("catalog/templates/catalog/*_list.html", "generic-views", None),
    ("catalog/templates/catalog/*_detail.html", "generic-views", None),
    ("catalog/templates/catalog/includes/more.html", "generic-views", None),
    ("catalog/templates/catalog/includes/related_books.html", "generic-views", None),
    ("catalog/templates/catalog/bookinstance_list_borrowed_*.html", "authentication", None),
    ("templates/registration/*", "authentication", None),
    ("templates/403.html", "authentication", None),
    ("catalog/forms.py", "forms", None),
    ("catalog/templates/catalog/*_form.html", "forms", None),
    ("catalog/templates/catalog/*_confirm_delete.html", "forms", None),
    ("catalog/templates/catalog/book_renew_librarian.html", "forms", None),
    ("catalog/templates/catalog/includes/confirm_delete.html", "forms", None),
    ("catalog/templates/catalog/includes/model_form.html", "forms", None),
    ("catalog/templates/catalog/includes/object_actions.html", "forms", None),
    ("catalog/tests/__init__.py", "skeleton", None),
    ("catalog/tests/test_smoke.py", "skeleton", "forms"),
    ("catalog/tests/test_commands.py", "complete", None),
    ("catalog/tests/*.py", "testing", None),
    ("catalog/management/*", "complete", None),
)
STAGE_MARKER = re.compile(r"^\s*(?:#|[{]#)\s*(stage|until):\s*([a-z-]+)\s*(?:#\})?\s*$")
END_MARKER = re.compile(r"^\s*(?:#|[{]#)\s*endstage\s*(?:#\})?\s*$")
STAGE_MARKED_SUFFIXES = (".py", ".html", ".txt", ".toml")

# The files each host reads, by deploy_target. The files of the hosts not chosen are
# removed before the first commit ("all" keeps them all). gunicorn.conf.py and
# .python-version stay in every project: several hosts, CI and local tools read them.
DEPLOY_TARGET_FILES = {
    "heroku": ("Procfile", "app.json"),
    "render": ("render.yaml",),
    "railway": ("railpack.json",),
    "fly": ("fly.toml", "Dockerfile", ".dockerignore"),
    "pythonanywhere": ("pythonanywhere_wsgi.py",),
    "digitalocean": (".do/app.yaml",),
    "docker": ("Dockerfile", ".dockerignore", "compose.yaml"),
}

# Used only when the user has no git identity; passed per command, never written to
# the user's git config.
FALLBACK_NAME = "LocalLibrary template"
FALLBACK_EMAIL = "cookiecutter@localhost"

# The same alphabet as django.core.management.utils.get_random_secret_key, minus
# characters that need quoting in a .env file or a shell.
SECRET_KEY_CHARS = string.ascii_lowercase + string.digits + "!@%^&*(-_=+)"
SECRET_KEY_LENGTH = 64


def make_secret_key():
    return "".join(secrets.choice(SECRET_KEY_CHARS) for _ in range(SECRET_KEY_LENGTH))


def remove_other_hosts_files(project_dir, target):
    """Delete the deployment files that only the hosts not chosen would read."""
    chosen = DEPLOY_TARGET_FILES if target == "all" else {target: DEPLOY_TARGET_FILES[target]}
    keep = {name for names in chosen.values() for name in names}
    every = {name for names in DEPLOY_TARGET_FILES.values() for name in names}
    for name in sorted(every - keep):
        path = project_dir.joinpath(*name.split("/"))  # "/" in the table; any OS here
        path.unlink(missing_ok=True)
        if path.parent != project_dir and path.parent.is_dir() and not any(path.parent.iterdir()):
            path.parent.rmdir()


def stage_index(name):
    return STAGES.index(name)


def in_stage_range(first, last, stage):
    """True when `stage` is at or after `first` and, if `last` is set, at or before it."""
    return stage_index(first) <= stage_index(stage) and (last is None or stage_index(stage) <= stage_index(last))


def keep_stage_blocks(text, stage):
    """Drop the marked blocks that belong to a later (or, for "until", an earlier) stage.

    Marker lines themselves are always removed, so a complete project has none.
    """
    kept = []
    open_blocks = []  # One flag per open block: are its lines kept?
    for line in text.splitlines(keepends=True):
        start = STAGE_MARKER.match(line)
        if start:
            kind, name = start.groups()
            reached = stage_index(stage) >= stage_index(name)
            open_blocks.append(reached if kind == "stage" else not reached)
        elif END_MARKER.match(line):
            open_blocks.pop()
        elif all(open_blocks):
            kept.append(line)
    if open_blocks:
        raise ValueError("a stage block has no endstage line")
    # A file cut short after its docstring keeps one newline at the end, as ruff wants.
    return "".join(kept).rstrip() + "\n"


# Folders that hold no file of the template, when a project is baked over a student's
# repository (virtual environments are found by their pyvenv.cfg).
NOT_TEMPLATE_FOLDERS = {".git", "__pycache__", "locale", "media", "node_modules", "staticfiles"}


def project_folders(project_dir):
    """Walk the project's own folders, parents first, leaving out the ones above and virtualenvs."""
    for folder, subfolders, files in os.walk(project_dir):
        subfolders[:] = sorted(
            name
            for name in subfolders
            if name not in NOT_TEMPLATE_FOLDERS and not os.path.exists(os.path.join(folder, name, "pyvenv.cfg"))
        )
        yield Path(folder), sorted(files)


def project_files(project_dir):
    for folder, files in project_folders(project_dir):
        for name in files:
            yield folder / name


def apply_tutorial_stage(project_dir, stage):
    """Leave only the files and lines the tutorial has built by the end of `stage`."""
    for path in list(project_files(project_dir)):
        relative = path.relative_to(project_dir).as_posix()
        stages = next((rule[1:] for rule in STAGE_FILES if fnmatch.fnmatchcase(relative, rule[0])), None)
        if stages and not in_stage_range(*stages, stage):
            path.unlink()
        elif path.suffix in STAGE_MARKED_SUFFIXES:
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue  # Not one of the template's files.
            if any(STAGE_MARKER.match(line) for line in text.splitlines()):
                path.write_text(keep_stage_blocks(text, stage), encoding="utf-8", newline="")
    # Folders the removals emptied (templates/registration, management/commands...), deepest first.
    for folder, _ in reversed(list(project_folders(project_dir))):
        if folder != project_dir and not any(folder.iterdir()):
            folder.rmdir()


# Code comments in the project's language. The project template holds, for each
# language but English, a table of comment lines: English lines -> their translation.
# apply_language() puts the translation in place of every comment, docstring and
# template comment it knows, keeping the indentation, then deletes the tables, so no
# project ships them. A line the table does not know stays English, and the
# template's tests (tests/test_language.py) list it.
COMMENT_TABLES = {"zh-hans": ".comments.zh-hans.json"}
# Files whose comments start with "#" (besides Python's); Django templates and CSS
# have one-line comments of their own. requirements*.txt are left alone: uv writes
# their comments. (No brace before a hash in this file: Jinja renders it first.)
HASH_COMMENT_NAMES = (".env.example", "Procfile", "Dockerfile", ".dockerignore", ".gitignore")
HASH_COMMENT_SUFFIXES = (".yaml", ".yml", ".toml", ".in")
HASH_COMMENT_LINE = re.compile(r"^(?P<indent>[ \t]*)#(?P<text>.*)$")
HASH_INLINE_COMMENT = re.compile(r"^(?P<code>.*?\S[ \t]+)#(?P<text> .*)$")
TEMPLATE_COMMENT = re.compile(r"[{]#(?P<text> .*? )#[}]")
CSS_COMMENT = re.compile(r"/\*(?P<text> .*? )\*/")
CSS_BLOCK_LINE = re.compile(r"^(?P<indent>[ \t]*\*)(?P<text>(?: .*)?)$")


def read_comment_table(path):
    """{tuple of English lines: list of translated lines}, and the longest English block."""
    import json  # Imported where used: only a translated project needs it.

    table = {}
    for entry in json.loads(path.read_text(encoding="utf-8"))["entries"]:
        table[tuple(entry["en"])] = entry["zh"]
    return table, max((len(key) for key in table), default=0)


def translate_lines(texts, table, longest):
    """Translate a run of comment lines, taking the longest known block at each line."""
    translated, index = [], 0
    while index < len(texts):
        for size in range(min(longest, len(texts) - index), 0, -1):
            block = tuple(texts[index : index + size])
            if block in table:
                translated.extend(table[block])
                index += size
                break
        else:
            translated.append(texts[index])
            index += 1
    return translated


def comment_text(raw):
    """The words of a comment, without the one space that follows its marker."""
    return raw[1:] if raw.startswith(" ") else raw


def hash_comment(prefix, text):
    return f"{prefix}# {text}" if text else f"{prefix}#"


def python_comment_edits(lines, table, longest):
    """(first line, last line, new lines) for the comments and docstrings of Python source."""
    import ast  # As json above.
    import io
    import tokenize

    source = "\n".join(lines) + "\n"
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
        tree = ast.parse(source)
    except (SyntaxError, tokenize.TokenError):
        return []  # Not Python: a student's own file (baked over), left as it is.
    edits, run = [], []  # run: the full-line comments being collected, as (row, column, text).

    def close_run():
        if run:
            indent = lines[run[0][0]][: run[0][1]]
            new = translate_lines([text for _, _, text in run], table, longest)
            edits.append((run[0][0], run[-1][0], [hash_comment(indent, text) for text in new]))
            run.clear()

    for token in tokens:
        if token.type != tokenize.COMMENT:
            continue
        row, column = token.start[0] - 1, token.start[1]
        text = comment_text(token.string[1:])
        if lines[row][:column].strip():  # After code on the same line.
            new = table.get((text,), [text])
            if len(new) == 1:
                edits.append((row, row, [hash_comment(lines[row][:column], new[0])]))
            continue
        if run and (run[-1][0] != row - 1 or run[-1][1] != column):
            close_run()
        run.append((row, column, text))
    close_run()

    for node in ast.walk(tree):
        if not isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) or not node.body:
            continue
        docstring = node.body[0]
        if not (isinstance(docstring, ast.Expr) and isinstance(docstring.value, ast.Constant)):
            continue
        if not isinstance(docstring.value.value, str):
            continue
        first, last = docstring.lineno - 1, docstring.end_lineno - 1
        match = re.match(r'^(\s*)("""|\'\'\')(.*)\2\s*$', "\n".join(lines[first : last + 1]), re.DOTALL)
        if not match:  # Not a triple-quoted string alone on its lines.
            continue
        indent, quotes, body = match.groups()
        texts = [line[len(indent) :] if line.startswith(indent) else line.strip() for line in body.split("\n")]
        new = translate_lines(texts, table, longest)
        new_lines = [indent + quotes + new[0]] + [indent + text if text else "" for text in new[1:]]
        if len(new) > 1 and not new[-1]:  # The closing quotes on a line of their own.
            new_lines[-1] = indent
        new_lines[-1] += quotes
        edits.append((first, last, new_lines))
    return edits


def hash_comment_edits(lines, table, longest):
    """(first line, last line, new lines) for the "#" comments of a configuration file."""
    edits, run = [], []

    def close_run():
        if run:
            new = translate_lines([text for _, text in run], table, longest)
            indent = HASH_COMMENT_LINE.match(lines[run[0][0]]).group("indent")
            edits.append((run[0][0], run[-1][0], [hash_comment(indent, text) for text in new]))
            run.clear()

    for row, line in enumerate(lines):
        full = HASH_COMMENT_LINE.match(line)
        if full and run and HASH_COMMENT_LINE.match(lines[run[-1][0]]).group("indent") != full.group("indent"):
            close_run()
        if full:
            run.append((row, comment_text(full.group("text"))))
            continue
        close_run()
        inline = HASH_INLINE_COMMENT.match(line)
        new = table.get((comment_text(inline.group("text")),), []) if inline else []
        if len(new) == 1:
            edits.append((row, row, [hash_comment(inline.group("code"), new[0])]))
    close_run()
    return edits


def inline_comment_edits(lines, pattern, table):
    """(line, line, new line) for one-line comments of Django templates or CSS (/* ... */)."""
    edits = []
    for row, line in enumerate(lines):

        def translate(match):
            text = match.group("text")
            new = table.get((text.strip(),))
            return match.group().replace(text, f" {new[0]} ") if new and len(new) == 1 else match.group()

        new_line = pattern.sub(translate, line)
        if new_line != line:
            edits.append((row, row, [new_line]))
    return edits


def css_block_edits(lines, table, longest):
    """(first line, last line, new lines) for the " * " lines of CSS comments that open with a lone "/*"."""
    edits, run, in_block = [], [], False
    for row, line in enumerate([*lines, ""]):
        match = CSS_BLOCK_LINE.match(line) if in_block else None
        in_block = line.strip() == "/*" or bool(match)
        if match:
            run.append((row, match.group("indent"), comment_text(match.group("text"))))
            continue
        if run:
            new = translate_lines([text for _, _, text in run], table, longest)
            indent = run[0][1]
            edits.append((run[0][0], run[-1][0], [f"{indent} {text}" if text else indent for text in new]))
            run = []
    return edits


def translate_comments(path, table, longest):
    """Put the table's translations in place of the comments of one file."""
    try:
        raw = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return  # Not text: a student's own file (baked over), left as it is.
    newline = "\r\n" if "\r\n" in raw else "\n"  # Kept as the file has it (git on Windows).
    lines = raw.split(newline)
    if path.suffix == ".py":
        edits = python_comment_edits(lines, table, longest)
    elif path.suffix == ".html":
        edits = inline_comment_edits(lines, TEMPLATE_COMMENT, table)
    elif path.suffix == ".css":
        edits = inline_comment_edits(lines, CSS_COMMENT, table) + css_block_edits(lines, table, longest)
    else:
        edits = hash_comment_edits(lines, table, longest)
    for first, last, new_lines in sorted(edits, reverse=True):  # From the end: earlier rows keep their place.
        lines[first : last + 1] = new_lines
    new_raw = newline.join(lines)
    if new_raw != raw:
        path.write_bytes(new_raw.encode("utf-8"))


def commented_files(project_dir):
    """The files whose comments apply_language() translates."""
    for path in project_files(project_dir):
        if path.suffix in (".py", ".html", ".css", *HASH_COMMENT_SUFFIXES) or path.name in HASH_COMMENT_NAMES:
            yield path


def apply_language(project_dir, language):
    """Write the code comments in the project's language (zh-hans); see the language option."""
    tables = {name: project_dir / file_name for name, file_name in COMMENT_TABLES.items()}
    table_path = tables.get(language)
    if table_path is not None and table_path.is_file():
        table, longest = read_comment_table(table_path)
        for path in commented_files(project_dir):
            translate_comments(path, table, longest)
    for path in tables.values():
        path.unlink(missing_ok=True)


def write_env_file(project_dir):
    """Write the local development settings read by settings.py (via python-dotenv)."""
    env_example = (project_dir / ".env.example").read_text(encoding="utf-8")
    lines = []
    for line in env_example.splitlines():
        if line.startswith("DJANGO_SECRET_KEY="):
            line = f"DJANGO_SECRET_KEY={make_secret_key()}"
        elif line.startswith("DJANGO_DEBUG="):
            line = "DJANGO_DEBUG=True"
        lines.append(line)
    (project_dir / ".env").write_text("\n".join(lines) + "\n", encoding="utf-8")


def git(*args, project_dir, env=None):
    return subprocess.run(
        ["git", *args],
        cwd=project_dir,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )


def git_identity_env(project_dir):
    """Return an environment that fills in whatever git identity the user lacks.

    The user's own identity wins; the template's answers, then a fallback, fill the
    gaps through environment variables, so the user's git config is never written.
    """
    env = dict(os.environ)
    fallbacks = (
        ("user.name", "NAME", AUTHOR_NAME.strip() or FALLBACK_NAME),
        ("user.email", "EMAIL", EMAIL.strip() or FALLBACK_EMAIL),
    )
    for key, suffix, value in fallbacks:
        configured = subprocess.run(
            ["git", "config", "--get", key], cwd=project_dir, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        if configured.returncode != 0:
            env.setdefault(f"GIT_AUTHOR_{suffix}", value)
            env.setdefault(f"GIT_COMMITTER_{suffix}", value)
    return env


def init_git_repository(project_dir):
    if shutil.which("git") is None:
        print("WARNING: git was not found, so no repository was created. The project is complete;")
        print("         install git, then run: git init -b main && git add -A && git commit -m 'Initial commit'")
        return False
    try:
        git("init", "--quiet", "--initial-branch=main", project_dir=project_dir)
        git("add", "--all", project_dir=project_dir)
        git(
            "-c",
            "commit.gpgsign=false",
            "commit",
            "--quiet",
            "--no-verify",
            "-m",
            "Initial commit from cookiecutter-locallibrary",
            project_dir=project_dir,
            env=git_identity_env(project_dir),
        )
    except subprocess.CalledProcessError as error:
        print(f"WARNING: git failed ({error.stderr.strip()}); the project is complete but not committed.")
        return False
    return True


def print_next_steps(project_dir, committed):
    python = "py" if os.name == "nt" else "python3"
    activate = r".venv\Scripts\activate" if os.name == "nt" else "source .venv/bin/activate"
    print()
    print(f"Your LocalLibrary project is ready in {project_dir}")
    if committed:
        print("A git repository was created on branch 'main' with one commit (.env is not in it).")
    print("Next steps:")
    print(f"  cd {project_dir.name}")
    print(f"  {python} -m venv .venv && {activate}")
    print("  pip install -r requirements-dev.txt")
    print("  python manage.py migrate && python manage.py runserver")
    guide = "each host" if DEPLOY_TARGET == "all" else DEPLOY_TARGET
    print(f"Then open http://127.0.0.1:8000/ ; README.md explains how to deploy ({guide}).")
    # Only cruft puts the template's commit in the answers; it writes .cruft.json after
    # this hook, and `cruft update` refuses to run while that file is not committed.
    template_commit = {{ cookiecutter._commit | default("") | tojson }}
    if template_commit:
        print("cruft records the template version in .cruft.json; commit it with your project:")
        print("  git add .cruft.json && git commit -m 'Record the template version'")


def print_baked_over(project_dir):
    print()
    print(f"The template was baked over your repository in {project_dir}")
    print(f"(tutorial stage: {TUTORIAL_STAGE}). Your .env and your commits were kept; nothing was committed.")
    print("Next steps: review the changes with `git status` and `git diff`, then run")
    print("  pip install -r requirements-dev.txt && python manage.py migrate && python manage.py test")
    print("and commit when you are happy with the result.")


def main():
    project_dir = Path.cwd()
    # Baking over an existing repository (--overwrite-if-exists), as a student does to
    # move to the next tutorial stage: keep their secret key and let them review the
    # changes in git instead of committing for them.
    baked_over = (project_dir / ".git").exists()
    remove_other_hosts_files(project_dir, DEPLOY_TARGET)
    apply_tutorial_stage(project_dir, TUTORIAL_STAGE)
    apply_language(project_dir, LANGUAGE)
    if not (project_dir / ".env").exists():
        write_env_file(project_dir)
    if baked_over:
        print_baked_over(project_dir)
        return
    committed = init_git_repository(project_dir)
    print_next_steps(project_dir, committed)


if __name__ == "__main__":
    sys.exit(main())
