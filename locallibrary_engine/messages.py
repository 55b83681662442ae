"""What the hooks tell the student, in the language of the project they bake.

Each message has an English and a Simplified Chinese text with the same ``{fields}``;
answers, file names, commands and option names go into the fields as they are. A
student who answered ``language=zh-hans`` reads Chinese from the first error to the
next steps; an unknown language falls back to English. tests/test_engine.py checks
that every message has both texts, with the same fields.
"""

LANGUAGES = ("en", "zh-hans")

MESSAGES = {
    # bake.py
    "cannot_generate": {
        "en": "ERROR: cannot generate the project:",
        "zh-hans": "错误：无法生成项目：",
    },
    "nothing_written_answers": {
        "en": "Nothing was written. Run cookiecutter again with corrected answers.",
        "zh-hans": "没有写入任何文件。请改正答案后重新运行 cookiecutter。",
    },
    "nothing_written_files": {
        "en": "Nothing was written. Your files are as they were.",
        "zh-hans": "没有写入任何文件。你的文件保持原样。",
    },
    "rolled_back": {
        "en": "ERROR: the bake failed; every file was put back as it was.",
        "zh-hans": "错误：生成失败；所有文件都已恢复原样。",
    },
    # answers.py
    "line_break": {
        "en": "{name} contains a line break; enter it on one line, as plain text.",
        "zh-hans": "{name} 含有换行符；请在一行内输入纯文本。",
    },
    "control_character": {
        "en": "{name} contains the control character {char}; enter it on one line, as plain text.",
        "zh-hans": "{name} 含有控制字符 {char}；请在一行内输入纯文本。",
    },
    "too_long": {
        "en": "{name} is {length} characters long; shorten it to {limit} characters or fewer.",
        "zh-hans": "{name} 有 {length} 个字符，太长了；请缩短到 {limit} 个字符以内。",
    },
    "project_name_empty": {
        "en": "project_name is empty: give your project a name, e.g. 'Local Library'.",
        "zh-hans": "project_name 为空：请给项目起个名字，例如 '本地图书馆'。",
    },
    "slug_invalid": {
        "en": "project_slug {slug} is not a valid Python package name for the project. "
        "Use lowercase letters, digits and underscores, starting with a letter, e.g. 'locallibrary'.",
        "zh-hans": "project_slug {slug} 不能用作项目的 Python 包名。"
        "请只用小写字母、数字和下划线，并以字母开头，例如 'locallibrary'。",
    },
    "slug_keyword": {
        "en": "project_slug {slug} is a Python keyword. "
        "Use lowercase letters, digits and underscores, starting with a letter, e.g. 'locallibrary'.",
        "zh-hans": "project_slug {slug} 是 Python 关键字。"
        "请只用小写字母、数字和下划线，并以字母开头，例如 'locallibrary'。",
    },
    "slug_shadows": {
        "en": "project_slug {slug} would shadow the module {slug} ({reason}). "
        "Choose another name, e.g. 'locallibrary' or 'mylibrary'.",
        "zh-hans": "project_slug {slug} 会遮蔽同名模块 {slug}（{reason}）。"
        "请换一个名字，例如 'locallibrary' 或 'mylibrary'。",
    },
    "reason_stdlib": {
        "en": "Python's standard library",
        "zh-hans": "Python 标准库中的模块",
    },
    "reason_requirements": {
        "en": "installed by the project's requirements",
        "zh-hans": "项目依赖安装的模块",
    },
    "reason_folder": {
        "en": "the project's own folder {path}/",
        "zh-hans": "项目自己的文件夹 {path}/",
    },
    "reason_file": {
        "en": "the project's own file {path}",
        "zh-hans": "项目自己的文件 {path}",
    },
    "reason_staticfiles": {
        "en": "the folder collectstatic writes",
        "zh-hans": "collectstatic 写入的文件夹",
    },
    "reason_test": {
        "en": "Python's own test package",
        "zh-hans": "Python 自带的测试包",
    },
    "reason_tests": {
        "en": "the name test runners look for",
        "zh-hans": "测试运行器会查找的名字",
    },
    "email_invalid": {
        "en": "email {email} does not look like an email address; enter one like 'you@example.com'.",
        "zh-hans": "email {email} 不像是电子邮件地址；请输入类似 'you@example.com' 的地址。",
    },
    "domain_invalid": {
        "en": "domain_name {domain} is not a host name. Enter a lowercase host such as "
        "'mylibrary.herokuapp.com' (no 'https://', no path), or leave it empty.",
        "zh-hans": "domain_name {domain} 不是主机名。请输入小写的主机名，例如 'mylibrary.herokuapp.com'"
        "（不带 'https://'，也不带路径），或者留空。",
    },
    "not_supported": {
        "en": "{name} {value} is not supported; choose one of {choices}.",
        "zh-hans": "不支持 {name} {value}；请从 {choices} 中选择。",
    },
    "stage_unknown": {
        "en": "tutorial_stage {value} is not a stage of the tutorial; choose one of {choices}.",
        "zh-hans": "tutorial_stage {value} 不是教程的阶段；请从 {choices} 中选择。",
    },
    "target_unknown": {
        "en": "deploy_target {value} is unknown; choose one of {choices}.",
        "zh-hans": "未知的 deploy_target {value}；请从 {choices} 中选择。",
    },
    "django_needs_python": {
        "en": "Django {django} needs Python {oldest} or newer: "
        "choose python_version {pythons}, or django_version {djangos}.",
        "zh-hans": "Django {django} 需要 Python {oldest} 或更新的版本：请选择 python_version {pythons}，"
        "或者 django_version {djangos}。",
    },
    "python_range": {"en": "{first} to {last}", "zh-hans": "{first} 到 {last}"},
    "time_zone_unknown": {
        "en": "time_zone {value} is not a known time zone; use an IANA name such as 'UTC', "
        "'Europe/London' or 'Asia/Shanghai'.",
        "zh-hans": "time_zone {value} 不是已知的时区；"
        "请使用 IANA 时区名，例如 'Asia/Shanghai'、'UTC' 或 'Europe/London'。",
    },
    "database_for_target": {
        "en": "database {database} cannot work with deploy_target {target}: {reason}. "
        "Choose database {allowed}, or deploy_target {hosts}.",
        "zh-hans": "database {database} 不能用于 deploy_target {target}：{reason}。请选择 database {allowed}，"
        "或者 deploy_target {hosts}。",
    },
    "reason_all_targets": {
        "en": "'all' writes every host's files, and PostgreSQL is the database all of them offer",
        "zh-hans": "'all' 会写入所有主机的文件，而所有主机都提供的数据库只有 PostgreSQL",
    },
    "reason_disk_wiped": {
        "en": "{target} wipes the site's disk on every deploy or restart, so an SQLite database would be lost",
        "zh-hans": "{target} 每次部署或重启都会清空网站的磁盘，SQLite 数据库会因此丢失",
    },
    "reason_no_database": {
        "en": "{target} offers no {database} database",
        "zh-hans": "{target} 不提供 {database} 数据库",
    },
    "or": {"en": " or ", "zh-hans": " 或 "},
    # stage_move.py
    "inside_project": {
        "en": "{folder} is inside your project {outer}, so this bake would put a second project in it. "
        "Run cookiecutter from the folder that holds your project: cd {parent}",
        "zh-hans": "{folder} 在你的项目 {outer} 里面，这样生成会在项目中再放一个项目。"
        "请在包含项目的文件夹中运行 cookiecutter：cd {parent}",
    },
    "no_record": {
        "en": "{folder} has no [tool.locallibrary] table in its pyproject.toml, so the bake cannot tell the "
        "template's files from yours (projects baked before version 1.1 have none). Add the table with the "
        "stage and host the project was baked with, commit, and bake again:\n{table}",
        "zh-hans": "{folder} 的 pyproject.toml 中没有 [tool.locallibrary] 表，所以生成时无法分辨哪些是模板的文件、"
        "哪些是你的文件（1.1 版之前生成的项目都没有这个表）。请按项目生成时的阶段和主机添加这个表，"
        "提交后再生成一次：\n{table}",
    },
    "not_a_project": {
        "en": "{folder} already exists and is not a LocalLibrary project baked from this template. "
        "Choose another project_slug or output folder, or move that folder away.",
        "zh-hans": "{folder} 已经存在，而且不是用这个模板生成的 LocalLibrary 项目。"
        "请换一个 project_slug 或输出文件夹，或者把那个文件夹移走。",
    },
    "no_git": {
        "en": "git was not found, so the bake cannot check that your work is committed. Install git.",
        "zh-hans": "找不到 git，所以无法确认你的工作都已提交。请安装 git。",
    },
    "not_a_repository": {
        "en": "{folder} is not a git repository, so your work could not be got back after the bake. Run: {command}",
        "zh-hans": "{folder} 不是 git 仓库，生成之后就无法找回你的工作。请运行：{command}",
    },
    "status_failed": {
        "en": "`git status` failed in {folder}; fix the repository, then bake again.",
        "zh-hans": "在 {folder} 中运行 `git status` 失败；请先修复仓库，再重新生成。",
    },
    "uncommitted": {
        "en": "your project has uncommitted changes or untracked files:\n{paths}\n"
        "    The bake would write over them. Commit them first: {commit}\n"
        "    (or put them aside with: {stash}), then run the same command again.",
        "zh-hans": "你的项目中有未提交的改动或未跟踪的文件：\n{paths}\n"
        "    生成会覆盖它们。请先提交：{commit}\n"
        "    （或者先把它们收起来：{stash}），然后再运行同一条命令。",
    },
    "and_more": {"en": "... and {count} more", "zh-hans": "……还有 {count} 个"},
    "moved": {
        "en": "The template was baked over your project in {folder}; nothing was committed.",
        "zh-hans": "模板已经生成到 {folder} 中的项目之上；没有提交任何东西。",
    },
    "added": {"en": "Added ({count}):", "zh-hans": "新增（{count}）："},
    "updated": {"en": "Updated ({count}):", "zh-hans": "更新（{count}）："},
    "removed": {"en": "Removed ({count}):", "zh-hans": "删除（{count}）："},
    "no_change": {"en": "No file changed.", "zh-hans": "没有文件改动。"},
    "review": {
        "en": "Your other files were not touched. Review the changes, then run the migrations and the tests:",
        "zh-hans": "你的其他文件都没有被改动。请查看这些改动，然后运行迁移和测试：",
    },
    "commit_when_happy": {
        "en": "Commit when you are happy with the result; `git checkout -- <file>` undoes a change you do not want.",
        "zh-hans": "满意后再提交；不想要的改动可以用 `git checkout -- <文件>` 撤销。",
    },
    # project.py
    "ready": {
        "en": "Your LocalLibrary project is ready in {folder}",
        "zh-hans": "你的 LocalLibrary 项目已生成在 {folder}",
    },
    "repository_created": {
        "en": "A git repository was created on branch 'main' with one commit (.env is not in it).",
        "zh-hans": "已在 'main' 分支上创建 git 仓库并做了第一次提交（.env 不在其中）。",
    },
    "next_steps": {"en": "Next steps:", "zh-hans": "接下来："},
    "open_site": {
        "en": "Then open http://127.0.0.1:8000/ ; README.md explains how to deploy ({guide}).",
        "zh-hans": "然后在浏览器中打开 http://127.0.0.1:8000/ 。如何部署（{guide}），见 README.md。",
    },
    "each_host": {"en": "each host", "zh-hans": "每个主机"},
    "cruft_commit": {
        "en": "cruft records the template version in .cruft.json; commit it with your project:",
        "zh-hans": "cruft 把模板版本记录在 .cruft.json 中；请把它和项目一起提交：",
    },
    "no_git_warning": {
        "en": "WARNING: git was not found, so no repository was created. The project is complete;\n"
        "         install git, then run: {command}",
        "zh-hans": "警告：找不到 git，所以没有创建仓库。项目本身是完整的；\n         安装 git 之后请运行：{command}",
    },
    "git_failed_warning": {
        "en": "WARNING: git failed ({error}); the project is complete but not committed.",
        "zh-hans": "警告：git 运行失败（{error}）；项目是完整的，但没有提交。",
    },
}


def say(key, language="en", **fields):
    """The message `key` in `language` (English when the language has no text), with its fields."""
    texts = MESSAGES[key]
    return texts.get(language, texts["en"]).format(**fields)


def language_of(answers):
    """The language the student asked for, if the hooks speak it; else English."""
    language = answers.get("language") if isinstance(answers, dict) else None
    return language if language in LANGUAGES else "en"
