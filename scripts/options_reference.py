"""Write the options tables of the docs from cookiecutter.json, in English and Chinese.

    .venv/bin/python scripts/options_reference.py           # rewrite the tables
    .venv/bin/python scripts/options_reference.py --check   # exit 1 if a page is stale

The table of each page (``docs/options.md`` in English, ``docs/options.zh.md`` in
Simplified Chinese) sits between two marker lines::

    <!-- options:start ... -->
    <!-- options:end -->

Only the text between them is rewritten; the prose around them is hand-written. Each
row comes from ``cookiecutter.json``: the option's name, its default (the first choice of
a list; a Jinja default is shown as what it is derived from), its choices and its
question from ``__prompts__``. Keys starting with ``_`` are template settings, not
questions, and are left out. The Chinese texts are in ``ZH_PROMPTS`` and ``ZH_CHOICES``
below: the script stops with a message naming what to add when an option, or a choice,
has none (or has no English question in ``__prompts__``).

``--cookiecutter-json`` and ``--docs-dir`` point the script at other files (the tests
use copies).
"""

import argparse
import difflib
import itertools
import json
import re
import sys
from pathlib import Path

from cookiecutter.environment import StrictEnvironment

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))  # cookiecutter.json's _extensions load locallibrary_engine from here.
REGENERATE = "python scripts/options_reference.py"

START_MARKER = f"<!-- options:start: generated from cookiecutter.json by `{REGENERATE}`; edit those, not this table -->"
END_MARKER = "<!-- options:end -->"
START_PATTERN = re.compile(r"^<!-- options:start\b.*-->[ \t]*$", re.MULTILINE)
END_PATTERN = re.compile(r"^<!-- options:end -->[ \t]*$", re.MULTILINE)
JINJA = re.compile(r"{{|{%")
REFERENCE = re.compile(r"\bcookiecutter\.(\w+)")

# The Chinese question of each option (the English one is in cookiecutter.json's __prompts__).
ZH_PROMPTS = {
    "project_name": "项目名称（README 的标题；project_slug 由它生成）",
    "project_slug": "Python 包名和文件夹名（字母、数字和下划线）",
    "language": "网站、README 和代码注释使用的语言",
    "tutorial_stage": "教程阶段：项目停在 MDN 教程哪一部分结束时的样子",
    "description": "一句话的项目简介",
    "author_name": "你的名字（写进 README 和 git 提交）",
    "email": "你的电子邮箱（作为 ADMINS 接收 Django 的错误报告）",
    "domain_name": "生产环境的主机名，例如 mylibrary.herokuapp.com（可留空，以后再设）",
    "django_version": "Django 版本",
    "python_version": "部署网站所用的 Python 版本：3.14、3.13、3.12 或 3.11（Django 6.1 需要 3.12 或更高）",
    "database": "部署网站所用的数据库（在你自己的电脑上，网站先用 SQLite 运行）",
    "time_zone": "时区（IANA 名称，例如 UTC、Europe/London 或 Asia/Shanghai）",
    "deploy_target": "网站部署到哪里？（决定生成哪个主机的文件和分步指南；all 生成所有主机的文件）",
}

# The Chinese label of each choice, by option.
ZH_CHOICES = {
    "language": {
        "en": "英语",
        "zh-hans": "简体中文",
    },
    "tutorial_stage": {
        "complete": "全部完成，包括部署（最终的网站）",
        "skeleton": "第 2 部分，网站骨架",
        "models": "第 3 部分，使用模型",
        "admin": "第 4 部分，Django 管理站点",
        "home-page": "第 5 部分，首页",
        "generic-views": "第 6 部分，通用列表视图和详情视图",
        "sessions": "第 7 部分，会话",
        "authentication": "第 8 部分，用户认证和权限",
        "forms": "第 9 部分，使用表单",
        "testing": "第 10 部分，测试",
    },
    "django_version": {
        "5.2": "长期支持版（安全更新到 2028 年 4 月）",
        "6.1": "最新版本；需要 Python 3.12 或更高",
    },
    "database": {
        "postgresql": "PostgreSQL（Heroku、Render、Railway、Fly.io、DigitalOcean、Docker）",
        "mysql": "MySQL 或 MariaDB（Railway、Docker；PythonAnywhere 的付费账号，或 2026-01-15 之前注册的免费账号）",
        "sqlite": "只用 SQLite，一个文件，不需要数据库服务器（PythonAnywhere，新注册的免费账号只能用它；Docker）",
    },
    "deploy_target": {
        "heroku": "Heroku",
        "render": "Render",
        "railway": "Railway",
        "fly": "Fly.io",
        "pythonanywhere": "PythonAnywhere",
        "digitalocean": "DigitalOcean 应用平台",
        "docker": "Docker（Dockerfile 和 compose.yaml）",
        "all": "所有主机的文件",
    },
}

