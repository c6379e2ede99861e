"""Mixed scripts in the report: Welsh, Polish, Urdu, Arabic and emoji come through exactly, and
right-to-left text is marked as such (w:bidi on a paragraph that reads right to left, w:rtl on
each run of right-to-left script), in the body and in the evidence log."""

from __future__ import annotations

import docx
from docx.oxml.ns import qn
from openxml_audit import FileFormat, OpenXmlValidator

from cqc_tui.core.model import EvidenceNote, Finding
from cqc_tui.core.workspace import Workspace
from cqc_tui.report import ExportOptions, export_review
from cqc_tui.report.text_direction import direction_runs, has_rtl, is_rtl
from tests.synthetic_review import make_review

WELSH = "Dywedodd y nyrs: \u201cRydyn ni\u2019n gwrando ar bob plentyn\u201d \u2013 \u0175\u0177"
POLISH = "Piel\u0119gniarka powiedzia\u0142a: \u201e\u017ble si\u0119 czuj\u0119\u201d \u2013 \u017c\u00f3\u0142\u0107"
URDU = "\u06c1\u0645\u06cc\u06ba \u062a\u06cc\u0646 \u0645\u06c1\u06cc\u0646\u06d2 \u0627\u0646\u062a\u0638\u0627\u0631 \u06a9\u0631\u0646\u0627 \u067e\u0691\u0627"
ARABIC = "\u0642\u0627\u0644\u062a \u0627\u0644\u0623\u0645: \u0644\u0645 \u064a\u062e\u0628\u0631\u0646\u0627 \u0623\u062d\u062f \u0628\u0627\u0644\u0645\u0648\u0639\u062f"
MIXED = f"A mother told us: \u00ab{URDU}\u00bb and then left \U0001f600"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_direction_runs_split_and_join():
    for text in (WELSH, POLISH, URDU, ARABIC, MIXED, "", "123 - ()"):
        runs = direction_runs(text)
        assert "".join(seg for seg, _ in runs) == text
    assert is_rtl(URDU) and is_rtl(ARABIC) and not is_rtl(MIXED) and not is_rtl(WELSH)
    assert has_rtl(MIXED) and not has_rtl(POLISH)
    rtl = [seg for seg, right in direction_runs(MIXED) if right]
    assert len(rtl) == 1 and URDU in rtl[0]


def paragraphs_with(document, text: str):
    """Every w:p (body, tables) whose text equals or contains `text`."""
    out = []
    for p in document.element.body.iter(qn("w:p")):
        if text in "".join(t.text or "" for t in p.iter(qn("w:t"))):
            out.append(p)
    return out


def run_is_rtl(r) -> bool:
    return r.find(f"{W}rPr/{W}rtl") is not None


def test_scripts_survive_and_right_to_left_is_marked(tmp_path):
    ws = Workspace(tmp_path / "home")
    s = make_review(ws, notes=10, tricky=False)
    unit = s.scope_units()[0]
    for text in (WELSH, POLISH, URDU, ARABIC, MIXED):
        s.add(
            EvidenceNote,
            key_question="safe",
            lines=("S1",),
            scope_unit=unit.id,
            source="people",
            text=text,
            polarity="neutral",
            quote=True,
        )
    s.update(
        "review",
        s.review.id,
        sections={**s.review.sections, "context": f"{URDU}\n{WELSH}\n{POLISH}"},
    )
    s.add(
        Finding,
        kind="finding",
        scope_unit=unit.id,
        key_question="safe",
        heading="Voices",
        text=MIXED,
    )
    out = export_review(s, tmp_path / "scripts.docx", ExportOptions(draft=True))
    s.close()
    d = docx.Document(str(out))
    for text in (WELSH, POLISH, URDU, ARABIC, MIXED):
        found = paragraphs_with(d, text)
        assert found, f"{text!r} did not survive the export"
    # A paragraph that reads right to left (the context's Urdu line, a note in the log) is w:bidi and
    # its runs w:rtl; Welsh and Polish are left-to-right.
    for text in (URDU, ARABIC):
        exact = [
            p
            for p in paragraphs_with(d, text)
            if "".join(t.text for t in p.iter(qn("w:t"))) == text
        ]
        assert exact and all(p.find(f"{W}pPr/{W}bidi") is not None for p in exact)
        assert all(
            all(run_is_rtl(r) for r in p.iter(qn("w:r")) if (r.findtext(f"{W}t") or "").strip())
            for p in exact
        )
    for text in (WELSH, POLISH):
        for p in paragraphs_with(d, text):
            assert p.find(f"{W}pPr/{W}bidi") is None
            assert not any(run_is_rtl(r) for r in p.iter(qn("w:r")))
    # The English sentence around an Urdu quotation stays left to right; only the quotation is rtl.
    for p in paragraphs_with(d, MIXED):
        assert p.find(f"{W}pPr/{W}bidi") is None
        runs = [(r.findtext(f"{W}t") or "", run_is_rtl(r)) for r in p.iter(qn("w:r"))]
        assert any(right and URDU in text for text, right in runs)
        assert any(not right and "A mother told us" in text for text, right in runs)
    result = OpenXmlValidator(file_format=FileFormat.MICROSOFT_365, max_errors=0).validate(str(out))
    assert [str(e) for e in result.errors] == []
