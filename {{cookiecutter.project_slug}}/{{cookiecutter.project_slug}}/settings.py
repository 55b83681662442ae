"""
Django settings for {{ cookiecutter.project_slug }} project.

Every secret and every value that differs between your computer and the server is
read from environment variables (MDN tutorial part 11, "Deployment"). On your
computer they come from the `.env` file that cookiecutter wrote; on the host, set
them as config vars. `.env.example` lists them all.

For more information on this file, see
https://docs.djangoproject.com/en/{{ cookiecutter.django_version }}/topics/settings/
For the full list of settings and their values, see
https://docs.djangoproject.com/en/{{ cookiecutter.django_version }}/ref/settings/
"""

import os
import sys
from pathlib import Path

import dj_database_url
{%- if cookiecutter.database == "mysql" %}
import pymysql
{%- endif %}
{%- if cookiecutter.django_version == "5.2" %}
from csp.constants import NONE, SELF
{%- endif %}
from django.core.exceptions import ImproperlyConfigured
{%- if cookiecutter.django_version == "6.1" %}
from django.utils.csp import CSP
{%- endif %}
from dotenv import load_dotenv
{%- if cookiecutter.database == "mysql" %}

# Django's MySQL backend imports mysqlclient as MySQLdb; mysqlclient needs a C compiler
# and MySQL's headers to install. PyMySQL, pure Python, stands in for it.
pymysql.install_as_MySQLdb()
{%- endif %}

# Build paths inside the project like this: BASE_DIR / 'subdir'.
BASE_DIR = Path(__file__).resolve().parent.parent

# Read .env for local development. Variables already set in the environment (as a
# host sets them) win over the file, and a missing file is fine.
load_dotenv(BASE_DIR / ".env")

TRUE_STRINGS = {"true", "1", "yes", "on"}
FALSE_STRINGS = {"false", "0", "no", "off", ""}


def env_bool(name, default):
    """Read a true/false environment variable; "False", "0" and "" are false."""
    value = os.environ.get(name)
    if value is None:
        return default
    if value.strip().lower() in TRUE_STRINGS:
        return True
    if value.strip().lower() in FALSE_STRINGS:
        return False
{%- if cookiecutter.language == "zh-hans" %}
    raise ImproperlyConfigured(f"{name}={value!r} 不是布尔值：请设为 True 或 False。")
{%- else %}
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean: set it to True or False.")
{%- endif %}


def env_list(name):
    """Read a comma-separated environment variable into a list, skipping blanks."""
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


# True while `manage.py test` runs: tests need neither collectstatic nor slow hashing.
TESTING = len(sys.argv) > 1 and sys.argv[1] == "test"

# SECURITY WARNING: don't run with debug turned on in production!
# Off unless DJANGO_DEBUG says otherwise, so a forgotten variable fails safe.
DEBUG = env_bool("DJANGO_DEBUG", default=False)

# SECURITY WARNING: keep the secret key used in production secret!
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if DEBUG and not SECRET_KEY:
    SECRET_KEY = "django-insecure-local-development-only-never-use-in-production"
if not DEBUG and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured(
{%- if cookiecutter.language == "zh-hans" %}
        "DJANGO_SECRET_KEY 缺失或不安全，而 DJANGO_DEBUG 是关闭的。请把 DJANGO_SECRET_KEY 设为"
        "至少 50 个随机字符，例如 "
        '`python -c "import secrets; print(secrets.token_urlsafe(50))"` 的输出'
        "（在 Heroku 上：heroku config:set DJANGO_SECRET_KEY=...），在本地开发时也可以设置 DJANGO_DEBUG=True。"
{%- else %}
        "DJANGO_SECRET_KEY is missing or insecure and DJANGO_DEBUG is off. Set DJANGO_SECRET_KEY to "
        "at least 50 random characters, e.g. the output of "
        '`python -c "import secrets; print(secrets.token_urlsafe(50))"` '
        "(on Heroku: heroku config:set DJANGO_SECRET_KEY=...), or set DJANGO_DEBUG=True for local development."
{%- endif %}
    )

# Host names this site answers to, e.g. "mylibrary.herokuapp.com,www.example.com".
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
{%- if cookiecutter.domain_name %}
ALLOWED_HOSTS.append({{ cookiecutter.domain_name | python_str }})
{%- endif %}

