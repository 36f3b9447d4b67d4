"""The read-only SPARQL server's HTTP front: who may ask, what may be asked, then the workers answer.

Before a query reaches a worker (:mod:`kg.remote.worker`) the front checks that
the request is addressed to the host the server bound (the ``Host`` header), so
a web page on another name cannot reach a local server through DNS rebinding;
it refuses ``SERVICE``, which would make the server fetch any URL a client
names (https://www.w3.org/TR/sparql11-federated-query/); and it refuses
updates. Routes are one table, :data:`Handler.routes`, so a new route is a
method and a line: ``/query`` answers queries, ``/`` is the query page
(:mod:`kg.remote.ui`).
"""

from __future__ import annotations

import ipaddress
import re
import socket
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kg.catalogue import catalogue
from kg.remote.ui import CSP, ui_page
from kg.remote.worker import Answer, Ask, Pool

MAX_REQUEST = 10_000_000  # bytes of a POSTed query
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_IRI = re.compile(r"""<[^<>"{}|^`\\\x00-\x20]*>""")


def _unescape(text: str) -> str:
    """Apply SPARQL's codepoint escapes (\\uXXXX, \\UXXXXXXXX), which a parser may read anywhere."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)) if int(m.group(1) or m.group(2), 16)
                       < 0x110000 else m.group(0), text)


def _keywords(query: str):
    """Yield each bare word of ``query`` in upper case, skipping comments, strings, IRIs, variables
    and prefixed names (so ``ex:service`` or ``?service`` is no keyword)."""
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c == "#":
            end = query.find("\n", i)
            i = n if end < 0 else end
        elif c in "'\"":
            quote = query[i:i + 3] if query[i:i + 3] in ("'''", '"""') else c
            j = i + len(quote)
            while j < n and not query.startswith(quote, j):
                j += 2 if query[j] == "\\" else 1
            i = j + len(quote)
        elif c == "<" and (m := _IRI.match(query, i)):
            i = m.end()
        elif (m := _WORD.match(query, i)) and (i == 0 or query[i - 1] not in "?$:_-.") \
                and query[m.end():m.end() + 1] != ":":
            yield m.group(0).upper()
            i = m.end()
        elif m:
            i = m.end()
        else:
            i += 1


def uses_service(query: str) -> bool:
    """Whether ``query`` holds the keyword SERVICE, read with and without codepoint escapes.

    >>> uses_service('SELECT * { SeRvIcE <http://10.0.0.1/> { ?s ?p ?o } }')
    True
    >>> uses_service('SELECT ?service { ?service a <http://ex.org/SERVICE> } # SERVICE')
    False
    """
    return any("SERVICE" in _keywords(text) for text in (query, _unescape(query)))


def _host_names(host: str) -> set[str]:
    """The names a request to a server bound to ``host`` may carry in its Host header."""
    names = {host.lower().strip("[]")}
    try:
        if ipaddress.ip_address(host.strip("[]")).is_loopback:
            names |= set(LOOPBACK_NAMES)
    except ValueError:  # a name, such as localhost
        if host.lower() == "localhost":
            names |= set(LOOPBACK_NAMES)
    return names


def host_allowed(header: str | None, names: set[str], port: int, any_ip: bool = False) -> bool:
    """Whether a Host header names this server: one of ``names`` (or, for a server bound to every
    address, any IP address: a literal address cannot be rebound), at its port.

    >>> host_allowed("localhost:7878", {"127.0.0.1", "localhost"}, 7878)
    True
    >>> host_allowed("attacker.example:7878", {"127.0.0.1", "localhost"}, 7878)
    False
    """
    if not header:
        return False
    parts = urllib.parse.urlsplit(f"//{header.strip()}")
    try:
        given_port = parts.port or 80
    except ValueError:
        return False
    name = (parts.hostname or "").lower()
    if given_port != port:
        return False
    if name in names:
        return True
    if any_ip:
        try:
            ipaddress.ip_address(name)
            return True
        except ValueError:
            return False
    return False


def _accepted(header: str | None) -> tuple[str, ...]:
    """The media types of an Accept header, best first (q=0 dropped)."""
    ranked = []
    for n, item in enumerate((header or "").split(",")):
        media, *params = [p.strip() for p in item.split(";")]
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranked.append((-q, n, media.lower()))
    return tuple(media for _, _, media in sorted(ranked))


