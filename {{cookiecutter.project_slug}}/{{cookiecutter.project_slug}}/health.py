"""/healthz: the answer a host's health checker reads.

200 "ok" when the database answers a query, 503 when it does not. The host's checker
calls the web process directly, over plain HTTP and with an internal address as Host,
so this middleware comes first in MIDDLEWARE: it answers the one exact path before
SecurityMiddleware (the HTTPS redirect) and CommonMiddleware (ALLOWED_HOSTS) see the
request, and every other path goes through both, unchanged. It reads no session, sets
no cookie and writes nothing.
"""

import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse

HEALTH_PATH = "/healthz"

logger = logging.getLogger(__name__)


def plain(text, status):
    response = HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != HEALTH_PATH:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = plain("", 405)
            response["Allow"] = "GET, HEAD"
            return response
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError as error:
            logger.warning("Health check: the database did not answer: %s: %s", type(error).__name__, error)
            return plain("database unavailable\n", 503)
        return plain("ok\n", 200)
