"""A real Oxigraph server for the tests of the ``sparql`` store backend.

``oxigraph serve`` (the ``oxigraph`` package, in the test extras) is started on a free
loopback port over a temporary directory, once per test session, and stopped at the end.
Tests that need an empty server call :meth:`OxigraphServer.clear`. The tests skip, saying
why, only when the executable is absent.

To run the same tests against another server (not in CI), set ``VNKG_TEST_SPARQL`` to the
JSON object of its ``KG_STORE_*`` settings, e.g. for Virtuoso
``{"KG_STORE_URL": "http://127.0.0.1:8890", "KG_STORE_QUERY_PATH": "/sparql", ...}``
(README, "SPARQL server"); :meth:`ExternalServer.clear` then deletes only the test graphs.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest


def oxigraph_executable() -> str | None:
    """``oxigraph`` beside this Python (a venv not on PATH) or on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OxigraphServer:
    """One ``oxigraph serve`` process; :attr:`url` is its base URL."""

    def __init__(self, executable: str, location: Path, extra: tuple[str, ...] = ()):
        self.executable, self.location, self.extra = executable, location, extra
        self.proc: subprocess.Popen | None = None
        self.url = ""
        self.log = location.with_name(location.name + ".log")  # never a pipe nobody reads

    def start(self, attempts: int = 3, seconds: float = 20.0) -> OxigraphServer:
        for _ in range(attempts):  # another process may take the free port before the server binds it
            port = free_port()
            with open(self.log, "ab") as log:
                self.proc = subprocess.Popen(
                    [
                        self.executable,
                        "serve",
                        "--location",
                        str(self.location),
                        "--bind",
                        f"127.0.0.1:{port}",
                        *self.extra,
                    ],
                    stdout=log,
                    stderr=log,
                )
            self.url = f"http://127.0.0.1:{port}"
            if self._ready(seconds):
                return self
            self.stop()
        raise RuntimeError(f"oxigraph serve did not start on a free port after {attempts} attempts")

    def _ready(self, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                with urllib.request.urlopen(f"{self.url}/query?query=ASK%7B%7D", timeout=2):
                    return True
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.05)
        return False

    def update(self, sparql: str) -> None:
        request = urllib.request.Request(
            f"{self.url}/update", data=sparql.encode(), headers={"Content-Type": "application/sparql-update"}
        )
        with urllib.request.urlopen(request, timeout=30):
            pass

    def clear(self) -> None:
        """Empty the server: every named graph and the default graph."""
        self.update("DROP ALL")

    def config(self, **more) -> dict:
        """Settings that point the ``sparql`` backend at this server."""
        return {"KG_STORE_BACKEND": "sparql", "KG_STORE_URL": self.url, **more}

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


class ExternalServer:
    """A server someone else runs (``VNKG_TEST_SPARQL``): only the test graphs are touched."""

    TEST_GRAPHS = "http://kg.test/"  # the tests name their graphs under this base

    def __init__(self, settings: dict):
        self.settings = {"KG_BASE_IRI": self.TEST_GRAPHS, **settings}
        self.url = settings["KG_STORE_URL"]

    def clear(self) -> None:
        from kg.sparql_dialect import UNION_GRAPH
        from kg.sparql_http import ServerSettings, SparqlServer

        server = SparqlServer(ServerSettings.from_config(self.settings))
        standard = self.settings.get("KG_STORE_DIALECT", "standard") == "standard"
        server.update(
            f"DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
            f'FILTER (STRSTARTS(STR(?g), "{self.TEST_GRAPHS}") || ?g = <{UNION_GRAPH}>) }}'
            + (" ; DROP SILENT DEFAULT" if standard else "")
        )
        server.close()

    def config(self, **more) -> dict:
        return {"KG_STORE_BACKEND": "sparql", **self.settings, **more}

    def stop(self) -> None:
        pass


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """A running Oxigraph server for the whole session (skipped only without the executable),
    or the server ``VNKG_TEST_SPARQL`` describes."""
    if os.environ.get("VNKG_TEST_SPARQL"):
        yield ExternalServer(json.loads(os.environ["VNKG_TEST_SPARQL"]))
        return
    executable = oxigraph_executable()
    if executable is None:
        pytest.skip("the `oxigraph` server executable is absent (pip install oxigraph; the test extras have it)")
    server = OxigraphServer(executable, tmp_path_factory.mktemp("oxigraph-server")).start()
    yield server
    server.stop()


@pytest.fixture
def empty_server(oxigraph_server):
    """The session's server, emptied for this test."""
    oxigraph_server.clear()
    return oxigraph_server
