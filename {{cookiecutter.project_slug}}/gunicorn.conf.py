"""gunicorn settings for the `web:` process in Procfile.

https://docs.gunicorn.org/en/stable/settings.html
"""

import os
import re

from gunicorn.glogging import Logger

# The host tells the web process which port to listen on (Heroku: PORT). Hosts route
# to 0.0.0.0; set WEB_HOST=127.0.0.1 to listen on this computer only.
bind = f"{os.environ.get('WEB_HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"

# Heroku sets WEB_CONCURRENCY to suit the dyno's memory; 2 workers otherwise.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))

# Log requests and errors to the console, where the host's log router reads them.
accesslog = "-"
errorlog = "-"

# A password reset link (/accounts/reset/<user id>/<token>/) opens the account until it
# is used, so the access log keeps its path but not its token.
RESET_TOKEN = re.compile(r"(/reset/[^/\s?]+/)(?!set-password/)[^/\s?]+")


class AccessLogWithoutResetTokens(Logger):
    """gunicorn's logger, with the token of a password reset link left out."""

    def atoms(self, resp, req, environ, request_time):
        return {
            key: RESET_TOKEN.sub(r"\1[token]", value) if isinstance(value, str) else value
            for key, value in super().atoms(resp, req, environ, request_time).items()
        }


logger_class = AccessLogWithoutResetTokens

# Recycle workers now and then so that a slow leak cannot grow without bound.
max_requests = 1000
max_requests_jitter = 100
