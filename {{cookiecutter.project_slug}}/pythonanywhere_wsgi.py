"""WSGI configuration for PythonAnywhere.

PythonAnywhere ignores {{ cookiecutter.project_slug }}/wsgi.py: it runs the WSGI file linked
on your Web tab (e.g. /var/www/yourusername_pythonanywhere_com_wsgi.py). Replace
that file's whole content with this file's, save, and press Reload. README.md walks
through the deploy.
"""

import os
import sys
from pathlib import Path

from django.core.wsgi import get_wsgi_application
from dotenv import load_dotenv

# The folder that holds manage.py: the clone in your home folder. Change it if you
# cloned the repository somewhere else.
PROJECT_DIR = Path.home() / {{ cookiecutter.project_slug | python_str }}

if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

# The production settings (secret key, DEBUG off, host name, database) live in the
# project's .env file, which git never stores: create it on PythonAnywhere. Web app
# and Bash consoles (manage.py) then read the same file.
load_dotenv(PROJECT_DIR / ".env")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "{{ cookiecutter.project_slug }}.settings")

application = get_wsgi_application()
