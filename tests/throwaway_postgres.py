"""A PostgreSQL server of a test's own, from the installed binaries, that the test may
stop, start and restart (`pg_ctl`) as an administrator would.

The shared test server (tests/postgres.py) must stay up for every other test, so a
test that restarts the server starts one of its own: `initdb` in a fresh folder, on a
free port of 127.0.0.1, trusting local logins (nothing but the test can reach it).
The server refuses to run as root; as root (the CI) it runs as the `postgres` user,
as `.ci/run` starts the shared one. Without the binaries (Debian's `postgresql`
package) `skip_reason()` says why the test cannot run.
"""

from __future__ import annotations

import glob
import os
import pwd
import random
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

from tests.memory_temp import memory_root

BINARIES_GLOB = "/usr/lib/postgresql/*/bin/initdb"


def _bin_dir() -> Path | None:
    found = sorted(glob.glob(BINARIES_GLOB), key=lambda p: [int(x) if x.isdigit() else x
                                                            for x in Path(p).parts[-3].split(".")])
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _run_as() -> str | None:
    """The user to run the server as: ourselves, or `postgres` when we are root."""
    if os.geteuid() != 0:
        return None
    return "postgres"


def skip_reason() -> str | None:
    """Why no throwaway server can be started here, or None when one can."""
    if _bin_dir() is None:
        return ("no PostgreSQL binaries installed (initdb, pg_ctl: Debian's postgresql "
                "package); the restart tests need a server of their own")
    user = _run_as()
    if user is not None:
        try:
            pwd.getpwnam(user)
        except KeyError:
            return "running as root and there is no 'postgres' user to run a server as"
        if shutil.which("runuser") is None:
            return "running as root without runuser to start the server as 'postgres'"
    return None


def _ephemeral_range() -> tuple[int, int]:
    try:
        low, high = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()
        return int(low), int(high)
    except (OSError, ValueError):
        return 32768, 60999


def _free_port() -> int:
    """A free port below the kernel's ephemeral range.

    A port the kernel hands out (`bind(0)`, a client's outgoing connection) could be
    taken by another test process while this server is stopped for a restart, or
    between this choice and the server's start; one below that range is only ever
    taken by a program that chose it, as this one did.
    """
    low = max(1024, _ephemeral_range()[0] - 12000)
    for _attempt in range(200):
        port = random.randrange(low, low + 11000)
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port for a throwaway PostgreSQL server")


class ThrowawayServer:
    """One server in a temporary folder: `start()`, `stop()`, `restart()`, `close()`."""

    def __init__(self) -> None:
        bin_dir = _bin_dir()
        assert bin_dir is not None, skip_reason()
        self.bin = bin_dir
        self.port = _free_port()
        # /tmp (or memory, tests/memory_temp.py), not $TMPDIR: the server user must
        # reach the folder, and its socket path must stay short.
        self.folder = Path(tempfile.mkdtemp(prefix="workbench-test-pg-",
                                            dir=memory_root() or "/tmp"))
        self.data = self.folder / "data"
        self.user = _run_as()
        if self.user is not None:
            entry = pwd.getpwnam(self.user)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
        self._pg("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust",
                 "--no-sync", "-E", "UTF8", "--locale=C")
        self.running = False
        self._started = False

    def _pg(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if self.user is not None:
            command = ["runuser", "-u", self.user, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120,
                              check=False)
        if done.returncode != 0:
            log = self.folder / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{program} {' '.join(args)} failed: {done.stderr}\n{tail}")

    @property
    def url(self) -> str:
        """The administrator's URL to database `postgres` (no password: trusted)."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def database_url(self, name: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def start(self) -> None:
        for attempt in range(3):
            try:
                self._pg("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"),
                         "-w", "-o", f"-h 127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off",
                         "start")
                break
            except RuntimeError as exc:
                # Another program took the port since it was chosen: choose again, on
                # the first start only (the test's URLs name the port after that).
                if attempt == 2 or self._started or "could not bind" not in str(exc):
                    raise
                self.port = _free_port()
        self.running = self._started = True

    def stop(self) -> None:
        self._pg("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        self.running = False

    def restart(self) -> None:
        """What an administrator's restart does: every client's connection is cut, and
        the server accepts new ones again once it is up."""
        self._pg("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"),
                 "-m", "fast", "-w", "-o",
                 f"-h 127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off", "restart")
        self.running = True

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres",
                             dbname="postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.database_url(name)

    def close(self) -> None:
        try:
            if self.running:
                self.stop()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
