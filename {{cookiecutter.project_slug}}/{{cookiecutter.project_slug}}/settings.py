"""
Django settings for {{ cookiecutter.project_slug }} project.

The first part is the file that `django-admin startproject` writes, in its order, with
the edits of MDN tutorial part 11 ("Deployment"): every secret, and every value that
differs between your computer and the server, is read from an environment variable.
On your computer they come from the `.env` file that cookiecutter wrote; on the host,
set them as config vars. `.env.example` lists them all.

Below "Beyond the tutorial", each section adds one thing the tutorial leaves out and
says what it is for. The tests run with test_settings.py, which changes a few of these.

For more information on this file, see
https://docs.djangoproject.com/en/{{ cookiecutter.django_version }}/topics/settings/
For the full list of settings and their values, see
https://docs.djangoproject.com/en/{{ cookiecutter.django_version }}/ref/settings/
"""

import os
from pathlib import Path

import dj_database_url
{%- if cookiecutter.django_version == "5.2" %}
from csp.constants import NONE, SELF
{%- else %}
from django.utils.csp import CSP
{%- endif %}
from dotenv import load_dotenv

from .environment import checked_secret_key, env_bool, env_list, platform_hosts

# Build paths inside the project like this: BASE_DIR / 'subdir'.
BASE_DIR = Path(__file__).resolve().parent.parent

# Read .env for local development. Variables already set in the environment (as a
# host sets them) win over the file, and a missing file is fine.
load_dotenv(BASE_DIR / ".env")

# SECURITY WARNING: keep the secret key used in production secret!
# Checked at start-up: see "Secret key check" below.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")

# SECURITY WARNING: don't run with debug turned on in production!
# Off unless DJANGO_DEBUG says otherwise, so a forgotten variable fails safe.
DEBUG = env_bool("DJANGO_DEBUG", default=False)

# Host names this site answers to, e.g. "mylibrary.herokuapp.com,www.example.com".
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")

# Origins allowed to POST forms across hosts, e.g. "https://www.example.com".
# Same-host HTTPS forms need no entry: SECURE_PROXY_SSL_HEADER below tells Django
# the request came in over HTTPS.
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")


# Application definition

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Serve static files with WhiteNoise under runserver too, as in production.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "catalog.apps.CatalogConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # WhiteNoise serves static files; it goes right after SecurityMiddleware.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "{{ cookiecutter.project_slug }}.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Project-wide templates such as registration/login.html (tutorial part 8).
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "{{ cookiecutter.project_slug }}.wsgi.application"


# Database
# https://docs.djangoproject.com/en/{{ cookiecutter.django_version }}/ref/settings/#databases
# DATABASE_URL (set by the host, or in .env) wins; without it, SQLite in db.sqlite3
# beside manage.py, so the site runs at once on your computer.

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=True,
    ),
}


# Password validation
# https://docs.djangoproject.com/en/{{ cookiecutter.django_version }}/ref/settings/#auth-password-validators

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]


# Internationalization
# https://docs.djangoproject.com/en/{{ cookiecutter.django_version }}/topics/i18n/

LANGUAGE_CODE = {{ ("zh-hans" if cookiecutter.language == "zh-hans" else "en-us") | python_str }}

TIME_ZONE = {{ cookiecutter.time_zone | python_str }}

USE_I18N = True

USE_TZ = True

# Translations of the site's own texts: locale/<language>/LC_MESSAGES/django.po and .mo.
LOCALE_PATHS = [BASE_DIR / "locale"]


# Static files (CSS, JavaScript, Images)
# https://docs.djangoproject.com/en/{{ cookiecutter.django_version }}/howto/static-files/
# collectstatic gathers them into STATIC_ROOT; WhiteNoise serves them with hashed
# names, gzip and Brotli, and far-future cache headers.

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Default primary key field type
# https://docs.djangoproject.com/en/{{ cookiecutter.django_version }}/ref/settings/#default-auto-field

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# stage: authentication

# Redirect to home URL after login (tutorial part 8).
LOGIN_REDIRECT_URL = "/"
# endstage


# ---------------------------------------------------------------------------
# Beyond the tutorial
# Each section below adds to the settings above, and none of them is needed to
# follow the tutorial. `python manage.py check --deploy --fail-level WARNING`
# passes with all of them.
# ---------------------------------------------------------------------------


# Secret key check
# With DEBUG off, a missing or guessable DJANGO_SECRET_KEY stops the site at start-up,
# with a message that says how to make one (environment.py). With DEBUG on, a fixed
# development-only key stands in for a missing one.
SECRET_KEY = checked_secret_key(SECRET_KEY, DEBUG)


