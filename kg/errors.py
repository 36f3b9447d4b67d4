"""The errors yrd-kg reports to a user: one base type, one kind per cause.

Every kind means "could not run": the ``yrdkg`` command prints it as one
paragraph (``error: FILE, line N, field 'F': ...``) and exits 2, never with a
traceback. Exit 1 is kept for a graph that does not conform to the shapes.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.paths import relative

EXIT_OK = 0
EXIT_NOT_CONFORMING = 1
EXIT_COULD_NOT_RUN = 2


class YrdkgError(Exception):
    """A problem a user can act on, named by file, line and field where they are known."""

    kind = "error"

    def __init__(self, message: str, file: Path | str | None = None,
                 line: int | None = None, field: str | None = None):
        self.message = message
        self.file = file
        self.line = line
        self.field = field
        super().__init__(str(self))

    def __str__(self) -> str:
        where = []
        if self.file is not None:
            where.append(relative(Path(self.file)))
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.field:
            where.append(f"field '{self.field}'")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class DataError(YrdkgError):
    """A mistake in the curated records: a YAML file, a source text, a reference table."""

    kind = "bad data"


class InputError(YrdkgError):
    """A file or value given to a command that cannot be used: an RDF or SPARQL file that does
    not parse or holds no data, an unknown query name or parameter, an option out of range."""

    kind = "bad input"


class ServiceError(YrdkgError):
    """A server or network failure: an endpoint that cannot be reached or answers with an error,
    a store that lost triples, an Oxigraph server that would not start."""

    kind = "service failure"


class ToolError(YrdkgError):
    """An optional tool a command needs is not installed (the oxigraph CLI, Java for HermiT)."""

    kind = "missing tool"


KINDS = (DataError, InputError, ServiceError, ToolError)


class _IllTypedLiteral(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Failed to convert Literal lexical form")


@contextmanager
def quiet_ill_typed_literals() -> Iterator[None]:
    """Within the block, drop rdflib's warning (with a traceback) for each ill-typed literal.

    A literal such as ``"2024-6-6"^^xsd:date`` is the user's mistake, reported by the
    SHACL report or as an InputError; rdflib's log of it would only bury that report.
    Only the block is quiet: the filter is removed on leaving it, so the process's
    logging is left as it was found.
    """
    logger, quiet = logging.getLogger("rdflib.term"), _IllTypedLiteral()
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)
