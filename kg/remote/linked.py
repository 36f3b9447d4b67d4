"""Answer the graph's IRIs over HTTP: ``/id/...``, ``/ontology`` and ``/dataset`` as HTML, Turtle or JSON-LD.

This is the local stand-in for the host that ``https://w3id.org/yrd-kg/`` redirects
to (``w3id/.htaccess``): the same paths, and the same resource with a suffix
(``/id/org/jiuli.ttl``, ``.jsonld``, ``.nt``, ``.html``) for a client that cannot
negotiate. Without a suffix the ``Accept`` header chooses (RFC 9110 section 12.5.1:
q-values, then our order of preference), and the answer says ``Vary: Accept``.
An entity's description is its own triples, the statements and quotes behind
them, and the labels of what it links to; the HTML page also lists what links
to it. Nothing of the request reaches the page unescaped. Read-only: only GET
and HEAD are answered.
"""

from __future__ import annotations

import html
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

from rdflib import RDF, SKOS, VOID, Graph, Literal, URIRef

from kg.dataset import DATASET, describe, without_description
from kg.errors import ServiceError
from kg.export import context_bytes, serialize
from kg.names import curie, label
from kg.ontology import ID, ONTOLOGY_IRI, YRD, ontology_graph

BASE = "https://w3id.org/yrd-kg/"
# What a resource can be sent as: suffix -> (media type, export format); HTML first, the default.
SUFFIXES = {".html": ("text/html", None), ".ttl": ("text/turtle", "turtle"),
            ".jsonld": ("application/ld+json", "jsonld"), ".nt": ("application/n-triples", "nt")}
MEDIA = {media: suffix for suffix, (media, _) in SUFFIXES.items()}


def negotiate(accept: str | None) -> str | None:
    """Pick the suffix the ``Accept`` header prefers; None when it accepts none of ours.

    >>> negotiate("text/turtle;q=0.9, application/ld+json")
    '.jsonld'
    >>> negotiate(None), negotiate("*/*"), negotiate("image/png")
    ('.html', '.html', None)
    """
    if not accept:
        return ".html"
    best, best_q = None, 0.0
    order = list(MEDIA)
    for item in accept.split(","):
        parts = [p.strip() for p in item.split(";")]
        media, q = parts[0].lower(), 1.0
        for p in parts[1:]:
            if p.lower().startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        matches = [m for m in order if media in (m, "*/*") or (media.endswith("/*")
                                                             and m.startswith(media[:-1]))]
        for m in matches:
            if q > best_q or (q == best_q and best is not None and order.index(m) < order.index(best)):
                best, best_q = m, q
    return MEDIA[best] if best is not None and best_q > 0 else None


def entity_graph(g: Graph, node: URIRef) -> Graph:
    """The description of ``node``: its triples, their statements and quotes, its neighbours' labels."""
    out = Graph()
    for t in g.triples((node, None, None)):
        out.add(t)
        if isinstance(t[2], URIRef):
            for lab in g.objects(t[2], SKOS.prefLabel):
                out.add((t[2], SKOS.prefLabel, lab))
    for st in g.subjects(RDF.subject, node):
        for t in g.triples((st, None, None)):
            out.add(t)
    for q in list(out.objects(None, YRD.evidence)):
        for t in g.triples((q, None, None)):
            out.add(t)
    return out


@dataclass
class Page:
    """One answer: status, media type and body."""

    status: int
    media: str
    body: bytes


def _html_page(title: str, g: Graph, node: URIRef | None, body_graph: Graph, links: list[str]) -> bytes:
    esc = html.escape
    rows = []
    for _, p, o in sorted(body_graph.triples((node, None, None))) if node is not None else []:
        if isinstance(o, URIRef):
            name = label(g, o, "zh") or label(g, o, "en") or ""
            href = local_path(o)
            value = f'<a href="{esc(href)}">{esc(curie(o))}</a> {esc(name)}' if href else esc(str(o))
        else:
            value = esc(str(o)) + (f" <small>@{esc(o.language)}</small>" if isinstance(o, Literal)
                                   and o.language else "")
        rows.append(f"<tr><th>{esc(curie(p))}</th><td>{value}</td></tr>")
    quotes = sorted({str(t) for t in body_graph.objects(None, YRD.text)})
    incoming = sorted({s for s in g.subjects(None, node) if str(s).startswith(str(ID))} if node else set())
    parts = [f"<!DOCTYPE html><html lang=\"zh\"><head><meta charset=\"utf-8\"><title>{esc(title)}</title>"
             "</head><body>", f"<h1>{esc(title)}</h1>"]
    if node is not None:
        parts.append(f"<p><code>{esc(str(node))}</code></p>")
    parts.append("<p>" + " · ".join(links) + "</p>")
    if rows:
        parts.append("<table>" + "".join(rows) + "</table>")
    if quotes:
        parts.append("<h2>引文 / Quotes</h2><ul>" + "".join(f"<li>{esc(q)}</li>" for q in quotes) + "</ul>")
    if incoming:
        items = "".join(f'<li><a href="{esc(local_path(s))}">{esc(curie(s))}</a> '
                        f"{esc(label(g, s, 'zh') or '')}</li>" for s in incoming)
        parts.append(f"<h2>指向它的 / Linked from</h2><ul>{items}</ul>")
    parts.append("</body></html>\n")
    return "".join(parts).encode("utf-8")