# Host names
{%- if cookiecutter.domain_name %}
# The domain name given when the project was made.
ALLOWED_HOSTS.append({{ cookiecutter.domain_name | python_str }})
CSRF_TRUSTED_ORIGINS.append({{ ("https://" ~ cookiecutter.domain_name) | python_str }})
{%- endif %}
# Render, Railway, Fly.io and Heroku name the site in variables of their own
# (environment.py lists them): each host they give is allowed, and trusted for HTTPS
# forms, so the platform's host needs no copying into DJANGO_ALLOWED_HOSTS.
PLATFORM_HOSTS = platform_hosts()
ALLOWED_HOSTS += PLATFORM_HOSTS
CSRF_TRUSTED_ORIGINS += [f"https://{host}" for host in PLATFORM_HOSTS]
if DEBUG:
    ALLOWED_HOSTS += ["localhost", "127.0.0.1", "[::1]"]


# Static files: hashed names only
# collectstatic keeps each file under its hashed name only (styles.3f2a9c1b7e4d.css),
# the one name the static template tag and the admin site ask for: half the files to
# compress at build time and to ship. WHITENOISE_KEEP_ONLY_HASHED_FILES in WhiteNoise's
# docs: https://whitenoise.readthedocs.io/en/stable/django.html
WHITENOISE_KEEP_ONLY_HASHED_FILES = True

# Health check
# /healthz for the host's health checker, over plain HTTP and with any Host (health.py):
# first in MIDDLEWARE, so every other path still goes through the HTTPS redirect and
# the ALLOWED_HOSTS check.
MIDDLEWARE.insert(0, "{{ cookiecutter.project_slug }}.health.HealthCheckMiddleware")
{%- if cookiecutter.database == "postgresql" %}


# PostgreSQL on a host
# DATABASE_URL looks like postgres://USER:PASSWORD@HOST:5432/NAME; the host's
# PostgreSQL add-on sets it.
#
# A host may reach the database through a connection pooler (Fly.io Managed Postgres
# sets DATABASE_URL to PgBouncer) and offer a second, direct URL for migrations. Set it
# as DIRECT_DATABASE_URL, and `manage.py release` and `manage.py migrate` use it; every
# other command, and the site, keep DATABASE_URL. Without it, DATABASE_URL serves all.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if os.environ.get("DIRECT_DATABASE_URL"):
    import sys

    if sys.argv[1:2] in (["release"], ["migrate"]):
        DATABASE_URL = os.environ["DIRECT_DATABASE_URL"]
        DATABASES["default"] = dj_database_url.parse(DATABASE_URL, conn_max_age=600, conn_health_checks=True)
# DATABASE_SSL_REQUIRE=True: connect to PostgreSQL over TLS only (sslmode=require).
# Never for SQLite, and never over a database URL that sets its own sslmode: a URL
# that says ?sslmode=disable (as legacy Fly Postgres URLs on Fly's private network do)
# must go on working.
if (
    env_bool("DATABASE_SSL_REQUIRE", default=False)
    and DATABASE_URL.startswith(("postgres://", "postgresql://"))
    and "sslmode=" not in DATABASE_URL
):
    DATABASES["default"].setdefault("OPTIONS", {})["sslmode"] = "require"
{%- elif cookiecutter.database == "mysql" %}


# MySQL on a host
# DATABASE_URL looks like mysql://USER:PASSWORD@HOST:3306/NAME, e.g. your
# PythonAnywhere MySQL database.
if DATABASES["default"]["ENGINE"] == "django.db.backends.mysql":
    # Django's MySQL backend imports mysqlclient as MySQLdb; mysqlclient needs a C compiler
    # and MySQL's headers to install. PyMySQL, pure Python, stands in for it.
    import pymysql

    pymysql.install_as_MySQLdb()
    # Strict mode: MySQL refuses a value that does not fit instead of silently cutting it
    # (Django's check mysql.W002). Django itself connects with the utf8mb4 character set.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("init_command", "SET sql_mode='STRICT_TRANS_TABLES'")
    # MariaDB cannot build the case-insensitive unique constraints of Genre and Language
    # (models.W044). It needs none: its default collations ignore case, so unique=True on
    # the name already refuses "fantasy" beside "Fantasy".
    SILENCED_SYSTEM_CHECKS = ["models.W044"]
{%- else %}


