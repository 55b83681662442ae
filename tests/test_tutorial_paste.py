"""A student can follow MDN's tutorial on top of every stage (issue 9, point 2).

`tests/tutorial/` holds, for each tutorial part from 3 (models) to 10 (testing), the
files that part has the student write, written for these tests in the tutorial's shape:
its file paths, class, function, template, block and context names, its way of
extending "base_generic.html". For every stage from `skeleton` to `forms`, the project
is baked at that stage (in English; `admin`, `sessions` and `authentication` also in
Chinese), the *next* part's files are written into it as a student following the
tutorial writes them, and then:

- the files land: every file the part edits is where the tutorial says it is, and has
  the names `startapp` and part 2 gave the student's copy of it;
- `manage.py check` passes, and `makemigrations --check` finds no model change left
  once the student has run `makemigrations` (parts 3, 4 and 8 change models.py);
- the pages the part adds render with Django's test client (tests/tutorial_pages.py),
  for a visitor, a user without permissions, a librarian or a superuser as the page
  needs: the expected status or redirect, the tutorial's template names, the texts of
  the pasted page;
- the project's own test suite still passes (`manage.py test`), and after part 10 the
  tutorial-shaped tests themselves pass.

(`testing` is followed by part 11, deployment, which writes no page or view: the project
has its deployment files from the skeleton on. The part-10 step runs in English only: the
tutorial's tests compare English messages.)

A `complete` project then gets each tutorial page template, and the tutorial's final
`views.py`, `urls.py`, `forms.py` and `admin.py`, dropped in one at a time: every
tutorial page must still render.

How a part's files are written (the suffix of the data file says which):

- `name.ext`, or `name.py.txt` for Python: a file the part has the student create (a
  template, `forms.py`, a test module), or that it shows whole: written, replacing any
  file of the project at that path.
- `name.py.merge.txt`: code the part has the student add to a module they already have
  (`views.py`, `urls.py`, `models.py`, `admin.py`). It holds only what the tutorial
  shows in that part, with the imports the part tells the student to add. It is merged
  as a student edits the file: a missing import goes after the module's imports; a
  function replaces the one of the same name (part 7 rewrites `index`) or is added at
  the end; a class with the name of an existing class adds its members to it (part 4's
  `Book.display_genre`, part 8's `BookInstance.borrower` and `Meta.permissions`,
  replacing a member of the same name); the entries of `urlpatterns = [...]` are added
  to the module's list. Imports that the file had before the part, from `startapp` or
  part 2 (`render` in views.py, `models` in models.py, `admin` in admin.py, `path` and
  `views` in catalog/urls.py), are not repeated: a student's file already has them, so
  the stage's file must have them too.
- `name.py.append.txt`: lines the tutorial says to add at the bottom of a file
  (`urlpatterns += [...]` in the project's urls.py, `LOGIN_REDIRECT_URL` and
  `EMAIL_BACKEND` in settings.py): appended.
- `name.html.add-to-content.txt`: lines the part adds to a page the student already has
  (part 7's visit count in index.html): inserted at the end of its content block.

Not replayed: the tutorial's edits to the sidebar and pagination of
`base_generic.html` in parts 6 to 9 (new links, the login/logout form). From part 6 on,
pages extend the stage's own `base_generic.html`, so these tests show that the new
pages render with the base template the project already has; the tutorial's final base
template is checked on its own in the complete project.

`part02-skeleton/` holds the files of the tutorial's part 2 (what `startapp` writes and
the empty catalog/urls.py), and `complete/` the final base template and the tutorial's
challenge views and URLs (genres, languages, copies, create/update/delete for every
model). Folding parts 2 to 10 and `complete/` in order gives the tutorial's final files,
the ones dropped into the complete project.
"""

import ast
import json
import re
import shutil

import pytest

from support import REPO_ROOT
from support.baking import TUTORIAL_STAGES, bake

pytestmark = pytest.mark.slow

TUTORIAL = REPO_ROOT / "tests" / "tutorial"
PAGES_SCRIPT = REPO_ROOT / "tests" / "tutorial_pages.py"
RESULT_PREFIX = "TUTORIAL_PAGES_JSON:"
PAGES_DATABASE = "pages.sqlite3"  # render_pages' SQLite file, in the test's tmp_path.
# The folder of each part's files, by the stage that ends with that part.
PART_FOLDERS = {path.name.split("-", 1)[1]: path for path in sorted(TUTORIAL.glob("part*-*"))}
# Every stage before complete gets the next part; the part after `testing` (11, deployment)
# adds no page or view, and the project has its deployment files from the skeleton on.
STEPS = TUTORIAL_STAGES[:-2]
NEXT = dict(zip(TUTORIAL_STAGES, TUTORIAL_STAGES[1:], strict=False))
# Stages whose next part is also pasted into a Chinese project.
CHINESE_STEPS = ("admin", "sessions", "authentication")
# The password of the users tutorial_pages.py makes.
PASSWORD = "Tutorial-paste-9f3k"
LOGIN = "/accounts/login/"


