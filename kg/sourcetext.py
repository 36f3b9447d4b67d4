"""Read a source text's structure: whitespace-free offsets, heading parts, sentences.

Every offset here is in the *squeezed* text (all whitespace removed), the
coordinates in which quotes are looked up and ``yrd:offset`` is written, so a
quote, a part and a sentence can be compared directly.

- A **part** starts at a Markdown heading (``#``, ``##`` or ``###`` at the start of
  a line) and runs to the next heading of the same or a higher level; parts nest.
- A **sentence** ends at 。！？ (and at ASCII ? and !, which the Zhejiang Daily text
  uses), together with any closing quote or bracket after it, and at markup.
  Markup is not prose: headings, table-of-contents lines (list items holding a
  link) and lines holding only an HTML tag or a fragment of one.

>>> [s.text for s in sentences("# 标题\\n\\n第一句。第二\\n句?”\\n")]
['第一句。', '第二句?”']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SPACE = re.compile(r"\s+")
HEADING = re.compile(r"^(#{1,6})[ \t\u3000]+(.*?)[ \t\u3000#]*$")
PART_LEVELS = 3
TOC_LINE = re.compile(r"^\s*[-*+]\s.*(\]\(|<a\s)")
TAG_LINE = re.compile(r"^\s*</?[A-Za-z]*[^<>]*>?\s*$")
ENDS = set("。！？?!")
CLOSERS = set("”’」』）)】》〉\"'")
WORD = re.compile(r"[\w\u3400-\u9fff]")


def squeeze(text: str) -> str:
    """Drop all whitespace: the sources break lines inside sentences."""
    return _SPACE.sub("", text)


@dataclass(frozen=True)
class Part:
    """A heading and the text it governs, as squeezed offsets [start, end)."""

    ordinal: int      # 1, 2, ... in the order of the headings
    level: int        # 1 for '#', 2 for '##', 3 for '###'
    title: str        # the heading's text, whitespace normalised
    line: int         # the heading's line in the file
    start: int
    end: int
    parent: int | None  # ordinal of the enclosing part


@dataclass(frozen=True)
class Sentence:
    """One sentence of prose: squeezed offsets [start, end), its first line, its display text.

    ``opens`` tells whether it begins a line of the file (a new paragraph, for display).
    """

    number: int
    start: int
    end: int
    line: int
    text: str
    opens: bool = False


@dataclass(frozen=True)
class Markup:
    """A line that is markup, not prose (a heading, a table-of-contents entry, a tag)."""

    start: int
    end: int
    line: int
    text: str
    level: int  # heading level, 0 for other markup


def _lines(text: str):
    """Yield (line number, line, squeezed offset of its start)."""
    pos = 0
    for n, line in enumerate(text.splitlines(), 1):
        yield n, line, pos
        pos += len(squeeze(line))


def markup_kind(line: str) -> int | None:
    """Return the heading level of a markup line, 0 for other markup, None for prose."""
    m = HEADING.match(line)
    if m:
        return len(m.group(1))
    if TOC_LINE.match(line) or (line.strip() and TAG_LINE.match(line)):
        return 0
    return None


def parts(text: str) -> list[Part]:
    """Return the parts of a Markdown text, in the order of their headings."""
    total = len(squeeze(text))
    found = []
    for n, line, pos in _lines(text):
        m = HEADING.match(line)
        if m and len(m.group(1)) <= PART_LEVELS and m.group(2).strip():
            found.append((len(m.group(1)), " ".join(m.group(2).split()), n, pos))
    out = []
    for i, (level, title, n, start) in enumerate(found):
        end = next((s for lv, _, _, s in found[i + 1:] if lv <= level), total)
        parent = next((j + 1 for j in range(i - 1, -1, -1) if found[j][0] < level), None)
        out.append(Part(i + 1, level, title, n, start, end, parent))
    return out


def smallest_part(all_parts: list[Part], offset: int) -> Part | None:
    """Return the innermost part whose span holds ``offset``."""
    best = None
    for p in all_parts:
        if p.start <= offset < p.end and (best is None or p.level > best.level):
            best = p
    return best


def _display(raw: str) -> str:
    """Join a sentence's lines: a break inside a sentence is no space; spaces on a line stay."""
    out = re.sub(r"[ \t\u3000]*\n\s*", "", raw.strip())
    return re.sub(r"[ \t\u3000]+", " ", out)


def segments(text: str) -> list[Sentence | Markup]:
    """Split ``text`` into sentences and markup lines, in order."""
    out: list = []
    buf: list[str] = []          # raw characters of the sentence being read
    start = line0 = None         # its squeezed start and first line
    opens = False                # whether it begins its line
    pos = 0                      # squeezed offset of the next non-space character

    def flush():
        nonlocal buf, start, line0
        raw = "".join(buf)
        if WORD.search(raw):
            n = sum(isinstance(s, Sentence) for s in out) + 1
            out.append(Sentence(n, start, pos, line0, _display(raw), opens))
        buf, start, line0 = [], None, None

    for n, line, lpos in _lines(text):
        kind = markup_kind(line)
        if kind is not None:
            flush()
            width = len(squeeze(line))
            if width:
                title = HEADING.match(line).group(2) if kind else line.strip()
                out.append(Markup(lpos, lpos + width, n, " ".join(title.split()), kind))
            pos = lpos + width
            continue
        chars = line + "\n"
        i = 0
        while i < len(chars):
            ch = chars[i]
            if not ch.isspace():
                if start is None:
                    start, line0, opens = pos, n, not line[:i].strip()
                pos += 1
            buf.append(ch)
            if ch in ENDS:
                while i + 1 < len(chars) and (chars[i + 1] in CLOSERS or chars[i + 1] in ENDS):
                    i += 1
                    buf.append(chars[i])
                    pos += 1
                flush()
            i += 1
    flush()
    return out


def sentences(text: str) -> list[Sentence]:
    """Return the sentences of ``text`` (markup left out)."""
    return [s for s in segments(text) if isinstance(s, Sentence)]
