"""Read a YAML file keeping the line of every mapping key and list item.

PyYAML drops positions and silently keeps the last of duplicate keys; the
loaders need both to name the line of a mistake.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from kg.errors import DataError

TIMESTAMP = "tag:yaml.org,2002:timestamp"


class LDict(dict):
    """A mapping that remembers its own line and the line of each key."""

    line: int
    lines: dict

    def line_of(self, key) -> int:
        return self.lines.get(key, self.line)


class LList(list):
    """A list that remembers its own line and the line of each item."""

    line: int
    lines: list

    def line_of(self, i: int) -> int:
        return self.lines[i] if i < len(self.lines) else self.line


def _convert(node, path: Path, constructor: SafeConstructor):
    line = node.start_mark.line + 1
    if isinstance(node, MappingNode):
        out = LDict()
        out.line, out.lines = line, {}
        for knode, vnode in node.value:
            if knode.tag == "tag:yaml.org,2002:merge":
                raise DataError("YAML merge keys (<<) are not supported", path, line)
            key = _convert(knode, path, constructor)
            if not isinstance(key, (str, int)):
                raise DataError("a mapping key must be a plain word", path, knode.start_mark.line + 1)
            if key in out:
                raise DataError(f"duplicate key '{key}' in one mapping (the first is on line "
                                f"{out.lines[key]})", path, knode.start_mark.line + 1, str(key))
            out[key] = _convert(vnode, path, constructor)
            out.lines[key] = knode.start_mark.line + 1
        return out
    if isinstance(node, SequenceNode):
        out = LList(_convert(n, path, constructor) for n in node.value)
        out.line, out.lines = line, [n.start_mark.line + 1 for n in node.value]
        return out
    assert isinstance(node, ScalarNode)
    try:
        return constructor.construct_object(node, deep=True)
    except (ConstructorError, ValueError) as exc:
        if node.tag == TIMESTAMP:
            # 2024-06-31 looks like a date to YAML but is none; keep the text so the
            # reader of the field it belongs to reports it with the field's name.
            return node.value
        raise DataError(f"cannot read the value {node.value!r}: {exc}", path, line) from None


def check_stray_text(item: LDict, fields, file: Path, field: str) -> None:
    """Explain the mapping ``{value: x, quote: 甲,乙}``: YAML ends a value at an unquoted comma.

    The text after the comma becomes a key without a value; the articles use ASCII
    commas, so this is the commonest slip in flow mappings.
    """
    for key, value in item.items():
        if value is None and key not in fields:
            raise DataError(f"unexpected text {str(key)!r} with no value: inside {{...}} an unquoted "
                            "ASCII comma ',' ends a value, so the text after it became a key of its own; "
                            "put the text in single quotes ('...')", file, item.line_of(key), field)


def read_yaml(path: Path):
    """Parse ``path`` into LDict/LList trees; raise DataError on any YAML mistake."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError("file not found", path) from None
    except UnicodeDecodeError as exc:
        raise DataError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", path) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        if "flow" in problem:
            problem += ("; check the {...} or [...] on this line and the one before it: a closing "
                        "bracket may be missing, or a text holding ': ' or ',' may need single quotes")
        raise DataError(f"YAML syntax error: {problem}", path, line) from None
    except yaml.YAMLError as exc:
        raise DataError(f"YAML error: {exc}", path) from None
    if node is None:
        return None
    return _convert(node, path, SafeConstructor())
