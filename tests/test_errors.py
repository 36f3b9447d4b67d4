"""kg.errors: one base type, one kind per cause; the CLI turns each into exit 2 and one line."""

from __future__ import annotations

import pytest

import kg.cli.graph
from kg.cli import main
from kg.errors import KINDS, DataError, InputError, ServiceError, ToolError, YrdkgError


def test_the_kinds_are_distinct_and_share_one_base():
    assert set(KINDS) == {DataError, InputError, ServiceError, ToolError}
    assert all(issubclass(kind, YrdkgError) for kind in KINDS)
    assert len({kind.kind for kind in KINDS}) == len(KINDS)
    for kind in KINDS:
        others = [k for k in KINDS if k is not kind]
        assert not any(issubclass(kind, k) for k in others), kind


def test_message_names_file_line_and_field(tmp_path):
    err = DataError("quote not found", tmp_path / "people.yaml", 16, "posts.quote")
    assert str(err).endswith("people.yaml, line 16, field 'posts.quote': quote not found")
    assert str(InputError("no such query")) == "no such query"


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.__name__)
def test_every_kind_exits_2_with_one_line(kind, monkeypatch, capsys):
    def fail(args):
        raise kind("it went wrong", "some/file.ttl", 3)

    monkeypatch.setattr(kg.cli.graph, "cmd_stats", fail)
    assert main(["stats"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == "error: some/file.ttl, line 3: it went wrong\n"


def test_an_unwritable_output_is_one_line_not_a_traceback(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert main(["export", "--format", "nt", "-o", str(blocker / "g.nt")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "file" in err and err.count("\n") == 1
    assert "Traceback" not in err


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["build", "--no-such-option"])
    assert info.value.code == 2


def test_ill_typed_literals_are_quiet_only_inside_the_block(caplog):
    from rdflib import XSD, Literal

    from kg.errors import quiet_ill_typed_literals

    with caplog.at_level("WARNING", logger="rdflib.term"):
        with quiet_ill_typed_literals():
            Literal("2024-6-6", datatype=XSD.date)
        assert caplog.records == []
        Literal("2024-6-7", datatype=XSD.date)
    assert [r.name for r in caplog.records] == ["rdflib.term"]  # the process's logging is as it was
