"""gunicorn settings for the `web:` process in Procfile.

https://docs.gunicorn.org/en/stable/settings.html
"""

import os

# The host tells the web process which port to listen on (Heroku: PORT). Hosts route
# to 0.0.0.0; set WEB_HOST=127.0.0.1 to listen on this computer only.
bind = f"{os.environ.get('WEB_HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"

# Heroku sets WEB_CONCURRENCY to suit the dyno's memory; 2 workers otherwise.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))

# Log requests and errors to the console, where the host's log router reads them.
accesslog = "-"
errorlog = "-"

# Recycle workers now and then so that a slow leak cannot grow without bound.
max_requests = 1000
max_requests_jitter = 100
