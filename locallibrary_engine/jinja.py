"""The Jinja extension cookiecutter loads for this template (``_extensions`` in cookiecutter.json).

It gives the project template and the hooks what plain Jinja lacks:

- ``template_dir()``: the folder of the template being rendered, so the hooks can
  import this package from it (cookiecutter runs a hook as a copy in a temporary
  folder, and cruft sets no ``_repo_dir``);
- ``python_str`` and ``json_str``: an answer as a Python or JSON string literal that
  keeps every character as it is (``tojson`` writes ``\\u`` escapes, and surrogate
  pairs that a Python literal reads as two broken halves);
- ``posix_quote``, ``powershell_quote`` and ``command_line``: commands printed for the
  student, quoted for their shell;
- ``catch_up_command``: the command that bakes the next stage over the project;
- a bytecode cache of the compiled templates, so that a later bake (the next stage, say)
  skips compiling them again: the files, and the file names and hooks that cookiecutter
  compiles from strings.
"""

import json
import os
from pathlib import Path

import jinja2
from jinja2.bccache import FileSystemBytecodeCache
from jinja2.ext import Extension

from . import TEMPLATE_DIR
from .shell import command_line, posix_quote, powershell_quote


def template_dir():
    """The template being rendered. cookiecutter renders hooks from inside the template's
    folder and files from inside its project template, so look there first: this package
    may have been imported from another copy of the template in the same process."""
    folder = Path.cwd()
    for candidate in (folder, *folder.parents):
        if (candidate / "cookiecutter.json").is_file() and (candidate / "locallibrary_engine").is_dir():
            return str(candidate)
    return str(TEMPLATE_DIR)


def json_str(value):
    """A JSON (and Python) string literal holding `value` unescaped: "我的图书馆", "O'Brien"."""
    return json.dumps(str(value), ensure_ascii=False)


def template_source(answers):
    """The template as the student gave it, if that works from any folder (a git URL, a gh:
    shorthand, a zip file, an absolute path; cruft makes local paths absolute), else the
    folder of the template being rendered, in full: the catch-up command runs elsewhere."""
    from cookiecutter.config import BUILTIN_ABBREVIATIONS
    from cookiecutter.repository import expand_abbreviations, is_repo_url, is_zip_file

    template = answers.get("_template") or ""
    remote = is_zip_file(template) or is_repo_url(expand_abbreviations(template, BUILTIN_ABBREVIATIONS))
    if template and (remote or os.path.isabs(template)):
        return template
    return template_dir()


def catch_up_command(answers, stage, shell="posix"):
    """The command that bakes `stage` over the project with the same answers, for `shell`.

    Every answer but the stage is repeated (a fork's own answers too), so the bake
    renders the same names, README and settings; each is quoted for the shell.
    """
    words = ["cookiecutter", template_source(answers), "--overwrite-if-exists", "--no-input", f"tutorial_stage={stage}"]
    words += [
        f"{name}={value}" for name, value in answers.items() if not name.startswith("_") and name != "tutorial_stage"
    ]
    if shell == "powershell":
        return command_line(words, powershell_quote, continuation="`")
    return command_line(words, posix_quote, continuation="\\")


class TemplateBytecodeCache(FileSystemBytecodeCache):
    """Jinja's file cache of compiled templates, in the user's temporary folder.

    Jinja keys an entry by the template's name and file and checks it against the source.
    cookiecutter names files relative to the template, so the key here also holds what the
    compiled code depends on besides the source: Jinja's version and the environment's
    syntax options and extensions. A cache that cannot be written only costs the next bake
    the compilation, never the bake itself.
    """

    def __init__(self):
        super().__init__(pattern="locallibrary-template-%s.cache")

    def get_bucket(self, environment, name, filename, source):
        return super().get_bucket(environment, name, f"{filename}|{compile_options(environment)}", source)

    def dump_bytecode(self, bucket):
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def compile_options(environment):
    options = (
        jinja2.__version__,
        sorted(environment.extensions),
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        environment.optimized,
        repr(environment.autoescape),
    )
    return repr(options)


def has_jinja_syntax(environment, source):
    """Whether `source` holds one of the environment's start strings. Only such a string is
    worth a cache file: each file name holds the project folder's ``{{ }}``, each hook the
    answers'; a plain string compiles quickly."""
    starts = (
        environment.block_start_string,
        environment.variable_start_string,
        environment.comment_start_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
    )
    return any(start and start in source for start in starts)


def cached_from_string(environment):
    """The environment's ``from_string``, through its bytecode cache, keyed by the string itself.

    cookiecutter compiles every file's and folder's name, each answer and each hook with
    ``from_string``, which Jinja never caches; these strings are the same on every bake
    of the template, so their compiled code can be kept like the files'.
    """
    uncached_from_string = environment.from_string

    def from_string(source, globals=None, template_class=None):
        cache = environment.bytecode_cache
        if cache is None or not isinstance(source, str) or not has_jinja_syntax(environment, source):
            return uncached_from_string(source, globals, template_class)
        bucket = cache.get_bucket(environment, "<string>", source, source)
        if bucket.code is None:
            bucket.code = environment.compile(source)
            cache.set_bucket(bucket)
        template_class = template_class or environment.template_class
        return template_class.from_code(environment, bucket.code, environment.make_globals(globals), None)

    return from_string


def bytecode_cache():
    try:
        return TemplateBytecodeCache()
    except (OSError, RuntimeError):  # No private temporary folder: compile on every bake.
        return None


class LocalLibraryExtension(Extension):
    def __init__(self, environment):
        super().__init__(environment)
        # cookiecutter compiles every file of the template, and every file name, on every
        # bake; Jinja's bytecode cache (checked against the source) lets the next bake skip that.
        if environment.bytecode_cache is None:
            environment.bytecode_cache = bytecode_cache()
            environment.from_string = cached_from_string(environment)
        environment.globals["template_dir"] = template_dir
        environment.globals["template_source"] = template_source
        environment.globals["catch_up_command"] = catch_up_command
        environment.filters["json_str"] = json_str
        environment.filters["python_str"] = json_str  # The same text is a valid Python literal.
        environment.filters["posix_quote"] = posix_quote
        environment.filters["powershell_quote"] = powershell_quote
