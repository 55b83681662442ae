"""The code the template's hooks run, importable and tested on its own.

The two hook scripts in ``hooks/`` stay thin: they read cookiecutter's answers once
and call :mod:`locallibrary_engine.bake`. Everything here is plain Python with no
third-party imports, so it runs wherever cookiecutter runs (Windows included) and
never needs the network. The modules:

- ``answers``: the validators of the answers (pre-generation hook);
- ``stages``: the tutorial stages, the table of files per stage and the marker cutting;
- ``hosts``: the files and databases of each deploy target;
- ``files``: which files the template writes, and which of them a project keeps;
- ``comments``: code comments in the project's language;
- ``stage_move``: baking over a student's repository without touching their files;
- ``project``: ``.env``, the first git commit and the next steps;
- ``shell``: quoting for the commands printed for the student;
- ``jinja``: the Jinja extension cookiecutter loads (``_extensions`` in cookiecutter.json);
- ``bake``: the two hooks' entry points.
"""

from pathlib import Path

TEMPLATE_DIR = Path(__file__).resolve().parent.parent
PROJECT_TEMPLATE = "{{cookiecutter.project_slug}}"
