"""Read a YAML file keeping the line of every mapping key and list item.

PyYAML drops positions and silently keeps the last of duplicate keys; the
loaders need both to name the line of a mistake.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from kg.errors import DataError

TIMESTAMP = "tag:yaml.org,2002:timestamp"
MAX_DEPTH = 32  # levels of nesting; the records use fewer than ten
MAX_VALUES = 1_000_000  # values in a document, aliases expanded; the largest file has a few thousand


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


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader with bounds: on nesting, on aliases, on the size a document expands to.

    Records may name a value once (``&fields [...]``) and repeat it (``*fields``).
    An alias inside the value it names is refused (it would hold itself), and so
    is a document that, aliases expanded, holds more than :data:`MAX_VALUES`
    values: the size of each node is summed as it is composed, so an alias bomb
    (a few lines nesting aliases of aliases into billions of values) is refused
    before anything is expanded. The depth bound keeps the recursive composer
    and :func:`_convert` far from Python's recursion limit.
    """

    path: Path

    def __init__(self, stream):
        super().__init__(stream)
        self.depth, self.open_anchors, self.sizes = 0, [], {}

    def compose_node(self, parent, index):
        event = self.peek_event()
        line = event.start_mark.line + 1
        if isinstance(event, AliasEvent):
            if event.anchor in self.open_anchors:
                raise DataError(f"the alias *{event.anchor} stands inside the value it names "
                                f"(&{event.anchor}), which would hold itself forever", self.path, line)
            return super().compose_node(parent, index)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise DataError(f"nested more than {MAX_DEPTH} levels deep; curated records are a few "
                            "levels deep", self.path, line)
        anchor = getattr(event, "anchor", None)
        if anchor:
            self.open_anchors.append(anchor)
        try:
            node = super().compose_node(parent, index)
        finally:
            self.depth -= 1
            if anchor:
                self.open_anchors.pop()
        children = node.value if isinstance(node, SequenceNode) else (
            [n for pair in node.value for n in pair] if isinstance(node, MappingNode) else [])
        size = 1 + sum(self.sizes.get(id(c), (1, 1))[0] for c in children)
        depth = 1 + max((self.sizes.get(id(c), (1, 1))[1] for c in children), default=0)
        self.sizes[id(node)] = size, depth  # aliases expanded: what _convert will build
        if depth > MAX_DEPTH:
            raise DataError(f"with its aliases expanded, this is nested more than {MAX_DEPTH} levels "
                            "deep; curated records are a few levels deep", self.path, line)
        if size > MAX_VALUES:
            raise DataError(f"with its aliases expanded, this holds more than {MAX_VALUES:,} values",
                            self.path, line)
        return node


def read_yaml(path: Path):
    """Parse ``path`` into LDict/LList trees; raise DataError on any YAML mistake."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError("file not found", path) from None
    except UnicodeDecodeError as exc:
        raise DataError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", path) from None
    except OSError as exc:  # a folder, a file that cannot be read
        raise DataError(f"cannot read: {exc.strerror or exc}", path) from None
    loader = _Loader(text)
    loader.path = path
    try:
        node = loader.get_single_node()
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
    finally:
        loader.dispose()
    if node is None:
        return None
    return _convert(node, path, SafeConstructor())


def nested_items(rec, items, field: str, fields: set, required, what: str):
    """Yield (line, item) for each mapping of a nested list such as ``involvements``.

    Checks the shared rules first: a non-empty list of mappings, no unknown
    field, every required field present.
    """
    if not isinstance(items, list) or not items:
        raise DataError(f"expected a list of {what}", rec.file, rec.line(field), field)
    for i, item in enumerate(items):
        iline = items.line_of(i)
        if not isinstance(item, LDict):
            raise DataError(f"expected a mapping {{{', '.join(required)}, ...}}", rec.file, iline, field)
        check_stray_text(item, fields, rec.file, field)
        for key in item:
            if key not in fields:
                raise DataError(f"unknown field; {what} have {', '.join(sorted(fields))}",
                                rec.file, item.line_of(key), f"{field}.{key}")
        for key in required:
            if key not in item:
                raise DataError("missing required field", rec.file, iline, f"{field}.{key}")
        yield iline, item
