"""A real PostgreSQL server for the hub tests: initdb into a temporary folder, started on a
unix socket there and on 127.0.0.1 (a free port), stopped at the end of the session."""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

psycopg = pytest.importorskip("psycopg")

ADMIN = "postgres"


def _bin_dir() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    dirs = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(dirs[-1]).parent if dirs else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PgServer:
    bin: Path
    root: Path
    port: int
    as_user: list[str]
    _dbs: itertools.count = field(default_factory=lambda: itertools.count(1))

    @property
    def data(self) -> Path:
        return self.root / "data"

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_user, *args], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        opts = (
            f"-k {self.root} -p {self.port} -c listen_addresses=127.0.0.1 -c fsync=off"
            " -c max_connections=60"
        )
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", opts,
            "-l", str(self.root / "log"), "-w", "-t", "60", "start",
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def admin_url(self, dbname: str = "postgres") -> str:
        return f"host={self.root} port={self.port} user={ADMIN} dbname={dbname}"

    def url(self, user: str, password: str, dbname: str) -> str:
        """Over TCP to 127.0.0.1 with a password (scram-sha-256): a real login."""
        return f"postgresql://{user}:{password}@127.0.0.1:{self.port}/{dbname}"

    def new_database(self) -> str:
        name = f"hub_{os.getpid()}_{next(self._dbs)}"
        with psycopg.connect(self.admin_url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name


def start_server(bindir: Path) -> PgServer:
    """initdb into a new folder under /tmp and start it (as nobody when run as root, since
    postgres refuses to run as root); the caller stops it and removes `root`."""
    root = Path(tempfile.mkdtemp(prefix="hp-pg-", dir="/tmp"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(root, "nobody")
        as_user = ["runuser", "-u", "nobody", "--"]
    server = PgServer(bindir, root, _free_port(), as_user)
    pwfile = root / "pw"
    pwfile.write_text("admin-secret\n")
    if as_user:
        shutil.chown(pwfile, "nobody")
    server._run(
        str(bindir / "initdb"), "-D", str(server.data), "-U", ADMIN, "--pwfile", str(pwfile),
        "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-locale",
    )  # fmt: skip
    server.start()
    return server


def close_server(server: PgServer) -> None:
    with contextlib.suppress(subprocess.CalledProcessError):  # stopped by a test
        server.stop("immediate")
    shutil.rmtree(server.root, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    bindir = _bin_dir()
    if bindir is None:
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL (initdb) is missing in CI: .ci/run should have installed it")
        pytest.skip("PostgreSQL is not installed (apt install postgresql) - hub tests skipped")
    server = start_server(bindir)
    try:
        yield server
    finally:
        close_server(server)


@dataclass
class Hub:
    server: PgServer
    dbname: str

    @property
    def admin_url(self) -> str:
        return self.server.admin_url(self.dbname)

    def url(self, login: str) -> str:
        return self.server.url(login, f"pw-{login}", self.dbname)

    def add(self, login: str, role: str = "practitioner", supervisor: str | None = None) -> str:
        from homework_planner.hub.admin import add_member

        with psycopg.connect(self.admin_url) as conn:
            add_member(conn, login, role, f"pw-{login}", supervisor=supervisor)
        return self.url(login)

    def rows(self, table: str) -> list[tuple]:
        with psycopg.connect(self.admin_url) as conn:
            return conn.execute(f"SELECT * FROM hub.{table} ORDER BY 1, 2, 3").fetchall()

    def count(self, table: str) -> int:
        with psycopg.connect(self.admin_url) as conn:
            return int(conn.execute(f"SELECT count(*) FROM hub.{table}").fetchone()[0])


@pytest.fixture
def hub(pg_server: PgServer) -> Hub:
    """A fresh database set up with `service init` (as the server's owner, on the socket)."""
    from homework_planner.hub.migrate import init_service

    dbname = pg_server.new_database()
    init_service(pg_server.admin_url(dbname))
    return Hub(pg_server, dbname)
