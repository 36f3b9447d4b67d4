"""Loader errors: each mistake in the curated data names its file, line and field.

Every case copies kg/data into a temporary folder, changes one thing, and checks
the DataError the loader raises.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import RDF, XSD, Literal

from kg.errors import DataError
from kg.loaders import load
from kg.ontology import ID, YRD
from kg.paths import packaged_data

DATA = packaged_data()
HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
DIVISIONS_CSV = DATA / "reference" / "yrd-divisions.csv"
COUNTIES_CSV = DATA / "reference" / "yrd-demo-zone-counties.csv"
COORDINATES_CSV = DATA / "reference" / "yrd-coordinates.csv"


def edit(data: Path, name: str, old: str, new: str) -> int:
    """Replace the one occurrence of ``old`` in data/name; return the line where ``new`` starts."""
    path = data / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {name}"
    at = text.index(old)
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[:at].count("\n") + 1


def replace_table(data: Path, text: str, name: str = "yrd-divisions.csv") -> Path:
    """Write ``text`` as the table ``name`` of ``data`` and record its new checksum."""
    csv = (data / "reference" / name).resolve()
    old = hashlib.sha256(csv.read_bytes()).hexdigest()
    csv.write_text(text, encoding="utf-8")
    edit(data, "sources.yaml", old, hashlib.sha256(csv.read_bytes()).hexdigest())
    return csv


def load_error(data: Path) -> DataError:
    with pytest.raises(DataError) as info:
        load(data)
    return info.value


@dataclass
class Case:
    """One mistake: in ``file``, ``old`` becomes ``new``; the error names ``field`` at the line of
    ``new`` plus ``offset``, and its message contains ``words``."""

    name: str
    file: str
    old: str
    new: str
    field: str | None
    words: str
    offset: int = 0


CASES = [
    Case("yaml-syntax-error", "consortia.yaml",
         "firstOfItsKind: {value: true, quote: '二是成立首批长三角创新联合体'}",
         "firstOfItsKind: {value: true, quote: '二是成立首批长三角创新联合体'", None, "YAML syntax error", 1),
    Case("duplicate-key", "people.yaml",
         "    label: {zh: 王一鸣, en: Wang Yiming}\n",
         "    label: {zh: 王一鸣, en: Wang Yiming}\n    label: {zh: 王一鸣, en: Wang Yiming}\n",
         "label", "duplicate key 'label'", 1),
    Case("unknown-field", "organisations.yaml",
         "    basedIn: {value: div/330100, quote: '由杭州景业智能科技股份有限公司牵头'}",
         "    basedin: {value: div/330100, quote: '由杭州景业智能科技股份有限公司牵头'}",
         "basedin", "unknown field; a record of this kind may have"),
    Case("unknown-nested-field", "events.yaml",
         "{agent: org/zjdaily-press-group, role: HostRole, quote:",
         "{agent: org/zjdaily-press-group, rol: HostRole, quote:",
         "involvements.rol", "unknown field; involvements have"),
    Case("missing-required-field", "people.yaml",
         "    evidence: 参加长三角新全媒联合体年会的万洋集团总裁吴建明\n", "",
         "evidence", "missing required field", -3),
    Case("missing-nested-field", "events.yaml",
         "{agent: person/xi-jinping, role: ChairRole, quote:",
         "{agent: person/xi-jinping, quote:",
         "involvements.role", "missing required field"),
    Case("duplicate-id", "organisations.yaml", "  - id: org/jingye\n", "  - id: org/jiuli\n",
         "id", "duplicate id 'org/jiuli' (first defined in organisations.yaml, line 8)"),
    Case("unknown-id", "consortia.yaml",
         "{agent: org/jiuli, role: LeadRole,", "{agent: org/jiu1i, role: LeadRole,",
         "involvements.agent", "unknown identifier 'org/jiu1i'. Known ids like it:"),
    Case("unknown-class", "people.yaml", "    type: Person\n    label: {zh: 王一鸣",
         "    type: Persn\n    label: {zh: 王一鸣", "type", "unknown class 'Persn'"),
    Case("wrong-class", "projects.yaml",
         "{value: event/6th-yrd-forum, quote: '6月6日,", "{value: org/jiuli, quote: '6月6日,",
         "releasedAt", "'org/jiuli' is of class Enterprise, but this field needs one of class Event"),
    Case("wrong-class-of-agent", "events.yaml",
         "{agent: org/chao-news, role: OrganiserRole,", "{agent: sector/new-materials, role: OrganiserRole,",
         "involvements.agent", "is of class Sector, but this field needs one of class foaf:Agent"),
    Case("date-not-a-date", "events.yaml",
         "startDate: {value: 2024-06-06, quote: '6月6日,第六届",
         "startDate: {value: 2024-06-31, quote: '6月6日,第六届",
         "startDate", "'2024-06-31' is not a date (YYYY-MM-DD)"),
    Case("date-as-chinese-text", "events.yaml",
         "startDate: {value: 2024-06-06, quote: '6月6日,第六届",
         "startDate: {value: 6月6日, quote: '6月6日,第六届",
         "startDate", "'6月6日' is not a date (YYYY-MM-DD)"),
    Case("number-not-a-number", "projects.yaml", "      - value: 70000\n", "      - value: 7万\n",
         "targets.value", "'7万' is not a number"),
    Case("count-not-a-count", "consortia.yaml", "declaredCount: {value: 12,", "declaredCount: {value: 12.5,",
         "declaredCount", "12.5 is not a whole number of zero or more"),
    Case("year-not-a-year", "projects.yaml",
         "year: {value: 2024, quote: '2024年度长三角一体化实事项目清单'}",
         "year: {value: 2024年, quote: '2024年度长三角一体化实事项目清单'}",
         "year", "'2024年' is not a year (YYYY)"),
    Case("year-month-not-a-year-month", "events.yaml",
         "yearMonth: {value: 2023-11,", "yearMonth: {value: 2023-13,",
         "yearMonth", "is not a year and month (YYYY-MM)"),
    Case("unknown-unit", "projects.yaml", "        unit: RatioUnit\n", "        unit: Ratio\n",
         "targets.unit", "unknown unit 'Ratio'"),
    Case("quote-not-in-source", "people.yaml",
         "quote: '万洋集团总裁吴建明'", "quote: '万洋集团董事长吴建明'",
         "posts.quote", "quote not found in source src/zjrb-2024-06-yrd-forum"),
    Case("unknown-source", "people.yaml", "source: src/zjrb-2024-06-yrd-forum\n", "source: src/zjrb-2024\n",
         "evidence", "unknown source 'src/zjrb-2024'", 5),
    Case("label-missing-english", "people.yaml",
         "label: {zh: 吴建明, en: Wu Jianming}", "label: {zh: 吴建明}",
         "label", "expected exactly a Chinese and an English text"),
    Case("functional-property-twice", "organisations.yaml",
         "    basedIn: {value: div/330100, quote: '由杭州景业智能科技股份有限公司牵头'}",
         "    basedIn:\n      - {value: div/330100, quote: '由杭州景业智能科技股份有限公司牵头'}\n"
         "      - {value: div/330000, quote: '由杭州景业智能科技股份有限公司牵头'}",
         "basedIn", "'basedIn' takes exactly one value"),
    Case("top-level-field-typo", "people.yaml", "records:\n", "record:\n", "record",
         "unknown top-level field; a data file has 'source' and 'records'"),
    Case("repeated-involvement", "consortia.yaml",
         "成员单位有来自沪苏浙的高新企业,也有上海交通大学等高校'}\n",
         "成员单位有来自沪苏浙的高新企业,也有上海交通大学等高校'}\n"
         "      - {agent: org/sjtu, role: MemberRole, quote: '也有上海交通大学等高校'}\n",
         "involvements", "this involvement repeats the one in consortia.yaml, line 55", 1),
    Case("merge-into-unknown-id", "places.yaml", "  - id: div/310000\n    merge: true",
         "  - id: div/310001\n    merge: true", "id", "'merge: true' adds to an existing entity"),
    Case("property-of-another-class", "people.yaml", "    label: {zh: 吴建明, en: Wu Jianming}\n",
         "    label: {zh: 吴建明, en: Wu Jianming}\n"
         "    declaredCount: {value: 1, quote: '万洋集团总裁吴建明'}\n",
         "declaredCount", "'declaredCount' applies to a Batch, and 'person/wu-jianming' is not one", 1),
    Case("unquoted-ascii-comma", "consortia.yaml",
         "firstOfItsKind: {value: true, quote: '二是成立首批长三角创新联合体'}",
         "firstOfItsKind: {value: true, quote: 其中,浙江单位牵头的联合体共有3个}",
         "firstOfItsKind", "put the text in single quotes"),
    Case("unknown-role", "consortia.yaml",
         "{agent: org/westlake-lab, role: LeadRole, quote: '西湖实验室牵头成立的长三角肺癌新药创新联合体'}",
         "{agent: org/westlake-lab, role: LedRole, quote: '西湖实验室牵头成立的长三角肺癌新药创新联合体'}",
         "involvements.role", "unknown role 'LedRole'; roles are"),
    Case("posts-of-an-organisation", "people.yaml", "  - id: person/wu-jianming\n    type: Person\n",
         "  - id: person/wu-jianming\n    type: Organisation\n", "posts",
         "'person/wu-jianming' is not a Person, so it holds no posts", 4),
    Case("unquoted-ascii-comma-in-involvement", "consortia.yaml",
         "{agent: org/westlake-lab, role: LeadRole, quote: '西湖实验室牵头成立的长三角肺癌新药创新联合体'}",
         "{agent: org/westlake-lab, role: LeadRole, quote: 西湖实验室牵头成立的,长三角肺癌新药创新联合体}",
         "involvements", "put the text in single quotes"),
    Case("unquoted-ascii-comma-in-label", "organisations.yaml",
         "en: 'promote exchanges between China and abroad in trade, investment,",
         "en: promote exchanges between China and abroad in trade, investment,",
         "provisions.label", "put the text in single quotes"),
    Case("property-field-with-unknown-key", "consortia.yaml",
         "firstOfItsKind: {value: true, quote: '二是成立首批长三角创新联合体'}",
         "firstOfItsKind: {value: true, quote: '二是成立首批长三角创新联合体', note: x}",
         "firstOfItsKind", "expected {value: ..., quote: ...}, and optionally inferred: {en: why}"),
    Case("inferred-without-english-reason", "consortia.yaml",
         'inferred: &one-of-three {en: "The article', 'inferred: &one-of-three {zh: "The article',
         "inBatch.inferred", "expected the curator's reason: inferred: {en:"),
    Case("short-form-not-by-language", "places.yaml", "shortForm: {zh: [温州]}", "shortForm: 温州",
         "shortForm", "expected texts keyed by language"),
    Case("provision-without-label", "agreements.yaml",
         "      - label: {zh: 提升互济置换规模, en: increase the scale of the mutual aid and exchange}\n"
         "        quote: 接下来互济置换规模还将提升\n",
         "      - quote: 接下来互济置换规模还将提升\n", "provisions.label", "missing required field"),
    Case("provision-unknown-field", "agreements.yaml", "        quote: 接下来互济置换规模还将提升\n",
         "        quote: 接下来互济置换规模还将提升\n        notes: {en: typo}\n", "provisions.notes",
         "unknown field; provisions have", 1),
    Case("part-heading-not-in-source", "sources.yaml", "      - heading: 赋能民营经济创新发展\n",
         "      - heading: 赋能民营经济\n", "parts.heading",
         "is no heading of the source; its headings are:"),
    Case("part-author-unknown", "sources.yaml",
         "[person/huang-yunling, person/wang-jiangjun]\n      - heading: 赋能民营经济创新发展",
         "[person/huang-yunlin, person/wang-jiangjun]\n      - heading: 赋能民营经济创新发展",
         "parts.authors", "unknown identifier 'person/huang-yunlin'"),
    # the grounding rule (kg.loaders.grounding): the quote names both sides of the fact
    Case("quote-names-no-subject", "people.yaml", "quote: '万洋集团总裁吴建明'}", "quote: '万洋集团总裁'}",
         "posts.quote", "the quote does not show the fact: no name of its subject 'person/wu-jianming'"),
    Case("quote-names-no-object", "organisations.yaml",
         "basedIn: {value: div/330100, quote: '由杭州景业智能科技股份有限公司牵头'}",
         "basedIn: {value: div/330300, quote: '由杭州景业智能科技股份有限公司牵头'}",
         "basedIn", "no name of its object 'div/330300' (温州市, Wenzhou, 温州, 330300) occurs in it"),
    # the Outline (kg/data/outline-*.yaml)
    Case("target-area-not-a-place", "outline-02-requirements.yaml",
         "        appliesTo: area/yrd-central-area\n"
         "        quote: 到2025年，中心区城乡居民收入差距控制在2.2∶1以内\n",
         "        appliesTo: org/ndrc\n"
         "        quote: 到2025年，中心区城乡居民收入差距控制在2.2∶1以内\n",
         "targets.appliesTo",
         "'org/ndrc' is of class GovernmentBody, but this field needs one of class Place"),
    Case("targets-on-a-place", "outline-00-preface.yaml",
         "    statistics:\n      - value: 358000\n", "    targets:\n      - value: 358000\n",
         "targets", "is not a Programme (a project or a plan), so it cannot set targets"),
    Case("source-document-unknown", "sources.yaml", "document: doc/yrd-outline-2019",
         "document: doc/yrd-outline", "document", "unknown identifier 'doc/yrd-outline'"),
    # hostile ids (issue 15): each once passed the loader and the shapes, then broke the Turtle
    Case("id-with-angle-bracket", "people.yaml", "id: person/wang-yiming", "id: person/wang<yiming>",
         "id", "an id must be a word like 'org/name'"),
    Case("id-with-bar", "people.yaml", "id: person/wang-yiming", "id: person/wang|yiming",
         "id", "an id must be a word like 'org/name'"),
    Case("id-ending-in-a-dot", "people.yaml", "id: person/wang-yiming", "id: person/wang-yiming.",
         "id", "not ending"),
    # a source text that cannot be read (issue 15): a folder, bytes that are not UTF-8
    Case("source-path-a-folder", "sources.yaml", "path: sources/000_9c34a97e38f5307b.txt",
         "path: sources", "path", "cannot read the source file"),
]


def raised_in(err: DataError) -> str:
    """Name the module whose code raised ``err``."""
    tb = err.__traceback__
    while tb.tb_next is not None:
        tb = tb.tb_next
    return tb.tb_frame.f_globals["__name__"]


# Loader modules whose errors have tests of their own below rather than a Case: the data folder
# (kg.loaders), the source registry and the tables (divisions, counties, their shared reader).
DEDICATED = {"kg.loaders", "kg.loaders.sources", "kg.loaders.divisions", "kg.loaders.counties",
             "kg.loaders.tables", "kg.loaders.coordinates"}


def test_every_loader_module_that_raises_has_an_error_case(tmp_path, copy_data):
    """A new loader module (or a module's first DataError) without a Case fails here."""
    folder = Path(load.__code__.co_filename).parent
    raisers = {"kg.loaders" if p.stem == "__init__" else f"kg.loaders.{p.stem}"
               for p in folder.glob("*.py") if "raise DataError" in p.read_text(encoding="utf-8")}
    covered = set()
    for case in CASES:
        data = copy_data(tmp_path / case.name)
        edit(data, case.file, case.old, case.new)
        covered.add(raised_in(load_error(data)))
    assert covered | DEDICATED == raisers


def test_an_inferred_fact_needs_no_name_in_its_quote(tmp_path, copy_data):
    """The same fact as quote-names-no-object loads once it is marked as the curator's inference."""
    data = copy_data(tmp_path)
    edit(data, "organisations.yaml", "{value: div/330100, quote: '由杭州景业智能科技股份有限公司牵头'}",
         "{value: div/330300, quote: '由杭州景业智能科技股份有限公司牵头', "
         "inferred: {en: 'a test of the mark'}}")
    g = load(data)
    (st,) = [st for st in g.subjects(RDF.subject, ID["org/jingye"])
             if (st, RDF.predicate, YRD.basedIn) in g and (st, RDF.object, ID["div/330300"]) in g]
    assert (st, YRD.inferred, Literal(True)) in g
    assert (st, YRD.inferenceNote, Literal("a test of the mark", lang="en")) in g


def test_grounding_error_counts_the_other_failures(tmp_path, copy_data):
    data = copy_data(tmp_path)
    for old, new in (("quote: '万洋集团总裁吴建明'}", "quote: '万洋集团总裁'}"),
                     ("basedIn: {value: div/330100, quote: '由杭州景业智能科技股份有限公司牵头'}",
                      "basedIn: {value: div/330300, quote: '由杭州景业智能科技股份有限公司牵头'}")):
        edit(data, "people.yaml" if "吴建明" in old else "organisations.yaml", old, new)
    err = load_error(data)
    assert Path(err.file).name == "organisations.yaml"  # files in order: organisations before people
    assert "(1 more facts fail this rule.)" in str(err)


def test_case_list_is_not_empty():
    assert len(CASES) >= 15
    assert len({c.name for c in CASES}) == len(CASES)


def test_the_curated_data_loads(tmp_path, copy_data):
    assert len(load(copy_data(tmp_path))) > 1000


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_error_names_file_line_and_field(case, tmp_path, copy_data):
    data = copy_data(tmp_path)
    line = edit(data, case.file, case.old, case.new) + case.offset
    err = load_error(data)
    assert Path(err.file).name == case.file, str(err)
    assert err.line == line, str(err)
    assert err.field == case.field, str(err)
    assert case.words in str(err)
    assert "\n" not in str(err)


def test_malformed_divisions_row(tmp_path, copy_data):
    data = copy_data(tmp_path)
    rows = DIVISIONS_CSV.read_text(encoding="utf-8").splitlines(keepends=True)
    rows[6] = rows[6].replace(",", ";", 1)          # line 7: one column fewer
    csv = replace_table(data, "".join(rows))
    err = load_error(data)
    assert Path(err.file) == csv and err.line == 7
    assert "expected 6 columns, found 5" in str(err)
    assert raised_in(err) == "kg.loaders.tables"  # the reader the divisions and counties tables share


def test_division_with_unknown_province(tmp_path, copy_data):
    data = copy_data(tmp_path)
    text = DIVISIONS_CSV.read_text(encoding="utf-8")
    csv = replace_table(data, text.replace(",city,330000,", ",city,330001,", 1))
    err = load_error(data)
    line = text[:text.index(",city,330000,")].count("\n") + 1
    assert (Path(err.file), err.line, err.field) == (csv, line, "province_code")
    assert "unknown identifier 'div/330001'" in str(err)


@pytest.mark.parametrize("old, new, field, words", [
    # 吴江区 with the city of another province (嘉兴市, in Zhejiang)
    (",320500,320000", ",330400,320000", "city_code", "does not lie in the province div/320000"),
    # 吴江区 without its city: only a district of a municipality may leave it empty
    (",320500,320000", ",,320000", "city_code", "only a district of a municipality"),
    (",district,320500,", ",ward,320500,", "level", "unknown level 'ward'"),
    ("320509,吴江区", "32050,吴江区", "code", "'32050' is not a six-digit code"),
], ids=["city-in-another-province", "no-city", "unknown-level", "short-code"])
def test_county_table_errors(tmp_path, copy_data, old, new, field, words):
    data = copy_data(tmp_path)
    text = COUNTIES_CSV.read_text(encoding="utf-8")
    csv = replace_table(data, text.replace(old, new, 1), COUNTIES_CSV.name)
    err = load_error(data)
    line = text[:text.index(old)].count("\n") + 1
    assert (Path(err.file), err.line, err.field) == (csv, line, field), str(err)
    assert words in str(err)


def test_a_quote_from_another_source_must_name_the_document(tmp_path, copy_data):
    """The Outline's own text names the Outline; the same words quoted from elsewhere would not."""
    data = copy_data(tmp_path)
    line = edit(data, "sources.yaml", "    document: doc/yrd-outline-2019\n", "")
    err = load_error(data)
    assert "no name of its subject 'doc/yrd-outline-2019'" in str(err), str(err)
    assert Path(err.file).name.startswith("outline-") and line > 0


def test_county_in_a_city_of_another_province(tmp_path, copy_data):
    data = copy_data(tmp_path)
    text = COUNTIES_CSV.read_text(encoding="utf-8")
    csv = replace_table(data, text.replace("320509,吴江区,Wujiang District,district,320500,320000",
                                           "320509,吴江区,Wujiang District,district,330400,320000"),
                        "yrd-demo-zone-counties.csv")
    err = load_error(data)
    assert (Path(err.file), err.line) == (csv, 3)
    assert "the city div/330400 does not lie in the province" in str(err)


def test_table_code_not_six_digits(tmp_path, copy_data):
    """kg.loaders.tables checks the codes of every table (here the counties')."""
    data = copy_data(tmp_path)
    text = COUNTIES_CSV.read_text(encoding="utf-8")
    csv = replace_table(data, text.replace("330421,嘉善县", "33042,嘉善县"), "yrd-demo-zone-counties.csv")
    err = load_error(data)
    assert (Path(err.file), err.line, err.field) == (csv, 4, "code")
    assert "'33042' is not a six-digit code" in str(err)


def test_unknown_table_kind(tmp_path, copy_data):
    data = copy_data(tmp_path)
    line = edit(data, "sources.yaml", "table: counties", "table: county")
    err = load_error(data)
    assert (Path(err.file).name, err.line, err.field) == ("sources.yaml", line, "table")
    assert "unknown table kind 'county'; the kinds are divisions, counties" in str(err)


# -- the coordinates table (kg.loaders.coordinates) ---------------------------------------
def test_every_division_has_the_coordinates_of_its_row(graph):
    """Each row's point reaches its division, with the row as the quote of both facts."""
    rows = list(csv.DictReader(io.StringIO(COORDINATES_CSV.read_text(encoding="utf-8"))))
    divisions = {s for c in (YRD.City, YRD.Province, YRD.Municipality) for s in graph.subjects(RDF.type, c)}
    assert {ID[f"div/{r['code']}"] for r in rows} >= divisions and len(divisions) == 45
    for r in rows:
        node = ID[f"div/{r['code']}"]
        assert graph.value(node, YRD.longitude) == Literal(r["longitude"], datatype=XSD.decimal)
        assert graph.value(node, YRD.latitude) == Literal(r["latitude"], datatype=XSD.decimal)
        (st,) = [st for st in graph.subjects(RDF.subject, node) if (st, RDF.predicate, YRD.latitude) in graph]
        (q,) = graph.objects(st, YRD.evidence)
        assert str(graph.value(q, YRD.text)) == ",".join(r.values())


@pytest.mark.parametrize("old, new, field, words", [
    ("330300,温州市,120.699361,27.993828", "330300,台州市,120.699361,27.993828", "name_zh",
     "is not named '台州市'"),
    ("330300,温州市,120.699361,27.993828", "330301,温州市,120.699361,27.993828", "code",
     "unknown identifier 'div/330301'"),
    ("330300,温州市,120.699361,27.993828", "330300,温州市,120.699361,97.993828", "latitude", "out of range"),
    ("330300,温州市,120.699361,27.993828", "330300,温州市,东经120,27.993828", "longitude",
     "is not a number of degrees"),
], ids=["wrong-name", "unknown-division", "latitude-out-of-range", "not-a-number"])
def test_coordinates_table_errors(tmp_path, copy_data, old, new, field, words):
    data = copy_data(tmp_path)
    text = COORDINATES_CSV.read_text(encoding="utf-8")
    table = replace_table(data, text.replace(old, new, 1), COORDINATES_CSV.name)
    err = load_error(data)
    line = text[:text.index(old)].count("\n") + 1
    assert (Path(err.file), err.line, err.field) == (table, line, field), str(err)
    assert words in str(err)


def test_missing_source_registry(tmp_path, copy_data):
    data = copy_data(tmp_path)
    (data / "sources.yaml").unlink()
    err = load_error(data)
    assert Path(err.file).name == "sources.yaml" and "file not found" in str(err)


def test_no_data_files(tmp_path, copy_data):
    data = copy_data(tmp_path)
    for path in data.glob("*.yaml"):
        if path.name != "sources.yaml":
            path.unlink()
    err = load_error(data)
    assert Path(err.file) == data and "no data files" in str(err)
    assert raised_in(err) == "kg.loaders"


def test_missing_source_file(tmp_path, copy_data):
    data = copy_data(tmp_path)
    line = edit(data, "sources.yaml", "path: sources/000_9c34a97e38f5307b.txt",
                "path: sources/missing.txt")
    err = load_error(data)
    assert (Path(err.file).name, err.line, err.field) == ("sources.yaml", line, "path")
    assert "not found" in str(err)
    assert raised_in(err) == "kg.loaders.sources"


def test_changed_source_file_fails_its_checksum(tmp_path, copy_data):
    data = copy_data(tmp_path)
    article = data / "sources" / "000_9c34a97e38f5307b.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    err = load_error(data)
    assert (Path(err.file).name, err.field) == ("sources.yaml", "sha256")
    assert "changed since it was registered" in str(err)


@pytest.mark.parametrize("content", ["", "# nothing here yet\n",
                                     "source: src/zjrb-2024-06-yrd-forum\nrecords: []\n",
                                     "source: src/zjrb-2024-06-yrd-forum\n"],
                         ids=["zero-bytes", "only-comments", "empty-list", "no-records-field"])
def test_an_empty_data_file_is_an_error_naming_it(tmp_path, copy_data, content):
    """An empty agreements.yaml once built a graph with every agreement silently gone."""
    data = copy_data(tmp_path)
    (data / "agreements.yaml").write_text(content, encoding="utf-8")
    err = load_error(data)
    assert Path(err.file).name == "agreements.yaml"
    assert "empty" in str(err) or "no records" in str(err)


@pytest.mark.parametrize("content", ["", "records: []\n"], ids=["zero-bytes", "empty-list"])
def test_an_empty_source_registry_is_an_error(tmp_path, copy_data, content):
    data = copy_data(tmp_path)
    (data / "sources.yaml").write_text(content, encoding="utf-8")
    err = load_error(data)
    assert Path(err.file).name == "sources.yaml"
    assert "empty" in str(err) or "no records" in str(err)


def test_a_missing_data_folder_is_an_error(tmp_path):
    err = load_error(tmp_path / "nowhere")
    assert Path(err.file) == tmp_path / "nowhere" and "no data folder" in str(err)


def test_not_utf8(tmp_path, copy_data):
    data = copy_data(tmp_path)
    (data / "people.yaml").write_bytes("records: []\n# 注释\n".encode("gb18030"))
    err = load_error(data)
    assert Path(err.file).name == "people.yaml" and "not UTF-8" in str(err)


def test_build_with_bad_data_exits_2_and_writes_nothing(tmp_path, copy_data):
    """The CLI prints one paragraph starting 'error:', no traceback, and leaves --out untouched."""
    data = copy_data(tmp_path)
    line = edit(data, "people.yaml", "quote: '万洋集团总裁吴建明'", "quote: '万洋集团董事长吴建明'")
    out = tmp_path / "out"
    env = {**os.environ, "YRDKG_DATA": str(data)}
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "build", "--out", str(out)], env=env,
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert proc.returncode == 2
    errors = [p for p in proc.stderr.split("\n\n") if "error:" in p]
    assert len(errors) == 1 and errors[0].splitlines()[-1].startswith("error:"), proc.stderr
    assert f"people.yaml, line {line}, field 'posts.quote': quote not found" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""
    assert not out.exists() or not any(out.iterdir())


