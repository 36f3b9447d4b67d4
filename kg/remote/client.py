"""Query a remote SPARQL endpoint (SPARQL 1.1 Protocol), parameters bound, answers as in-process.

Queries are POSTed URL-encoded (``query=...``,
https://www.w3.org/TR/sparql11-protocol/#query-via-post-urlencoded), the one form
every store answers: Virtuoso 7.2 never answers a direct ``application/sparql-query``
POST (the request hangs until the client times out). Parameters are
bound by a ``VALUES`` block built from rdflib terms at the start of every group
pattern (:func:`with_values`), never spliced into the query text.

Credentials never go on the command line: ``YRDKG_USER``/``YRDKG_PASSWORD``
(HTTP Basic or Digest, e.g. GraphDB, Virtuoso) and ``YRDKG_TOKEN`` (a bearer
token, e.g. QLever's access token) are read from the environment.
"""

from __future__ import annotations

import io
import os
import re
import urllib.error
import urllib.parse
import urllib.request

from rdflib import Graph, URIRef
from rdflib.query import Result
from rdflib.term import Node

from kg.catalogue import bindings
from kg.errors import InputError, ServiceError
from kg.files import RDF_FORMATS
from kg.sparql import Result as QueryResult

ACCEPT_RESULTS = "application/sparql-results+json"
ACCEPT_GRAPH = RDF_FORMATS["nt"].media_type
USER_AGENT = "yrd-kg"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Follow no redirect: urllib would resend the request, Authorization header included,
    to wherever the Location points, another host or port as well."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise ServiceError(f"{req.get_method()} {shown(req.full_url)} was redirected (HTTP {code}) to "
                           f"{shown(newurl)}; yrd-kg follows no redirect, so credentials never go to "
                           "another address: give the address it points to, if you trust it")


def _opener(url: str) -> urllib.request.OpenerDirector:
    handlers = [_NoRedirect()]
    user, password = os.environ.get("YRDKG_USER"), os.environ.get("YRDKG_PASSWORD")
    if user and password is not None:
        mgr = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        mgr.add_password(None, url, user, password)
        handlers += [urllib.request.HTTPBasicAuthHandler(mgr), urllib.request.HTTPDigestAuthHandler(mgr)]
    return urllib.request.build_opener(*handlers)


def request(method: str, url: str, body: bytes | None = None, content_type: str | None = None,
            accept: str | None = None, timeout: float = 300) -> tuple[int, str, bytes]:
    """Send one HTTP request; an HTTP or network error is a ServiceError naming the URL.

    Returns ``(status, content type, body)``.
    """
    check_url(url)
    headers = {"User-Agent": USER_AGENT}
    if content_type:
        headers["Content-Type"] = content_type
    if accept:
        headers["Accept"] = accept
    if os.environ.get("YRDKG_TOKEN"):
        headers["Authorization"] = f"Bearer {os.environ['YRDKG_TOKEN']}"
    req = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with _opener(url).open(req, timeout=timeout) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as exc:
        detail = " ".join(exc.read().decode("utf-8", "replace").split())[:400]
        raise ServiceError(f"{method} {shown(url)} failed: HTTP {exc.code} {exc.reason}"
                           + (f": {detail}" if detail else "")) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ServiceError(f"cannot reach {shown(url)}: {reason}") from None


def check_url(url: str) -> str:
    """Return ``url`` if it is an http(s) URL with a host; else an InputError naming it."""
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as exc:
        raise InputError(f"'{url}' is not a URL: {exc}") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InputError(f"'{url}' is not an http:// or https:// URL of an endpoint")
    return url


def shown(url: str) -> str:
    """Drop any access token from a URL before showing it."""
    parts = urllib.parse.urlsplit(url)
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
             if k.lower() not in ("access-token", "access_token", "token")]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


_IRI = re.compile(r"""<[^<>"{}|^`\\\x00-\x20]*>""")
_WORD = re.compile(r"[A-Za-z]+")
_SPACE_OR_COMMENT = re.compile(r"(?:\s+|#[^\n]*)*")


def _group_braces(query: str) -> list[int]:
    """Return the index of every ``{`` that opens a group graph pattern.

    That is every ``{`` except a CONSTRUCT template, a ``VALUES`` data block and
    the brace around a subquery (whose own WHERE brace counts). A small scanner
    skips comments, strings and IRIs, so a ``{`` or ``#`` inside them is no syntax.
    """
    out, skip_until = [], -1  # skip_until: depth whose closing brace ends a skipped block
    i, n, depth, form, top, values = 0, len(query), 0, None, 0, False
    while i < n:
        c = query[i]
        if c == "#":
            end = query.find("\n", i)
            i = n if end < 0 else end
            continue
        if c in "'\"":
            quote = query[i:i + 3] if query[i:i + 3] in ("'''", '"""') else c
            j = i + len(quote)
            while j < n and not query.startswith(quote, j):
                j += 2 if query[j] == "\\" else 1
            i = j + len(quote)
            continue
        if c == "<" and (m := _IRI.match(query, i)):
            i = m.end()
            continue
        if c.isalpha() and (i == 0 or not (query[i - 1].isalnum() or query[i - 1] in "?$:_-.")):
            word = _WORD.match(query, i).group(0).upper()
            if depth == 0 and form is None and word in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE"):
                form = word
            elif word == "VALUES":
                values = True
            i += len(word)
            continue
        if c == "{":
            if depth == 0:
                top += 1
            after = _SPACE_OR_COMMENT.match(query, i + 1).end()
            # CONSTRUCT's first brace is its template; in the short form CONSTRUCT WHERE { }
            # it is the pattern too, but one of bare triples, where VALUES may not stand.
            template = depth == 0 and form == "CONSTRUCT" and top == 1
            if skip_until < 0 and (values or template):
                skip_until = depth
            elif skip_until < 0 and not query[after:after + 6].upper() == "SELECT":
                out.append(i)
            values = False
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == skip_until:
                skip_until = -1
        i += 1
    if not out:
        raise InputError("cannot bind parameters: the query has no group pattern to bind them in "
                         "(a CONSTRUCT WHERE short form takes no parameters)")
    return out


