"""Whole-review YAML exchange: deterministic dumps, faithful imports, clear errors at file:line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from cqc_tui.core.errors import FileProblems, StoreError, ValidationError
from cqc_tui.core.exchange import dump_text, import_review, parse_review_file, write_dump
from cqc_tui.core.model import EvidenceNote, Finding, Recommendation

NASTY = "Said: \"[bold]no[/] <w:t>&amp; ]]> 'quoted'\" 😀 שלום مرحبا\ttab\nsecond line"


def _fill(session):
    units = session.scope_units()
    n1 = session.add_note(
        lines=["T1"],
        scope_unit=units[0].id,
        text=NASTY,
        source="people",
        polarity="concern",
        quote=True,
        place="Ward 3",
    )
    n2 = session.add_note(
        lines=["T1"],
        scope_unit=units[1].id,
        text="Safeguarding log checked; all referrals followed up within 24 hours.",
        source="document",
        polarity="positive",
    )
    session.add_note(
        lines=["T2"], text="Board minutes show risk register reviewed monthly.", source="document"
    )
    session.delete("notes", n2.id)
    session.set_rating(units[0].id, "safe", "requires_improvement", "Caseloads too high", [n1.id])
    session.add(
        Finding,
        key_question="safe",
        scope_unit=units[0].id,
        text="Staffing did not meet demand.",
        note_ids=(n1.id,),
    )
    session.add(
        Recommendation, kind="must_do", text="Ensure caseloads are safe.", owner="The trust"
    )
    return n1


def test_dump_import_dump_is_byte_identical(session, workspace, tmp_path):
    _fill(session)
    first = dump_text(session.store.tables)
    session.close()
    path = tmp_path / "review.yaml"
    path.write_text(first, encoding="utf-8")
    other = workspace.__class__(tmp_path / "other-home")
    (other.home / "frameworks").mkdir(parents=True)
    (other.home / "frameworks" / "mini.yaml").write_text(
        (Path(__file__).parent / "fixtures" / "mini-framework.yaml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    status, review_id = import_review(other, path)
    assert status == "imported"
    again = other.open(review_id, readonly=True)
    second = dump_text(again.store.tables)
    again.close()
    assert second == first


def test_import_keeps_every_field_and_deleted_records(session, workspace, tmp_path):
    n1 = _fill(session)
    text = dump_text(session.store.tables)
    review_id = session.review.id
    session.close()
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    status, rid = import_review(workspace, path, replace=True)
    assert status == "replaced" and rid == review_id
    assert any(p.name.startswith(review_id) for p in (workspace.home / "trash").iterdir()), (
        "old copy kept"
    )
    s = workspace.open(rid)
    note = s.store.get("notes", n1.id)
    assert note.text == NASTY and note.quote and note.polarity == "concern"
    assert len(s.notes()) == 2 and len(s.notes(include_deleted=True)) == 3
    s.close()


def test_import_refuses_existing_without_replace(session, workspace, tmp_path):
    path = tmp_path / "r.yaml"
    write_dump(session.store.tables, path)
    session.close()
    with pytest.raises(StoreError, match="already in the workspace; use --replace"):
        import_review(workspace, path)
    assert import_review(workspace, path, skip_existing=True)[0] == "skipped"


def test_write_dump_refuses_missing_folder(session, tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        write_dump(session.store.tables, tmp_path / "nope" / "r.yaml")


def _error(workspace, tmp_path, text: str) -> str:
    path = tmp_path / "bad-review.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FileProblems) as info:
        parse_review_file(path, workspace.frameworks)
    msg = str(info.value.problems[0])
    assert "bad-review.yaml" in msg and "\n" not in msg
    return msg


@pytest.fixture
def good_text(session):
    _fill(session)
    return dump_text(session.store.tables)


def _line_text(text: str, msg: str) -> str:
    m = re.search(r"bad-review\.yaml:(\d+):", msg)
    assert m, msg
    return text.splitlines()[int(m.group(1)) - 1]


def test_impossible_rating_is_named_with_its_line(workspace, tmp_path, good_text):
    text = good_text.replace("rating: requires_improvement", "rating: excellent")
    msg = _error(workspace, tmp_path, text)
    assert "rating 'excellent' is not on the scale" in msg and "use one of" in msg
    assert "ratings[1]" in msg


REVIEW_CASES = [
    ("yaml-syntax", lambda t: t.replace("format_version: 2", "format_version: [2"), "YAML syntax"),
    (
        "not-a-review",
        lambda t: t.replace("format: cqc-tui-review", "format: cqc-tui-framework"),
        "'format' must be",
    ),
    ("newer-format", lambda t: t.replace("format_version: 2", "format_version: 3"), "newer"),
    (
        "unknown-framework",
        lambda t: t.replace("framework_id: mini-test", "framework_id: nonexistent"),
        "not an installed framework",
    ),
    ("unknown-line-code", lambda t: t.replace("  - T2\n", "  - Z9\n"), "'Z9' is not a KLOE"),
    ("unknown-source", lambda t: t.replace("source: people", "source: gossip"), "source 'gossip'"),
    (
        "bad-timestamp",
        lambda t: t.replace(
            t[t.index("created: '") + 10 : t.index("created: '") + 34], "yesterday", 1
        ),
        "must be a UTC timestamp",
    ),
    (
        "bad-date",
        lambda t: t.replace("start_date: '2018-01-22'", "start_date: 22/01/2018"),
        "YYYY-MM-DD",
    ),
    (
        "impossible-date",
        lambda t: t.replace("start_date: '2018-01-22'", "start_date: '2018-02-30'"),
        "start_date '2018-02-30' is not a real date",
    ),
    (
        "unknown-field",
        lambda t: t.replace("  polarity: concern", "  polarity: concern\n  mood: sad"),
        "unknown field 'mood'",
    ),
    ("wrong-type", lambda t: t.replace("quote: true", "quote: [yes]"), "must be true or false"),
    (
        "dangling-note-link",
        lambda t: re.sub(r"(note_ids:\n  - )[0-9a-f-]{36}", r"\1not-a-note", t, count=1),
        "is not a note in this review",
    ),
    (
        "unknown-section",
        lambda t: t.replace("\nend:\n", "\ncomments: []\nend:\n"),
        "unknown section 'comments'",
    ),
]


@pytest.mark.parametrize("name,transform,words", REVIEW_CASES, ids=[c[0] for c in REVIEW_CASES])
def test_malformed_review_file_gets_one_clear_line(
    workspace, tmp_path, good_text, name, transform, words
):
    text = transform(good_text)
    assert text != good_text
    msg = _error(workspace, tmp_path, text)
    assert words in msg
    if name not in ("unknown-section",):
        assert re.search(r"bad-review\.yaml:\d+:", msg), msg


def test_duplicate_ids_are_refused(workspace, tmp_path, good_text):
    doc = yaml.safe_load(good_text)
    doc["notes"].append(dict(doc["notes"][0]))
    doc["end"]["notes"] += 1
    msg = _error(workspace, tmp_path, yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))
    assert "used twice" in msg


def test_hand_written_review_gets_ids_and_times(workspace, tmp_path):
    text = """format: cqc-tui-review