def local_path(iri) -> str | None:
    """The path this server answers ``iri`` at, or None for an IRI of another site."""
    s = str(iri)
    if s.startswith(BASE):
        return "/" + s[len(BASE):].split("#")[0]
    return None


class Resources:
    """What the server answers, from one graph; ``endpoint`` is the SPARQL URL the VoID names."""

    def __init__(self, g: Graph, endpoint: str):
        self.graph = g
        self.description = describe(without_description(g), endpoint=endpoint)
        self.endpoint = endpoint

    def _alternates(self, path: str) -> list[str]:
        return [f'<a href="{html.escape(path + s)}">{s[1:]}</a>' for s in SUFFIXES if s != ".html"]

    def answer(self, raw_path: str, accept: str | None) -> Page:
        path = unquote(urlsplit(raw_path).path)
        if path in ("/", ""):
            return self._index()
        if path == "/context.jsonld":
            return Page(200, "application/ld+json", context_bytes())
        suffix = next((s for s in SUFFIXES if path.endswith(s)), None)
        if suffix is not None:
            path = path[: -len(suffix)]
        else:
            suffix = negotiate(accept)
            if suffix is None:
                return Page(406, "text/plain", b"Not acceptable: ask for text/html, text/turtle, "
                            b"application/ld+json or application/n-triples.\n")
        if path == "/ontology":
            node, body, title = ONTOLOGY_IRI, ontology_graph(), "yrd-kg ontology"
        elif path in ("/dataset", "/.well-known/void"):
            node, body, title = DATASET, self.description, "yrd-kg dataset (VoID, DCAT)"
        elif path.startswith("/id/") and (URIRef(BASE + path[1:]), None, None) in self.graph:
            node = URIRef(BASE + path[1:])
            body = entity_graph(self.graph, node)
            names = [n for n in (label(self.graph, node, "zh"), label(self.graph, node, "en")) if n]
            title = " / ".join(names) or curie(node)
        else:
            return Page(404, "text/plain", b"Not found: this server answers /, /id/..., /ontology "
                        b"and /dataset.\n")
        media, fmt = SUFFIXES[suffix]
        if fmt is None:
            links = self._alternates(path) + ['<a href="/">index</a>']
            return Page(200, media, _html_page(title, self.graph, node, body, links))
        return Page(200, media, serialize(body, fmt))

    def _index(self) -> Page:
        esc = html.escape
        examples = sorted(self.description.objects(DATASET, VOID.exampleResource))
        items = "".join(f'<li><a href="{esc(local_path(e))}">{esc(curie(e))}</a> '
                        f"{esc(label(self.graph, e, 'zh') or '')}</li>" for e in examples)
        body = ("<!DOCTYPE html><html lang=\"zh\"><head><meta charset=\"utf-8\"><title>yrd-kg</title></head>"
                "<body><h1>长三角合作知识图谱 / yrd-kg</h1><ul>"
                '<li><a href="/dataset">dataset (VoID, DCAT)</a></li>'
                '<li><a href="/ontology">ontology</a></li>'
                f'<li>SPARQL: <a href="{esc(self.endpoint)}">{esc(self.endpoint)}</a></li></ul>'
                f"<h2>Examples</h2><ul>{items}</ul></body></html>\n")
        return Page(200, "text/html", body.encode("utf-8"))


def handler(resources: Resources) -> type[BaseHTTPRequestHandler]:
    """A request handler class bound to ``resources``."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "yrd-kg"

        def _send(self, head_only: bool) -> None:
            page = resources.answer(self.path, self.headers.get("Accept"))
            self.send_response(page.status)
            self.send_header("Content-Type", f"{page.media}; charset=utf-8")
            self.send_header("Content-Length", str(len(page.body)))
            self.send_header("Vary", "Accept")
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            if not head_only:
                self.wfile.write(page.body)

        def do_GET(self):  # noqa: N802 (http.server's names)
            self._send(False)

        def do_HEAD(self):  # noqa: N802
            self._send(True)

        def log_message(self, format, *args):  # quiet: the terminal shows the SPARQL server's log
            pass

    return Handler


@dataclass
class Running:
    """A server answering in a thread; :meth:`stop` shuts it down."""

    server: ThreadingHTTPServer
    thread: threading.Thread
    url: str

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


def start(g: Graph, host: str = "127.0.0.1", port: int = 7879, endpoint: str = "") -> Running:
    """Answer ``g``'s IRIs at ``http://host:port/`` in a background thread (port 0: any free port)."""
    try:
        server = ThreadingHTTPServer((host, port), handler(Resources(g, endpoint)))
    except OSError as exc:
        raise ServiceError(f"cannot answer linked data at {host}:{port}: {exc.strerror or exc} "
                           f"(is the port in use? choose another with --pages-port)") from None
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="yrd-kg linked data", daemon=True)
    thread.start()
    shown = f"[{host}]" if ":" in host else host
    return Running(server, thread, f"http://{shown}:{server.server_address[1]}/")
