"""Run SPARQL queries in worker processes that are killed at the deadline, answers capped in size.

Oxigraph cannot cancel a running query, so a thread that runs one runs until it
ends, client gone or not. Here each query runs in a child process
(``python -m kg.remote.worker``) holding the store open read-only; :class:`Pool`
hands a query to an idle worker and kills it if no answer comes by the
deadline, so a query never outlives ``yrdkg serve --timeout`` and at most
``workers`` queries run at once. A worker stops writing an answer past
``max_bytes`` and reports it too large.
"""

from __future__ import annotations

import ctypes
import os
import pickle
import queue
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox

# What a SELECT or ASK answer, and a CONSTRUCT or DESCRIBE answer, can be written as; first is default.
RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
}


@dataclass(frozen=True)
class Ask:
    """One query for a worker: the text, the media types the client accepts (best first), the
    protocol's default-graph-uri and named-graph-uri, and the largest answer to send."""

    query: str
    accept: tuple[str, ...]
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_bytes: int = 100_000_000


@dataclass(frozen=True)
class Answer:
    """An HTTP status, content type and body."""

    status: int
    content_type: str
    body: bytes


class TooLarge(OSError):
    """The answer passed ``max_bytes``."""


class _Capped:
    """A binary writer that refuses to grow past ``limit`` bytes (Oxigraph then stops writing)."""

    def __init__(self, limit: int):
        self.limit, self.parts, self.size = limit, [], 0

    def write(self, data) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise TooLarge(f"the answer is larger than {self.limit:,} bytes")
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


def _choose(accept: tuple[str, ...], table: dict):
    """Return (media type, format): the first accepted type ``table`` knows, a wildcard giving the
    first of its kind; nothing accepted means the table's first; (None, None) if none fits."""
    for media in accept or ("*/*",):
        kind, _, sub = media.partition("/")
        for known, fmt in table.items():
            if media == known or (sub == "*" and kind in ("*", known.split("/")[0])):
                return known, fmt
    return None, None


def answer(store: ox.Store, ask: Ask) -> Answer:
    """Run ``ask`` on ``store``; a bad query is a 400, an answer too large a 500, never an exception."""
    try:
        result = store.query(ask.query, default_graph=[ox.NamedNode(g) for g in ask.default_graphs] or None,
                             named_graphs=[ox.NamedNode(g) for g in ask.named_graphs] or None)
        table = GRAPH_TYPES if isinstance(result, ox.QueryTriples) else RESULT_TYPES
        media, fmt = _choose(ask.accept, table)
        if media is None:
            return Answer(406, "text/plain; charset=utf-8",
                          f"none of the accepted types can carry this answer; use one of {', '.join(table)}"
                          .encode())
        out = _Capped(ask.max_bytes)
        result.serialize(out, fmt)
    except SyntaxError as exc:
        return Answer(400, "text/plain; charset=utf-8", f"the query does not parse: {exc}".encode())
    except TooLarge as exc:
        return Answer(500, "text/plain; charset=utf-8",
                      f"{exc} (yrdkg serve --max-result-bytes): add a LIMIT, or ask for less".encode())
    except (OSError, ValueError) as exc:
        return Answer(500, "text/plain; charset=utf-8", f"the query failed: {exc}".encode())
    charset = "; charset=utf-8" if not media.startswith("application/sparql-results+") else ""
    return Answer(200, media + charset, b"".join(out.parts))


def _die_with_parent() -> None:
    """Ask Linux to kill this process when the server dies, even by SIGKILL (prctl PR_SET_PDEATHSIG)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the closed pipe still ends an idle worker
        pass


def main(argv: list[str]) -> None:
    """The worker process: open the store read-only, then answer one Ask after another."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    _die_with_parent()
    inbox, outbox = Connection(int(argv[0]), writable=False), Connection(int(argv[1]), readable=False)
    store = ox.Store.read_only(argv[2])
    while True:
        try:
            ask = pickle.loads(inbox.recv_bytes())
        except EOFError:  # the server is gone
            return
        outbox.send_bytes(pickle.dumps(answer(store, ask)))


class Worker:
    """One worker process and the two pipes to it."""

    def __init__(self, location: Path):
        to_child, self._inbox = os.pipe(), None
        from_child = os.pipe()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kg.remote.worker", str(to_child[0]), str(from_child[1]), str(location)],
            pass_fds=(to_child[0], from_child[1]), stdin=subprocess.DEVNULL)
        os.close(to_child[0])
        os.close(from_child[1])
        self.send = Connection(to_child[1], readable=False)
        self.recv = Connection(from_child[0], writable=False)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.send.close()
        self.recv.close()


class Pool:
    """``size`` workers on one store; :meth:`run` answers within ``timeout`` seconds or kills the worker."""

    def __init__(self, location: Path, size: int, timeout: float):
        self.location, self.timeout = Path(location), timeout
        self.idle: queue.Queue[Worker] = queue.Queue()
        self.all: set[Worker] = set()
        self.lock = threading.Lock()
        self.closed = False
        for _ in range(size):
            self._add()

    def _add(self) -> None:
        with self.lock:
            if self.closed:
                return
            w = Worker(self.location)
            self.all.add(w)
        self.idle.put(w)

    def _drop(self, w: Worker) -> None:
        with self.lock:
            self.all.discard(w)
        w.kill()

    def run(self, ask: Ask) -> Answer:
        """Answer ``ask``; a query still running at the deadline is killed with its worker (HTTP 503)."""
        deadline = time.monotonic() + self.timeout
        try:
            w = self.idle.get(timeout=self.timeout)
        except queue.Empty:
            return Answer(503, "text/plain; charset=utf-8",
                          f"every worker stayed busy for {self.timeout:g} s (yrdkg serve --timeout); "
                          "try again later".encode())
        try:
            w.send.send_bytes(pickle.dumps(ask))
            if w.recv.poll(max(0.0, deadline - time.monotonic())):
                out = pickle.loads(w.recv.recv_bytes())
                self.idle.put(w)
                return out
        except (EOFError, OSError):  # the worker died (out of memory, killed)
            self._drop(w)
            self._add()
            return Answer(500, "text/plain; charset=utf-8", b"the query's worker process died")
        self._drop(w)  # the deadline passed: stop the query by killing its process
        self._add()
        return Answer(503, "text/plain; charset=utf-8",
                      f"the query was stopped after {self.timeout:g} s (yrdkg serve --timeout)".encode())

    def close(self) -> None:
        with self.lock:
            self.closed = True
            workers, self.all = list(self.all), set()
        for w in workers:
            w.kill()

    def pids(self) -> list[int]:
        with self.lock:
            return sorted(w.proc.pid for w in self.all)


if __name__ == "__main__":  # answers must pickle as kg.remote.worker's classes, not __main__'s
    from kg.remote import worker

    worker.main(sys.argv[1:])
