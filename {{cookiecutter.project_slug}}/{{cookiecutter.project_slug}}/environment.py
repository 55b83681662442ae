"""Reading the settings' environment variables, for settings.py.

A host gives the site its settings as environment variables (config vars); on your
computer, settings.py loads them from .env first. These helpers turn the text of a
variable into the value a setting needs, and refuse a value that would be unsafe.
"""

import os

from django.core.exceptions import ImproperlyConfigured

TRUE_STRINGS = {"true", "1", "yes", "on"}
FALSE_STRINGS = {"false", "0", "no", "off", ""}

# Hosts name the site in variables of their own: (variable, host name made from its value).
# DigitalOcean's app spec binds DJANGO_ALLOWED_HOSTS to ${APP_DOMAIN} instead; on
# PythonAnywhere, put the host in .env.
PLATFORM_HOST_VARIABLES = (
    ("RENDER_EXTERNAL_HOSTNAME", "{}"),  # Render: myapp.onrender.com
    ("RAILWAY_PUBLIC_DOMAIN", "{}"),  # Railway: myapp.up.railway.app, once a domain is generated
    ("FLY_APP_NAME", "{}.fly.dev"),  # Fly.io: the app name; the site is <name>.fly.dev
    ("HEROKU_APP_DEFAULT_DOMAIN_NAME", "{}"),  # Heroku, with `heroku labs:enable runtime-dyno-metadata`
)

# A stand-in key for local work with DEBUG on and no DJANGO_SECRET_KEY; never accepted with DEBUG off.
DEVELOPMENT_SECRET_KEY = "django-insecure-local-development-only-never-use-in-production"

# The start-up errors, in the project's language.
{%- if cookiecutter.language == "zh-hans" %}
NOT_A_BOOLEAN = "{name}={value!r} 不是布尔值：请设为 True 或 False。"
INSECURE_SECRET_KEY = (
    "DJANGO_SECRET_KEY 缺失或不安全，而 DJANGO_DEBUG 是关闭的。请把 DJANGO_SECRET_KEY 设为"
    "至少 50 个随机字符，例如 "
    '`python -c "import secrets; print(secrets.token_urlsafe(50))"` 的输出'
    "（在 Heroku 上：heroku config:set DJANGO_SECRET_KEY=...），在本地开发时也可以设置 DJANGO_DEBUG=True。"
)
{%- else %}
NOT_A_BOOLEAN = "{name}={value!r} is not a boolean: set it to True or False."
INSECURE_SECRET_KEY = (
    "DJANGO_SECRET_KEY is missing or insecure and DJANGO_DEBUG is off. Set DJANGO_SECRET_KEY to "
    "at least 50 random characters, e.g. the output of "
    '`python -c "import secrets; print(secrets.token_urlsafe(50))"` '
    "(on Heroku: heroku config:set DJANGO_SECRET_KEY=...), or set DJANGO_DEBUG=True for local development."
)
{%- endif %}


def env_bool(name, default):
    """Read a true/false environment variable; "False", "0" and "" are false."""
    value = os.environ.get(name)
    if value is None:
        return default
    if value.strip().lower() in TRUE_STRINGS:
        return True
    if value.strip().lower() in FALSE_STRINGS:
        return False
    raise ImproperlyConfigured(NOT_A_BOOLEAN.format(name=name, value=value))


def env_list(name):
    """Read a comma-separated environment variable into a list, skipping blanks."""
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def checked_secret_key(secret_key, debug):
    """The secret key to run with; with DEBUG off, a missing or guessable key stops the start.

    The rules are those of Django's own deployment check: at least 50 characters, at
    least 5 different ones, and not Django's "django-insecure" prefix. With DEBUG on, a
    fixed development-only key stands in for a missing one, so local work needs no setup.
    """
    if debug and not secret_key:
        return DEVELOPMENT_SECRET_KEY
    if not debug and (len(secret_key) < 50 or len(set(secret_key)) < 5 or secret_key.startswith("django-insecure")):
        raise ImproperlyConfigured(INSECURE_SECRET_KEY)
    return secret_key


def platform_hosts():
    """The site's host names that the platform's own variables give (none on your computer)."""
    return [host.format(os.environ[name]) for name, host in PLATFORM_HOST_VARIABLES if os.environ.get(name)]
