"""Say what a command is doing, and write its output: what every command of the CLI shares."""

from __future__ import annotations

import sys

from kg.files import write_output
from kg.paths import relative


def say(msg: str) -> None:
    """Tell the person at the terminal (stderr, so stdout stays the command's output)."""
    print(msg, file=sys.stderr, flush=True)


def write(data: bytes, output: str | None) -> None:
    """Write a command's output to the file ``output``, or to stdout for ``-``."""
    path = write_output(data, output)
    if path is not None:
        say(f"Wrote {relative(path)}")