def step_params(stages, chinese=CHINESE_STEPS):
    """(stage, language) pairs, each run on one xdist worker, so that it is baked once."""
    pairs = [(stage, "en") for stage in stages] + [(stage, "zh-hans") for stage in stages if stage in chinese]
    return [
        pytest.param(stage, language, id=f"{stage}+{NEXT[stage]}-{language}", marks=pytest.mark.xdist_group(stage))
        for stage, language in pairs
    ]


# --------------------------------------------------------------------------
# The tutorial's pages, by the part (the stage it ends) that adds them
# --------------------------------------------------------------------------


def page(label, url, client="visitor", method="get", data=None, status=200, location=None, **expected):
    """A request and what its answer must be.

    templates: template names the page must render; texts and mail_texts: {data file: [texts]},
    checked only when that file was written (the pasted part's own files, or the file dropped in).
    """
    return {
        "label": label,
        "url": url,
        "client": client,
        "method": method,
        "data": data or {},
        "status": status,
        "location": location,
        "follow": expected.get("follow", False),
        "templates": expected.get("templates", []),
        "texts": expected.get("texts", {}),
        "mail_texts": expected.get("mail_texts", {}),
    }


ADMIN_PY = "catalog/admin.py"
BASE = "catalog/templates/base_generic.html"
INDEX = "catalog/templates/index.html"
FORMS_PY = "catalog/forms.py"


def catalog_template(name):
    return f"catalog/templates/catalog/{name}"


def registration(name):
    return f"templates/registration/{name}"