def test_data_readme_documents_every_field_and_role():
    """kg/data/README.md cannot fall behind the loader: each reserved and nested field, each role."""
    from kg.loaders.records import NESTED, RESERVED
    from kg.ontology import YRD, ontology

    readme = (DATA / "README.md").read_text(encoding="utf-8")
    fields = list(RESERVED) + list(NESTED)
    roles = sorted(ontology().individuals(YRD.Role))
    assert len(fields) >= 10 and len(roles) >= 10
    for name in fields + roles:
        assert f"`{name}`" in readme, name


# -- hostile input (issue 15) ----------------------------------------------------------------
def test_a_quote_given_as_text_and_source_loads(tmp_path, copy_data):
    """The documented form evidence: {text, source} once crashed (KeyError: 0); it loads as the list form."""
    data = copy_data(tmp_path)
    edit(data, "people.yaml", "    evidence: 参加长三角新全媒联合体年会的万洋集团总裁吴建明\n",
         "    evidence: {text: 参加长三角新全媒联合体年会的万洋集团总裁吴建明,\n"
         "               source: src/zjrb-2024-06-yrd-forum}\n")
    as_mapping = load(data)
    assert set(as_mapping.objects(ID["person/wu-jianming"], YRD.evidence))
    assert len(as_mapping) == len(load(copy_data(tmp_path / "as-text")))


