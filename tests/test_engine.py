"""The hooks' engine (locallibrary_engine), unit by unit: fast, no bake.

Stage markers, the file tables, comment translation, quoting for the student's shell,
answers as text, and the rules that keep cookiecutter away from a student's folders.
"""

import ast
import fnmatch
import json
import re
import string
import subprocess

import jinja2
import pytest
from cookiecutter.environment import StrictEnvironment

from locallibrary_engine import PROJECT_TEMPLATE, TEMPLATE_DIR
from locallibrary_engine.answers import problems
from locallibrary_engine.comments import translate_comments
from locallibrary_engine.files import kept_by_answers, template_files
from locallibrary_engine.hosts import DEPLOY_TARGET_FILES
from locallibrary_engine.jinja import TemplateBytecodeCache, catch_up_command, json_str, template_source
from locallibrary_engine.messages import LANGUAGES, MESSAGES
from locallibrary_engine.project import next_steps
from locallibrary_engine.shell import posix_quote, powershell_quote
from locallibrary_engine.stages import STAGES, MarkerError, cut, file_in_stage, has_markers, parse_marker

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
# cookiecutter.json's defaults, as the prompts give them (the Jinja ones rendered by hand).
DEFAULT_ANSWERS = {
    **{
        name: value[0] if isinstance(value, list) else value
        for name, value in json.loads((TEMPLATE_DIR / "cookiecutter.json").read_text()).items()
        if not name.startswith("_")
    },
    "project_slug": "locallibrary",
    "description": "A library catalogue.",
    "time_zone": "UTC",
}
TRICKY_TEXTS = [
    "𠮷田 太郎",  # A surname outside the Basic Multilingual Plane.
    "Owl 🦉 Library",
    "O'Brien",
    "Bob's Library & Co",
    'My "Quoted" Library',
    "$(touch pwned) `touch pwned` $HOME",
    "back\\slash",
    "我的图书馆",
    "it’s",  # A typographic apostrophe, a quote to PowerShell.
    "",
]


# --------------------------------------------------------------------------
# Stage markers
# --------------------------------------------------------------------------


def test_markers_of_each_comment_syntax_are_read():
    assert parse_marker("# stage: forms\n") == ("stage", "forms")
    assert parse_marker("    # until: home-page") == ("until", "home-page")
    assert parse_marker("{# stage: authentication #}") == ("stage", "authentication")
    assert parse_marker("  {# endstage #}") == ("end", None)
    assert parse_marker("# endstage") == ("end", None)


def test_ordinary_comments_are_not_markers():
    for line in ("# Stage the changes before you commit.", "# until the user logs in, show the form", "x = 1  # stage"):
        assert parse_marker(line) is None, line


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("# stage forms", "misspelled stage marker"),
        ("# endstages", "misspelled stage marker"),
        ("{# end-stage #}", "misspelled stage marker"),
        ("# stage: form", "names no stage: 'form'"),
        ("# until: deployment", "names no stage: 'deployment'"),
    ],
)
def test_a_misspelled_marker_is_an_error_naming_the_file_and_line(line, message):
    text = f'"""A module."""\n\n{line}\nx = 1\n# endstage\n'
    with pytest.raises(MarkerError) as error:
        cut(text, "complete", "catalog/views.py")
    assert str(error.value).startswith("catalog/views.py:3: ")
    assert message in str(error.value)


def test_an_unclosed_block_is_an_error_naming_where_it_opens():
    with pytest.raises(MarkerError, match=r"^catalog/models.py:2: this stage block has no 'endstage' line"):
        cut("x = 1\n# stage: admin\ny = 2\n", "admin", "catalog/models.py")


def test_an_endstage_without_a_block_is_an_error():
    with pytest.raises(MarkerError, match=r"^urls.py:2: 'endstage' closes no block"):
        cut("x = 1\n# endstage\n", "admin", "urls.py")


def test_cut_keeps_blocks_from_their_stage_on_and_until_blocks_before_it():
    text = "a\n# stage: forms\nforms\n# endstage\n# until: forms\nbefore forms\n# endstage\nz\n"
    assert cut(text, "authentication") == "a\nbefore forms\nz\n"
    assert cut(text, "forms") == "a\nforms\nz\n"
    assert cut(text, "complete") == "a\nforms\nz\n"


def test_nested_blocks_need_every_enclosing_stage():
    text = "# stage: home-page\nhome\n# stage: sessions\nvisits\n# endstage\n# endstage\n"
    assert cut(text, "admin") == "\n"
    assert cut(text, "home-page") == "home\n"
    assert cut(text, "sessions") == "home\nvisits\n"