class Front(ThreadingHTTPServer):
    """The server: where it is bound, which Host names it answers, the workers, the limits, the page."""

    daemon_threads = True

    pool: Pool

    def __init__(self, host: str, port: int, max_bytes: int, allow_hosts=()):
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, port), Handler)
        self.port = self.server_address[1]
        self.names = _host_names(host) | {h.lower() for h in allow_hosts}
        self.any_ip = host in ("0.0.0.0", "::", "")
        self.max_bytes = max_bytes
        self.page = ui_page(catalogue()).encode("utf-8")


class Handler(BaseHTTPRequestHandler):
    """Answer the SPARQL 1.1 Protocol's query operation; refuse everything that writes."""

    server: Front
    server_version = "yrd-kg"
    timeout = 60  # seconds a client may take to send its request: an idle connection is closed
    routes = {("GET", "/query"): "query", ("POST", "/query"): "query", ("GET", "/"): "home"}

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass  # no line per request on the terminal

    def _send(self, status: int, body: bytes, content_type: str = "text/plain; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _text(self, status: int, message: str) -> None:
        self._send(status, (message + "\n").encode("utf-8"))

    def _dispatch(self) -> None:
        front = self.server
        if not host_allowed(self.headers.get("Host"), front.names, front.port, front.any_ip):
            self._text(HTTPStatus.FORBIDDEN, f"this server answers only requests addressed to "
                       f"{', '.join(sorted(self.server.names))} at port {self.server.port}")
            return
        path = urllib.parse.urlsplit(self.path).path
        method = "GET" if self.command == "HEAD" else self.command
        name = self.routes.get((method, path))
        if name is not None:
            getattr(self, name)()
        elif self.command not in ("GET", "HEAD"):
            self._text(HTTPStatus.FORBIDDEN, "this server is read-only: no updates, no uploads")
        else:
            self._text(HTTPStatus.NOT_FOUND, "not found; SPARQL queries go to /query")

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = _dispatch

    def home(self) -> None:
        """The query page: the catalogue, an editor, the results as a table (:mod:`kg.remote.ui`)."""
        self._send(HTTPStatus.OK, self.server.page, "text/html; charset=utf-8",
                   {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                    "Referrer-Policy": "no-referrer", "Cache-Control": "no-cache"})

    def _read_query(self) -> tuple[str | None, dict]:
        """Return the query and the URL's parameters (GET ?query=, POSTed form or sparql-query)."""
        params = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        if self.command != "POST":
            return (params.get("query") or [None])[0], params
        length = int(self.headers.get("Content-Length") or 0)
        if not 0 <= length <= MAX_REQUEST:
            raise ValueError(f"a Content-Length from 0 to {MAX_REQUEST:,} bytes is needed, not {length}")
        body = self.rfile.read(length).decode("utf-8")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == "application/sparql-query":
            return body, params
        if ctype == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(body)
            if "update" in form:
                raise PermissionError("this server is read-only: no updates")
            return (form.get("query") or [None])[0], {**params, **form}
        raise ValueError(f"a POSTed query is application/sparql-query or a form, not {ctype or 'untyped'}")

    def query(self) -> None:
        try:
            text, params = self._read_query()
        except PermissionError as exc:
            return self._text(HTTPStatus.FORBIDDEN, str(exc))
        except (ValueError, UnicodeDecodeError) as exc:
            return self._text(HTTPStatus.BAD_REQUEST, str(exc))
        if not text:
            return self._text(HTTPStatus.BAD_REQUEST, "no query: give ?query=... or POST one")
        if uses_service(text):
            return self._text(HTTPStatus.FORBIDDEN, "SERVICE is refused: this server fetches nothing "
                              "for its clients (federated queries are off)")
        ask = Ask(text, _accepted(self.headers.get("Accept")), tuple(params.get("default-graph-uri", ())),
                  tuple(params.get("named-graph-uri", ())), self.server.max_bytes)
        out: Answer = self.server.pool.run(ask)
        try:
            self._send(out.status, out.body, out.content_type)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client hung up; the query is over either way


def make_front(location: Path, host: str, port: int, timeout: float, workers: int, max_bytes: int,
               allow_hosts=()) -> Front:
    """Bind the server (an OSError if the port is taken), then start its workers; not yet serving."""
    front = Front(host, port, max_bytes, allow_hosts)
    try:
        front.pool = Pool(location, workers, timeout)
    except BaseException:
        front.server_close()
        raise
    return front
