"""Query a remote SPARQL endpoint (SPARQL 1.1 Protocol), parameters bound, answers as in-process.

Queries are POSTed URL-encoded (``query=...``,
https://www.w3.org/TR/sparql11-protocol/#query-via-post-urlencoded), the one form
every store answers: Virtuoso 7.2 never answers a direct ``application/sparql-query``
POST (the request hangs until the client times out). A catalogue query's parameters
are bound in its own VALUES line (:func:`kg.catalogue.bind`), the same text rdflib
and Oxigraph run in-process, never spliced into the query.

Credentials never go on the command line: ``YRDKG_USER``/``YRDKG_PASSWORD``
(HTTP Basic or Digest, e.g. GraphDB, Virtuoso) and ``YRDKG_TOKEN`` (a bearer
token, e.g. QLever's access token) are read from the environment.
"""

from __future__ import annotations

import base64
import io
import os
import urllib.error
import urllib.parse
import urllib.request

from rdflib import Graph
from rdflib.query import Result

from kg.catalogue import bind
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


def _passwords(url: str) -> urllib.request.HTTPPasswordMgrWithDefaultRealm | None:
    """The credentials of ``YRDKG_USER``/``YRDKG_PASSWORD`` for ``url``, or None if none are set."""
    user, password = os.environ.get("YRDKG_USER"), os.environ.get("YRDKG_PASSWORD")
    if not user or password is None:
        return None
    mgr = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    mgr.add_password(None, url, user, password)
    return mgr


def _opener(url: str) -> urllib.request.OpenerDirector:
    handlers = [_NoRedirect()]
    if (mgr := _passwords(url)) is not None:
        handlers += [urllib.request.HTTPBasicAuthHandler(mgr), urllib.request.HTTPDigestAuthHandler(mgr)]
    return urllib.request.build_opener(*handlers)


def _authorize(req: urllib.request.Request, mgr: urllib.request.HTTPPasswordMgrWithDefaultRealm,
               timeout: float) -> None:
    """Give ``req`` (one with a body) its Authorization before it is sent: a store that asks for
    credentials may answer 401 and close the connection while a large body is still being sent
    (Virtuoso does), so the challenge is fetched first with a HEAD of the same URL."""
    probe = urllib.request.Request(req.full_url, method="HEAD", headers={"User-Agent": USER_AGENT})
    try:
        urllib.request.build_opener(_NoRedirect()).open(probe, timeout=timeout).close()
        return  # no credentials asked for
    except urllib.error.HTTPError as exc:
        challenge = exc.headers.get("WWW-Authenticate", "") if exc.code == 401 else ""
    scheme, _, params = challenge.partition(" ")
    if scheme.lower() == "digest":
        chal = urllib.request.parse_keqv_list(urllib.request.parse_http_list(params))
        auth = urllib.request.HTTPDigestAuthHandler(mgr).get_authorization(req, chal)
        if auth:
            req.add_unredirected_header("Authorization", f"Digest {auth}")
    elif scheme.lower() == "basic":
        user, password = mgr.find_user_password(None, req.full_url)
        token = base64.b64encode(f"{user}:{password}".encode())
        req.add_unredirected_header("Authorization", f"Basic {token.decode('ascii')}")


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
        if body and (mgr := _passwords(url)) is not None:
            _authorize(req, mgr, timeout)
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


def remote_query(endpoint: str, query: str, default_graph: str | None = None,
                 timeout: float = 300) -> Result:
    """Run ``query`` at a SPARQL endpoint; return an rdflib Result, as ``Graph.query`` does.

    ``default_graph`` names the graph the query reads as its default graph (the
    protocol's ``default-graph-uri``), e.g. the graph ``yrdkg publish`` wrote.
    SELECT and ASK results come as SPARQL JSON; CONSTRUCT and DESCRIBE as N-Triples.
    """
    text = query
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

    Parameters are read, checked and bound as :func:`kg.sparql.run` binds them
    (:func:`kg.catalogue.bind`); the answer is a :class:`kg.sparql.Result`, so it
    formats and compares like an in-process one. ``yrdkg query --endpoint``.
    """
    res = remote_query(endpoint, bind(q, values), default_graph, timeout)
    if res.type != "SELECT":
        raise InputError(f"only SELECT queries are supported, not {res.type}", q.path or q.name)
    return QueryResult([str(v) for v in res.vars], [tuple(row) for row in res])