PAGES = {
    "admin": [
        page(
            "admin book list with display_genre",
            "/admin/catalog/book/",
            "admin",
            templates=["admin/change_list.html"],
            texts={ADMIN_PY: ["A Wizard of Earthsea", "Fantasy"]},
        ),
        page("admin author list", "/admin/catalog/author/", "admin", texts={ADMIN_PY: ["Le Guin"]}),
        page(
            "admin author page with the books inline",
            "/admin/catalog/author/{author}/change/",
            "admin",
            templates=["admin/change_form.html"],
            texts={ADMIN_PY: ['value="A Wizard of Earthsea"']},
        ),
        page("admin book page", "/admin/catalog/book/{book}/change/", "admin", texts={ADMIN_PY: ["Parnassus, 1968"]}),
        page("admin copy list", "/admin/catalog/bookinstance/", "admin", texts={ADMIN_PY: ["A Wizard of Earthsea"]}),
        page(
            "admin copy page with its Availability fieldset",
            "/admin/catalog/bookinstance/{loaned_copy}/change/",
            "admin",
            texts={ADMIN_PY: ["Availability"]},
        ),
        page("admin genre list", "/admin/catalog/genre/", "admin", texts={ADMIN_PY: ["Fantasy"]}),
        page("admin language list", "/admin/catalog/language/", "admin", texts={ADMIN_PY: ["English"]}),
    ],
    "home-page": [
        page(
            "home page",
            "/catalog/",
            templates=["index.html", "base_generic.html"],
            texts={
                INDEX: [
                    "<strong>Books:</strong> 1",
                    "<strong>Copies:</strong> 2",
                    "<strong>Copies available:</strong> 1",
                    "<strong>Authors:</strong> 2",
                ],
                BASE: ['<div class="col-sm-10">', "css/styles.css"],
            },
        ),
    ],
    "generic-views": [
        page(
            "book list",
            "/catalog/books/",
            templates=["catalog/book_list.html", "base_generic.html"],
            texts={catalog_template("book_list.html"): ['<a href="/catalog/book/{book}">A Wizard of Earthsea</a>']},
        ),
        page(
            "book detail",
            "/catalog/book/{book}",
            templates=["catalog/book_detail.html", "base_generic.html"],
            texts={
                catalog_template("book_detail.html"): [
                    "Title: A Wizard of Earthsea",
                    '<a href="/catalog/author/{author}">Le Guin, Ursula</a>',
                    "<strong>ISBN:</strong> 9780547773742",
                    "<strong>Genre:</strong> Fantasy",
                    "<strong>Imprint:</strong> Parnassus, 1968",
                ],
                # The tutorial's BookDetailView passes no capped list: the page lists every copy.
                "catalog/views.py": ["<strong>Imprint:</strong> Parnassus, 1968"],
            },
        ),
        page("unknown book", "/catalog/book/999999", status=404),
        page(
            "author list",
            "/catalog/authors/",
            templates=["catalog/author_list.html", "base_generic.html"],
            texts={catalog_template("author_list.html"): ['<a href="/catalog/author/{author}">Le Guin, Ursula</a>']},
        ),
        page(
            "author detail",
            "/catalog/author/{author}",
            templates=["catalog/author_detail.html", "base_generic.html"],
            texts={
                catalog_template("author_detail.html"): [
                    "Author: Le Guin, Ursula",
                    '<a href="/catalog/book/{book}">A Wizard of Earthsea</a>',
                ],
                "catalog/views.py": ['<a href="/catalog/book/{book}">A Wizard of Earthsea</a>'],
            },
        ),
    ],
    "sessions": [
        page(
            "home page, first visit",
            "/catalog/",
            "visitor:sessions",
            templates=["index.html"],
            texts={INDEX: ["You have been to this page 1 time."]},
        ),
        page(
            "home page, second visit",
            "/catalog/",
            "visitor:sessions",
            templates=["index.html"],
            texts={INDEX: ["You have been to this page 2 times."]},
        ),
    ],
    "authentication": [
        page(
            "login page",
            LOGIN,
            templates=["registration/login.html", "base_generic.html"],
            texts={registration("login.html"): ['name="username"', "Forgotten your password?"]},
        ),
        page(
            "login page sent to by a protected page",
            f"{LOGIN}?next=/catalog/mybooks/",
            templates=["registration/login.html"],
            texts={registration("login.html"): ["Log in to see this page.", 'value="/catalog/mybooks/"']},
        ),
        page(
            "login redirects to LOGIN_REDIRECT_URL",
            LOGIN,
            "newcomer",
            "post",
            {"username": "reader", "password": PASSWORD},
            status=302,
            location="/",
        ),
        page(
            "my borrowed books, anonymous", "/catalog/mybooks/", status=302, location=f"{LOGIN}?next=/catalog/mybooks/"
        ),
        page(
            "my borrowed books",
            "/catalog/mybooks/",
            "librarian",
            templates=["catalog/bookinstance_list_borrowed_user.html", "base_generic.html"],
            texts={
                catalog_template("bookinstance_list_borrowed_user.html"): [
                    "Books you have borrowed",
                    '<a href="/catalog/book/{book}">A Wizard of Earthsea</a>',
                ]
            },
        ),
        page(
            "all borrowed books, librarian",
            "/catalog/borrowed/",
            "librarian",
            templates=["catalog/bookinstance_list_borrowed_all.html", "base_generic.html"],
            texts={catalog_template("bookinstance_list_borrowed_all.html"): ["borrowed by librarian"]},
        ),
        page("all borrowed books, without can_mark_returned", "/catalog/borrowed/", "reader", status=403),
        page(
            "password reset form",
            "/accounts/password_reset/",
            templates=["registration/password_reset_form.html", "base_generic.html"],
            texts={registration("password_reset_form.html"): ["Send me a reset link"]},
        ),
        page(
            "password reset sends the email",
            "/accounts/password_reset/",
            method="post",
            data={"email": "reader@example.com"},
            status=302,
            location="/accounts/password_reset/done/",
            templates=["registration/password_reset_email.html"],
            mail_texts={registration("password_reset_email.html"): ["/accounts/reset/{reset_uid}/"]},
        ),
        page(
            "password reset done",
            "/accounts/password_reset/done/",
            templates=["registration/password_reset_done.html", "base_generic.html"],
            texts={registration("password_reset_done.html"): ["is on its way"]},
        ),
        page(
            "password reset confirm, from the emailed link",
            "/accounts/reset/{reset_uid}/{reset_token}/",
            follow=True,
            templates=["registration/password_reset_confirm.html", "base_generic.html"],
            texts={registration("password_reset_confirm.html"): ["Type your new password twice."]},
        ),
        page(
            "password reset complete",
            "/accounts/reset/done/",
            templates=["registration/password_reset_complete.html", "base_generic.html"],
            texts={registration("password_reset_complete.html"): ["Your new password is set"]},
        ),
        page(
            "logout (a POST)",
            "/accounts/logout/",
            "reader:logout",
            "post",
            templates=["registration/logged_out.html", "base_generic.html"],
            texts={registration("logged_out.html"): ["You are logged out."]},
        ),
        page(
            "admin copy list shows the borrower",
            "/admin/catalog/bookinstance/",
            "admin",
            texts={ADMIN_PY: ["librarian"]},
        ),
    ],
    "forms": [
        page(
            "renewal form",
            "/catalog/book/{loaned_copy}/renew/",
            "librarian",
            templates=["catalog/book_renew_librarian.html", "base_generic.html"],
            texts={
                catalog_template("book_renew_librarian.html"): [
                    "Renew: A Wizard of Earthsea",
                    "Borrowed by: librarian",
                ],
                FORMS_PY: ['name="renewal_date"'],
            },
        ),
        page(
            "renewal form, anonymous",
            "/catalog/book/{loaned_copy}/renew/",
            status=302,
            location=LOGIN + "?next=/catalog/book/{loaned_copy}/renew/",
        ),
        page("renewal form, without can_mark_returned", "/catalog/book/{loaned_copy}/renew/", "reader", status=403),
        page(
            "renewal with a date in the past",
            "/catalog/book/{loaned_copy}/renew/",
            "librarian",
            "post",
            {"renewal_date": "{past_date}"},
            templates=["catalog/book_renew_librarian.html"],
            texts={FORMS_PY: ['class="errorlist']},
        ),
        page(
            "renewal",
            "/catalog/book/{loaned_copy}/renew/",
            "librarian",
            "post",
            {"renewal_date": "{renewal_date}"},
            status=302,
            location="/catalog/borrowed/",
        ),
        page(
            "author create form",
            "/catalog/author/create/",
            "librarian",
            templates=["catalog/author_form.html", "base_generic.html"],
            texts={catalog_template("author_form.html"): ['name="first_name"', 'value="Save author"']},
        ),
        page(
            "author create form, anonymous",
            "/catalog/author/create/",
            status=302,
            location=f"{LOGIN}?next=/catalog/author/create/",
        ),
        page("author create form, without add_author", "/catalog/author/create/", "reader", status=403),
        page(
            "author update form",
            "/catalog/author/{author}/update/",
            "librarian",
            templates=["catalog/author_form.html", "base_generic.html"],
            texts={catalog_template("author_form.html"): ['value="Le Guin"']},
        ),
        page(
            "author delete page, author with books",
            "/catalog/author/{author}/delete/",
            "librarian",
            templates=["catalog/author_confirm_delete.html", "base_generic.html"],
            texts={
                catalog_template("author_confirm_delete.html"): ["This author still has books", "A Wizard of Earthsea"]
            },
        ),
        page(
            "author delete page",
            "/catalog/author/{author_without_books}/delete/",
            "librarian",
            templates=["catalog/author_confirm_delete.html", "base_generic.html"],
            texts={
                catalog_template("author_confirm_delete.html"): [
                    "Delete author: Butler, Octavia",
                    "Do you really want to delete this author?",
                ]
            },
        ),
        page(
            "author delete",
            "/catalog/author/{author_without_books}/delete/",
            "librarian",
            "post",
            status=302,
            location="/catalog/authors/",
        ),
        page(
            "author create",
            "/catalog/author/create/",
            "librarian",
            "post",
            {"first_name": "Mary", "last_name": "Shelley"},
            status=302,
            location="/catalog/author/*",
        ),
    ],
}
ALL_PAGES = [entry for stage in TUTORIAL_STAGES for entry in PAGES.get(stage, [])]


