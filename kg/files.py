"""Read and write the files yrd-kg takes and makes: RDF by suffix, outputs written whole.

One table, :data:`RDF_FORMATS`, says for each RDF format its name on the command
line, rdflib's parser and serialiser name, Oxigraph's ``RdfFormat`` (which also
gives the media type) and the file suffixes that mean it; rdflib, the Oxigraph
store, the local server and the exports all read it.

Every output is written beside its target and moved into place when complete
(:func:`open_atomic`, :func:`atomic_dir`), so a reader never sees half a file
and a failed command leaves nothing half-written.

>>> rdf_format("build/yrd.ttl").rdflib
'turtle'
>>> RDF_FORMATS["jsonld"].media_type
'application/ld+json'
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import stat
import sys
import tempfile
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef

from kg.errors import InputError


@dataclass(frozen=True)
class RdfFormat:
    """One RDF syntax as each library names it; ``suffixes[0]`` is the one we write."""

    name: str                 # yrd-kg's name: `yrdkg export --format NAME`
    rdflib: str               # rdflib's parser and serialiser name
    oxigraph: ox.RdfFormat
    suffixes: tuple[str, ...]

    @property
    def media_type(self) -> str:
        return self.oxigraph.media_type

    @property
    def dataset(self) -> bool:
        """Whether the syntax holds named graphs (N-Quads, TriG, JSON-LD)."""
        return self.oxigraph.supports_datasets


RDF_FORMATS = {f.name: f for f in (
    RdfFormat("turtle", "turtle", ox.RdfFormat.TURTLE, (".ttl",)),
    RdfFormat("nt", "nt", ox.RdfFormat.N_TRIPLES, (".nt",)),
    RdfFormat("nq", "nquads", ox.RdfFormat.N_QUADS, (".nq",)),
    RdfFormat("trig", "trig", ox.RdfFormat.TRIG, (".trig",)),
    RdfFormat("jsonld", "json-ld", ox.RdfFormat.JSON_LD, (".jsonld", ".json")),
    RdfFormat("rdfxml", "xml", ox.RdfFormat.RDF_XML, (".rdf", ".owl", ".xml")),
    RdfFormat("n3", "n3", ox.RdfFormat.N3, (".n3",)),
)}
SUFFIXES = {s: f for f in RDF_FORMATS.values() for s in f.suffixes}


def rdf_format(path: Path | str) -> RdfFormat:
    """Return the RDF format a file's suffix names; an unknown suffix is an InputError."""
    fmt = SUFFIXES.get(Path(path).suffix.lower())
    if fmt is None:
        raise InputError(f"cannot tell the RDF format from the suffix '{Path(path).suffix}'; use one of "
                         f"{', '.join(sorted(SUFFIXES))}", path)
    return fmt


def rdf_file(path: Path | str, allow_remote_context: bool = False) -> RdfFormat:
    """Return the format of an existing RDF file, or raise an InputError naming it.

    Whatever parses it next, the file is first checked for what would make a parser
    hang, exhaust memory or reach the network: in RDF/XML, entities defined by other
    entities (the "billion laughs") and external entities; in JSON-LD, a remote
    ``@context`` unless ``allow_remote_context``.
    """
    fmt = rdf_format(path)
    if not Path(path).exists():
        raise InputError("file not found", path)
    if not Path(path).is_file():
        raise InputError("not a file (a folder?); give an RDF file", path)
    if fmt.name == "rdfxml":
        _check_xml_entities(Path(path))
    elif fmt.name == "jsonld" and not allow_remote_context:
        _check_local_context(Path(path))
    return fmt


_ENTITY = re.compile(rb"<!ENTITY\s+(%\s*)?[^\s>]+\s*(\"[^\"]*\"|'[^']*'|[^>]*)", re.S)
MAX_ENTITY = 4096  # characters of an entity's text: a namespace IRI needs far fewer