# The words of each page's table.
TEXTS = {
    "en": {
        "header": ("Option", "Default", "Choices", "Question"),
        "free_text": "free text",
        "empty": "*(empty)*",
        "derived": "derived from {names}; with the default answers: {value}",
        "depends": "depends on {names}: {cases}",
        "case": "{value} if {condition}",
        "joiner": "; ",
        "condition_joiner": " and ",
    },
    "zh": {
        "header": ("选项", "默认值", "可选值", "提问"),
        "free_text": "任意文本",
        "empty": "*（空）*",
        "derived": "由 {names} 生成；默认答案下为 {value}",
        "depends": "取决于 {names}：{cases}",
        "case": "{condition} 时为 {value}",
        "joiner": "；",
        "condition_joiner": "且",
    },
}
PAGES = {"en": "options.md", "zh": "options.zh.md"}


class OptionsError(Exception):
    """cookiecutter.json or a page cannot be turned into a table; the message says what to fix."""


def code(value):
    """`value` as inline code in a table cell."""
    text = str(value).replace("|", "\\|")
    return f"`{text}`"


def cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def load_context(path):
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise OptionsError(f"{path} does not exist") from error
    except json.JSONDecodeError as error:
        raise OptionsError(f"{path} is not valid JSON: {error}") from error


def public_options(context):
    """The questions cookiecutter asks, in order: every key that does not start with "_"."""
    return [key for key in context if not key.startswith("_")]


def check_texts(context):
    """Raise OptionsError listing every option or choice without an English or Chinese text."""
    prompts = context.get("__prompts__", {})
    problems = []
    for key in public_options(context):
        prompt = prompts.get(key)
        english = prompt.get("__prompt__") if isinstance(prompt, dict) else prompt
        if not english:
            problems.append(f"option {key!r} has no English question in the __prompts__ of cookiecutter.json")
        if key not in ZH_PROMPTS:
            problems.append(f"option {key!r} has no Chinese description: add it to ZH_PROMPTS")
        if isinstance(context[key], list):
            for choice in context[key]:
                if choice not in ZH_CHOICES.get(key, {}):
                    problems.append(
                        f"choice {choice!r} of option {key!r} has no Chinese label: add it to ZH_CHOICES[{key!r}]"
                    )
    for key in sorted(set(ZH_PROMPTS) - set(public_options(context))):
        problems.append(f"ZH_PROMPTS describes {key!r}, which cookiecutter.json does not have: remove it")
    for key, labels in sorted(ZH_CHOICES.items()):
        offered = context.get(key) if isinstance(context.get(key), list) else []
        for choice in sorted(set(labels) - set(offered)):
            problems.append(f"ZH_CHOICES[{key!r}] labels {choice!r}, which is not a choice of {key!r}: remove it")
    if problems:
        raise OptionsError(
            f"the options reference cannot be written ({__file__}):\n" + "\n".join(f"  - {p}" for p in problems)
        )


def default_answers(context, env, overrides=None):
    """Every option's default answer, rendered in order as cookiecutter renders them."""
    answers = {}
    for key in public_options(context):
        if overrides and key in overrides:
            answers[key] = overrides[key]
            continue
        raw = context[key]
        if isinstance(raw, list):
            raw = raw[0]
        if isinstance(raw, str) and JINJA.search(raw):
            raw = env.from_string(raw).render(cookiecutter=answers)
        answers[key] = raw
    return answers


def choice_label(choice, english_prompt):
    """The English label of a choice, without a repeated "value:" or "value " at its start."""
    label = english_prompt.get(choice, "") if isinstance(english_prompt, dict) else ""
    for prefix in (f"{choice}:", f"{choice} "):
        if label.startswith(prefix):
            label = label[len(prefix) :].strip()
            break
    if label.startswith("(") and label.endswith(")") and label.count("(") == 1:
        label = label[1:-1]
    return label