# --------------------------------------------------------------------------
# Writing a part's files as a student does
# --------------------------------------------------------------------------


class PasteError(Exception):
    """A part's file cannot be written the way the tutorial says."""


OPERATIONS = (".merge.txt", ".append.txt", ".add-to-content.txt", ".txt")


def part_files(folder):
    """[(target path in the project, operation, data file)] of a part's folder."""
    files = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder).as_posix()
        suffix = next((s for s in OPERATIONS if relative.endswith(s)), "")
        operation = suffix.strip(".").removesuffix(".txt").removesuffix("txt") or "write"
        files.append((relative.removesuffix(suffix), operation, path))
    return files


def template_name(target):
    """The name Django finds a template file by (relative to its templates folder)."""
    return target.split("templates/", 1)[1] if "templates/" in target else None


def statement_span(node):
    """First and last line (1-based) of a statement, decorators included."""
    return min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])]), node.end_lineno


def statement_name(node):
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return node.name
    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
        return node.targets[0].id
    return None


def is_docstring(node):
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def merge_python(target, snippet, where="module"):
    """`target` with the snippet merged in, as described in this module's docstring."""
    try:
        snippet_tree = ast.parse(snippet)
    except SyntaxError as error:
        raise PasteError(f"the tutorial snippet for {where} is not valid Python: {error}") from error
    lines = snippet.splitlines()
    previous_end = 0
    for node in snippet_tree.body:
        start, end = statement_span(node)
        comments = [line for line in lines[previous_end : start - 1] if line.strip()]
        target = merge_statement(target, [], node, lines, comments, where)
        previous_end = end
    return target


def class_body(tree, path):
    """Body and node of the class at `path` (names of nested classes), or of the module."""
    body, owner = tree.body, None
    for name in path:
        owner = next(n for n in body if isinstance(n, ast.ClassDef) and n.name == name)
        body = owner.body
    return body, owner


def merge_statement(target, path, node, snippet_lines, comments, where):
    try:
        tree = ast.parse(target)
    except SyntaxError as error:
        raise PasteError(f"{where} is not valid Python: {error}") from error
    lines = target.splitlines()
    body, owner = class_body(tree, path)
    start, end = statement_span(node)
    source = snippet_lines[start - 1 : end]
    is_block = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)

    if isinstance(node, ast.Import | ast.ImportFrom) and not path:
        imports = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
        if ast.unparse(node) in {ast.unparse(n) for n in imports}:
            return target
        if imports:
            at, lead = imports[-1].end_lineno, []
        elif tree.body and is_docstring(tree.body[0]):
            at, lead = tree.body[0].end_lineno, [""]
        else:
            at, lead = 0, []
        lines[at:at] = lead + source
        return "\n".join(lines) + "\n"
    if path and is_docstring(node):
        return target  # The class keeps its own docstring.

    name = statement_name(node)
    match = next((n for n in body if type(n) is type(node) and name and statement_name(n) == name), None)
    if match is None:
        if owner is None:  # A new module-level statement goes at the end of the module.
            while lines and not lines[-1].strip():
                lines.pop()
            lines += ["", ""] if is_block or comments else [""]
            lines += comments + source
        else:  # A new member goes at the end of its class.
            at = owner.end_lineno
            lines[at:at] = ([""] if is_block else []) + comments + source
        return "\n".join(lines) + "\n"
    if isinstance(node, ast.ClassDef):
        previous_end = start
        for member in node.body:
            member_start, member_end = statement_span(member)
            member_comments = [line for line in snippet_lines[previous_end : member_start - 1] if line.strip()]
            target = merge_statement(target, [*path, node.name], member, snippet_lines, member_comments, where)
            previous_end = member_end
        return target
    if name == "urlpatterns" and isinstance(node.value, ast.List) and isinstance(match.value, ast.List):
        return extend_list(target, lines, match, node, snippet_lines)
    match_start, match_end = statement_span(match)
    lines[match_start - 1 : match_end] = source
    return "\n".join(lines) + "\n"