def _check_xml_entities(path: Path) -> None:
    """Refuse XML entities that expand beyond their own text: nested, external or parameter ones.

    ``<!ENTITY owl "http://www.w3.org/2002/07/owl#">`` (a namespace spelt once) is fine.
    """
    with open(path, "rb") as fh:
        head = fh.read(1 << 20)  # the DTD comes before the root element
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", "replace").encode("utf-8")
    for m in _ENTITY.finditer(head):
        value = m.group(2)
        line = head[:m.start()].count(b"\n") + 1
        if m.group(1) or value[:1] not in (b'"', b"'"):
            raise InputError("an external or parameter XML entity; yrd-kg reads no DTD beyond the "
                             "file's own plain entities", path, line)
        if b"&" in value or b"%" in value or len(value) > MAX_ENTITY:
            raise InputError(f"an XML entity defined by other entities (or longer than {MAX_ENTITY} "
                             "characters); nested entities can expand a small file into gigabytes, so "
                             "they are refused", path, line)
    if b"<!DOCTYPE" in head and b"]>" not in head and b"<!ENTITY" in head:
        raise InputError("the XML document type definition runs past its first megabyte", path)


def _check_local_context(path: Path) -> None:
    """Refuse a JSON-LD file whose ``@context`` (or ``@import``) names a document to fetch."""
    try:
        doc = json.loads(path.read_bytes())
    except (ValueError, RecursionError) as exc:
        raise InputError(f"not valid JSON: {' '.join(str(exc).split())[:300]}", path) from None
    stack = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                refs = [value] if isinstance(value, str) else (
                    [v for v in value if isinstance(v, str)] if isinstance(value, list) else [])
                if key in ("@context", "@import") and refs:
                    raise InputError(f"its {key} is the remote document {refs[0]!r}, which yrd-kg does "
                                     "not fetch unless asked: give --allow-remote-context, or put the "
                                     "context in the file", path)
                stack.append(value)


