"""Read and write the files yrd-kg takes and makes: RDF by suffix, outputs written whole.

One table, :data:`RDF_FORMATS`, says for each RDF format its name on the command
line, rdflib's parser and serialiser name, Oxigraph's ``RdfFormat`` (which also
gives the media type) and the file suffixes that mean it; rdflib, the Oxigraph
store, the local server and the exports all read it. Every RDF file read is first
checked (:func:`rdf_file`, with :mod:`kg.guards`): no term past 16 MiB
(Oxigraph's limit), no XML entity bomb, no remote JSON-LD context unless asked;
a parser's failure becomes one InputError. :func:`to_rdflib` turns Oxigraph's
terms into rdflib's, for everything that reads with Oxigraph.

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
from rdflib import XSD, BNode, Dataset, Graph, Literal, URIRef

from kg.errors import InputError
from kg.guards import check_local_context, check_term_lengths, check_xml_entities, parse_error


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
    hang, exhaust memory or reach the network (:mod:`kg.guards`): a term longer than
    16 MiB; in RDF/XML, entities defined by other entities (the
    "billion laughs") and external entities; in JSON-LD, a remote ``@context`` unless
    ``allow_remote_context``.
    """
    fmt = rdf_format(path)
    if not Path(path).exists():
        raise InputError("file not found", path)
    if not Path(path).is_file():
        raise InputError("not a file (a folder?); give an RDF file", path)
    check_term_lengths(Path(path), fmt.name)
    if fmt.name == "rdfxml":
        check_xml_entities(Path(path))
    elif fmt.name == "jsonld" and not allow_remote_context:
        check_local_context(Path(path))
    return fmt


# Formats Oxigraph parses for read_rdf: fast and linear on long lines (rdflib's N-Triples parser
# slows quadratically with a literal's length); the others go through rdflib.
OXIGRAPH_READS = ("nt", "nq", "turtle", "trig")


XSD_STRING = str(XSD.string)


def to_rdflib(term):
    """Turn an Oxigraph term into the rdflib term rdflib's own parser would make; None stays None.

    Plain literals stay plain (no xsd:string), as rdflib reads ``"x"``.
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return Literal(term.value) if dt == XSD_STRING else Literal(term.value, datatype=URIRef(dt))
    raise TypeError(f"an RDF 1.2 triple term ({term}) is not supported")


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
                g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
            return g
        ds = Dataset()
        with warnings.catch_warnings():  # rdflib's own parsers call its deprecated graph API
            warnings.filterwarnings("ignore", r".*(ConjunctiveGraph|default_context) is deprecated",
                                    DeprecationWarning)
            ds.parse(path, format=fmt.rdflib)
    except Exception as exc:  # rdflib raises many types for bad syntax; Oxigraph a SyntaxError
        raise parse_error(exc, fmt.rdflib, path) from None
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