def describe_default(key, context, env, words):
    """The default of `key` as text: its value, or how a Jinja default is worked out."""
    raw = context[key]
    if isinstance(raw, list):
        return code(raw[0])
    value = default_answers(context, env)[key]
    if not (isinstance(raw, str) and JINJA.search(raw)):
        return code(value) if value != "" else words["empty"]
    names = sorted(set(REFERENCE.findall(raw)), key=public_options(context).index)
    shown_names = ", ".join(code(name) for name in names)
    if not all(isinstance(context[name], list) for name in names):
        return words["derived"].format(names=shown_names, value=code(value))
    # Every name it depends on is a choice: show the default for each combination of them.
    cases = []
    for combination in itertools.product(*(context[name] for name in names)):
        overrides = dict(zip(names, combination, strict=True))
        rendered = default_answers(context, env, overrides)[key]
        condition = words["condition_joiner"].join(f"{code(name)} = {code(v)}" for name, v in overrides.items())
        shown = code(rendered) if rendered != "" else words["empty"]
        cases.append(words["case"].format(value=shown, condition=condition))
    return words["depends"].format(names=shown_names, cases=words["joiner"].join(cases))


def describe_choices(key, context, language, words):
    choices = context[key]
    if not isinstance(choices, list):
        return words["free_text"]
    english_prompt = context.get("__prompts__", {}).get(key)
    items = []
    for choice in choices:
        label = ZH_CHOICES[key][choice] if language == "zh" else choice_label(choice, english_prompt)
        separator = "：" if language == "zh" else ": "
        items.append(f"{code(choice)}{separator}{cell(label)}" if label and label != choice else code(choice))
    return "<br>".join(items)


def question(key, context, language):
    if language == "zh":
        return ZH_PROMPTS[key]
    prompt = context["__prompts__"][key]
    return prompt["__prompt__"] if isinstance(prompt, dict) else prompt


def render_table(context, language):
    """The Markdown table of every option, in `language` ("en" or "zh")."""
    check_texts(context)
    words = TEXTS[language]
    env = StrictEnvironment(context={"cookiecutter": context})
    rows = ["| " + " | ".join(words["header"]) + " |", "|---|---|---|---|"]
    for key in public_options(context):
        cells = (
            code(key),
            describe_default(key, context, env, words),
            describe_choices(key, context, language, words),
            cell(question(key, context, language)),
        )
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n"


def replace_table(page_text, table, page_name):
    """`page_text` with the text between its markers replaced by `table`."""
    starts = list(START_PATTERN.finditer(page_text))
    ends = list(END_PATTERN.finditer(page_text))
    if len(starts) != 1 or len(ends) != 1 or ends[0].start() < starts[0].end():
        raise OptionsError(
            f"{page_name} must contain one line starting with '<!-- options:start' and, after it, "
            f"one line '{END_MARKER}'; the options table is written between them"
        )
    before = page_text[: starts[0].start()]
    after = page_text[ends[0].end() :]
    return f"{before}{START_MARKER}\n\n{table}\n{END_MARKER}{after}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a page is out of date")
    parser.add_argument("--cookiecutter-json", type=Path, default=REPO_ROOT / "cookiecutter.json")
    parser.add_argument("--docs-dir", type=Path, default=REPO_ROOT / "docs")
    args = parser.parse_args(argv)
    regenerate = REGENERATE
    if args.cookiecutter_json != parser.get_default("cookiecutter_json"):
        regenerate += f" --cookiecutter-json {args.cookiecutter_json}"
    if args.docs_dir != parser.get_default("docs_dir"):
        regenerate += f" --docs-dir {args.docs_dir}"

    try:
        context = load_context(args.cookiecutter_json)
        updates = []
        for language, name in PAGES.items():
            path = args.docs_dir / name
            if not path.is_file():
                raise OptionsError(f"{path} does not exist")
            current = path.read_text(encoding="utf-8")
            wanted = replace_table(current, render_table(context, language), path)
            updates.append((path, current, wanted))
    except OptionsError as error:
        print(f"ERROR: {error}", file=sys.stderr)
        return 2

    stale = [(path, current, wanted) for path, current, wanted in updates if current != wanted]
    if args.check:
        for path, current, wanted in stale:
            diff = difflib.unified_diff(
                current.splitlines(keepends=True), wanted.splitlines(keepends=True), str(path), "expected"
            )
            print(
                f"{path} is stale: its options table does not match {args.cookiecutter_json}.\n"
                f"Regenerate it with: {regenerate}\n" + "".join(diff),
                file=sys.stderr,
            )
        if not stale:
            print(f"The options tables match {args.cookiecutter_json}.")
        return 1 if stale else 0

    for path, _, wanted in stale:
        path.write_text(wanted, encoding="utf-8", newline="\n")
        print(f"Wrote {path}")
    if not stale:
        print("The options tables were already up to date.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
