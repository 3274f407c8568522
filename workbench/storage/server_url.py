"""Database server URLs: the driver a bare `postgresql://` means, and passwords kept out of sight.

A password may arrive inside a URL (`--db`, `WORKBENCH_DB`). It is used to connect and
kept in this process's memory only: what is logged, shown or written to the recent
files is the URL without it. A URL without a password lets the server's client
library find it in `~/.pgpass` or a service file, which is the way the README advises.
"""

from __future__ import annotations

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from workbench.logs import MASK, mask  # noqa: F401 - masking lives with the log, below storage

# Drivers SQLAlchemy would pick for a bare `postgresql://` (psycopg2) are not ours.
_BARE_POSTGRES = ("postgresql", "postgres")
DRIVER = "postgresql+psycopg"

# The real URLs this process opened, by their password-free form: reopening one from
# the recent files in the same session needs no password typed again.
_known: dict[str, str] = {}


def normalise(url: str) -> str:
    """`postgresql://` and `postgres://` mean PostgreSQL through psycopg 3, the declared driver."""
    scheme, sep, rest = url.partition("://")
    if sep and scheme.lower() in _BARE_POSTGRES:
        return f"{DRIVER}://{rest}"
    return url


def _parse(url: str) -> URL | None:
    try:
        return make_url(url)
    except ArgumentError:
        return None


def without_password(url: str) -> str:
    """The URL as it may be written down: no password (the client library finds it itself)."""
    parsed = _parse(url)
    if parsed is None:
        return mask(url)
    query = {k: v for k, v in parsed.query.items() if k.lower() != "password"}
    if parsed.password is None and query == dict(parsed.query):
        return url
    return URL.create(parsed.drivername, username=parsed.username, host=parsed.host,
                      port=parsed.port, database=parsed.database,
                      query=query).render_as_string(hide_password=False)


def remember(url: str) -> str:
    """Keep `url` in memory under its password-free form and return that form."""
    public = without_password(url)
    if public != url:
        _known[public] = url
    return public


def recall(url: str) -> str:
    """The URL with the password this process was given for it, if it was given one."""
    return _known.get(url, url)


def is_server(url: str) -> bool:
    """Whether `url` names a database server (not a SQLite file)."""
    return "://" in url and not url.lower().startswith("sqlite")
