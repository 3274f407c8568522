"""A refresh round in a process of its own, for the window's background refresh.

Research is Python work in threads (parsing, extracting, tagging): in the window's own
process those threads take the interpreter lock from the window for tens of
milliseconds at a time, and a round of a thousand accounts stalls it over and over.
Here the round (`refresh_round.refresh_due`, unchanged) runs in a child process with
its own connection to the same database; the caller's thread only waits on a pipe
(without the lock), passes progress on and sends Cancel. What the child writes reaches
the window as another process's writes do, and the round's result comes back whole.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from dataclasses import asdict
from datetime import datetime
from typing import Any

from workbench import errors
from workbench.cancel import CancelToken
from workbench.storage.database import Database
from workbench.territory.refresh_round import Progress, RefreshRound, refresh_due
from workbench.territory.schedule import RefreshSchedule

log = logging.getLogger("workbench.territory")

# How often the waiting thread looks at the cancel token between messages.
POLL_S = 0.2
# How much lower than the window the round runs (Unix niceness; 19 is the lowest).
BACKGROUND_NICE = 10


def _child(conn: Any, url: str, schedule: dict[str, Any], now: datetime | None,
           articles: int | None = None) -> None:
    """The child process: run the round, sending ("progress", ...) and then ("done", round)
    or ("failed", message); a "cancel" from the parent cancels the round."""
    from workbench.storage.database import open_database

    # A background round gives way to the rep's window (and anything else in front):
    # the same two cores run both, and the window must get its turn within milliseconds.
    if hasattr(os, "nice"):
        try:
            os.nice(BACKGROUND_NICE)
        except OSError:
            log.debug("could not lower the refresh's priority", exc_info=True)
    cancel = CancelToken()

    def listen() -> None:
        try:
            while conn.recv() != "cancel":
                pass
        except (EOFError, OSError):
            pass  # the parent went away: stop too
        cancel.cancel()

    threading.Thread(target=listen, name="refresh-cancel", daemon=True).start()
    try:
        # The window has the file open (and checked it): no second integrity check.
        db = open_database(url, check=False)
        try:
            result = refresh_due(db, lambda *a: conn.send(("progress", a)), cancel,
                                 schedule=RefreshSchedule(**schedule), now=now,
                                 articles=articles)
        finally:
            db.dispose()
        conn.send(("done", result))
    except errors.KnownError as exc:
        conn.send(("failed", str(exc)))
    except Exception as exc:  # noqa: BLE001 - the parent logs it and shows a failed round
        log.exception("the refresh round failed")
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))


def refresh_in_process(db: Database, progress: Progress | None = None,
                       cancel: CancelToken | None = None, *,
                       schedule: RefreshSchedule, now: datetime | None = None,
                       articles: int | None = None) -> RefreshRound:
    """`refresh_due` in a child process; blocks the calling thread (not the interpreter)
    until the round ends. A round the child could not finish raises `errors.KnownError`."""
    cancel = cancel or CancelToken()
    url = (str(db.path) if db.path is not None
           else db.engine.url.render_as_string(hide_password=False))
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    process = context.Process(target=_child, args=(child, url, asdict(schedule), now, articles),
                              name="workbench-refresh", daemon=True)
    process.start()
    child.close()
    told = False
    try:
        while True:
            if cancel.cancelled and not told:
                parent.send("cancel")
                told = True
            if not parent.poll(POLL_S):
                if not process.is_alive():
                    raise errors.KnownError("The refresh stopped unexpectedly.")
                continue
            kind, payload = parent.recv()
            if kind == "progress":
                if progress is not None:
                    progress(*payload)
            elif kind == "done":
                assert isinstance(payload, RefreshRound)
                return payload
            else:
                raise errors.KnownError(f"The refresh failed: {payload}")
    except EOFError as exc:
        raise errors.KnownError("The refresh stopped unexpectedly.") from exc
    finally:
        parent.close()
        process.join(10)
        if process.is_alive():
            process.terminate()
            process.join(5)
