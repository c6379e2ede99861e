"""Word report export: structure, ratings grid, citations, fields, user text, redaction, errors."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from cqc_tui.core.model import SOURCE_TYPES
from cqc_tui.core.workspace import Workspace
from cqc_tui.report import (
    ExportError,
    ExportOptions,
    TemplateError,
    export_review,
    readiness_summary,
)
from cqc_tui.report.dates import short_date
from cqc_tui.report.ooxml import clean
from cqc_tui.report.ratings_view import ratings_grid
from tests.synthetic_review import PERSONAL, TRICKY_TEXTS, make_review

REPO = Path(__file__).resolve().parent.parent
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# ----------------------------------------------------------------------------- helpers


def headings(document, level: int | None = None) -> list[tuple[int, str]]:
    out = []
    for p in document.paragraphs:
        name = p.style.name if p.style is not None else ""
        if name.startswith("Heading "):
            lvl = int(name.split()[1])
            if level is None or lvl == level:
                out.append((lvl, p.text))
    return out


def body_blocks(document) -> list[tuple[str, str]]:
    """(kind, text) for each body element in order: ('h1', text), ('p', text), ('tbl', '')."""
    out = []
    for el in document.element.body:
        if el.tag == qn("w:p"):
            style = el.find(f"{W}pPr/{W}pStyle")
            sid = style.get(qn("w:val")) if style is not None else ""
            text = "".join(t.text or "" for t in el.iter(f"{W}t"))
            out.append(("h1" if sid == "Heading1" else "p", text))
        elif el.tag == qn("w:tbl"):
            out.append(("tbl", ""))
    return out


def assert_no_empty_sections(document) -> None:
    """Every Heading 1 is followed by some text or a table before the next Heading 1."""
    blocks = body_blocks(document)
    for i, (kind, text) in enumerate(blocks):
        if kind != "h1":
            continue
        content = False
        for kind2, text2 in blocks[i + 1 :]:
            if kind2 == "h1":
                break
            if kind2 == "tbl" or text2.strip():
                content = True
                break
        assert content, f"section '{text}' is empty"


def evidence_table(document):
    for t in document.tables:
        if [c.text for c in t.rows[0].cells][:2] == ["No.", "Date"]:
            return t
    raise AssertionError("no evidence log table")


def cell_fill(cell) -> str | None:
    shd = cell._tc.find(f"{W}tcPr/{W}shd")
    return shd.get(qn("w:fill")) if shd is not None else None


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path / "home")


@pytest.fixture
def rich(ws: Workspace):
    s = make_review(ws, notes=120)
    yield s
    s.close()


@pytest.fixture
def rich_doc(rich, tmp_path: Path):
    out = export_review(rich, tmp_path / "report.docx", ExportOptions())
    return docx.Document(str(out))


# ----------------------------------------------------------------------------- structure


def test_headings_follow_the_review_type(rich, rich_doc):
    expected = [s.title for s in rich.review_type.sections if s.id not in ("cover", "contents")]
    got = [text for _, text in headings(rich_doc, 1)]
    assert [
        t for t in expected if t in got
    ] == got  # in the review type's order; empty sections left out
    assert {
        "Summary of findings",
        "Ratings",
        "Findings by core service",
        "Appendix: evidence log",
    } <= set(got)
    assert_no_empty_sections(rich_doc)
    level2 = [text for _, text in headings(rich_doc, 2)]
    units = [u.label for u in rich.scope_units()]
    assert [t for t in level2 if t in units] == units  # one heading per core service, in order


def test_cover_header_and_footer(rich, rich_doc, tmp_path):
    texts = [p.text for p in rich_doc.paragraphs[:15]]
    assert rich.review.title in texts
    assert "OFFICIAL-SENSITIVE" in texts
    assert any(t.startswith("DRAFT") for t in texts)  # status drafting -> DRAFT
    overall = next(p for p in rich_doc.paragraphs[:15] if p.text.startswith("Overall rating:"))
    scale = rich.framework.rating_scale
    agreed = next(
        r for r in rich.records("ratings") if not r.scope_unit and r.key_question == "overall"
    )
    assert overall.runs[1].text.strip() == scale.label(agreed.rating)
    assert overall.runs[1]._r.rPr.find(qn("w:shd")).get(qn("w:fill")) == scale.colour(agreed.rating)
    header = rich_doc.sections[0].header
    assert rich.review.title in header.paragraphs[0].text
    assert "OFFICIAL-SENSITIVE" in header.paragraphs[0].text
    footer_xml = rich_doc.sections[0].footer._element.xml
    instr = [t.text.strip() for t in rich_doc.sections[0].footer._element.iter(f"{W}instrText")]
    assert instr == ["PAGE", "NUMPAGES"]
    assert (
        footer_xml.count('w:fldCharType="begin"') == 2
        and footer_xml.count('w:fldCharType="end"') == 2
    )
    assert "Page" in rich_doc.sections[0].footer.paragraphs[0].text


def test_marking_and_final(ws, tmp_path):
    from cqc_tui.core.exchange import import_review

    _, review_id = import_review(
        ws, REPO / "sample_reviews" / "birmingham-community-trust-inspection.yaml"
    )
    s = ws.open_id(review_id, readonly=True)
    out = export_review(s, tmp_path / "r.docx", ExportOptions(marking="OFFICIAL"))
    d = docx.Document(str(out))
    texts = [p.text for p in d.paragraphs[:15]]
    assert "OFFICIAL" in texts and "FINAL" in texts and "OFFICIAL-SENSITIVE" not in texts
    assert "OFFICIAL | FINAL" in d.sections[0].header.paragraphs[0].text
    out = export_review(s, tmp_path / "r2.docx", ExportOptions(draft=True))
    assert "DRAFT" in docx.Document(str(out)).sections[0].header.paragraphs[0].text
    s.close()


def test_toc_field_and_update_fields(rich_doc):
    instr = [t.text for t in rich_doc.element.body.iter(f"{W}instrText")]
    assert any(i.strip().startswith("TOC ") for i in instr)
    settings = rich_doc.settings.element
    upd = settings.find(qn("w:updateFields"))
    assert upd is not None and upd.get(qn("w:val")) == "true"
    # the cached TOC result lists the headings, so the contents read sensibly before a refresh
    toc_text = [p.text for p in rich_doc.paragraphs[:40]]
    assert "Ratings" in toc_text and "Action plan" in toc_text


# ----------------------------------------------------------------------------- ratings grid


def test_ratings_grid_texts_and_colours(rich, rich_doc):
    scale = rich.framework.rating_scale
    grid = ratings_grid(rich)
    table = next(t for t in rich_doc.tables if t.rows[0].cells[0].text == "Core service")
    header = [c.text for c in table.rows[0].cells]
    assert header == [
        "Core service",
        "Safe",
        "Effective",
        "Caring",
        "Responsive",
        "Well-led",
        "Overall",
    ]
    units = rich.scope_units()
    labels = [r.cells[0].text for r in table.rows[1:]]
    assert labels == [u.label for u in units] + [rich.review.provider]
    checked = 0
    for r_i, row_view in enumerate(r for r in grid.rows if r.cells):
        row = table.rows[r_i + 1]
        for c_i, (code, _) in enumerate(grid.columns, start=1):
            cell_view = row_view.cells.get(code)
            if cell_view is None or not cell_view.code:
                continue
            cell = row.cells[c_i]
            assert cell.text.startswith(scale.label(cell_view.code))
            assert cell_fill(cell) == scale.colour(cell_view.code)
            checked += 1
    assert checked >= 15
    # legend with every rating colour
    legend = next(t for t in rich_doc.tables if t.rows[0].cells[0].text == "Key")
    assert [cell_fill(c) for c in legend.rows[0].cells[1:]] == [r.colour for r in scale.ratings]
    # the safe rating of the first unit as agreed by the team
    agreed = next(
        r
        for r in rich.records("ratings")
        if r.scope_unit == units[0].id and r.key_question == "safe"
    )
    assert table.rows[1].cells[1].text.startswith(scale.label(agreed.rating))
    text = "\n".join(p.text for p in rich_doc.paragraphs)
    assert "Each cell shows the month its rating was agreed." in text  # an NHS trust: dated cells
    assert "Jan 2018" in table.rows[1].cells[1].text


def test_focused_shows_previous_rating_and_change(ws, tmp_path):
    s = make_review(ws, notes=60, kind="focused")
    out = export_review(s, tmp_path / "f.docx", ExportOptions())
    d = docx.Document(str(out))
    table = next(t for t in d.tables if t.rows[0].cells[0].text == "Core service")
    cells = [c.text for row in table.rows[1:] for c in row.cells[1:]]
    assert any("from" in c or "was" in c for c in cells)
    assert any(("\u2191" in c) or ("\u2193" in c) or ("=" in c) for c in cells)
    assert any(c.startswith("Good *") or "improvement *" in c for c in cells)  # carried forward
    text = "\n".join(p.text for p in d.paragraphs)
    assert "* Carried forward from an earlier inspection" in text
    assert "Where the team departed from the usual aggregation" in [p.text for p in d.paragraphs]
    s.close()


def test_an_unrated_cell_is_named_before_export_and_marked_in_a_draft(rich, tmp_path):
    unit = rich.scope_units()[0]
    safe = rich.team_rating(unit.id, "safe")
    rich.delete("ratings", safe.id)
    lines = readiness_summary(rich)
    assert any(
        line.startswith("error: ") and unit.label in line and "Safe" in line and "no rating" in line
        for line in lines
    )
    assert any("DRAFT" in ln for ln in lines)
    out = export_review(rich, tmp_path / "r.docx", ExportOptions(draft=True))
    assert_no_empty_sections(docx.Document(str(out)))


# ----------------------------------------------------------------------------- findings and citations


def test_findings_keep_their_evidence_in_the_appendix(rich, rich_doc):
    """The body prints the team's findings; the notes they rest on are listed in the appendix by
    initials, date and source (no note ids)."""
    notes = {n.id: n for n in rich.notes()}
    paras = [p.text for p in rich_doc.paragraphs]
    text = "\n".join(paras)
    start = paras.index("Appendix: evidence behind the findings")
    appendix = "\n".join(paras[start:])
    cited = 0
    for f in rich.records("findings"):
        if f.kind != "finding" or not f.note_ids:
            continue
        assert f.text in text
        for nid in f.note_ids:
            n = notes[nid]
            assert nid[:8] not in text
            source = SOURCE_TYPES[n.source].lower()
            assert f"{short_date(n.observed_at[:10])}, {source}" in appendix
            cited += 1
    assert cited > 5
    assert not any(p.startswith("Evidence (") for p in paras[:start])


def test_key_question_without_findings_is_marked_in_a_draft(rich, tmp_path):
    unit = rich.scope_units()[0]
    for f in rich.records("findings"):
        if f.scope_unit == unit.id and f.key_question == "safe":
            rich.delete("findings", f.id)
    safe = next(
        r for r in rich.records("ratings") if r.scope_unit == unit.id and r.key_question == "safe"
    )
    rich.update("ratings", safe.id, rationale="")
    d = docx.Document(str(export_review(rich, tmp_path / "gap.docx", ExportOptions())))
    text = "\n".join(p.text for p in d.paragraphs)
    assert f"DRAFT: no finding is written yet for {unit.label}, Safe" in text
    assert "the team recorded" not in text and "No finding has been written" not in text
    from cqc_tui.report.final_gate import final_problems

    assert (
        f"'Findings by core service': {unit.label}, Safe has evidence or a rating but no finding written"
        in final_problems(rich)
    )


def test_method_prints_the_figures_the_team_stated(rich, rich_doc):
    notes = rich.notes()
    stated = next(t for t in rich_doc.tables if [c.text for c in t.rows[0].cells] == ["", "Number"])
    assert ["Care records reviewed", "42"] in [[c.text for c in r.cells] for r in stated.rows]
    by_source = next(t for t in rich_doc.tables if t.rows[0].cells[0].text == "Source type")
    assert by_source.rows[-1].cells[1].text == str(len(notes))
    assert not any(
        [c.text for c in t.rows[0].cells] == ["Measure", "Count"] for t in rich_doc.tables
    )


def test_improvement_enforcement_and_action_plan(rich, rich_doc):
    h2 = [t for _, t in headings(rich_doc, 2)]
    assert "Action the provider MUST take" in h2 and "Action the provider SHOULD take" in h2
    enforcement = next(
        t for t in rich_doc.tables if t.rows[0].cells[0].text == "Regulated activity"
    )
    assert [c.text for c in enforcement.rows[0].cells] == ["Regulated activity", "Regulation"]
    assert [c.text for c in enforcement.rows[1].cells] == [
        "Treatment of disease, disorder or injury",
        "Regulation 12\n\nHow the regulation was not met:\nRisk assessments were not reviewed after falls.",
    ]
    unit = rich.scope_units()[1]
    assert f"Requirement notice: {unit.label}, Safe" in h2
    paragraphs = [p.text for p in rich_doc.paragraphs]
    at = (
        len(paragraphs) - 1 - paragraphs[::-1].index(f"Requirement notice: {unit.label}, Safe")
    )  # not the contents
    assert paragraphs[at + 1] == "Issued 1 March 2018."
    assert "Risk assessments were not kept up to date." in paragraphs[at + 2 : at + 5]
    plan = next(
        t
        for t in rich_doc.tables
        if "Status" in [c.text for c in t.rows[0].cells]
        and "Recommendation" in [c.text for c in t.rows[0].cells]
    )
    statuses = [r.cells[-1].text for r in plan.rows[1:]]
    assert "Completed" in statuses and "Behind" in statuses and "On track" in statuses
    text = "\n".join(p.text for p in rich_doc.paragraphs)
    assert "1 requirement notice" not in text  # the table says it; no generated count sentence


def test_enforcement_at_a_location_names_the_location(ws, tmp_path):
    from cqc_tui.core.model import Enforcement, Review

    s = ws.create(
        Review(
            title="Two sites",
            review_type="comprehensive",
            framework_id="kloe-healthcare",
            locations=({"id": "north", "name": "North Hospital"},),
        ),
        user="ann",
    )
    s.add(
        Enforcement,
        kind="warning_notice",
        location="north",
        key_question="safe",
        regulation="Section 29A",
        text="Staffing in the emergency department",
        date="2026-11-20",
    )
    d = docx.Document(str(export_review(s, tmp_path / "sites.docx", ExportOptions())))
    assert "Warning notice: North Hospital, Safe" in [t for _, t in headings(d, 2)]
    regulation = next(t for t in d.tables if t.rows[0].cells[0].text == "Regulation")
    assert regulation.rows[1].cells[0].text == "Section 29A"  # no activity given: no empty column
    s.close()


# ----------------------------------------------------------------------------- user text is data


def test_awkward_text_comes_through_exactly(rich, rich_doc):
    table = evidence_table(rich_doc)
    texts = [row.cells[-1].text for row in table.rows[1:]]
    for t in TRICKY_TEXTS:
        assert t in texts, t
    assert len(table.rows) == len(rich.notes()) + 1


def test_control_characters_stripped_and_rest_kept(ws, tmp_path):
    s = make_review(ws, notes=8, tricky=False)
    unit = s.scope_units()[0]
    raw = "a\x00b\x01c\x0bd\x1fe <&> ]]> \"q\" 'q' \U0001f600 \u05e9\u05dc\u05d5\u05dd \ufffe|\r\nnext"
    s.add_note(
        key_question="safe", lines=("S1",), scope_unit=unit.id, source="observation", text=raw
    )
    out = export_review(s, tmp_path / "c.docx", ExportOptions())
    texts = [r.cells[-1].text for r in evidence_table(docx.Document(str(out))).rows[1:]]
    assert "abcde <&> ]]> \"q\" 'q' \U0001f600 \u05e9\u05dc\u05d5\u05dd |\nnext" in texts
    s.close()


def test_clean_only_drops_xml_illegal_characters():
    assert clean("\x00\x08\x0b\x0c\x0e\x1f") == ""
    assert clean("\t\n") == "\t\n"
    assert clean("a\r\nb\rc") == "a\nb\nc"
    keep = "<&>]]>\"'\u00e9\u0627\U0001f44d\ue000\ufffd"
    assert clean(keep) == keep
    assert clean("x\ud800y\uffffz") == "xyz"


def test_awkward_text_in_titles_and_sections(ws, tmp_path):
    s = make_review(ws, notes=5, title='Trust <A&B> "review" ]]> \U0001f3e5')
    s.update(
        "review",
        s.review.id,
        sections={**s.review.sections, "context": "Line <1> & \u0645\u0631\u062d\u0628\u0627"},
    )
    out = export_review(s, tmp_path / "t.docx", ExportOptions())
    d = docx.Document(str(out))
    texts = [p.text for p in d.paragraphs]
    assert 'Trust <A&B> "review" ]]> \U0001f3e5' in texts
    assert "Line <1> & \u0645\u0631\u062d\u0628\u0627" in texts
    assert 'Trust <A&B> "review" ]]> \U0001f3e5' in d.sections[0].header.paragraphs[0].text
    s.close()


# ----------------------------------------------------------------------------- redaction


def test_redaction(rich, tmp_path):
    out = export_review(rich, tmp_path / "red.docx", ExportOptions(redact=True))
    d = docx.Document(str(out))
    table = evidence_table(d)
    everything = "\n".join(c.text for row in table.rows for c in row.cells)
    everything += "\n".join(p.text for p in d.paragraphs)
    for secret in (
        "943 476 5919",
        "07700 900123",
        "raj.patel@example.com",
        "SW1A 1AA",
        "Patel",
        "03/04/1941",
    ):
        assert secret not in everything, secret
    assert "[redacted]" in everything
    authors = {row.cells[2].text for row in table.rows[1:]}
    assert "AF (Lead inspector)" in authors
    assert not any(name in authors for name in ("Ann Ford", "Ben Osei"))
    # team members named in note text are redacted too
    s = rich
    unit = s.scope_units()[0]
    s.add_note(
        key_question="safe",
        lines=("S1",),
        scope_unit=unit.id,
        source="people",
        quote=True,
        text="Ben Osei was kind; call me on 020 7946 0018",
    )
    out = export_review(s, tmp_path / "red2.docx", ExportOptions(redact=True))
    texts = [r.cells[-1].text for r in evidence_table(docx.Document(str(out))).rows[1:]]
    assert "[redacted] was kind; call me on [redacted]" in texts
    # without --redact nothing is changed
    out = export_review(s, tmp_path / "plain.docx", ExportOptions())
    texts = [r.cells[-1].text for r in evidence_table(docx.Document(str(out))).rows[1:]]
    assert PERSONAL in texts


# ----------------------------------------------------------------------------- options


def test_no_evidence_appendix(rich, tmp_path):
    out = export_review(rich, tmp_path / "n.docx", ExportOptions(evidence_appendix=False))
    d = docx.Document(str(out))
    assert "Appendix: evidence log" not in [t for _, t in headings(d, 1)]
    with pytest.raises(AssertionError):
        evidence_table(d)
    assert len(d.sections) == 1


def test_evidence_log_is_landscape(rich_doc):
    assert len(rich_doc.sections) == 2
    last = rich_doc.sections[-1]
    assert last.page_width > last.page_height
    header_row = evidence_table(rich_doc).rows[0]
    assert header_row._tr.find(f"{W}trPr/{W}tblHeader") is not None


def test_progress_callback(ws, tmp_path):
    s = make_review(ws, notes=1500, tricky=False)
    calls = []
    export_review(
        s, tmp_path / "p.docx", ExportOptions(), progress=lambda f, m: calls.append((f, m))
    )
    fractions = [f for f, _ in calls]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and fractions[0] == 0.0
    assert sum(1 for _, m in calls if m.startswith("evidence log")) >= 3
    s.close()


# ----------------------------------------------------------------------------- templates and paths


def test_template_missing_styles_named(rich, tmp_path):
    plain = tmp_path / "plain.docx"
    docx.Document().save(str(plain))  # python-docx's default: no house styles
    with pytest.raises(TemplateError) as exc:
        export_review(rich, tmp_path / "x.docx", ExportOptions(template=plain))
    msg = str(exc.value)
    for name in ("Table Text", "Table Heading", "Citation", "Cover Marking"):
        assert repr(name) in msg
    assert "Heading 1" not in msg
    assert not (tmp_path / "x.docx").exists()


def test_template_not_a_docx(rich, tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_text("not a zip")
    with pytest.raises(TemplateError, match=r"not a Word .docx"):
        export_review(rich, tmp_path / "x.docx", ExportOptions(template=bad))
    with pytest.raises(TemplateError, match="does not exist"):
        export_review(rich, tmp_path / "x.docx", ExportOptions(template=tmp_path / "nope.docx"))


def test_user_template_with_the_styles_works(rich, tmp_path):
    mine = tmp_path / "mine.docx"
    shutil.copy(REPO / "templates" / "report" / "base.docx", mine)
    out = export_review(rich, tmp_path / "y.docx", ExportOptions(template=mine))
    assert docx.Document(str(out)).paragraphs


def test_unwritable_paths_leave_no_file(rich, tmp_path):
    with pytest.raises(ExportError, match="does not exist"):
        export_review(rich, tmp_path / "missing" / "r.docx", ExportOptions())
    assert not (tmp_path / "missing").exists()
    with pytest.raises(ExportError, match="is a folder"):
        export_review(rich, tmp_path, ExportOptions())
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        try:
            with pytest.raises(ExportError, match="permission"):
                export_review(rich, ro / "r.docx", ExportOptions())
            assert list(ro.iterdir()) == []
        finally:
            ro.chmod(0o700)


def test_failure_while_saving_leaves_old_file_and_no_temp(rich, tmp_path, monkeypatch):
    out = tmp_path / "r.docx"
    out.write_bytes(b"old report")
    from cqc_tui.core import output_file

    def broken_fsync(fd):  # the document is made in memory; the disk fills while it is written out
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output_file.os, "fsync", broken_fsync)
    with pytest.raises(ExportError, match="disk is full"):
        export_review(rich, out, ExportOptions())
    assert out.read_bytes() == b"old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "r.docx"]


def test_base_docx_is_reproducible():
    sys.path.insert(0, str(REPO / "templates" / "report"))
    try:
        import build_base
    finally:
        sys.path.pop(0)
    assert build_base.build() == (REPO / "templates" / "report" / "base.docx").read_bytes(), (
        "templates/report/base.docx is stale: run templates/report/build_base.py"
    )


# ----------------------------------------------------------------------------- other review types


@pytest.mark.parametrize("kind", ["clas", "follow_up", "local_system"])
def test_other_review_types(ws, tmp_path, kind):
    s = make_review(ws, notes=80, kind=kind)
    out = export_review(s, tmp_path / f"{kind}.docx", ExportOptions())
    d = docx.Document(str(out))
    assert_no_empty_sections(d)
    h1 = [t for _, t in headings(d, 1)]
    text = "\n".join(p.text for p in d.paragraphs)
    assert "Ratings" not in h1  # not rated
    assert not any(t.rows[0].cells[0].text == "Key" for t in d.tables)
    if kind == "clas":
        assert "Action plan" in h1
        plan = next(t for t in d.tables if t.rows[0].cells[0].text == "Recommendation")
        actions = s.records("actions")
        rows = [
            r for r in plan.rows[1:] if len({c.text for c in r.cells}) > 1
        ]  # not the section rows
        assert len(rows) == len(actions)  # the plan the organisations wrote, no made-up rows
        assert {r.cells[1].text.split("\n")[0] for r in rows} == {a.text for a in actions}
    if kind == "follow_up":
        table = next(t for t in d.tables if t.rows[0].cells[0].text == "Earlier finding")
        fills = {r.cells[1].text: cell_fill(r.cells[1]) for r in table.rows[1:]}
        assert fills == {
            "Put right": "E2F0D9",
            "Partly put right": "FFF2CC",
            "Not put right": "FBE2D5",
        }
        assert (
            "3 earlier findings followed up: 1 put right, 1 partly put right, 1 not put right."
            in text
        )
    if kind == "local_system":
        assert "Shared vision and strategy" in text  # the system well-led finding
        if s.review_type is not None:
            assert h1[h1.index("Is the system well led?") + 1] == "Findings by pressure-point area"
    s.close()


# ----------------------------------------------------------------------------- CLI


def _cli(args, capsys):
    from cqc_tui.cli import main

    with pytest.raises(SystemExit) as exc:
        main(args)
        raise SystemExit(0)
    cap = capsys.readouterr()
    return exc.value.code, cap.out, cap.err


def test_cli_export(ws, tmp_path, capsys):
    s = make_review(ws, notes=30)
    title = s.review.title
    s.close()
    out = tmp_path / "cli.docx"
    code, stdout, stderr = _cli(
        [
            "--home",
            str(ws.home),
            "export",
            "comprehensive",
            "-o",
            str(out),
            "--redact",
            "--marking",
            "OFFICIAL",
            "--no-evidence-appendix",
        ],
        capsys,
    )
    assert code == 0, stderr
    assert "Readiness" in stdout and "wrote" in stdout
    d = docx.Document(str(out))
    assert (
        "OFFICIAL" in d.sections[0].header.paragraphs[0].text
        and title in d.sections[0].header.paragraphs[0].text
    )
    code, _, stderr = _cli(
        ["--home", str(ws.home), "export", "no such review", "-o", str(tmp_path / "z.docx")], capsys
    )
    assert (
        code == 1
        and stderr.startswith("error: no review matches")
        and len(stderr.strip().splitlines()) == 1
    )
    code, _, stderr = _cli(
        [
            "--home",
            str(ws.home),
            "export",
            "comprehensive",
            "-o",
            str(tmp_path / "nodir" / "z.docx"),
        ],
        capsys,
    )
    assert code == 1 and "does not exist" in stderr and len(stderr.strip().splitlines()) == 1
    plain = tmp_path / "plain.docx"
    docx.Document().save(str(plain))
    code, _, stderr = _cli(
        [
            "--home",
            str(ws.home),
            "export",
            "comprehensive",
            "-o",
            str(tmp_path / "z.docx"),
            "--template",
            str(plain),
            "--allow-personal-data",
        ],
        capsys,
    )
    assert code == 1 and "'Table Text'" in stderr and len(stderr.strip().splitlines()) == 1
    assert not (tmp_path / "z.docx").exists()


# ----------------------------------------------------------------------------- sample reviews

SAMPLES = sorted((REPO / "sample_reviews").glob("*.yaml"))


@pytest.mark.parametrize("sample", SAMPLES or [None], ids=[p.name for p in SAMPLES] or ["none"])
def test_sample_review_exports(sample, ws, tmp_path):
    if sample is None:
        pytest.skip("no sample reviews in sample_reviews/ yet")
    from cqc_tui.core.exchange import import_review

    _, review_id = import_review(ws, sample)
    s = ws.open_id(review_id, readonly=True)
    try:
        from tests.report_samples import INCOMPLETE, options_for

        out = export_review(s, tmp_path / "sample.docx", options_for(sample))
        d = docx.Document(str(out))
        assert_no_empty_sections(d)
        state = d.sections[0].header.paragraphs[0].text.rsplit("| ", 1)[-1]
        assert state == ("DRAFT" if sample.stem in INCOMPLETE else "FINAL")
        assert s.review.title in [p.text for p in d.paragraphs[:5]]
        if s.notes():
            assert len(evidence_table(d).rows) == len(s.notes()) + 1
        export_review(s, tmp_path / "sample-redacted.docx", options_for(sample, redact=True))
    finally:
        s.close()


# ----------------------------------------------------------------------------- rendering


def test_renders_with_libreoffice(rich, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
        )
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler's pdftotext is not installed: apt-get install poppler-utils")
    out = export_review(rich, tmp_path / "render.docx", ExportOptions())
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pdf = tmp_path / "render.pdf"
    assert pdf.exists()
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    flat = " ".join(text.split())
    assert "Page 1 of" in flat and "Requires improvement" in flat
    assert rich.review.title.split(":")[0] in flat
    assert "<after>" in flat and "]]>" in flat and "&" in flat


# ----------------------------------------------------------------------------- threads and progress


def test_export_while_another_thread_saves_notes(ws, tmp_path):
    import threading

    s = make_review(ws, notes=400, tricky=False)
    unit = s.scope_units()[0]
    stop = threading.Event()
    errors = []

    def writer():
        i = 0
        try:
            while not stop.is_set() and i < 300:
                s.add_note(
                    key_question="safe",
                    lines=("S1",),
                    scope_unit=unit.id,
                    source="observation",
                    text=f"typed during export {i}",
                )
                i += 1
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    t = threading.Thread(target=writer)
    t.start()
    try:
        for k in range(3):
            export_review(s, tmp_path / f"t{k}.docx", ExportOptions())
    finally:
        stop.set()
        t.join()
    assert not errors
    s.close()


def test_cli_prints_progress_for_large_reviews(ws, tmp_path, capsys):
    s = make_review(ws, notes=2500, tricky=False)
    s.close()
    code, _stdout, stderr = _cli(
        ["--home", str(ws.home), "export", "comprehensive", "-o", str(tmp_path / "big.docx")],
        capsys,
    )
    assert code == 0, stderr
    assert "evidence log" in stderr and "100%" in stderr


def test_cell_and_settings_children_in_schema_order(rich_doc):
    from cqc_tui.report.ooxml import TCPR_ORDER

    rank = {qn(n): i for i, n in enumerate(TCPR_ORDER)}
    checked = 0
    for tc_pr in rich_doc.element.body.iter(qn("w:tcPr")):
        ranks = [rank[c.tag] for c in tc_pr]
        assert ranks == sorted(ranks), [c.tag for c in tc_pr]
        checked += 1
    assert checked > 50
    tags = [c.tag for c in rich_doc.settings.element]
    assert tags.index(qn("w:updateFields")) < tags.index(qn("w:compat"))


def test_single_assessment_scores(ws, tmp_path):
    s = make_review(ws, notes=60, kind="single_assessment")
    out = export_review(s, tmp_path / "sa.docx", ExportOptions())
    d = docx.Document(str(out))
    assert_no_empty_sections(d)
    grid = next(t for t in d.tables if t.rows[0].cells[0].text == "Core service")
    assert any("score" in c.text and "%" in c.text for r in grid.rows[1:] for c in r.cells[1:])
    scores = [
        t
        for t in d.tables
        if [c.text for c in t.rows[0].cells] == ["Key question", "Quality statement", "Score"]
    ]
    assert len(scores) == len(s.scope_units())
    assert len(scores[0].rows) == 1 + len(s.framework.lines())
    assert "Quality statement scores" in [t for _, t in headings(d, 2)]
    s.close()


@pytest.mark.parametrize("kind", ["comprehensive", "follow_up", "clas"])
def test_no_table_is_cut_off_from_the_line_that_introduces_it(ws, tmp_path, kind):
    """Every table keeps the paragraph before it (its heading or intro line) on the same page, so a
    page never ends on 'Progress: ...' with the action plan overleaf."""
    from docx.oxml.ns import qn

    s = make_review(ws, notes=20, kind=kind)
    d = docx.Document(str(export_review(s, tmp_path / "keep.docx", ExportOptions())))
    loose = []
    for tbl in d.element.body.iterchildren(qn("w:tbl")):
        before = tbl.getprevious()
        if before is not None and before.tag == qn("w:p"):
            ppr = before.pPr
            if ppr is None or not ppr.keepNext_val:
                loose.append(tbl.xpath("string(.//w:tr[1])")[:40])
    assert not loose, loose
    s.close()


def test_action_plan_by_section_repeats_labels_instead_of_merging(ws, tmp_path):
    """Sections in natural order; a recommendation with several actions is named again, in full
    and in a lighter grey, on each of its rows (a vertically merged cell continued on a new page
    prints blank)."""
    from cqc_tui.core.model import ActionItem

    s = make_review(ws, notes=20, kind="clas")
    actions = sorted(s.records("actions"), key=lambda a: a.text)
    s.update("actions", actions[0].id, section="10. Tenth")
    s.update("actions", actions[1].id, section="2. Second")
    s.add(
        ActionItem,
        recommendation=actions[2].recommendation,
        section=actions[2].section,
        text="A second action on the same recommendation.",
        owner="Designated nurse",
        status="on_track",
    )
    out = export_review(s, tmp_path / "plan.docx", ExportOptions())
    d = docx.Document(str(out))
    summary = next(t for t in d.tables if t.rows[0].cells[0].text == "Section")
    assert [r.cells[0].text for r in summary.rows[1:]][:2] == ["2. Second", "10. Tenth"]
    assert summary.rows[-1].cells[-1].text == "4"
    plan = next(t for t in d.tables if t.rows[0].cells[0].text == "Recommendation")
    first_col = [r.cells[0].text for r in plan.rows[1:]]
    assert "2. Second" in first_col and "10. Tenth" in first_col  # section rows span the table
    repeated = [
        row.cells[0]
        for row in plan.rows[1:]
        if first_col.count(row.cells[0].text) > 1 and row.cells[0].text[:1].isdigit()
    ]
    assert repeated, first_col  # the recommendation with two actions, on both rows
    greys = [
        all(run.font.color.rgb is not None for run in cell.paragraphs[0].runs) for cell in repeated
    ]
    assert greys.count(False) == 1 and greys.count(True) == len(repeated) - 1  # first row plain
    assert plan._tbl.find(f".//{W}vMerge") is None
    s.close()


# ----------------------------------------------------------------------------- edge cases


@pytest.mark.parametrize(
    "framework_id,review_type",
    [
        ("kloe-healthcare", "comprehensive"),
        ("local-system-review", "local_system"),
        ("clas-review", "clas"),
    ],
)
def test_bare_review_has_no_empty_sections(ws, tmp_path, framework_id, review_type):
    from cqc_tui.core.model import Review

    s = ws.create(
        Review(title="Bare review", review_type=review_type, framework_id=framework_id), user="ann"
    )
    out = export_review(s, tmp_path / "bare.docx", ExportOptions())
    d = docx.Document(str(out))
    assert_no_empty_sections(d)
    text = "\n".join(p.text for p in d.paragraphs)
    assert "DRAFT: no team members are recorded" in text
    assert "No evidence notes are recorded in this review." not in text
    assert not [
        t for t in d.tables if t.rows[0].cells[0].text == "Core service"
    ]  # no grid without ratings
    s.close()


def test_team_is_listed_in_the_order_entered(ws, tmp_path):
    """The lead inspector, entered first, heads the team table (not whoever sorts first by name)."""
    from cqc_tui.core.model import Review, TeamMember

    team = [
        ("Priya Shah", "Lead inspector"),
        ("Tom Reid", "Inspector"),
        ("Ana Silva", "Specialist advisor"),
    ]
    s = ws.create(
        Review(title="Team order", review_type="comprehensive", framework_id="kloe-healthcare"),
        [
            TeamMember(name=n, role=r, author="ann", created="2026-11-16T09:00:00.000Z")
            for n, r in team
        ],
        user="ann",
    )
    s.close()
    s = ws.open("Team order", user="ann")  # read back from disk, snapshot and journal
    assert [m.name for m in s.members()] == [n for n, _ in team]
    d = docx.Document(str(export_review(s, tmp_path / "team.docx", ExportOptions())))
    (table,) = [t for t in d.tables if t.rows[0].cells[0].text == "Name"]
    assert [(r.cells[0].text, r.cells[1].text) for r in table.rows[1:]] == team
    s.close()


def test_review_type_sections_are_data(ws, tmp_path):
    (ws.home / "review_types").mkdir(parents=True)
    (ws.home / "review_types" / "comprehensive.yaml").write_text(
        "format: cqc-tui-review-type\ncode: comprehensive\nlabel: Comprehensive inspection (house)\n"
        "rated: true\nscope_unit_label: Core service\nreport:\n  sections:\n"
        "    - {id: cover}\n    - {id: summary, title: In short}\n"
        "    - {id: lessons, title: Lessons for the sector}\n    - {id: ratings, title: Our ratings}\n"
        "    - {id: evidence_log, title: Evidence}\n",
        encoding="utf-8",
    )
    s = make_review(ws, notes=15)
    s.update(
        "review", s.review.id, sections={**s.review.sections, "lessons": "Share the & <learning>."}
    )
    out = export_review(s, tmp_path / "custom.docx", ExportOptions())
    d = docx.Document(str(out))
    assert [t for _, t in headings(d, 1)] == [
        "In short",
        "Lessons for the sector",
        "Our ratings",
        "Evidence",
    ]
    assert "Share the & <learning>." in [p.text for p in d.paragraphs]
    assert "Comprehensive inspection (house)" in "\n".join(p.text for p in d.paragraphs[:12])
    s.close()


def test_unit_rating_lines_are_coloured_and_cite_their_notes(rich, rich_doc):
    from cqc_tui.report.ooxml import RPR_ORDER

    scale = rich.framework.rating_scale
    unit = rich.scope_units()[0]
    agreed = next(
        r for r in rich.records("ratings") if r.scope_unit == unit.id and r.key_question == "safe"
    )
    paras = rich_doc.paragraphs
    i = next(k for k, p in enumerate(paras) if p.text.startswith("Rating:"))
    badge = paras[i].runs[1]
    assert badge.text.strip() == scale.label(agreed.rating)
    assert badge._r.rPr.find(qn("w:shd")).get(qn("w:fill")) == scale.colour(agreed.rating)
    rank = {qn(n): k for k, n in enumerate(RPR_ORDER)}
    assert [rank[c.tag] for c in badge._r.rPr] == sorted(rank[c.tag] for c in badge._r.rPr)
    assert agreed.note_ids and not any(p.text.startswith("Evidence") for p in paras[i : i + 4])


def test_permission_denied_when_creating_the_temp_file(rich, tmp_path, monkeypatch):
    import tempfile

    def denied(*a, **k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(ExportError) as exc:
        export_review(rich, tmp_path / "r.docx", ExportOptions())
    assert "r.docx: permission denied" in str(exc.value) and "\n" not in str(exc.value)
    assert not (tmp_path / "r.docx").exists()


def test_free_text_lines_become_paragraphs_and_bullets(ws, tmp_path):
    s = make_review(ws, notes=5)
    s.update(
        "review",
        s.review.id,
        sections={
            **s.review.sections,
            "context": "First paragraph.\nSecond paragraph.\n\n- one\n* two",
        },
    )
    d = docx.Document(str(export_review(s, tmp_path / "t.docx", ExportOptions())))
    paras = d.paragraphs
    i = next(k for k, p in enumerate(paras) if p.text == "First paragraph.")
    assert [(p.text, p.style.name) for p in paras[i : i + 4]] == [
        ("First paragraph.", "Normal"),
        ("Second paragraph.", "Normal"),
        ("one", "List Bullet"),
        ("two", "List Bullet"),
    ]
    s.close()


def test_redactor_patterns():
    from cqc_tui.report.redact import Redactor

    r = Redactor(["Ann Ford", "Ben Osei"])
    assert (
        r("visit on 03/04/2018 went well") == "visit on 03/04/2018 went well"
    )  # not a date of birth
    assert r("DOB 03/04/1941") == "DOB [redacted]"
    assert r("(12/03/1950 DOB)") == "([redacted] DOB)"
    assert r("born on 3 April 1941 in Leeds") == "born on [redacted] in Leeds"
    assert r("ring 0121 496 0000 or +44 7700 900123") == "ring [redacted] or [redacted]"
    assert r("Mrs Patel told Dr. A. Jones") == "[redacted] told [redacted]"
    assert r("Osei and Ann Ford agreed") == "[redacted] and [redacted] agreed"
    assert (
        r("NHS no 943-476-5919, B15 2TT, a.b@nhs.net")
        == "NHS no [redacted], [redacted], [redacted]"
    )
    assert r("<&> ]]> \U0001f600") == "<&> ]]> \U0001f600"


def test_citations_link_to_the_evidence_log(rich, rich_doc, tmp_path):
    body = rich_doc.element.body
    names = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    ids = [b.get(qn("w:id")) for b in body.iter(qn("w:bookmarkStart"))]
    assert len(ids) == len(set(ids)) == len(rich.notes())
    assert all(len(n) <= 40 and n[0].isalpha() for n in names)
    anchors = [h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink"))]
    assert len(anchors) > 20 and set(anchors) <= names
    link = next(body.iter(qn("w:hyperlink")))
    assert "".join(t.text for t in link.iter(qn("w:t"))).startswith("no. ")
    out = export_review(rich, tmp_path / "nolog.docx", ExportOptions(evidence_appendix=False))
    plain = docx.Document(str(out)).element.body
    assert next(plain.iter(qn("w:hyperlink")), None) is None
    assert next(plain.iter(qn("w:bookmarkStart")), None) is None
    plain_text = [p.text for p in docx.Document(str(out)).paragraphs]
    assert (
        "Appendix: evidence behind the findings" not in plain_text
        and "Appendix: evidence log" not in plain_text
    )


def test_final_export_is_refused_with_every_reason(ws, tmp_path):
    from cqc_tui.report.final_gate import NotFinal

    s = make_review(ws, notes=80)
    s.update("review", s.review.id, status="final")
    with pytest.raises(NotFinal) as exc:
        export_review(s, tmp_path / "final.docx", ExportOptions())
    reasons = exc.value.reasons
    assert reasons and all(
        r.startswith("readiness: ") and "Record the reason" in r for r in reasons
    )
    assert str(exc.value).count("\n  - ") == len(reasons)
    assert not (tmp_path / "final.docx").exists()
    draft = docx.Document(str(export_review(s, tmp_path / "draft.docx", ExportOptions(draft=True))))
    assert "DRAFT" in draft.sections[0].header.paragraphs[0].text
    s.close()


def test_a_fault_in_the_checks_is_one_line_and_a_fault_in_the_engine_is_not_hidden(
    rich, tmp_path, monkeypatch
):
    """The readiness summary is advice: a fault in the checks is one warning line. The ratings the
    report prints come only from the ratings engine: a fault there stops the export (no second
    copy of the rules prints ratings of its own)."""
    from cqc_tui.core import ratings, readiness

    def boom(*a, **k):
        raise ValueError("engine bug")

    monkeypatch.setattr(readiness, "check", boom)
    lines = readiness_summary(rich)
    assert lines[0] == "warning: the readiness check failed (ValueError: engine bug)"
    monkeypatch.setattr(ratings, "evaluate", boom)
    with pytest.raises(ValueError, match="engine bug"):
        export_review(rich, tmp_path / "r.docx", ExportOptions(draft=True))
    assert not (tmp_path / "r.docx").exists()


def test_report_file_mode_follows_umask_or_the_replaced_file(rich, tmp_path):
    if not Path("/proc/self/status").exists():
        pytest.skip("reads the umask from /proc (Linux)")
    old = os.umask(0o077)
    try:
        out = export_review(rich, tmp_path / "private.docx", ExportOptions())
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o600
    out.chmod(0o640)
    export_review(rich, out, ExportOptions())
    assert out.stat().st_mode & 0o777 == 0o640


def test_recommendation_numbers_match_between_sections(ws, tmp_path):
    s = make_review(ws, notes=10)
    recs = sorted(s.records("recommendations"), key=lambda r: r.order)
    s.update("recommendations", recs[0].id, order=99)  # a must-do listed last by its own order
    d = docx.Document(str(export_review(s, tmp_path / "n.docx", ExportOptions())))
    listed = {}
    for p in d.paragraphs:
        if p.runs and p.runs[0].text.endswith(".\t"):
            listed[p.runs[1].text] = p.runs[0].text[:-2]
    plan = next(t for t in d.tables if t.rows[0].cells[0].text == "Recommendation")
    for row in plan.rows[1:]:
        text = row.cells[0].text
        if ". " in text:
            num, rec = text.split(". ", 1)
            assert listed[rec] == num, (rec, num)
    assert listed[recs[0].text] == "2"  # the second must-do
    s.close()


def test_sections_after_the_evidence_log_are_portrait(ws, tmp_path):
    (ws.home / "review_types").mkdir(parents=True)
    (ws.home / "review_types" / "comprehensive.yaml").write_text(
        "format: cqc-tui-review-type\ncode: comprehensive\nlabel: Comprehensive inspection\n"
        "rated: true\nscope_unit_label: Core service\nreport:\n  sections:\n"
        "    - {id: cover}\n    - {id: evidence_log, title: Evidence}\n    - {id: team, title: Team}\n",
        encoding="utf-8",
    )
    s = make_review(ws, notes=10)
    d = docx.Document(str(export_review(s, tmp_path / "p.docx", ExportOptions())))
    sizes = [(sec.page_width > sec.page_height) for sec in d.sections]
    assert sizes == [False, True, False]
    assert [t for _, t in headings(d, 1)] == ["Evidence", "Team"]
    s.close()


def test_section_values_that_are_not_text(ws, tmp_path):
    s = make_review(ws, notes=5)
    s.update(
        "review",
        s.review.id,
        sections={"context": 42, "summary": ["first point", "second point"], "background": None},
    )
    d = docx.Document(str(export_review(s, tmp_path / "v.docx", ExportOptions())))
    texts = [(p.text, p.style.name) for p in d.paragraphs]
    assert ("42", "Normal") in texts and ("second point", "List Bullet") in texts
    assert_no_empty_sections(d)
    s.close()


def test_evidence_log_lists_attachments_and_the_day_observed(ws, tmp_path):
    from cqc_tui.core.attachments import attach

    s = make_review(ws, notes=3, tricky=False)
    photo = tmp_path / "sluice.jpg"
    photo.write_bytes(b"photo")
    described = attach(s.store.folder, photo)
    lines = [ln.code for ln in s.framework.lines()][:1]
    s.add_note(
        lines=lines,
        text="Sluice door propped open",
        observed="2017-03-02T08:15:00.000Z",
        attachments=(described,),
    )
    out = export_review(s, tmp_path / "a.docx", ExportOptions())
    s.close()
    rows = [[c.text for c in row.cells] for row in evidence_table(docx.Document(str(out))).rows]
    row = next(r for r in rows if r[-1].startswith("Sluice door"))
    assert row[1] == "2 Mar 2017"  # the day observed, as people write it
    assert row[-1].endswith("Attached: sluice.jpg (photo)")


def test_cli_final_export_lists_every_reason_and_exits_1(ws, tmp_path, capsys):
    from cqc_tui.report.final_gate import final_problems

    s = make_review(ws, notes=40, tricky=False)  # no personal data: that gate has its own tests
    s.update("review", s.review.id, status="final")
    review_id = s.review.id
    reasons = final_problems(s)
    s.close()
    assert reasons
    out = tmp_path / "final.docx"
    code, _, stderr = _cli(
        ["--home", str(ws.home), "export", review_id, "-o", str(out), "--final"], capsys
    )
    lines = stderr.strip().splitlines()
    assert code == 1 and lines[0].startswith("error: the report cannot be exported as final")
    assert [ln.strip()[2:] for ln in lines[1:]] == reasons
    assert not out.exists()
    code, _stdout, _ = _cli(
        ["--home", str(ws.home), "export", review_id, "-o", str(out), "--draft"], capsys
    )
    assert code == 0 and out.exists()
    code, _, stderr = _cli(
        ["--home", str(ws.home), "export", review_id, "-o", str(out), "--draft", "--final"], capsys
    )
    assert code == 1 and "give one" in stderr


def test_status_lists_the_reports_empty_sections(ws, capsys):
    import json

    from cqc_tui.core.model import Review

    s = ws.create(
        Review(title="Empty", review_type="local_system", framework_id="local-system-review"),
        user="ann",
    )
    review_id = s.review.id
    s.close()
    code, stdout, _ = _cli(["--home", str(ws.home), "status", review_id], capsys)
    assert code == 0
    assert "'Background and scope of the review' has no text yet" in stdout
    assert (
        "'Summary of findings' has no text yet (write it in the report outline: o on the review screen)"
        in stdout
    )
    code, stdout, _ = _cli(["--home", str(ws.home), "status", review_id, "--json"], capsys)
    gaps = json.loads(stdout)["report_gaps"]
    assert len(gaps) >= 5 and not any(g.startswith("readiness:") for g in gaps)


@pytest.mark.parametrize(
    "count, intro", [(1, "The one evidence note, numbered"), (3, "All 3 evidence notes")]
)
def test_the_evidence_log_counts_its_notes_as_people_write_them(ws, tmp_path, count, intro):
    s = make_review(ws, notes=count, tricky=False)
    out = export_review(s, tmp_path / f"{count}.docx", ExportOptions(draft=True))
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert any(t.startswith(intro) for t in texts)
    assert not any("All 1 evidence notes" in t for t in texts)
    s.close()