def extend_list(target, lines, match, node, snippet_lines):
    """Add the snippet list's entries (the lines between its brackets) to the end of the target's list."""
    new_entries = snippet_lines[node.value.lineno : node.value.end_lineno - 1]
    if not match.value.elts:
        start, end = statement_span(match)
        lines[start - 1 : end] = snippet_lines[node.lineno - 1 : node.end_lineno]
        return "\n".join(lines) + "\n"
    last = match.value.elts[-1]
    closing = match.value.end_lineno
    if lines[closing - 1].strip() != "]":
        # A list on one line: write it out one entry a line.
        entries = [f"    {ast.get_source_segment(target, element)}," for element in match.value.elts]
        start, end = statement_span(match)
        lines[start - 1 : end] = [f"{statement_name(match)} = [", *entries, *new_entries, "]"]
        return "\n".join(lines) + "\n"
    last_line = lines[last.end_lineno - 1].encode()
    if not last_line[last.end_col_offset :].lstrip().startswith(b","):
        comma_added = last_line[: last.end_col_offset] + b"," + last_line[last.end_col_offset :]
        lines[last.end_lineno - 1] = comma_added.decode()
    lines[closing - 1 : closing - 1] = new_entries
    return "\n".join(lines) + "\n"


CONTENT_BLOCK = re.compile(r"{%\s*block\s+content\s*%}")
END_BLOCK = re.compile(r"{%\s*endblock(\s+content)?\s*%}")


def add_to_content_block(target, snippet, where):
    """Insert `snippet` just before the end of the page's content block."""
    opening = CONTENT_BLOCK.search(target)
    if not opening:
        raise PasteError(f"{where} has no {{% block content %}}")
    # The content block is the last block of a tutorial page, so it ends at the last endblock.
    closing = list(END_BLOCK.finditer(target, opening.end()))
    if not closing:
        raise PasteError(f"{where} does not end its content block")
    at = closing[-1].start()
    return target[:at].rstrip(" ") + snippet + target[at:]


def apply_operation(existing, operation, snippet, where):
    """The new text of a file; `existing` is its text, or None when the project has no such file."""
    if operation == "write":
        return snippet
    if existing is None:
        raise PasteError(f"the tutorial adds to {where}, which the project does not have")
    if operation == "append":
        return existing.rstrip("\n") + "\n" + snippet
    if operation == "merge":
        return merge_python(existing, snippet, where)
    if operation == "add-to-content":
        return add_to_content_block(existing, snippet, where)
    raise AssertionError(f"unknown operation {operation}")


