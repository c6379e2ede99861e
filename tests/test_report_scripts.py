"""Mixed scripts in the report: Welsh, Polish, Urdu, Arabic and emoji come through exactly, and
right-to-left text is marked as such (w:bidi on a paragraph that reads right to left, w:rtl on
each run of right-to-left script), in the body and in the evidence log."""

from __future__ import annotations

import re

import docx
import pytest
import yaml
from docx.oxml.ns import qn
from openxml_audit import FileFormat, OpenXmlValidator

from cqc_tui.core.exchange import import_review
from cqc_tui.core.model import EvidenceNote, Finding
from cqc_tui.core.workspace import Workspace
from cqc_tui.report import ExportOptions, export_review
from cqc_tui.report.text_direction import direction_runs, has_rtl, is_rtl
from tests.report_samples import SAMPLE_IDS, SAMPLES
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


# The record fields that hold the team's words (names, headings, texts, owners, sections ...).
USER_TEXT_FIELDS = frozenset(
    {
        "title",
        "provider",
        "provider_kind",
        "name",
        "label",
        "heading",
        "text",
        "rationale",
        "owner",
        "section",
        "regulated_activity",
        "how_not_met",
        "place",
        "progress",
        "note",
        "role",
        "organisation",
    }
)
ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")


def in_urdu(value, key: str = ""):
    """A sample's records with every piece of the team's words starting with an Urdu phrase (and
    every narrative section too), so each place the report prints user text reads right to left."""
    if isinstance(value, dict):
        return {
            k: (
                {name: f"{URDU} {text}" if text else text for name, text in v.items()}
                if k == "sections" and isinstance(v, dict)
                else in_urdu(v, k)
            )
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [in_urdu(v, key) for v in value]
    if isinstance(value, str) and value and key in USER_TEXT_FIELDS:
        return f"{URDU} {value}"
    return value


def unmarked_right_to_left(root) -> list[str]:
    """Paragraphs under `root` with Urdu in a run not marked w:rtl, or starting in Urdu without
    w:bidi."""
    out = []
    for p in root.iter(qn("w:p")):
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        if not ARABIC_SCRIPT.search(text):
            continue
        runs_unmarked = any(
            ARABIC_SCRIPT.search("".join(t.text or "" for t in r.iter(qn("w:t"))))
            and not run_is_rtl(r)
            for r in p.iter(qn("w:r"))
        )
        if runs_unmarked or (text.startswith(URDU) and p.find(f"{W}pPr/{W}bidi") is None):
            out.append(text[:80])
    return out


@pytest.mark.parametrize("sample", SAMPLES, ids=SAMPLE_IDS)
def test_right_to_left_user_text_is_marked_wherever_the_report_prints_it(sample, tmp_path):
    """Cover facts, the running header, contents, the ratings grid's row names, an action plan's
    section rows, finding places, table cells: wherever a team's words appear in Urdu, they are
    marked right to left."""
    data = in_urdu(yaml.safe_load(sample.read_text(encoding="utf-8")))
    source = tmp_path / sample.name
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    ws = Workspace(tmp_path / "home")
    _, review_id = import_review(ws, source)
    session = ws.open_id(review_id, readonly=True)
    try:
        out = export_review(session, tmp_path / "urdu.docx", ExportOptions(draft=True))
    finally:
        session.close()
    d = docx.Document(str(out))
    problems = unmarked_right_to_left(d.element.body)
    for section in d.sections:
        problems += unmarked_right_to_left(section.header._element)
        problems += unmarked_right_to_left(section.footer._element)
    assert problems == []
    result = OpenXmlValidator(file_format=FileFormat.MICROSOFT_365, max_errors=0).validate(str(out))
    assert [str(e) for e in result.errors] == []
