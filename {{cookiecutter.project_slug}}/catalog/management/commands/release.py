"""The release step of every host: `python manage.py release`.

It runs `migrate`, then creates the site's first superuser from the environment
variables DJANGO_SUPERUSER_USERNAME, DJANGO_SUPERUSER_PASSWORD and (if you like)
DJANGO_SUPERUSER_EMAIL, so that a host without a shell (Render's free plan, for one)
still gets an administrator.

Set them as the host's secret variables and deploy. The user is created once: when a
user of that name exists, every later release leaves it as it is, password included,
so you can change the password in the admin site and deploy again. Without the two
variables nothing is created. The password is checked by AUTH_PASSWORD_VALIDATORS and
never printed. Delete the variables once you have logged in.
"""

import os

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

USERNAME = "DJANGO_SUPERUSER_USERNAME"
PASSWORD = "DJANGO_SUPERUSER_PASSWORD"
EMAIL = "DJANGO_SUPERUSER_EMAIL"

# What the command prints, in the project's language; the variables' names stay as they are.
{%- if cookiecutter.language == "zh-hans" %}
MESSAGES = {
    "help": "迁移数据库，然后根据 DJANGO_SUPERUSER_* 环境变量创建第一个超级用户（只创建一次）。",
    "missing": "请同时设置 DJANGO_SUPERUSER_USERNAME 和 DJANGO_SUPERUSER_PASSWORD（或者都不设置）：缺少 {missing}。",
    "none": "没有设置 DJANGO_SUPERUSER_USERNAME 和 DJANGO_SUPERUSER_PASSWORD：不创建超级用户。",
    "exists": "用户 {username!r} 已经存在：保持不变，密码也不变。",
    "weak": "DJANGO_SUPERUSER_PASSWORD 不符合密码规则：{problems} 请换一个更强的密码，然后重新部署。",
    "created": "已根据 DJANGO_SUPERUSER_USERNAME 和 DJANGO_SUPERUSER_PASSWORD 创建超级用户 {username!r}。",
}
{%- else %}
MESSAGES = {
    "help": "Migrate the database, then create the first superuser from DJANGO_SUPERUSER_* (once).",
    "missing": "Set both DJANGO_SUPERUSER_USERNAME and DJANGO_SUPERUSER_PASSWORD (or neither): {missing} is missing.",
    "none": "DJANGO_SUPERUSER_USERNAME and DJANGO_SUPERUSER_PASSWORD are not set: no superuser created.",
    "exists": "A user named {username!r} exists already: left as it is, password included.",
    "weak": "DJANGO_SUPERUSER_PASSWORD is refused: {problems} Set a stronger one and deploy again.",
    "created": "Created the superuser {username!r} from DJANGO_SUPERUSER_USERNAME and DJANGO_SUPERUSER_PASSWORD.",
}
{%- endif %}


class Command(BaseCommand):
    help = MESSAGES["help"]

    def handle(self, *args, verbosity, **options):
        username = os.environ.get(USERNAME, "").strip()
        password = os.environ.get(PASSWORD, "")
        email = os.environ.get(EMAIL, "").strip()
        # A half-configured superuser stops the release before it changes anything.
        if bool(username) != bool(password):
            raise CommandError(MESSAGES["missing"].format(missing=PASSWORD if username else USERNAME))
        call_command("migrate", interactive=False, verbosity=verbosity, stdout=self.stdout, stderr=self.stderr)
        if not username:
            self.stdout.write(MESSAGES["none"])
            return
        self.create_superuser(username, email, password)

    def create_superuser(self, username, email, password):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(MESSAGES["exists"].format(username=username))
            return
        try:
            # The unsaved user lets the validators compare the password with the name and email.
            validate_password(password, User(username=username, email=email))
        except ValidationError as error:
            raise CommandError(MESSAGES["weak"].format(problems=" ".join(error.messages))) from None
        User.objects.create_superuser(username=username, email=email, password=password)
        self.stdout.write(self.style.SUCCESS(MESSAGES["created"].format(username=username)))
