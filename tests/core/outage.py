"""`database_down()`: the default database cannot be reached for the duration, as when its server is down or its
file cannot be opened. The connection's settings are pointed at nothing; the real driver then fails to connect."""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection


@contextmanager
def database_down(tmp_path):
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = str(tmp_path / "no-such-directory" / "buurtwacht.sqlite3")
    else:  # PostgreSQL: a port where nothing listens
        connection.settings_dict.update({"HOST": "127.0.0.1", "PORT": "9"})
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