# Hosts name the site in variables of their own: each one set is allowed here and
# trusted for HTTPS forms below, so the platform's own host needs no copying into
# DJANGO_ALLOWED_HOSTS. (DigitalOcean's app spec binds DJANGO_ALLOWED_HOSTS to
# ${APP_DOMAIN}; on PythonAnywhere, put the host in .env.)
PLATFORM_HOST_VARIABLES = (
    ("RENDER_EXTERNAL_HOSTNAME", "{}"),  # Render: myapp.onrender.com
    ("RAILWAY_PUBLIC_DOMAIN", "{}"),  # Railway: myapp.up.railway.app, once a domain is generated
    ("FLY_APP_NAME", "{}.fly.dev"),  # Fly.io: the app name; the site is <name>.fly.dev
    ("HEROKU_APP_DEFAULT_DOMAIN_NAME", "{}"),  # Heroku, with `heroku labs:enable runtime-dyno-metadata`
)
PLATFORM_HOSTS = [host.format(os.environ[name]) for name, host in PLATFORM_HOST_VARIABLES if os.environ.get(name)]
ALLOWED_HOSTS += PLATFORM_HOSTS
if DEBUG:
    ALLOWED_HOSTS += ["localhost", "127.0.0.1", "[::1]"]

# Origins allowed to POST forms across hosts, e.g. "https://www.example.com".
# Same-host HTTPS forms need no entry: SECURE_PROXY_SSL_HEADER below tells Django
# the request came in over HTTPS.
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
{%- if cookiecutter.domain_name %}
CSRF_TRUSTED_ORIGINS.append({{ ("https://" ~ cookiecutter.domain_name) | python_str }})
{%- endif %}
CSRF_TRUSTED_ORIGINS += [f"https://{host}" for host in PLATFORM_HOSTS]


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
{%- if cookiecutter.django_version == "5.2" %}
    "csp",
{%- endif %}
    "catalog.apps.CatalogConfig",
]

MIDDLEWARE = [
    # /healthz for the host's health checker, over plain HTTP and with any Host (health.py);
    # every other path goes on through the HTTPS redirect and the ALLOWED_HOSTS check.
    "{{ cookiecutter.project_slug }}.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # WhiteNoise serves static files; it goes right after SecurityMiddleware.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
{%- if cookiecutter.django_version == "5.2" %}
    "csp.middleware.CSPMiddleware",
{%- else %}
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
{%- endif %}
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
                # email_is_set_up: the password reset pages say when the site sends no email.
                "catalog.mail.mail_context",
            ],
        },
    },
]

WSGI_APPLICATION = "{{ cookiecutter.project_slug }}.wsgi.application"


# Database
# https://docs.djangoproject.com/en/{{ cookiecutter.django_version }}/ref/settings/#databases
{%- if cookiecutter.database == "postgresql" %}
# DATABASE_URL (postgres://USER:PASSWORD@HOST:5432/NAME, set by the host's PostgreSQL
# add-on) wins; without it, SQLite in db.sqlite3, so the site runs at once on your computer.
#
# A host may reach the database through a connection pooler (Fly.io Managed Postgres
# sets DATABASE_URL to PgBouncer) and offer a second, direct URL for migrations. Set it
# as DIRECT_DATABASE_URL, and `manage.py release` and `manage.py migrate` use it; every
# other command, and the site, keep DATABASE_URL. Without it, DATABASE_URL serves all.
MIGRATING = len(sys.argv) > 1 and sys.argv[1] in ("release", "migrate")
DATABASE_URL_VARIABLE = "DIRECT_DATABASE_URL" if MIGRATING and os.environ.get("DIRECT_DATABASE_URL") else "DATABASE_URL"


def postgresql_tls_required():
    """DATABASE_SSL_REQUIRE=True: connect to PostgreSQL over TLS only (sslmode=require).

    Never for SQLite, and never over a database URL that sets its own sslmode: a URL
    that says ?sslmode=disable (as legacy Fly Postgres URLs on Fly's private network do)
    must go on working.
    """
    url = os.environ.get(DATABASE_URL_VARIABLE, "")
    is_postgresql = url.startswith(("postgres://", "postgresql://"))
    return env_bool("DATABASE_SSL_REQUIRE", default=False) and is_postgresql and "sslmode=" not in url
{% elif cookiecutter.database == "mysql" %}
# DATABASE_URL (mysql://USER:PASSWORD@HOST:3306/NAME, e.g. your PythonAnywhere MySQL
# database) wins; without it, SQLite in db.sqlite3, so the site runs at once on your computer.
{%- else %}
# SQLite: db.sqlite3 beside manage.py, or the file DATABASE_URL names, such as
# sqlite:////home/me/data/db.sqlite3 (four slashes before an absolute path).
{%- endif %}