# SQLite on a host
# On a host whose disk survives a deploy, DATABASE_URL can name a file there, such as
# sqlite:////home/me/data/db.sqlite3 (four slashes before an absolute path).
{%- endif %}


# Sessions (sessions.py)
# A visitor who is not logged in keeps the session, such as the home page's visit
# counter, in a signed cookie, so a page view writes no database row. A logged-in
# session is a row of django_session that logging out deletes; expired rows are
# deleted at each login, so the table stays small without a cron job.
SESSION_ENGINE = "{{ cookiecutter.project_slug }}.sessions"


# Content-Security-Policy
# Pages load scripts, styles, images and fonts from this site only, and no inline
# script or style runs. The templates and the admin need nothing more.
{%- if cookiecutter.django_version == "5.2" %}
# django-csp sends it: https://django-csp.readthedocs.io/en/latest/configuration.html
INSTALLED_APPS += ["csp"]
MIDDLEWARE += ["csp.middleware.CSPMiddleware"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
    },
}
{%- else %}
# Django's own middleware sends it: https://docs.djangoproject.com/en/6.1/ref/csp/
MIDDLEWARE += ["django.middleware.csp.ContentSecurityPolicyMiddleware"]
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "object-src": [CSP.NONE],
}
{%- endif %}
# stage: authentication


# Login throttling, with django-axes
# https://django-axes.readthedocs.io/en/latest/4_configuration.html
# After AXES_FAILURE_LIMIT wrong passwords for one username from one address, that pair
# is locked out of the site's login and the admin's for AXES_COOLOFF_TIME; each attempt
# while locked out starts the wait again. The failures are counted in the database, so
# every web process sees them. templates/registration/lockout.html explains the lockout.
INSTALLED_APPS += ["axes"]
# First: refuses a locked-out username and address before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
# Last: turns a refused login into the lockout page (status 429).
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # Hours: 15 minutes.
# The pair, not either one: a classroom behind one address is not locked out with a
# careless student, and no one elsewhere can lock a user out of their own login.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Store failures only (they expire with the cool-off), not a row per login.
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
# The host's router appends the client's address to X-Forwarded-For, after anything the
# client sent, so the right-most address is the one to trust; without the header (no
# proxy, as under runserver), the address of the connection.
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
AXES_IPWARE_PROXY_ORDER = "right-most"
# endstage


# Email
# https://docs.djangoproject.com/en/{{ cookiecutter.django_version }}/topics/email/
# Sent through the SMTP server in EMAIL_HOST. Without one, emails are printed to the
# console while DEBUG is on (tutorial part 8), and never with DEBUG off: a printed
# password reset link in the host's log would open the account to anyone who reads
# it. The site then sends no email, and its password reset pages say so.
{%- if cookiecutter.django_version == "5.2" %}
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = "catalog.mail.NoMailServerBackend"
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
# Seconds to wait for the mail server, so a dead one cannot hang a page.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
ADMINS = [({{ cookiecutter.author_name | python_str }}, {{ cookiecutter.email | python_str }})]
{%- else %}
# Django 6.1 configures it in MAILERS (the EMAIL_* settings are deprecated); the
# environment variables keep their EMAIL_* names.
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", default=True),
                # Seconds to wait for the mail server, so a dead one cannot hang a page.
                "timeout": int(os.environ.get("EMAIL_TIMEOUT", "10")),
            },
        },
    }
elif DEBUG:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {"default": {"BACKEND": "catalog.mail.NoMailServerBackend"}}
ADMINS = [{{ cookiecutter.email | python_str }}]
{%- endif %}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", {{ cookiecutter.email | python_str }})
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# email_is_set_up: the password reset pages say when the site sends no email.
TEMPLATES[0]["OPTIONS"]["context_processors"].append("catalog.mail.mail_context")


# Logging
# Everything to the console, where the host's log router collects it.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {
            "handlers": ["console"],
            "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
            "propagate": False,
        },
    },
}


# Production security (whenever DEBUG is off)
# https://docs.djangoproject.com/en/{{ cookiecutter.django_version }}/howto/deployment/checklist/
if not DEBUG:
    # The host's proxy terminates TLS and says so in X-Forwarded-Proto (Heroku, Render,
    # Railway, Fly.io, DigitalOcean App Platform). A request without the header
    # keeps the scheme the WSGI server reports, as on PythonAnywhere.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # DJANGO_SECURE_SSL_REDIRECT=False serves plain HTTP, as compose.yaml does on your computer.
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # HSTS: browsers use HTTPS only for this long. Lower it while trying a new domain.
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
