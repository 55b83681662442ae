"""gunicorn settings for the `web:` process in Procfile.

https://docs.gunicorn.org/en/stable/settings.html
"""

import os
import re

from gunicorn.glogging import Logger

# The host tells the web process which port to listen on (Heroku: PORT). The hosts'
# routers and health checkers reach it over IPv4 (Fly.io's proxy too, at each Machine's
# private IPv4 address), so the default 0.0.0.0 serves them. WEB_HOST=127.0.0.1 listens
# on this computer only; WEB_HOST=:: also listens on IPv6, for a network that has only
# IPv6 (on Linux, IPv4 clients still reach it), as Heroku's own sample app does.
WEB_HOST = os.environ.get("WEB_HOST", "0.0.0.0")
if ":" in WEB_HOST and not WEB_HOST.startswith("["):
    WEB_HOST = f"[{WEB_HOST}]"  # An IPv6 address goes in brackets before the port.
bind = f"{WEB_HOST}:{os.environ.get('PORT', '8000')}"

# Heroku sets WEB_CONCURRENCY to suit the dyno's memory; 2 workers otherwise.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Each worker serves with a few threads (Heroku's Python guidance), so a request that
# waits on the database or a slow mail server does not hold up the others, and so idle
# connections from the router can stay open (the default sync worker closes every
# connection after one response). Each thread may keep a database connection open.
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))

# Keep an idle connection from the host's router open longer than the router does
# (Heroku's Router 2.0 closes idle connections after 90 seconds), so that the router
# always closes it first and never sends a request down a connection gunicorn is
# closing. gunicorn's default, 5 seconds, suits clients that connect directly.
keepalive = 100

# After SIGTERM (a deploy, a restart, a scale-down), workers get this many seconds to
# finish the requests they are serving. Heroku stops a dyno 30 seconds after SIGTERM,
# Render an instance 30 seconds after (maxShutdownDelaySeconds), fly.toml gives 30
# (kill_timeout), so 20 leaves time to spare.
graceful_timeout = 20

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
