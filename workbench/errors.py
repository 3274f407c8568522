"""The error vocabulary: what the environment did (a clear message) versus bugs.

A `KnownError` is something a user can understand and act on: a file that is not
a database, a full disk, a locked file, a duplicate domain. Anything else that
escapes is a bug: the program logs its traceback and says where the log is.
"""

from __future__ import annotations

from pathlib import Path


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



def restore_command(path: Path | None, backup: Path | str) -> str:
    """The command line that restores ``backup`` over the database at ``path``."""
    import shlex

    target = f" --db {shlex.quote(str(path))}" if path is not None else ""
    return f"workbench{target} restore {shlex.quote(str(backup))}"


class DamagedDatabase(CorruptDatabase):
    """A workbench database whose pages are damaged; carries the file for recovery.

    The message names the newest good backup (when the caller found one) and the
    command that restores it."""

    def __init__(self, path: Path | None, detail: str = "", newest_good: Path | None = None,
                 *, what: str = "") -> None:
        where = f" {path.name}" if path else ""
        if newest_good is not None:
            hint = (f"Nothing was changed. The newest good backup is {newest_good}: restore it "
                    f"with File > Restore backup, or `{restore_command(path, newest_good)}`.")
        else:
            hint = ("Nothing was changed. Restore the newest good backup (none passes its "
                    "check in the backups folder beside it: File > Restore backup, or "
                    f"`{restore_command(path, 'BACKUP')}`).")
        super().__init__(
            f"The database file{where} is damaged: "
            + (what or "some of its pages cannot be read back correctly")
            + " (a disk fault, a copy cut short or another program wrote into it).",
            hint=hint)
        self.path = path
        self.detail = detail
        self.newest_good = newest_good


class Conflict(KnownError):
    """A write found the record changed elsewhere since the pane read it; nothing was saved.

    `fields` maps each field in conflict to ``(theirs, mine)``: what is stored now and
    what this write wanted, so the user can see both and choose.
    """

    def __init__(self, what: str, fields: dict[str, tuple[object, object]]) -> None:
        names = ", ".join(sorted(fields))
        super().__init__(
            f"{what} was changed elsewhere (another window or program) since you opened it: "
            f"{names}.",
            hint="Nothing was saved. Keep your version or take theirs.")
        self.what = what
        self.fields = fields

    @property
    def theirs(self) -> dict[str, object]:
        return {name: pair[0] for name, pair in self.fields.items()}

    @property
    def mine(self) -> dict[str, object]:
        return {name: pair[1] for name, pair in self.fields.items()}


def check_unchanged(what: str, stored: dict[str, object], expected: dict[str, object] | None,
                    wanted: dict[str, object]) -> None:
    """Compare-and-set: raise `Conflict` where a stored value is no longer `expected`.

    A field that someone else changed to exactly what this write wants is no conflict.
    """
    if not expected:
        return
    clashes = {name: (stored[name], wanted.get(name)) for name, value in expected.items()
               if name in stored and stored[name] != value and stored[name] != wanted.get(name)}
    if clashes:
        raise Conflict(what, clashes)


class ServerUnreachable(DatabaseError):
    """The database server cannot be reached (down, restarting, wrong address, network)."""


class AuthenticationFailed(DatabaseError):
    """The database server refused the user name or password."""


class PermissionDenied(DatabaseError):
    """The database server's role lacks a right the program needs."""


class WriteConflict(DatabaseError):
    """Another writer held or changed the same rows; the change was not saved (try again)."""
