"""
Settings for the tests: settings.py, with the few changes that tests need.

`python manage.py test` runs with this module (manage.py picks it for the `test`
command), and so does scripts/check.py. Another test runner must be told its name:
`--settings {{ cookiecutter.project_slug }}.test_settings`, the environment variable
DJANGO_SETTINGS_MODULE={{ cookiecutter.project_slug }}.test_settings, or pytest-django's
`--ds {{ cookiecutter.project_slug }}.test_settings`.
"""

from .settings import *  # noqa: F403
from .settings import STORAGES

# A fast password hasher: many tests create users and log in, and Django's default
# hasher is slow on purpose. MD5 is insecure, so only the tests use it.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The tests run without collectstatic, so they use the plain static files storage:
# WhiteNoise's manifest storage refuses any file that collectstatic has not processed.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

# WhiteNoise looks a static file up when it is asked for, instead of listing all of
# staticfiles/ (once collectstatic has run) for each test client.
WHITENOISE_AUTOREFRESH = True

# The test client speaks plain HTTP, so no redirect to HTTPS, even with DEBUG off.
SECURE_SSL_REDIRECT = False
# stage: authentication

# Tests log in with client.login(), which gives django-axes no request to check, so
# axes is off; the tests of login throttling turn it on for themselves.
AXES_ENABLED = False
# endstage
