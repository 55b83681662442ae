"""The PostgreSQL and MariaDB servers the tests use, and throwaway databases on them.

The drivers (psycopg, PyMySQL) are imported inside the functions, so a test that needs no
database server loads neither. An unreachable server skips the test that needs it, with the
command that starts it, and fails it under CI=true.
"""

import os
import urllib.parse
import uuid
from contextlib import contextmanager

from support import unavailable

POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
POSTGRES_START_HINT = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
MARIADB_ADMIN_URL = os.environ.get("TEST_MARIADB_URL", "mysql://root@127.0.0.1:3306")
MARIADB_START_HINT = "start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd"


def reachable_postgres():
    """The PostgreSQL administrator's URL, once a connection to it works."""
    import psycopg

    try:
        with psycopg.connect(POSTGRES_ADMIN_URL, connect_timeout=3):
            pass
    except psycopg.OperationalError as error:
        unavailable(
            f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}: {str(error).strip()}",
            f"start it with: {POSTGRES_START_HINT}",
        )
    return POSTGRES_ADMIN_URL


@contextmanager
def new_postgres_database(admin_url):
    """A new empty PostgreSQL database; yields its URL and drops it afterwards."""
    import psycopg

    name = f"ll_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = admin_url.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'DROP DATABASE IF EXISTS "test_{name}" WITH (FORCE)')


def reachable_mariadb():
    """Connection arguments of the MariaDB (or MySQL) administrator, once a connection works."""
    import pymysql

    url = urllib.parse.urlsplit(MARIADB_ADMIN_URL)
    admin = {
        "host": url.hostname or "127.0.0.1",
        "port": url.port or 3306,
        "user": urllib.parse.unquote(url.username or "root"),
        "password": urllib.parse.unquote(url.password or ""),
    }
    try:
        pymysql.connect(**admin, connect_timeout=3).close()
    except pymysql.err.OperationalError as error:
        unavailable(
            f"MariaDB is not reachable at {MARIADB_ADMIN_URL}: {error}",
            f"start it with: {MARIADB_START_HINT}",
        )
    return admin


@contextmanager
def new_mariadb_database(admin):
    """A new empty MariaDB database; yields its URL and drops it afterwards."""
    import pymysql

    name = f"ll_{uuid.uuid4().hex[:12]}"
    with pymysql.connect(**admin, autocommit=True) as conn, conn.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
    try:
        yield f"{MARIADB_ADMIN_URL.rstrip('/')}/{name}"
    finally:
        with pymysql.connect(**admin, autocommit=True) as conn, conn.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
            cursor.execute(f"DROP DATABASE IF EXISTS `test_{name}`")