def module_names(text):
    """Names a module binds at its top level: imports, functions, classes, assignments."""
    names = set()
    for node in ast.parse(text).body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            names |= {alias.asname or alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {target.id for target in node.targets if isinstance(target, ast.Name)}
    return names


def startapp_imports():
    """{file: {name: import line}} of what `startapp` and part 2 give the student's modules."""
    imports = {}
    for target, _, source in part_files(PART_FOLDERS["skeleton"]):
        for node in ast.parse(source.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                for alias in node.names:
                    imports.setdefault(target, {})[alias.asname or alias.name.split(".")[0]] = ast.unparse(node)
    return imports


def missing_startapp_names(target, snippet, merged):
    """Problems: names the snippet uses that the student's file has had since startapp or part 2, but this one lacks."""
    provided = startapp_imports().get(target, {})
    used = {node.id for node in ast.walk(ast.parse(snippet)) if isinstance(node, ast.Name)}
    return [
        f"{target} has no `{name}`, which the tutorial's code uses: the student's {target} has "
        f"`{line}` from startapp or part 2"
        for name, line in sorted(provided.items())
        if name in used and name not in module_names(merged)
    ]


def paste_part(project, folder):
    """Write a part's files into a project; return what could not be written as the tutorial says."""
    problems = []
    for target, operation, source in part_files(folder):
        path = project / target
        existing = path.read_text(encoding="utf-8") if path.is_file() else None
        snippet = source.read_text(encoding="utf-8")
        try:
            text = apply_operation(existing, operation, snippet, target)
        except PasteError as error:
            problems.append(str(error))
            continue
        if operation == "merge":
            problems += missing_startapp_names(target, snippet, text)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return problems


def tutorial_final_files():
    """The tutorial's files at its end: parts 2 to 10 and the challenges folded in order."""
    files = {}
    for folder in [*PART_FOLDERS.values(), TUTORIAL / "complete"]:
        for target, operation, source in part_files(folder):
            if operation != "write" and target not in files:
                continue  # An edit of a project file (settings.py, the project's urls.py).
            files[target] = apply_operation(files.get(target), operation, source.read_text(encoding="utf-8"), target)
    return files


# The tutorial's files dropped one at a time into a complete project.
FINAL_FILES = tutorial_final_files()
DROP_INS = sorted(
    target
    for target in FINAL_FILES
    if template_name(target) or target in ("catalog/views.py", "catalog/urls.py", FORMS_PY, ADMIN_PY)
)


# --------------------------------------------------------------------------
# Running the baked project
# --------------------------------------------------------------------------


def render_pages(venv, project, pages, tmp_path, written, every_template):
    """Request `pages` in the project; return the failures, one line each.

    A page's texts are looked for when their data file is one of the `written` files; its
    expected templates all (`every_template`, for a pasted part) or only the written ones.
    """
    requests = [
        {
            **entry,
            "texts": [text for file, texts in entry["texts"].items() if file in written for text in texts],
            "mail_texts": [text for file, texts in entry["mail_texts"].items() if file in written for text in texts],
        }
        for entry in pages
    ]
    spec = tmp_path / "pages.json"
    spec.write_text(json.dumps({"requests": requests}), encoding="utf-8")
    database = f"sqlite:///{tmp_path / PAGES_DATABASE}"
    result = venv.run([str(PAGES_SCRIPT), str(spec)], cwd=project, check=False, DATABASE_URL=database)
    lines = [line for line in result.stdout.splitlines() if line.startswith(RESULT_PREFIX)]
    assert result.returncode == 0 and lines, f"tutorial_pages.py failed\n{output_of(result)}"
    answers = json.loads(lines[-1].removeprefix(RESULT_PREFIX))

    written_templates = {template_name(file) for file in written}
    failures = []
    for entry, answer in zip(pages, answers, strict=True):
        problems = []
        if answer["error"]:
            problems.append(answer["error"])
        elif answer["status"] != entry["status"]:
            problems.append(f"status {answer['status']}, expected {entry['status']}")
        elif not location_matches(answer["location"], answer["expected_location"]):
            problems.append(f"redirects to {answer['location']}, expected {answer['expected_location']}")
        if not answer["error"]:
            for name in entry["templates"]:
                if (every_template or name in written_templates) and name not in answer["templates"]:
                    problems.append(f"did not render {name} (rendered: {', '.join(answer['templates']) or 'none'})")
            problems += [f"text {text!r} missing" for text in answer["missing_texts"]]
            problems += [f"text {text!r} missing from the email" for text in answer["missing_mail_texts"]]
        if problems:
            where = f"{entry['method'].upper()} {answer['url']} as {entry['client']}"
            failures.append(f"{entry['label']} ({where}): " + "; ".join(problems))
    return failures


def location_matches(location, expected):
    """`expected` is None (anything), a URL, or a URL prefix ending with "*"."""
    if expected is None:
        return True
    if expected.endswith("*"):
        return bool(location) and location.startswith(expected[:-1])
    return location == expected


def manage(venv, project, *args, timeout=600):
    return venv.run(["manage.py", *args], cwd=project, check=False, timeout=timeout)


def output_of(result):
    """The end of a command's output: enough for the error and the lines that led to it."""
    stdout, stderr = (
        "\n".join(text.splitlines()[-lines:]) for text, lines in ((result.stdout, 15), (result.stderr, 30))
    )
    return f"--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}"


class Pasted:
    """A project baked at `stage`, with the next part's files written in."""

    def __init__(self, stage, language, root):
        self.stage, self.language, self.part = stage, language, NEXT[stage]
        self.project = bake(root, tutorial_stage=stage, language=language)
        self.migrations_before = self.migrations()
        self.folder = PART_FOLDERS[self.part]
        self.files = part_files(self.folder)
        self.written = {target for target, _, _ in self.files}
        self.problems = paste_part(self.project, self.folder)
        self.makemigrations = None

    def migrations(self):
        return sorted(path.name for path in (self.project / "catalog" / "migrations").glob("0*.py"))

    def run_makemigrations(self, venv):
        """The student runs makemigrations after changing models.py (once)."""
        if self.makemigrations is None and "catalog/models.py" in self.written:
            self.makemigrations = manage(venv, self.project, "makemigrations", "catalog")
        return self.makemigrations


_PASTED = {}


@pytest.fixture
def pasted(tmp_path_factory, dev_venv):
    """The pasted project of (stage, language), made once per worker (the tests of a step share an xdist group)."""

    def get(stage, language):
        key = (stage, language)
        if key not in _PASTED:
            _PASTED[key] = Pasted(stage, language, tmp_path_factory.mktemp(f"paste-{stage}-{language}"))
        step = _PASTED[key]
        step.run_makemigrations(dev_venv)
        return step

    return get


@pytest.fixture(scope="session")
def complete_project(tmp_path_factory):
    """One complete bake per worker, copied for each drop-in."""
    return bake(tmp_path_factory.mktemp("paste-complete"), tutorial_stage="complete")


@pytest.fixture(scope="session")
def complete_database(complete_project, dev_venv, tmp_path_factory):
    """The complete project's database, migrated once per worker and copied for each drop-in:
    a drop-in is a template, views.py, urls.py, forms.py or admin.py, never a migration."""
    path = tmp_path_factory.mktemp("paste-database") / "migrated.sqlite3"
    dev_venv.run(["manage.py", "migrate", "--verbosity", "0"], cwd=complete_project, DATABASE_URL=f"sqlite:///{path}")
    return path


# --------------------------------------------------------------------------
# The tests
# --------------------------------------------------------------------------


def test_every_part_from_3_to_10_has_its_files_in_the_tutorials_shape():
    """The data: one folder per part, valid Python, pages extending base_generic.html with a content block."""
    # part02-skeleton, then one folder for each part a stage before complete is followed by.
    assert list(PART_FOLDERS) == ["skeleton", *(NEXT[stage] for stage in STEPS)]
    for folder in PART_FOLDERS.values():
        for target, operation, source in part_files(folder):
            text = source.read_text(encoding="utf-8")
            if target.endswith(".py") and operation in ("write", "merge", "append"):
                ast.parse(text, filename=str(source))
            name = template_name(target)
            if name and operation == "write" and target.endswith(".html") and not name.endswith("_email.html"):
                if name != "base_generic.html":
                    assert text.startswith('{% extends "base_generic.html" %}'), source
                assert CONTENT_BLOCK.search(text) and END_BLOCK.search(text), source
    final_views = FINAL_FILES["catalog/views.py"]
    assert "return render(request, 'index.html', context=context)" in final_views
    assert final_views.count("def index(") == 1 and "num_visits" in final_views
    for name in ("BookListView", "LoanedBooksByUserListView", "renew_book_librarian", "AuthorCreate", "GenreDelete"):
        assert f" {name}(" in final_views, name
    assert "You have been to this page" in FINAL_FILES[INDEX]
    assert "'borrower'" in FINAL_FILES[ADMIN_PY] and "admin.site.register(Author, AuthorAdmin)" in FINAL_FILES[ADMIN_PY]
    ast.parse(FINAL_FILES["catalog/urls.py"])


def test_merging_a_part_edits_a_module_as_a_student_does():
    """Imports once, a function replaced in place, members added to a class, entries added to urlpatterns."""
    module = (
        '"""Doc."""\n\nfrom django.urls import path\n\nfrom . import views\n\n'
        "urlpatterns = [\n    path('', views.index, name='index')  # home\n]\n\n\n"
        "def index(request):\n    return 1\n\n\n"
        "@register\nclass Book(Model):\n    title = 1\n\n    class Meta:\n        ordering = ['title']\n"
    )
    snippet = (
        "from django.urls import path\nfrom datetime import date\n\n"
        "urlpatterns = [\n    path('books/', views.books, name='books'),\n]\n\n\n"
        "def index(request):\n    return 2\n\n\n"
        "class Book(Model):\n    # The borrower.\n    borrower = 2\n\n    class Meta:\n"
        "        ordering = ['due_back']\n        permissions = (('a', 'b'),)\n"
    )
    merged = merge_python(module, snippet)
    tree = ast.parse(merged)
    assert merged.count("from django.urls import path") == 1
    assert merged.index("from datetime import date") < merged.index("urlpatterns")
    assert "name='index'),  # home" in merged and "name='books')," in merged
    assert "return 2" in merged and "return 1" not in merged
    book = next(node for node in tree.body if isinstance(node, ast.ClassDef))
    assert [statement_name(n) for n in book.body] == ["title", "Meta", "borrower"]
    assert book.decorator_list and "    # The borrower.\n    borrower = 2" in merged
    meta = ast.unparse(book.body[1])
    assert "ordering = ['due_back']" in meta and "permissions" in meta and "'title'" not in meta
    assert merge_python('"""Doc."""\n\nurlpatterns = []\n', "urlpatterns = [\n    path('', v),\n]\n").endswith(
        "urlpatterns = [\n    path('', v),\n]\n"
    )
    with pytest.raises(PasteError, match="does not have"):
        apply_operation(None, "merge", "x = 1\n", "catalog/views.py")
    view = "def index(request):\n    return render(request, 'index.html')\n"
    without_render = merge_python('"""Views."""\n', view)
    assert "`render`" in " ".join(missing_startapp_names("catalog/views.py", view, without_render))
    with_render = merge_python("from django.shortcuts import render\n", view)
    assert missing_startapp_names("catalog/views.py", view, with_render) == []


@pytest.mark.parametrize(("stage", "language"), step_params(STEPS))
def test_next_parts_files_land_where_the_tutorial_puts_them(stage, language, pasted):
    """Every file the next part edits is at the tutorial's path and has what startapp and part 2 gave it."""
    step = pasted(stage, language)
    assert not step.problems, f"pasting part {step.folder.name} into the {stage} stage:\n" + "\n".join(step.problems)


@pytest.mark.parametrize(("stage", "language"), step_params(STEPS))
def test_manage_py_check_passes_with_the_next_part(stage, language, pasted, dev_venv):
    """`manage.py check`, and no model change left once the student has run makemigrations."""
    step = pasted(stage, language)
    if step.makemigrations is not None:
        assert step.makemigrations.returncode == 0, f"makemigrations failed\n{output_of(step.makemigrations)}"
    # Both commands in one Django process: a start-up costs about a second here.
    code = (
        "from django.core.management import call_command\n"
        "call_command('check')\n"
        "call_command('makemigrations', '--check', '--dry-run')\n"
    )
    result = dev_venv.run(["manage.py", "shell", "-c", code], cwd=step.project, check=False)
    assert "System check identified no issues" in result.stdout, f"manage.py check failed\n{output_of(result)}"
    assert result.returncode == 0, f"models changed without a migration\n{output_of(result)}"


@pytest.mark.parametrize(("stage", "language"), step_params(["skeleton", "sessions"], chinese=("sessions",)))
def test_next_parts_model_changes_make_a_migration_that_applies(stage, language, pasted, dev_venv, tmp_path):
    """Parts 3 and 8 change the models: makemigrations writes one new migration, and migrate applies it."""
    step = pasted(stage, language)
    assert step.makemigrations is not None and step.makemigrations.returncode == 0, output_of(step.makemigrations)
    new = sorted(set(step.migrations()) - set(step.migrations_before))
    assert len(new) == 1, f"new migrations: {new}"
    if stage == "skeleton":
        assert new == ["0001_initial.py"]
    code = (
        "from django.core.management import call_command; call_command('migrate', verbosity=0)\n"
        "from catalog.models import Author, Book, BookInstance, Genre, Language\n"
        "author = Author.objects.create(first_name='Ursula', last_name='Le Guin')\n"
        "book = Book.objects.create(title='A Wizard of Earthsea', author=author, summary='-', isbn='9780547773742',"
        " language=Language.objects.create(name='English'))\n"
        "book.genre.add(Genre.objects.create(name='Fantasy'))\n"
        "copy = BookInstance.objects.create(book=book, imprint='Parnassus, 1968')\n"
        "print(author, book, book.genre.get(), book.language, copy.status, sep=' | ')\n"
        "from django.utils import translation; translation.activate('en')  # Punctuated as the language does.\n"
        "print(str(copy).endswith(' (A Wizard of Earthsea)'))\n"
        "print([f.name for f in BookInstance._meta.get_fields()])\n"
    )
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    result = dev_venv.run(["manage.py", "shell", "-c", code], cwd=step.project, check=False, DATABASE_URL=database)
    assert result.returncode == 0, output_of(result)
    shown, copy_shown, fields = result.stdout.splitlines()[-3:]
    assert shown == "Le Guin, Ursula | A Wizard of Earthsea | Fantasy | English | m"
    assert copy_shown == "True"
    assert ("'borrower'" in fields) == (stage == "sessions")


@pytest.mark.parametrize(("stage", "language"), step_params([stage for stage in STEPS if NEXT[stage] in PAGES]))
def test_next_parts_pages_render_with_the_tutorials_templates(stage, language, pasted, dev_venv, tmp_path):
    """The pages the next part adds answer with the expected status, template names and texts."""
    step = pasted(stage, language)
    failures = render_pages(dev_venv, step.project, PAGES[step.part], tmp_path, step.written, every_template=True)
    assert not failures, f"part {step.folder.name} on the {stage} stage ({language}):\n" + "\n".join(failures)


@pytest.mark.parametrize(("stage", "language"), step_params(STEPS))
def test_projects_own_tests_still_pass_with_the_next_part(stage, language, pasted, dev_venv):
    """`manage.py test`: the stage's own tests (and after part 10, the tutorial's) pass with the part written in."""
    step = pasted(stage, language)
    result = manage(dev_venv, step.project, "test", "--noinput")
    assert result.returncode == 0, f"manage.py test failed\n{output_of(result)}"
    assert re.search(r"^OK", result.stderr, re.MULTILINE), output_of(result)


TUTORIAL_TEST_CLASSES = {
    "test_models": ["AuthorModelTest"],
    "test_forms": ["RenewBookFormTest"],
    "test_views": [
        "AuthorListViewTest",
        "LoanedBookInstancesByUserListViewTest",
        "RenewBookInstancesViewTest",
        "AuthorCreateViewTest",
    ],
}


@pytest.mark.parametrize(("stage", "language"), step_params(["forms"]))
def test_tutorials_part_10_tests_pass_on_the_forms_stage(stage, language, pasted, dev_venv):
    """The tutorial-shaped test modules of part 10 run, every one of their classes, and pass."""
    step = pasted(stage, language)
    modules = [f"catalog.tests.{module}" for module in TUTORIAL_TEST_CLASSES]
    result = manage(dev_venv, step.project, "test", "--noinput", "--verbosity", "2", *modules)
    assert result.returncode == 0, f"the tutorial's tests failed\n{output_of(result)}"
    ran = int(re.search(r"^Ran (\d+) tests?", result.stderr, re.MULTILINE).group(1))
    assert ran >= 30, output_of(result)
    for module, classes in TUTORIAL_TEST_CLASSES.items():
        for name in classes:
            assert f"(catalog.tests.{module}.{name}." in result.stderr, f"{name} did not run\n{output_of(result)}"


@pytest.mark.parametrize("target", DROP_INS)
def test_tutorial_file_dropped_into_a_complete_project_still_renders(
    target, complete_project, complete_database, dev_venv, tmp_path
):
    """One tutorial file replaces (or joins) the complete project's: every tutorial page still renders."""
    assert "migrations" not in target and not target.endswith("models.py")  # What complete_database relies on.
    project = shutil.copytree(complete_project, tmp_path / "project", symlinks=True)
    shutil.copyfile(complete_database, tmp_path / PAGES_DATABASE)  # Already migrated.
    path = project / target
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(FINAL_FILES[target], encoding="utf-8")
    failures = render_pages(dev_venv, project, ALL_PAGES, tmp_path, {target}, every_template=False)
    name = template_name(target)
    if name:
        used = any(name in entry["templates"] for entry in ALL_PAGES)
        assert used, f"no tutorial page is expected to render {name}"
    assert not failures, f"{target} dropped into a complete project:\n" + "\n".join(failures)