def test_a_bad_quote_mapping_names_its_line(tmp_path, copy_data):
    data = copy_data(tmp_path)
    line = edit(data, "people.yaml", "    evidence: 参加长三角新全媒联合体年会的万洋集团总裁吴建明\n",
                "    evidence: {text: 万洋集团总裁吴建明不在这里, source: src/zjrb-2024-06-yrd-forum}\n")
    err = load_error(data)
    assert (Path(err.file).name, err.line, err.field) == ("people.yaml", line, "evidence")
    assert "quote not found" in str(err)


def test_a_source_that_is_not_utf8_names_its_path(tmp_path, copy_data):
    data = copy_data(tmp_path)
    article = data / "sources" / "000_9c34a97e38f5307b.txt"
    old = hashlib.sha256(article.read_bytes()).hexdigest()
    article.write_bytes("长三角".encode("gb18030"))
    edit(data, "sources.yaml", old, hashlib.sha256(article.read_bytes()).hexdigest())
    err = load_error(data)
    assert (Path(err.file).name, err.field) == ("sources.yaml", "path") and "not UTF-8" in str(err)


def test_a_data_file_that_is_a_folder_names_it(tmp_path, copy_data):
    data = copy_data(tmp_path)
    (data / "zz.yaml").mkdir()
    err = load_error(data)
    assert Path(err.file).name == "zz.yaml" and "cannot read" in str(err)


