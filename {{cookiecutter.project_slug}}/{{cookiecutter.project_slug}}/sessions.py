"""Sessions that cost the database nothing until someone logs in.

SESSION_ENGINE in settings.py names this module. A visitor who is not logged in keeps
their session (the home page's num_visits, tutorial part 7) in a signed cookie, as
Django's signed_cookies engine does: a page view writes no database row, however many
crawlers and uptime checkers come by. A session that holds a logged-in user, or that
would not fit in a cookie, lives in the django_session table, as with Django's default
engine: logging out deletes the row, so a copied cookie stops working at once.

Each time a row is created (at login), the expired rows are deleted, so the table stays
small on every host without a cron job running `manage.py clearsessions`.
The tutorial's code is unchanged: request.session works as it always has.
"""

from asgiref.sync import sync_to_async
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import db
from django.core import signing

# Browsers keep cookies of up to 4096 bytes, name and attributes included.
COOKIE_LIMIT = 3500
SALT = "{{ cookiecutter.project_slug }}.sessions"
# What a cookie that is not a valid session raises. A name, not a parenthesized tuple in the
# except clause: Ruff formats that clause differently for Python 3.14 (PEP 758).
UNREADABLE = (signing.BadSignature, ValueError)


def is_signed(session_key):
    """A cookie-held session's key is its signed data, with ":" in it; a row's key never has one."""
    return bool(session_key) and ":" in session_key


class SessionStore(db.SessionStore):
    def load(self):
        if not is_signed(self.session_key):
            return super().load()
        try:
            data = signing.loads(
                self.session_key, serializer=self.serializer, max_age=self.get_session_cookie_age(), salt=SALT
            )
        except UNREADABLE:
            data = None
        if not isinstance(data, dict) or SESSION_KEY in data:
            # A bad or expired signature; and a login is never trusted from a cookie.
            self._session_key = None
            return {}
        return data

    def save(self, must_create=False):
        data = self._get_session(no_load=must_create)
        signed = None
        if SESSION_KEY not in data:
            signed = signing.dumps(data, compress=True, salt=SALT, serializer=self.serializer)
        if signed is not None and len(signed) <= COOKIE_LIMIT:
            if self.session_key and not is_signed(self.session_key):
                super().delete(self.session_key)  # The session leaves the database.
            self._session_key = signed
            self.modified = True
            return
        if is_signed(self.session_key):
            self._session_key = None  # Moving into the database: a new random key.
        if self.session_key is None:
            return self.create()
        super().save(must_create=must_create)
        if must_create:
            self.clear_expired()

    def delete(self, session_key=None):
        if session_key is None:
            session_key = self.session_key
        if session_key and not is_signed(session_key):
            super().delete(session_key)

    def cycle_key(self):
        """A new key for the same data (login calls this): a new row, or a new signature."""
        data = self._session
        key = self.session_key
        self._session_key = None
        self._session_cache = data
        self.save()
        self.modified = True
        if key and not is_signed(key):
            super().delete(key)

    async def aload(self):
        return await sync_to_async(self.load)()

    async def asave(self, must_create=False):
        return await sync_to_async(self.save)(must_create=must_create)

    async def acreate(self):
        return await sync_to_async(self.create)()

    async def adelete(self, session_key=None):
        return await sync_to_async(self.delete)(session_key=session_key)

    async def acycle_key(self):
        return await sync_to_async(self.cycle_key)()
