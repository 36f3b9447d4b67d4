"""Serve the graph read-only over the SPARQL 1.1 Protocol; start Oxigraph's own server for tests.

:func:`write_store` writes the graph into an Oxigraph store directory (under
``out/``), refusing a folder that holds anything else; :func:`serve` answers
queries on it through :mod:`kg.remote.front` (Host checked, SERVICE refused,
each query in a worker process killed at the deadline). The whole graph sits in
the store's default graph, so queries need no ``GRAPH`` clause. :func:`start`
runs the PyPI ``oxigraph`` CLI's server, e.g. a writable one to publish to.
"""

from __future__ import annotations

import errno
import re
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
from kg.files import atomic_dir, check_target, rdf_file
from kg.guards import parse_error
from kg.remote.front import make_front

STORE = Path("out") / "oxigraph"  # below the working folder, as yrdkg serve --store
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 60  # seconds a query may run before its worker process is killed
DEFAULT_WORKERS = 2  # queries that run at once; more wait for a worker (the wait counts in the timeout)
DEFAULT_MAX_BYTES = 100_000_000  # the largest answer the server sends


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
    check_store_location(location)
    named = None if isinstance(g, Graph) else rdf_file(g)  # the file's checks, before RocksDB opens
    with atomic_dir(location) as tmp:
        (tmp / MARKER).write_text("An Oxigraph store written by yrdkg serve; replaced on each start.\n",
                                  encoding="utf-8")
        store = Store(str(tmp))
        if named is None:
            store.bulk_load(g.serialize(format="nt", encoding="utf-8"), format=RdfFormat.N_TRIPLES)
        else:
            try:
                store.bulk_load(path=str(g), format=named.oxigraph)
            except MemoryError as exc:  # a term past Oxigraph's limit, or no memory left
                raise parse_error(exc, named.rdflib, g) from None
            except (SyntaxError, OSError) as exc:
                raise InputError(f"cannot load: {' '.join(str(exc).split())}", g) from None
        store.flush()
        count = len(store)
        del store  # releases the RocksDB lock before the server opens the directory
    return count


MARKER = ".yrdkg-store"  # the file that says a folder is a store yrdkg serve wrote
# The files RocksDB keeps in an Oxigraph store: a folder of only these is a store from before MARKER.
_ROCKSDB = re.compile(r"CURRENT|IDENTITY|LOCK|LOG(\.old\.\d+)?|MANIFEST-\d+|OPTIONS-\d+|\d+\.(sst|log|blob)")


def check_store_location(location: Path) -> None:
    """Refuse a store folder that holds anything but a store of ours: it is replaced whole.

    A new path or an empty folder is fine, and so is a folder with :data:`MARKER`
    or only RocksDB's files; a folder with a user's files is an InputError.
    """
    location = check_target(location, folder=True)
    if not location.exists():
        return
    names = [p.name for p in location.iterdir()]
    if not names or MARKER in names or ("CURRENT" in names and all(_ROCKSDB.fullmatch(n) for n in names)):
        return
    shown = ", ".join(sorted(names)[:3]) + (", ..." if len(names) > 3 else "")
    raise InputError(f"this folder holds files that are not an Oxigraph store of yrdkg serve ({shown}); "
                     "the store folder is replaced on each start, so give --store a new or empty folder",
                     location)


def _bind(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def endpoint_url(host: str, port: int) -> str:
    """Return the SPARQL query URL of an Oxigraph server (its ``/query`` path)."""
    return f"http://{_bind(host, port)}/query"


def ui_url(host: str, port: int) -> str:
    """Return the URL of the query page :func:`serve` answers at ``/`` (:mod:`kg.remote.ui`)."""
    return f"http://{_bind(host, port)}/"


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
          timeout: int = DEFAULT_TIMEOUT, say=print, workers: int = DEFAULT_WORKERS,
          max_bytes: int = DEFAULT_MAX_BYTES, allow_hosts=()) -> int:
    """Serve the store read-only (:mod:`kg.remote.front`) until Ctrl-C (SIGINT) or SIGTERM; return 0.

    Each query runs in one of ``workers`` processes and is killed with it after
    ``timeout`` seconds; an answer over ``max_bytes`` is refused.
    """

    def on_term(signum, frame):
        raise KeyboardInterrupt

    # Handlers go in before the workers start: a shell starts background jobs with
    # SIGINT ignored, and Ctrl-C during start-up must stop the workers too.
    previous = signal.signal(signal.SIGTERM, on_term)
    previous_int = signal.signal(signal.SIGINT, signal.default_int_handler)
    front = None
    try:
        try:
            front = make_front(location, host, port, timeout, workers, max_bytes, allow_hosts)
        except OSError as exc:
            raise ServiceError(f"cannot listen on {_bind(host, port)}: {exc.strerror or exc}"
                               + (f" (port {port} is in use by another program)"
                                  if exc.errno == errno.EADDRINUSE else ""), location) from None
        say(f"SPARQL endpoint: {endpoint_url(host, front.port)}")
        say(f"Query page (the catalogue, an editor, the results as a table): {ui_url(host, front.port)}")
        front.serve_forever()
    except KeyboardInterrupt:
        return 0
    finally:
        if front is not None:  # a second Ctrl-C must not cut the clean-up short
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            front.server_close()
            front.pool.close()
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)
    return 0