HOSTILE_YAML = {"alias-bomb.yaml": "more than 1,000,000 values",
                "alias-self.yaml": "stands inside the value it names",
                "deep.yaml": "nested more than 32 levels deep"}


@pytest.mark.parametrize("name", sorted(HOSTILE_YAML))
def test_hostile_yaml_is_one_line_error_within_bounds(name, tmp_path, copy_data, limited):
    """An alias bomb once took 80 s and 4 GB before a MemoryError; a self-referencing alias and deep
    nesting gave RecursionError. Each is now refused at once, under a CPU and memory limit."""
    data = copy_data(tmp_path)
    shutil.copy(HOSTILE / name, data / name)
    out = tmp_path / "out"
    run = limited("build", "--data", data, "--out", out, cpu=60, memory=2 << 30)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr and "MemoryError" not in run.stderr
    (error,) = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert f"{name}, line " in error and HOSTILE_YAML[name] in error
    assert not out.exists()


def test_every_hostile_yaml_fixture_is_tested():
    assert sorted(p.name for p in HOSTILE.glob("*.yaml")) == sorted(HOSTILE_YAML)


def test_records_may_repeat_a_named_value(tmp_path, copy_data):
    """Aliases stay allowed: the curated records name a quote list once (&fields) and repeat it."""
    assert "*fields" in (DATA / "consortia.yaml").read_text(encoding="utf-8")
    assert len(load(copy_data(tmp_path))) > 1000