def with_values(query: str, bindings: dict[str, Node] | None) -> str:
    """Bind parameters with a one-row ``VALUES`` block opening every group pattern.

    So a parameter is bound inside each group (a FILTER in a UNION branch sees
    it), as rdflib's ``initBindings`` and Oxigraph's substitutions pre-bind it;
    one VALUES at the top would join only after the groups, and a trailing one
    after GROUP BY (SPARQL 1.1, sections 10.2 and 18.2.4.3). Each value is
    written by rdflib's ``n3()``, which escapes it as a term, so a value can
    never change the query's structure.

    >>> with_values("SELECT ?x WHERE { ?x ?p ?o }", {"p": URIRef("http://example.org/p")})
    'SELECT ?x WHERE { VALUES (?p) { (<http://example.org/p>) } ?x ?p ?o }'
    """
    if not bindings:
        return query
    names = sorted(bindings)
    for name in names:
        if not name.isidentifier():
            raise InputError(f"'{name}' is not a SPARQL variable name")
    terms = []
    for name in names:
        value = bindings[name]
        if isinstance(value, URIRef) and any(c in str(value) for c in '<>"{}|^`\\ '):
            raise InputError(f"'{value}' is not a valid IRI for ?{name}")
        terms.append(value.n3())
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(terms)}) }}"
    for at in reversed(_group_braces(query)):
        query = query[:at + 1] + block + query[at + 1:]
    return query


def remote_query(endpoint: str, query: str, bindings: dict[str, Node] | None = None,
                 default_graph: str | None = None, timeout: float = 300) -> Result:
    """Run ``query`` at a SPARQL endpoint; return an rdflib Result, as ``Graph.query`` does.

    ``default_graph`` names the graph the query reads as its default graph (the
    protocol's ``default-graph-uri``), e.g. the graph ``yrdkg publish`` wrote.
    SELECT and ASK results come as SPARQL JSON; CONSTRUCT and DESCRIBE as N-Triples.
    """
    text = with_values(query, bindings)
    accept = f"{ACCEPT_RESULTS}, {ACCEPT_GRAPH};q=0.9"
    url = endpoint
    if default_graph:
        sep = "&" if urllib.parse.urlsplit(endpoint).query else "?"
        url = f"{endpoint}{sep}{urllib.parse.urlencode({'default-graph-uri': str(default_graph)})}"
    _, ctype, body = request("POST", url, urllib.parse.urlencode({"query": text}).encode("ascii"),
                             "application/x-www-form-urlencoded", accept, timeout)
    media = ctype.split(";")[0].strip().lower()
    try:
        if media in ("application/sparql-results+json", "application/json"):
            return Result.parse(io.BytesIO(body), format="json")
        if media in ("application/n-triples", "text/plain", "text/turtle"):
            g = Graph()
            g.parse(data=body, format="nt" if media != "text/turtle" else "turtle")
            res = Result("CONSTRUCT")
            res.graph = g
            return res
    except Exception as exc:  # a parse error: often a query cancelled by the server's timeout
        raise ServiceError(f"the answer of {shown(endpoint)} is not valid {media}: "
                           f"{' '.join(str(exc).split())[:300]} (was the query cancelled by a timeout?)"
                           ) from None
    raise ServiceError(f"{shown(endpoint)} answered with {media or 'no content type'}, not SPARQL results")




def run_remote(endpoint: str, q, values: dict[str, str] | None = None,
               default_graph: str | None = None, timeout: float = 300):
    """Run catalogue query ``q`` (a :class:`kg.catalogue.Query`) at a remote endpoint.

    Parameters are read and checked as :func:`kg.sparql.run` does, then bound by
    :func:`with_values`; the answer is a :class:`kg.sparql.Result`, so it
    formats and compares like an in-process one. ``yrdkg query --endpoint``.
    """
    res = remote_query(endpoint, q.text, bindings(q, values), default_graph, timeout)
    if res.type != "SELECT":
        raise InputError(f"only SELECT queries are supported, not {res.type}", q.path or q.name)
    return QueryResult([str(v) for v in res.vars], [tuple(row) for row in res])
