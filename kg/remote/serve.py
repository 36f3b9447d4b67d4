"""Serve the graph over the SPARQL 1.1 Protocol with Oxigraph's own read-only server.

yrd-kg does not answer HTTP itself: :func:`write_store` writes the graph into an
Oxigraph store directory (under ``build/``), and :func:`serve` runs the PyPI
``oxigraph`` CLI's ``serve-read-only`` on it. The whole graph sits in the
store's default graph, so queries need no ``GRAPH`` clause.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from pyoxigraph import RdfFormat, Store
from rdflib import Graph

from kg.errors import InputError, ServiceError, ToolError
from kg.files import atomic_dir, rdf_file

STORE = Path("build") / "oxigraph"  # below the working folder, as yrdkg serve --store
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 60  # seconds a query may run before Oxigraph cancels it


def oxigraph_cli() -> str:
    """Return the path of the ``oxigraph`` command (PyPI ``oxigraph``), beside Python first."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise ToolError("the oxigraph command is not installed; run: pip install oxigraph")
    return found


def write_store(g: Graph | Path, location: Path = STORE) -> int:
    """Write ``g`` (a graph, or an RDF file) into a fresh Oxigraph store folder at ``location``.

    (:func:`kg.store.load_store` is the other way round: files into an in-memory store.)

    The store is built beside ``location`` and moved into place only when
    complete, so a failed or interrupted load never leaves a half-filled store
    behind. A file is bulk-loaded by Oxigraph itself (format from its suffix),
    without going through rdflib, so large synthetic graphs load fast.
    Returns the number of triples in the store.
    """
    with atomic_dir(location) as tmp:
        store = Store(str(tmp))
        if isinstance(g, Graph):
            store.bulk_load(g.serialize(format="nt", encoding="utf-8"), format=RdfFormat.N_TRIPLES)
        else:
            fmt = rdf_file(g).oxigraph
            try:
                store.bulk_load(path=str(g), format=fmt)
            except (SyntaxError, OSError) as exc:
                raise InputError(f"cannot load: {' '.join(str(exc).split())}", g) from None
        store.flush()
        count = len(store)
        del store  # releases the RocksDB lock before the server opens the directory
    return count


def _bind(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def endpoint_url(host: str, port: int) -> str:
    """Return the SPARQL query URL of an Oxigraph server (its ``/query`` path)."""
    return f"http://{_bind(host, port)}/query"


def _ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=2) as resp:
            return resp.status == 200
    except (urllib.error.URLError, OSError):
        return False


def start(location: Path | None, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          timeout: int = DEFAULT_TIMEOUT, read_only: bool = True, wait: float = 30.0):
    """Start ``oxigraph serve-read-only`` (or ``serve``) and wait until it answers.

    Returns ``(process, url)``. A server that exits early or never answers is a
    ServiceError (a port in use is the usual cause); the process is then stopped.
    """
    cmd = [oxigraph_cli(), "serve-read-only" if read_only else "serve", "--bind", _bind(host, port),
           "--timeout-s", str(int(timeout))]
    if location is not None:  # `serve` without a location keeps the store in memory
        cmd += ["--location", str(location)]
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL)
    url = endpoint_url(host, port)
    deadline = time.monotonic() + wait
    try:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise ServiceError(f"oxigraph exited with code {proc.returncode} before serving {url} "
                                   f"(see its message above; is port {port} in use?)", location)
            if _ready(url):
                return proc, url
            time.sleep(0.1)
        raise ServiceError(f"oxigraph did not answer at {url} within {wait:.0f} s", location)
    except BaseException:  # including Ctrl-C while waiting: never leave the server behind
        stop(proc)
        raise


def stop(proc: subprocess.Popen, grace: float = 5.0) -> None:
    """Terminate the server, killing it if it does not exit within ``grace`` seconds."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def serve(location: Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          timeout: int = DEFAULT_TIMEOUT, say=print) -> int:
    """Run the read-only server until Ctrl-C (SIGINT) or SIGTERM; return its exit status."""

    def on_term(signum, frame):
        raise KeyboardInterrupt

    # Handlers go in before the child starts: a shell starts background jobs with
    # SIGINT ignored, and Ctrl-C during start-up must stop the child too.
    previous = signal.signal(signal.SIGTERM, on_term)
    previous_int = signal.signal(signal.SIGINT, signal.default_int_handler)
    proc = None
    try:
        proc, url = start(location, host, port, timeout)
        say(f"SPARQL endpoint: {url}")
        code = proc.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        if proc is not None:
            stop(proc)
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)
    if code in (-signal.SIGINT, -signal.SIGTERM):  # Ctrl-C reached the server first
        return 0
    raise ServiceError(f"oxigraph stopped by itself with code {code}", location)