def test_template_markers_are_all_well_formed():
    """Every marker in the project template parses: a typo would fail a student's bake."""
    checked = 0
    for path in (TEMPLATE_DIR / PROJECT_TEMPLATE).rglob("*"):
        if path.is_file() and path.suffix in (".py", ".html", ".txt", ".toml"):
            text = path.read_text(encoding="utf-8")
            relative = path.relative_to(TEMPLATE_DIR).as_posix()
            if has_markers(text, relative):
                cut(text, "skeleton", relative)
                checked += 1
    assert checked > 10, f"only {checked} files with markers found"


# --------------------------------------------------------------------------
# File tables
# --------------------------------------------------------------------------


def test_stage_files_table_follows_the_tutorial():
    assert not file_in_stage("catalog/forms.py", "authentication")
    assert file_in_stage("catalog/forms.py", "forms")
    assert file_in_stage("catalog/tests/test_smoke.py", "forms")
    assert not file_in_stage("catalog/tests/test_smoke.py", "testing")
    assert file_in_stage("catalog/models.py", "skeleton")  # No rule: in every stage (cut by markers).
    assert STAGES[0] == "skeleton" and STAGES[-1] == "complete"


def test_each_host_keeps_its_own_files_and_no_other_hosts():
    answers = {"tutorial_stage": "complete"}
    every = set().union(*DEPLOY_TARGET_FILES.values())
    for target, names in DEPLOY_TARGET_FILES.items():
        kept = {name for name in every if kept_by_answers(name, {**answers, "deploy_target": target})}
        assert kept == set(names), target
    assert all(kept_by_answers(name, {**answers, "deploy_target": "all"}) for name in every)


def test_template_files_are_the_project_templates_files_under_the_slug():
    files = template_files("mylib")
    assert "mylib/settings.py" in files and "manage.py" in files and ".comments.zh-hans.json" in files
    assert not any("cookiecutter" in name for name in files)
    assert not kept_by_answers(".comments.zh-hans.json", {"tutorial_stage": "complete", "deploy_target": "all"})


def test_copy_without_render_patterns_match_files_only():
    """cookiecutter deletes and recopies a whole folder that a pattern matches (rmtree), which would
    take a student's own files in it; file patterns keep it to the template's files."""
    patterns = json.loads((TEMPLATE_DIR / "cookiecutter.json").read_text())["_copy_without_render"]
    root = TEMPLATE_DIR / PROJECT_TEMPLATE
    folders = [path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_dir()]
    assert folders, "the project template has folders"
    for folder in folders:
        assert not any(fnmatch.fnmatch(folder, pattern) for pattern in patterns), folder
    for path in root.rglob("*"):
        if path.suffix in (".html", ".css", ".svg", ".po", ".mo"):
            relative = path.relative_to(root).as_posix()
            assert any(fnmatch.fnmatch(relative, pattern) for pattern in patterns), relative


# --------------------------------------------------------------------------
# Comment translation
# --------------------------------------------------------------------------

TABLE = {
    ("Run the site.",): ["运行网站。"],
    ("The catalogue.",): ["目录。"],
}


