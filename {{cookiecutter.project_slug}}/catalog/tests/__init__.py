import logging
import warnings

from django.test.utils import override_settings

# Django logs every expected 403, 404 and 409 answer as a warning (a 403 with its
# traceback). Keep the test output readable; server errors (500) are still shown.
logging.getLogger("django.request").setLevel(logging.ERROR)

# Tests run without collectstatic, so STATIC_ROOT does not exist and WhiteNoise
# says so once; the pages' static files are not served in tests anyway.
warnings.filterwarnings("ignore", message="No directory at: ", category=UserWarning)

# The tests check the tutorial's English texts (such as "Invalid date - renewal in
# past"), so they run in English whatever LANGUAGE_CODE the site uses. test_i18n.py
# switches to Chinese where it checks the translations.
override_settings(LANGUAGE_CODE="en-us").enable()
