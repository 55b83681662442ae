"""The generated project's check script, migrations and local run, in a virtualenv built from its pins.

The check script passing at every stage: test_stages.py. The project's test suite under
every Python, Django version and database: test_runtime_options.py.
"""

import pytest

pytestmark = pytest.mark.slow


def test_check_script_fails_when_a_check_fails(baked, dev_venv):
    project = baked()
    (project / "catalog" / "broken.py").write_text("import os\n")  # F401: unused import.
    result = dev_venv.run(["scripts/check.py", "lint"], cwd=project, check=False)
    assert result.returncode == 1
    assert "Failed checks: lint" in result.stderr


def test_check_script_rejects_unknown_check_names(default_project, dev_venv):
    result = dev_venv.run(["scripts/check.py", "nonsense"], cwd=default_project, check=False)
    assert result.returncode == 2
    assert "Unknown check(s): nonsense" in result.stderr


def test_check_script_speaks_chinese_in_a_zh_hans_project(baked, dev_venv):
    project = baked(language="zh-hans")
    (project / "catalog" / "broken.py").write_text("import os\n")
    result = dev_venv.run(["scripts/check.py", "lint"], cwd=project, check=False)
    assert result.returncode == 1
    assert "<== lint：失败（退出码 1）" in result.stdout and "未通过的检查：lint" in result.stderr
    workflow = (project / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    assert "- name: 安装固定版本的依赖" in workflow and "Install the pinned requirements" not in workflow


def test_migrations_match_the_models(default_project, dev_venv):
    dev_venv.run(["manage.py", "makemigrations", "--check", "--dry-run"], cwd=default_project)


def test_local_development_runs_on_sqlite_from_the_env_file(baked, dev_venv):
    """Straight after baking: .env gives DEBUG and a key, SQLite needs no server."""
    project = baked()
    dev_venv.run(["manage.py", "migrate", "--noinput"], cwd=project)
    assert (project / "db.sqlite3").is_file()
    shown = dev_venv.django_shell(
        project, "from django.conf import settings as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'])"
    )
    assert shown.split() == ["True", "django.db.backends.sqlite3"]


def test_librarians_group_is_created_by_migrate(baked, dev_venv):
    project = baked()
    dev_venv.run(["manage.py", "migrate", "--noinput"], cwd=project)
    perms = dev_venv.django_shell(
        project,
        "from django.contrib.auth.models import Group; "
        "print(sorted(Group.objects.get(name='Librarians').permissions.values_list('codename', flat=True)))",
    )
    assert "'can_mark_returned'" in perms and "'add_book'" in perms and "'delete_author'" in perms