def translated(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    translate_comments(path, TABLE, 1)
    return path.read_text(encoding="utf-8")


def test_python_comments_and_docstrings_are_translated_and_shebang_and_encoding_stay(tmp_path):
    source = (
        "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n"
        '"""Run the site."""\n\n# Run the site.\nx = 1  # The catalogue.\n'
    )
    result = translated(tmp_path, "manage.py", source)
    assert result.startswith("#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n")
    assert '"""运行网站。"""' in result and "# 运行网站。\n" in result and "x = 1  # 目录。" in result
    ast.parse(result)


def test_hash_template_and_css_comments_are_translated(tmp_path):
    assert translated(tmp_path, "Procfile", "# Run the site.\nweb: gunicorn\n") == "# 运行网站。\nweb: gunicorn\n"
    assert translated(tmp_path, "page.html", "{# The catalogue. #}\n<p></p>\n") == "{# 目录。 #}\n<p></p>\n"
    assert translated(tmp_path, "styles.css", "/* The catalogue. */\nbody {}\n") == "/* 目录。 */\nbody {}\n"


def test_unknown_comments_and_text_that_is_not_python_are_left_alone(tmp_path):
    assert translated(tmp_path, "a.py", "# Something else.\n") == "# Something else.\n"
    assert translated(tmp_path, "b.py", "def broken(:\n    # Run the site.\n") == "def broken(:\n    # Run the site.\n"


# --------------------------------------------------------------------------
# Answers as text, commands quoted for the student's shell
# --------------------------------------------------------------------------


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_json_str_is_a_python_and_json_literal_of_the_same_text(text):
    literal = json_str(text)
    assert ast.literal_eval(literal) == text
    assert json.loads(literal) == text
    assert "\\u" not in literal  # Written as it is, not escaped.


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_posix_quoting_passes_the_text_unchanged_through_sh(text, tmp_path):
    printed = subprocess.run(
        ["sh", "-c", f"printf '%s' {posix_quote(text)}"], cwd=tmp_path, capture_output=True, check=True
    ).stdout
    assert printed.decode("utf-8") == text
    assert list(tmp_path.iterdir()) == [], "quoted text ran a command"


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_powershell_quoting_is_one_verbatim_string(text):
    quoted = powershell_quote(text)
    if quoted == text:
        assert text and all(char.isascii() and (char.isalnum() or char in "_=:./@+-") for char in text)
        return
    assert quoted.startswith("'") and quoted.endswith("'")
    inner = quoted[1:-1]
    # Inside '...' only single quotes are special, and each must be doubled.
    for quote in "'\u2018\u2019\u201a\u201b":
        assert inner.replace(quote * 2, "").count(quote) == 0
    assert inner.replace("''", "'").replace("\u2019\u2019", "\u2019") == text


def test_catch_up_command_repeats_every_answer_but_the_stage_and_the_private_ones():
    answers = {
        "project_name": "Bob's Library & Co",
        "tutorial_stage": "models",
        "author_name": "𠮷田 太郎",
        "_template": "gh:example/cookiecutter-locallibrary",
        "_output_dir": "/tmp",
    }
    posix = catch_up_command(answers, "admin")
    assert posix.startswith("cookiecutter gh:example/cookiecutter-locallibrary --overwrite-if-exists --no-input")
    assert "tutorial_stage=admin" in posix and "tutorial_stage=models" not in posix
    assert "'project_name=Bob'\"'\"'s Library & Co'" in posix and "'author_name=𠮷田 太郎'" in posix
    assert "_output_dir" not in posix
    powershell = catch_up_command(answers, "admin", "powershell")
    assert "'project_name=Bob''s Library & Co'" in powershell
    assert all(line.endswith(" `") for line in powershell.splitlines()[:-1])


def test_template_source_is_a_remote_as_given_and_a_local_folder_in_full():
    assert template_source({"_template": "gh:example/template"}) == "gh:example/template"
    assert template_source({"_template": "https://example.com/t.git"}) == "https://example.com/t.git"
    assert template_source({"_template": "."}) == str(TEMPLATE_DIR)
    assert template_source({}) == str(TEMPLATE_DIR)


# --------------------------------------------------------------------------
# Jinja's bytecode cache: the next bake does not compile the template again
# --------------------------------------------------------------------------


def compiled_environment(folder, cache, **options):
    """A Jinja environment as cookiecutter builds one, that counts what it compiles."""
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(folder), bytecode_cache=cache, **options)
    return counting_compiles(environment)


def counting_compiles(environment):
    """`environment`, with the name of each template it compiles in `environment.compiled`."""
    environment.compiled = []
    compile_source = environment.compile

    def counting_compile(source, name=None, filename=None, raw=False, defer_init=False):
        environment.compiled.append(name)
        return compile_source(source, name, filename, raw, defer_init)

    environment.compile = counting_compile
    return environment


@pytest.fixture
def cache_folder(tmp_path, monkeypatch):
    """Jinja's cache folder (the user's temporary folder) inside the test's own."""
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(folder))
    return folder


def test_cookiecutters_environment_gets_the_cache(cache_folder):
    context = {"cookiecutter": {"_extensions": ["locallibrary_engine.jinja.LocalLibraryExtension"]}}
    assert isinstance(StrictEnvironment(context=context).bytecode_cache, TemplateBytecodeCache)


def test_the_next_bake_renders_the_same_text_without_compiling_again(tmp_path, cache_folder):
    (tmp_path / "page.txt").write_text("{{ name }}: {% for n in range(3) %}{{ n }}{% endfor %}\n")
    first = compiled_environment(tmp_path, TemplateBytecodeCache(), keep_trailing_newline=True)
    assert first.get_template("page.txt").render(name="Ada") == "Ada: 012\n"
    second = compiled_environment(tmp_path, TemplateBytecodeCache(), keep_trailing_newline=True)
    assert second.get_template("page.txt").render(name="Ada") == "Ada: 012\n"
    assert (first.compiled, second.compiled) == (["page.txt"], [])
    assert list(cache_folder.rglob("locallibrary-template-*.cache"))


