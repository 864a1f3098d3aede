"""A throwaway PostgreSQL cluster for the tests, started from the machine's own initdb and pg_ctl.

The server listens only on a Unix socket in a temporary folder (no TCP port
to collide with), and runs with fsync off: the data dies with the test run.
PostgreSQL refuses to run as root, and CI runs as root: there the server
runs as the ``postgres`` user (or ``nobody``), through ``runuser``.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg


class PostgresUnavailable(RuntimeError):
    """The machine cannot start a PostgreSQL server (no binaries, or no user to run them as)."""


class Cluster:
    """One running PostgreSQL server; databases are made for each test from a migrated template."""

    def __init__(self) -> None:
        for tool in ("initdb", "pg_ctl"):
            if shutil.which(tool) is None:
                raise PostgresUnavailable(f"{tool} is not on the PATH")
        self._as = _unprivileged_user() if os.geteuid() == 0 else None
        self.root = Path(tempfile.mkdtemp(prefix="mujaz-pg-"))
        self.data = self.root / "data"
        self.socket = self.root
        self.log = self.root / "server.log"
        self._names = itertools.count(1)
        if self._as is not None:
            os.chown(self.root, self._as.pw_uid, self._as.pw_gid)
        self.user = self._as.pw_name if self._as else pwd.getpwuid(os.geteuid()).pw_name

    def start(self) -> Cluster:
        """Initialise the cluster and start the server; raise PostgresUnavailable if it cannot."""
        self._run(
            "initdb", "-D", str(self.data), "-A", "trust", "-U", self.user,
            "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions",
        )  # fmt: skip
        self._serve()
        return self

    def _serve(self) -> None:
        options = (
            f"-k {self.socket} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=200"
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def halt(self) -> None:
        """Stop the server as an operator would (fast: clients are cut off), keeping its data."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def resume(self) -> None:
        """Start a halted server again on the same socket and data."""
        self._serve()

    def require_password(self, role: str, password: str) -> None:
        """Create a login role that must give password (scram-sha-256); others stay trusted."""
        with psycopg.connect(self.url(), autocommit=True) as admin:
            admin.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
        hba = self.data / "pg_hba.conf"
        hba.write_text(f"local all {role} scram-sha-256\n" + hba.read_text(encoding="utf-8"))
        self._run("pg_ctl", "-D", str(self.data), "reload")
        for _ in range(100):  # the server rereads pg_hba.conf a moment after the signal
            try:
                psycopg.connect(f"host={self.socket} dbname=postgres user={role}").close()
            except psycopg.OperationalError:
                return
            time.sleep(0.05)
        raise PostgresUnavailable("the server did not reload pg_hba.conf")

    def stop(self) -> None:
        """Stop the server at once and delete its files."""
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        """Return the postgresql:// URL of one database of the cluster (over the socket)."""
        return f"postgresql://{self.user}@/{database}?host={self.socket}"

    def create_database(self, template: str | None = None) -> str:
        """Create a new empty database (a copy of template, if given); return its URL."""
        name = f"t{os.getpid()}_{next(self._names)}"
        copy = f" TEMPLATE {template}" if template else ""
        with psycopg.connect(self.url(), autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name}{copy}")
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop a database made by create_database, closing what still uses it."""
        name = self.name_of(url)
        with psycopg.connect(self.url(), autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    @staticmethod
    def name_of(url: str) -> str:
        """Return the database name in a URL made by url()."""
        return url.split("@/", 1)[1].split("?", 1)[0]

    def _run(self, *command: str, check: bool = True) -> None:
        if self._as is not None:
            command = ("runuser", "-u", self._as.pw_name, "--", *command)
        done = subprocess.run(command, capture_output=True, text=True, cwd=self.root)
        if check and done.returncode != 0:
            raise PostgresUnavailable(
                f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()[-800:]}"
            )


def _unprivileged_user() -> pwd.struct_passwd:
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise PostgresUnavailable("running as root and there is no postgres or nobody user")