format_version: 1
review:
  title: Hand written
  review_type: comprehensive
  framework_id: mini-test
  start_date: 2018-01-22
scope_units:
  - {id: u1, label: Wards}
notes:
  - {key_question: safe, lines: [T1], scope_unit: u1, text: "Observed handover on ward 3."}
"""
    path = tmp_path / "hand.yaml"
    path.write_text(text, encoding="utf-8")
    parsed = parse_review_file(path, workspace.frameworks)
    assert parsed.review.start_date == "2018-01-22"
    assert parsed.review.framework_version == "1.0"
    note = next(r for r in parsed.records if isinstance(r, EvidenceNote))
    assert len(note.id) == 36 and note.rev == 1


def test_session_validation_names_the_field(session):
    with pytest.raises(ValidationError, match="rating 'brilliant' is not on the scale"):
        session.set_rating("", "safe", "brilliant")
    with pytest.raises(ValidationError, match="text is empty"):
        session.add_note(lines=["T1"], text="   ")
    with pytest.raises(ValidationError, match="T2 belongs to key question well-led"):
        session.add_note(key_question="safe", lines=["T2"], text="x")


def test_edit_delete_restore_keep_revisions(session):
    note = session.add_note(lines=["T1"], text="first")
    edited = session.update("notes", note.id, text="second")
    assert edited.rev == 2 and edited.created == note.created and edited.updated >= note.updated
    gone = session.delete("notes", note.id)
    assert gone.deleted and gone.rev == 3
    assert note.id not in {n.id for n in session.notes()}
    back = session.restore("notes", note.id)
    assert not back.deleted and back.rev == 4 and back.text == "second"
    session.close()
    reopened = session.workspace.open(session.review.id)
    assert reopened.store.get("notes", note.id).rev == 4
    reopened.close()


def test_coverage_counts_notes_sources_and_ratings(session):
    units = session.scope_units()
    session.add_note(
        lines=["T1"], scope_unit=units[0].id, text="a", source="staff", polarity="concern"
    )
    session.add_note(lines=["T1"], scope_unit=units[0].id, text="b", source="observation")
    session.set_rating(units[0].id, "safe", "good")
    cov = session.coverage()
    c = cov[("T1", units[0].id)]
    assert c.notes == 2 and c.sources == {"staff", "observation"} and c.concerns == 1 and c.rated
    assert ("T1", units[1].id) not in cov
    assert cov[("T1", "*")].notes == 2