def test_an_edited_file_or_other_syntax_options_compile_again(tmp_path, cache_folder):
    page = tmp_path / "page.txt"
    page.write_text("{{ name }}\n")
    compiled_environment(tmp_path, TemplateBytecodeCache()).get_template("page.txt")
    other_options = compiled_environment(tmp_path, TemplateBytecodeCache(), keep_trailing_newline=True)
    assert other_options.get_template("page.txt").render(name="Ada") == "Ada\n"
    page.write_text("{{ name }}!\n")
    edited = compiled_environment(tmp_path, TemplateBytecodeCache(), keep_trailing_newline=True)
    assert edited.get_template("page.txt").render(name="Ada") == "Ada!\n"
    assert (other_options.compiled, edited.compiled) == (["page.txt"], ["page.txt"])


def test_file_names_and_hooks_compiled_from_strings_are_cached_too(cache_folder):
    context = {"cookiecutter": {"_extensions": ["locallibrary_engine.jinja.LocalLibraryExtension"]}}
    name = "{{ cookiecutter.project_slug }}/catalog/views.py"
    answers = {"cookiecutter": {"project_slug": "mylibrary"}}
    first = counting_compiles(StrictEnvironment(context=context))
    assert first.from_string(name).render(answers) == "mylibrary/catalog/views.py"
    second = counting_compiles(StrictEnvironment(context=context))
    assert second.from_string(name).render(answers) == "mylibrary/catalog/views.py"
    assert (first.compiled, second.compiled) == ([None], [])
    # Text with no Jinja in it (a student's answer, say) is compiled as before, and not kept.
    cached = set(cache_folder.rglob("locallibrary-template-*.cache"))
    assert second.from_string("Local Library").render() == "Local Library"
    assert second.compiled == [None]
    assert set(cache_folder.rglob("locallibrary-template-*.cache")) == cached


def test_a_cache_that_cannot_be_written_does_not_stop_the_bake(tmp_path, cache_folder):
    (tmp_path / "page.txt").write_text("{{ name }}")
    cache = TemplateBytecodeCache()
    cache.directory = str(tmp_path / "missing" / "folder")  # Writing there raises FileNotFoundError.
    environment = compiled_environment(tmp_path, cache)
    assert environment.get_template("page.txt").render(name="Ada") == "Ada"
    assert environment.compiled == ["page.txt"]


# --------------------------------------------------------------------------
# Messages in the student's language
# --------------------------------------------------------------------------


def test_every_message_has_english_and_chinese_with_the_same_fields():
    def fields(text):
        return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name)

    assert len(MESSAGES) > 40
    for key, texts in MESSAGES.items():
        assert set(texts) == set(LANGUAGES), key
        assert fields(texts["zh-hans"]) == fields(texts["en"]), key
        assert key in ("or",) or CJK.search(texts["zh-hans"]), f"{key}: the Chinese text has no Chinese"


def test_answer_problems_speak_the_language_the_student_chose():
    answers = {**DEFAULT_ANSWERS, "project_slug": "asgiref", "email": "nope", "language": "zh-hans"}
    found = problems(answers)
    assert found == [
        "project_slug 'asgiref' 会遮蔽同名模块 'asgiref'（项目依赖安装的模块）。"
        "请换一个名字，例如 'locallibrary' 或 'mylibrary'。",
        "email 'nope' 不像是电子邮件地址；请输入类似 'you@example.com' 的地址。",
    ]
    english = problems({**answers, "language": "en"})
    assert english[0].startswith("project_slug 'asgiref' would shadow the module 'asgiref'")
    # An unknown language is itself reported, in English.
    assert problems({**answers, "language": "fr"})[0].startswith("project_slug 'asgiref' would shadow")


def test_next_steps_are_in_the_projects_language_and_quoted_for_the_shell(tmp_path):
    project_dir = tmp_path / "mylib"
    zh = next_steps(project_dir, {**DEFAULT_ANSWERS, "language": "zh-hans"}, committed=True, windows=False)
    assert f"你的 LocalLibrary 项目已生成在 {project_dir}" in zh and "接下来：" in zh
    assert "  cd mylib" in zh and "  python3 -m venv .venv && source .venv/bin/activate" in zh
    windows = next_steps(project_dir, DEFAULT_ANSWERS, committed=False, windows=True)
    assert "  py -m venv .venv; .venv\\Scripts\\activate" in windows
    assert not any("git repository" in line for line in windows)