DATABASES = {
    "default": dj_database_url.config(
{%- if cookiecutter.database == "postgresql" %}
        env=DATABASE_URL_VARIABLE,
{%- endif %}
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=True,
{%- if cookiecutter.database == "postgresql" %}
        ssl_require=postgresql_tls_required(),
{%- endif %}
    ),
}
{%- if cookiecutter.database == "mysql" %}
if DATABASES["default"]["ENGINE"] == "django.db.backends.mysql":
    # Strict mode: MySQL refuses a value that does not fit instead of silently cutting it
    # (Django's check mysql.W002). Django itself connects with the utf8mb4 character set.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("init_command", "SET sql_mode='STRICT_TRANS_TABLES'")
    # MariaDB cannot build the case-insensitive unique constraints of Genre and Language
    # (models.W044). It needs none: its default collations ignore case, so unique=True on
    # the name already refuses "fantasy" beside "Fantasy".
    SILENCED_SYSTEM_CHECKS = ["models.W044"]
{%- endif %}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# Sessions (sessions.py): a visitor who is not logged in keeps the session, such as the
# home page's visit counter, in a signed cookie, so a page view writes no database row.
# A logged-in session is a row of django_session that logging out deletes; expired rows
# are deleted at each login, so the table stays small without a cron job.
SESSION_ENGINE = "{{ cookiecutter.project_slug }}.sessions"


# Password validation
# https://docs.djangoproject.com/en/{{ cookiecutter.django_version }}/ref/settings/#auth-password-validators

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

if TESTING:
    # A fast hasher keeps the test suite quick; never used outside tests.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # WhiteNoise looks a static file up when it is asked for, instead of listing all of
    # staticfiles/ (once collectstatic has run) for each test client.
    WHITENOISE_AUTOREFRESH = True
# stage: authentication

# Redirect to home URL after login (tutorial part 8).
LOGIN_REDIRECT_URL = "/"


# Login throttling, with django-axes (not in the tutorial)
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
# Tests log in with client.login(), which gives axes no request to check, so axes is off
# under `manage.py test`; the tests of throttling turn it on for themselves.
AXES_ENABLED = not TESTING
# endstage


# Internationalization
# https://docs.djangoproject.com/en/{{ cookiecutter.django_version }}/topics/i18n/

LANGUAGE_CODE = {{ ("zh-hans" if cookiecutter.language == "zh-hans" else "en-us") | python_str }}

TIME_ZONE = {{ cookiecutter.time_zone | python_str }}

USE_I18N = True

# Translations of the site's own texts: locale/<language>/LC_MESSAGES/django.po and .mo.
LOCALE_PATHS = [BASE_DIR / "locale"]

USE_TZ = True


# Static files (CSS, JavaScript, Images)
# https://docs.djangoproject.com/en/{{ cookiecutter.django_version }}/howto/static-files/
# collectstatic gathers them into STATIC_ROOT; WhiteNoise serves them with hashed
# names, gzip and Brotli, and far-future cache headers.

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            # Tests run without collectstatic, so they use the plain storage.
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}


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
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", {{ cookiecutter.email | python_str }})
SERVER_EMAIL = DEFAULT_FROM_EMAIL
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
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", {{ cookiecutter.email | python_str }})
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [{{ cookiecutter.email | python_str }}]
{%- endif %}

# Logging: everything to the console, where Heroku's log router collects it.

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


# ---------------------------------------------------------------------------
# Production security (active whenever DEBUG is off)
# `python manage.py check --deploy --fail-level WARNING` passes with these.
# https://docs.djangoproject.com/en/{{ cookiecutter.django_version }}/howto/deployment/checklist/
# ---------------------------------------------------------------------------

# Content-Security-Policy: pages load scripts, styles, images and fonts from this
# site only, and no inline script or style runs. The templates and the admin need
# nothing more.
{%- if cookiecutter.django_version == "5.2" %}
# django-csp sends it: https://django-csp.readthedocs.io/en/latest/configuration.html
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
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "object-src": [CSP.NONE],
}
{%- endif %}

if not DEBUG:
    # The host's proxy terminates TLS and says so in X-Forwarded-Proto (Heroku, Render,
    # Railway, Fly.io, DigitalOcean App Platform). A request without the header
    # keeps the scheme the WSGI server reports, as on PythonAnywhere.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Not under `manage.py test`: the test client speaks plain HTTP.
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not TESTING)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # HSTS: browsers use HTTPS only for this long. Lower it while trying a new domain.
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
