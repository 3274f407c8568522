"""The error vocabulary: what the environment did (a clear message) versus bugs.

A `KnownError` is something a user can understand and act on: a file that is not
a database, a full disk, a locked file, a duplicate domain. Anything else that
escapes is a bug: the program logs its traceback and says where the log is.
"""

from __future__ import annotations


class KnownError(Exception):
    """An error of the environment or of the user's input, with a plain message."""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class InvalidInput(KnownError):
    """The user typed or passed something the program cannot accept."""


class NotFound(KnownError):
    """A named account, call or file does not exist."""


class DuplicateDomain(InvalidInput):
    """Another account already has this domain."""


class DatabaseError(KnownError):
    """The database file cannot be opened, read or written."""


class DatabaseLocked(DatabaseError):
    """Another program holds the database for writing longer than we waited."""


class DiskFull(DatabaseError):
    """The disk holding the database is full; the last edit was not applied."""


class ReadOnlyDatabase(DatabaseError):
    """The database file or its folder cannot be written."""


class CorruptDatabase(DatabaseError):
    """The file is damaged or is not a workbench database at all."""


class ServerUnreachable(DatabaseError):
    """The database server cannot be reached (down, restarting, wrong address, network)."""


class AuthenticationFailed(DatabaseError):
    """The database server refused the user name or password."""


class PermissionDenied(DatabaseError):
    """The database server's role lacks a right the program needs."""


class WriteConflict(DatabaseError):
    """Another writer held or changed the same rows; the change was not saved (try again)."""
