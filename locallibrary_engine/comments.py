"""Code comments in the project's language.

The project template holds, for each language but English, a table of comment lines:
English lines -> their translation. ``translate_comments`` puts the translation in
place of every comment, docstring and template comment it knows, keeping the
indentation; the table itself never ships. A line the table does not know stays
English, and the template's tests (tests/test_language.py) list it. Lines read by a
tool rather than a person (a shebang, an encoding declaration) are never changed.
"""

import ast
import io
import json
import re
import tokenize

# The tables are copied, not rendered by Jinja (`_copy_without_render`): a comment that
# names the project's package holds this placeholder, which read_comment_table fills in.
SLUG_PLACEHOLDER = "{{ cookiecutter.project_slug }}"
# Files whose comments start with "#" (besides Python's); Django templates and CSS
# have one-line comments of their own. requirements*.txt are left alone: uv writes
# their comments.
HASH_COMMENT_NAMES = (".env.example", "Procfile", "Dockerfile", ".dockerignore", ".gitignore")
HASH_COMMENT_SUFFIXES = (".yaml", ".yml", ".toml", ".in")
HASH_COMMENT_LINE = re.compile(r"^(?P<indent>[ \t]*)#(?P<text>.*)$")
HASH_INLINE_COMMENT = re.compile(r"^(?P<code>.*?\S[ \t]+)#(?P<text> .*)$")
TEMPLATE_COMMENT = re.compile(r"[{]#(?P<text> .*? )#[}]")
CSS_COMMENT = re.compile(r"/\*(?P<text> .*? )\*/")
CSS_BLOCK_LINE = re.compile(r"^(?P<indent>[ \t]*\*)(?P<text>(?: .*)?)$")
# Comment lines that a tool reads: the shebang (first line) and a PEP 263 encoding
# declaration (first or second line). They stay exactly as they are.
SHEBANG = re.compile(r"^#!")
ENCODING_DECLARATION = re.compile(r"^[ \t\f]*#.*?coding[:=][ \t]*[-\w.]+")


def is_tool_line(row, line):
    """Is line `row` (0-based) a shebang or an encoding declaration?"""
    return (row == 0 and bool(SHEBANG.match(line))) or (row <= 1 and bool(ENCODING_DECLARATION.match(line)))


def read_comment_table(path, project_slug):
    """{tuple of English lines: list of translated lines}, and the longest English block."""
    table = {}
    text = path.read_text(encoding="utf-8").replace(SLUG_PLACEHOLDER, project_slug)
    for entry in json.loads(text)["entries"]:
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
        if is_tool_line(row, lines[row]):
            close_run()
            continue
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
        full = None if is_tool_line(row, line) else HASH_COMMENT_LINE.match(line)
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


def is_commented(relative):
    """Does translate_comments() handle the file at `relative` (a "/" path)?"""
    name = relative.rsplit("/", 1)[-1]
    return name.endswith((".py", ".html", ".css", *HASH_COMMENT_SUFFIXES)) or name in HASH_COMMENT_NAMES
