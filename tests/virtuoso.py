"""A throw-away Virtuoso server on loopback, for the remote-store tests.

Debian's ``virtuoso-opensource`` package installs a ``virtuoso.ini`` whose service
does not start in containers; this helper copies that file, points every database
file at a temporary folder, binds both ports to 127.0.0.1 on free ports, raises
``ResultSetMaxRows`` (Virtuoso silently truncates results at 10,000 rows otherwise),
runs ``virtuoso-t +foreground`` and waits until the SPARQL endpoint answers. A fresh
database has the account dba/dba; updates through ``/sparql`` are granted to the
anonymous ``SPARQL`` user (test instances only). Shutdown goes through ``isql-vt``.
"""

from __future__ import annotations

import configparser
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

__all__ = ["VirtuosoServer", "find_virtuoso_ini", "free_port"]

INI_CANDIDATES = (
    Path("/etc/virtuoso-opensource-7/virtuoso.ini"),
    Path("/etc/virtuoso-opensource-6.1/virtuoso.ini"),
    Path("/var/lib/virtuoso-opensource-7/db/virtuoso.ini"),
)


def find_virtuoso_ini() -> Path | None:
    """The ``virtuoso.ini`` installed by the package, if any."""
    return next((p for p in INI_CANDIDATES if p.is_file()), None)


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class VirtuosoServer:
    """One Virtuoso instance in ``workdir``; use as a context manager."""

    executable: str
    isql: str
    template_ini: Path
    workdir: Path
    user: str = "dba"
    password: str = "dba"
    process: subprocess.Popen | None = None
    sql_port: int = 0
    http_port: int = 0

    @property
    def sparql_url(self) -> str:
        """The SPARQL 1.1 Protocol endpoint (query, and update once granted)."""
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def graph_store_url(self) -> str:
        """The SPARQL 1.1 Graph Store HTTP Protocol endpoint (digest auth)."""
        return f"http://127.0.0.1:{self.http_port}/sparql-graph-crud-auth"

    def _write_ini(self) -> Path:
        config = configparser.ConfigParser(strict=False, interpolation=None, inline_comment_prefixes=(";",))
        config.optionxform = str  # keep key case
        config.read(self.template_ini, encoding="utf-8")
        db = self.workdir / "db"
        db.mkdir(parents=True, exist_ok=True)
        for section, prefix in (("Database", "virtuoso"), ("TempDatabase", "virtuoso-temp")):
            for key, suffix in (("DatabaseFile", ".db"), ("ErrorLogFile", ".log"),
                                ("LockFile", ".lck"), ("TransactionFile", ".trx")):
                if config.has_option(section, key) or section == "Database":
                    config.set(section, key, str(db / f"{prefix}{suffix}"))
        config.set("Parameters", "ServerPort", f"127.0.0.1:{self.sql_port}")
        config.set("Parameters", "DirsAllowed", f"., {self.workdir}")
        config.set("Parameters", "NumberOfBuffers", "20000")
        config.set("Parameters", "MaxDirtyBuffers", "15000")
        config.set("HTTPServer", "ServerPort", f"127.0.0.1:{self.http_port}")
        config.set("SPARQL", "ResultSetMaxRows", "10000000")
        if config.has_section("Plugins"):
            config.remove_section("Plugins")  # hosting plugins are not needed
        ini = self.workdir / "virtuoso.ini"
        with ini.open("w", encoding="utf-8") as handle:
            config.write(handle)
        return ini

    def start(self, timeout: float = 60.0) -> "VirtuosoServer":
        """Start the server and wait until its SPARQL endpoint answers."""
        self.sql_port, self.http_port = free_port(), free_port()
        ini = self._write_ini()
        log = (self.workdir / "stdout.log").open("wb")
        self.process = subprocess.Popen(
            [self.executable, "+foreground", "+configfile", str(ini)],
            cwd=self.workdir, stdout=log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        probe = self.sparql_url + "?query=ASK%7B%7D"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited with {self.process.returncode}: {self.log_tail()}")
            try:
                with urllib.request.urlopen(probe, timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.25)
        else:
            self.stop()
            raise RuntimeError(f"Virtuoso did not answer within {timeout} s: {self.log_tail()}")
        self.sql('GRANT SPARQL_UPDATE TO "SPARQL";')
        return self

    def sql(self, statement: str) -> str:
        """Run one SQL statement through ``isql-vt`` and return its output."""
        done = subprocess.run(
            [self.isql, f"127.0.0.1:{self.sql_port}", self.user, self.password, f"exec={statement}"],
            capture_output=True, text=True, timeout=60, check=False,
        )
        if done.returncode != 0 or "*** Error" in done.stdout:
            raise RuntimeError(f"isql-vt failed on {statement!r}: {done.stdout}{done.stderr}")
        return done.stdout

    def stop(self) -> None:
        """Shut the server down cleanly (isql-vt ``shutdown``), else terminate it."""
        if self.process is None or self.process.poll() is not None:
            return
        subprocess.run(
            [self.isql, f"127.0.0.1:{self.sql_port}", self.user, self.password, "exec=shutdown;"],
            capture_output=True, timeout=30, check=False,
        )
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.terminate()
            self.process.wait(timeout=10)

    def log_tail(self, lines: int = 20) -> str:
        """The last lines of the server's log, for error messages."""
        path = self.workdir / "db" / "virtuoso.log"
        if not path.is_file():
            path = self.workdir / "stdout.log"
        text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
        return "\n".join(text.splitlines()[-lines:])

    def __enter__(self) -> "VirtuosoServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
