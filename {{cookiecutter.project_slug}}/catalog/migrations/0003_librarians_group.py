"""Create the "Librarians" group (MDN tutorial part 8 asks you to make it by hand).

Its members may mark books returned, renew loans and edit the whole catalogue.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CATALOG_MODELS = ("author", "book", "bookinstance", "genre", "language")
LIBRARIAN_CODENAMES = ["can_mark_returned"] + [
    f"{action}_{model}" for action in ("add", "change", "delete", "view") for model in CATALOG_MODELS
]


def create_librarians_group(apps, schema_editor):
    # Permissions are normally created after all migrations have run; create them
    # now so the group can hold them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Librarians")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="catalog", codename__in=LIBRARIAN_CODENAMES)
    )


def remove_librarians_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Librarians").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("catalog", "0002_bookinstance_borrower"),
    ]

    operations = [
        migrations.RunPython(create_librarians_group, remove_librarians_group),
    ]
