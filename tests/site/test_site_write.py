"""kg.site.write: a folder whose links all resolve, that loads nothing from the web, byte-stable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.cli import main
from kg.errors import InputError
from kg.site.layout import VIS_FILE
from kg.site.write import write_site

LINK = re.compile(r"""<(a|link|script|iframe|form)\b[^>]*?\b(href|src|action)="([^"]*)\"""")


def links(site: Path):
    """Yield (page, tag, target) for every link of every page of the site."""
    for page in sorted(site.rglob("*.html")):
        for tag, _attr, target in LINK.findall(page.read_text(encoding="utf-8")):
            yield page, tag, target


def written(site: Path) -> set[str]:
    return {p.relative_to(site / "zh").with_suffix("").as_posix() for p in (site / "zh").rglob("*.html")
            if p.parent != site / "zh"}


def test_every_link_resolves(site):
    pages = written(site)
    assert "org/jiuli" in pages and len(pages) >= 3
    checked, missing = 0, []
    for page, _tag, target in links(site):
        path = target.split("#")[0].split("?")[0]
        if not path or re.match(r"^[a-z]+:", target):
            continue
        resolved = (page.parent / path).resolve()
        checked += 1
        if not resolved.exists():
            rel = resolved.relative_to(site.resolve()).with_suffix("").as_posix()
            entity = rel.split("/", 1)[1]
            # only pages of entities this site leaves out (write_site's `only`) may be missing
            if not (rel.split("/")[0] in ("zh", "en", "explore") and entity not in pages):
                missing.append(f"{page.relative_to(site)}: {target}")
    assert checked > 1000 and missing == []


def test_nothing_is_loaded_from_the_web(site):
    loaded = [(p.name, t) for p, tag, t in links(site) if tag in ("link", "script", "iframe") and "//" in t]
    assert loaded == []
    explorer = (site / "explore" / "org" / "jiuli.html").read_text(encoding="utf-8")
    assert f'<script src="../../{VIS_FILE}"></script>' in explorer
    assert "script-src 'self' 'unsafe-inline'" in explorer
    assert (site / VIS_FILE).stat().st_size > 100_000


def test_the_docs_link_the_site(site):
    index = (site / "docs" / "index.html").read_text(encoding="utf-8")
    for target in ("../explorer.html", "../en/catalogue.html", "../index.html#downloads"):
        assert f'href="{target}"' in index


def test_the_downloads_are_the_release_files(site, graph, tmp_path):
    """The names and bytes `yrdkg release` of this version writes, linked from the landing page;
    `sha256sum -c` passes in downloads/."""
    import subprocess

    from rdflib import Graph

    from kg import __version__
    from kg.release import release

    made = release(graph + Graph(), tmp_path, __version__)  # a copy: release rewrites the description
    mine = {p.name: p.read_bytes() for p in (site / "downloads").iterdir()}
    assert sorted(mine) == sorted(p.name for p in [*made.files, made.checksums])
    for path in made.files:
        assert mine[path.name] == path.read_bytes(), path.name
    index = (site / "index.html").read_text(encoding="utf-8")
    assert [name for name in mine if f'href="downloads/{name}"' not in index] == []
    check = subprocess.run(["sha256sum", "-c", made.checksums.name], cwd=site / "downloads",
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.count(": OK") == len(made.files)


def test_the_command_writes_the_same_bytes(site, tmp_path, capsys):
    out = tmp_path / "again"
    assert main(["site", "--out", str(out), "--entity", *sorted(written(site))]) == 0
    assert "Open" in capsys.readouterr().err
    mine = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    again = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert sorted(mine) == sorted(again)
    assert [name for name in mine if mine[name] != again[name]] == []


def test_it_writes_over_a_site_only(graph, tmp_path):
    other = tmp_path / "notes"
    other.mkdir()
    (other / "mine.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(InputError, match="replaces its folder whole"):
        write_site(graph, other)
    assert (other / "mine.txt").read_text(encoding="utf-8") == "keep me"
    with pytest.raises(InputError, match="no entity is called"):
        write_site(graph, tmp_path / "new", only=["org/no-such-thing"])
    assert not (tmp_path / "new").exists()
