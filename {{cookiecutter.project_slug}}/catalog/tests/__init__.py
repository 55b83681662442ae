import logging
import warnings

# Django logs every expected 403, 404 and 409 answer as a warning (a 403 with its
# traceback). Keep the test output readable; server errors (500) are still shown.
logging.getLogger("django.request").setLevel(logging.ERROR)

# Tests run without collectstatic, so STATIC_ROOT does not exist and WhiteNoise
# says so once; the pages' static files are not served in tests anyway.
warnings.filterwarnings("ignore", message="No directory at: ", category=UserWarning)