# Formats Oxigraph parses for read_rdf: fast and linear on long lines (rdflib's N-Triples parser
# slows quadratically with a literal's length); the others go through rdflib.
OXIGRAPH_READS = ("nt", "nq", "turtle", "trig")


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _to_rdflib(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:  # a plain literal, as rdflib reads "x"
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise ValueError(f"an RDF 1.2 triple term ({term}) is not supported")


def read_rdf(path: Path | str, allow_remote_context: bool = False) -> Graph:
    """Parse an RDF file, the format chosen by its suffix; a parse error is an InputError.

    N-Triples, N-Quads, Turtle and TriG are parsed by Oxigraph, the others by
    rdflib (after :func:`rdf_file`'s checks). A dataset (N-Quads, TriG, JSON-LD
    with named graphs) gives the union of its graphs.
    """
    fmt = rdf_file(path, allow_remote_context)
    g = Graph()
    try:
        if fmt.name in OXIGRAPH_READS:
            for q in ox.parse(path=str(path), format=fmt.oxigraph, base_iri=Path(path).absolute().as_uri()):
                g.add((_to_rdflib(q.subject), _to_rdflib(q.predicate), _to_rdflib(q.object)))
            return g
        ds = Dataset()
        with warnings.catch_warnings():  # rdflib's own parsers call its deprecated graph API
            warnings.filterwarnings("ignore", r".*(ConjunctiveGraph|default_context) is deprecated",
                                    DeprecationWarning)
            ds.parse(path, format=fmt.rdflib)
    except MemoryError:
        raise InputError("too large to parse in the memory this process may use", path) from None
    except Exception as exc:  # rdflib raises many types for bad syntax; Oxigraph a SyntaxError
        detail = " ".join(str(exc).split())[:500]
        raise InputError(f"not valid {fmt.rdflib}: {detail}", path) from None
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


# -- writing ---------------------------------------------------------------------
def check_target(path: Path | str, folder: bool = False) -> Path:
    """Refuse to write over anything but a regular file (or a folder, for ``folder=True``).

    An output is renamed over its target, so a symlink would become a file and a
    device such as ``/dev/null`` a file holding the output. A new path, or a
    regular file (a folder), is fine; anything else is an InputError naming it.
    """
    path = Path(path)
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return path
    except NotADirectoryError:
        raise InputError("cannot write here: a part of this path is a file, not a folder", path) from None
    want, what = (stat.S_ISDIR, "a folder") if folder else (stat.S_ISREG, "a regular file")
    if not want(mode):
        kind = _KINDS.get(stat.S_IFMT(mode), "not a regular file")
        raise InputError(f"will not write over {kind}: an output goes to a new path or replaces "
                         f"{what}" + ("" if folder else " (use '-o -' for standard output)"), path)
    return path


_KINDS = {stat.S_IFLNK: "a symbolic link", stat.S_IFDIR: "a folder", stat.S_IFCHR: "a character device",
          stat.S_IFBLK: "a block device", stat.S_IFIFO: "a named pipe", stat.S_IFSOCK: "a socket",
          stat.S_IFREG: "a file"}


def _readable(path: str, mode: int) -> None:
    """Give a new file or folder the permissions the umask allows (mkstemp and mkdtemp keep 0600/0700)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, mode & ~umask)


@contextmanager
def open_atomic(path: Path | str, mode: str = "wb", **kwargs) -> Iterator:
    """Open a temporary file beside ``path``; on success it replaces ``path``, on failure it is removed."""
    path = check_target(path)
    _make_parent(path)
    clean_stale(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp")
    try:
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
        _readable(tmp, 0o666)  # outputs are for everyone to read
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_TEMP = re.compile(r"\..+\.(\d+)\.[^.]+\.tmp")  # .NAME.PID.RANDOM.tmp, as open_atomic names them


def clean_stale(folder: Path) -> list[Path]:
    """Remove the temporary files a killed writer left in ``folder``: those whose process is gone.

    Returns the files removed. A temporary file of a live process (another command
    writing now) is left alone.
    """
    removed = []
    for tmp in folder.glob(".*.tmp"):
        m = _TEMP.fullmatch(tmp.name)
        if m is None or _alive(int(m.group(1))):
            continue
        tmp.unlink(missing_ok=True)
        removed.append(tmp)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _make_parent(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise InputError("cannot write here: a part of this path is a file, not a folder", path) from None


def write_atomic(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` so a reader never sees a half-written file."""
    with open_atomic(path) as fh:
        fh.write(data)


def write_set(files: dict[Path, bytes]) -> list[Path]:
    """Write several outputs as one set: every target checked, every temporary file written, and
    only then each moved into place, so a failure (or Ctrl-C) while writing leaves the old set
    whole, and the set is never half old, half new for longer than a few renames. Returns the paths."""
    targets = [check_target(path) for path in files]
    temps: list[str] = []
    try:
        for path, data in zip(targets, files.values(), strict=True):
            _make_parent(path)
            clean_stale(path.parent)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp")
            temps.append(tmp)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            _readable(tmp, 0o666)
        for tmp, path in zip(temps, targets, strict=True):
            os.replace(tmp, path)
    except BaseException:
        for tmp in temps:
            Path(tmp).unlink(missing_ok=True)
        raise
    return targets


@contextmanager
def atomic_dir(path: Path | str) -> Iterator[Path]:
    """Yield a new empty folder beside ``path``; on success it replaces ``path`` whole.

    A folder already at ``path`` is moved aside first and deleted last, so an
    interrupted fill leaves the old folder (or nothing), never half of the new one.
    """
    path = check_target(path, folder=True)
    _make_parent(path)
    tmp = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}."))
    try:
        yield tmp
        _readable(str(tmp), 0o777)
        old = path.with_name(f".{path.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        if path.exists():
            path.rename(old)
        tmp.rename(path)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def write_files(output: Path | str, files: dict[str, bytes]) -> list[Path]:
    """Write named files into the folder ``output``, or into one zip if it ends in ``.zip``.

    The zip is deterministic (entries in the given order, stamped 1980-01-01). Each
    file is written atomically. Returns the paths written.
    """
    output = Path(output)
    if output.suffix.lower() == ".zip":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in files.items():
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # no now() in artefacts
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, data)
        write_atomic(output, buf.getvalue())
        return [output]
    if output.exists() and not output.is_dir():
        raise InputError(f"{len(files)} files are written into a folder (or a .zip); this is a file", output)
    for name, data in files.items():
        write_atomic(output / name, data)
    return [output / name for name in files]


def write_output(data: bytes, output: Path | str | None) -> Path | None:
    """Write ``data`` to the file ``output`` (atomically), or to stdout for ``-`` or None.

    Returns the path written, None for stdout.
    """
    if output in (None, "-"):
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return None
    write_atomic(Path(output), data)
    return Path(output)

