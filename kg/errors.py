"""The one error type for a user's mistake in data, shapes or queries."""

from __future__ import annotations

from pathlib import Path

from kg.paths import relative


class DataError(Exception):
    """A mistake in an input file, reported as one paragraph naming file, line and field."""

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
