"""w3id/.htaccess: the w3id.org rules, applied as mod_rewrite would, lead to what `yrdkg serve` answers."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph

from kg.ontology import ID
from kg.remote.linked import start

HTACCESS = Path(__file__).resolve().parents[2] / "w3id" / ".htaccess"
HOST = "https://yrd-kg.example.org"  # the stand-in for the host, as the file says
# rdflib's JSON-LD parser still uses its deprecated ConjunctiveGraph API inside.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


def rules() -> list[tuple[list[str], str, str, str]]:
    """Read (conditions on Accept, pattern, target, flags) from the file, in order."""
    out, conds = [], []
    for line in HTACCESS.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if m := re.fullmatch(r"RewriteCond %\{HTTP_ACCEPT\} (\S+)", line):
            conds.append(m[1])
        elif m := re.fullmatch(r"RewriteRule (\S+) (\S+) \[(\S+)\]", line):
            out.append((conds, m[1], m[2], m[3]))
            conds = []
        else:
            assert not line.startswith("Rewrite") or line == "RewriteEngine on", f"unread rule: {line}"
    return out


def redirect(path: str, accept: str) -> tuple[int, str] | None:
    """Apply the rules to a path below https://w3id.org/yrd-kg/ (mod_rewrite's first match, [L])."""
    for conds, pattern, target, flags in rules():
        if not all(re.search(c, accept) for c in conds):
            continue
        if m := re.match(pattern, path):
            status = int(re.search(r"R=(\d+)", flags)[1])
            return status, m.expand(target.replace("$", "\\"))
    return None


def test_the_rules_were_read():
    assert len(rules()) >= 7 and sum(1 for c, *_ in rules() if c) == 3


@pytest.mark.parametrize("path, accept, status, target", [
    ("id/org/jiuli", "text/turtle", 303, "/id/org/jiuli.ttl"),
    ("id/org/jiuli", "application/ld+json", 303, "/id/org/jiuli.jsonld"),
    ("id/org/jiuli", "application/n-triples", 303, "/id/org/jiuli.nt"),
    ("id/org/jiuli", "text/html,application/xhtml+xml,*/*;q=0.8", 303, "/id/org/jiuli.html"),
    ("ontology", "text/turtle", 303, "/ontology.ttl"),
    ("ontology", "*/*", 303, "/ontology.html"),
    ("dataset", "application/ld+json", 303, "/dataset.jsonld"),
    ("context.jsonld", "*/*", 302, "/context.jsonld"),
    ("dist/yrd-kg-0.1.0.ttl", "*/*", 302, "/dist/yrd-kg-0.1.0.ttl"),
])
def test_each_iri_redirects_by_accept(path, accept, status, target):
    assert redirect(path, accept) == (status, HOST + target)


def test_the_targets_answer_on_the_linked_data_server(graph):
    """Follow each rule's target on a running server (127.0.0.1) in place of the host."""
    running = start(graph, "127.0.0.1", 0, "http://127.0.0.1:7878/query")
    try:
        for path, accept, fmt in (("id/org/jiuli", "text/turtle", "turtle"),
                                  ("id/div/330300", "application/ld+json", "json-ld"),
                                  ("ontology", "application/n-triples", "nt"),
                                  ("dataset", "text/turtle", "turtle"),
                                  ("id/org/jiuli", "text/html", None)):
            _, target = redirect(path, accept)
            url = running.url + target[len(HOST) + 1:]
            with urllib.request.urlopen(url, timeout=30) as resp:  # no Accept: the suffix decides
                body = resp.read()
            if fmt is None:
                assert body.startswith(b"<!DOCTYPE html>")
            else:
                assert len(Graph().parse(data=body, format=fmt)) > 0, url
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(running.url + "id/org/none.ttl", timeout=30)
    finally:
        running.stop()
    assert str(ID).startswith("https://w3id.org/yrd-kg/")  # the rules' base is our namespace's
