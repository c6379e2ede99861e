"""Each report section's text is its own record (core.report_sections): two laptops writing
different sections, or one writing a section while another edits the review's details, merge with
no conflict; the same section written on both is one conflict with both texts, resolved by keeping
one or writing a combined one. Text kept in `Review.sections` (review files, the samples, reviews
and change sets from before) is still read, and prints the same report; a YAML dump writes every
text once, where every version reads it; a save is one record through the store."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from cqc_tui.cli import cli
from cqc_tui.core.exchange import dump_text, parse_review_file
from cqc_tui.core.model import Review, ScopeUnit, SectionState, TeamMember
from cqc_tui.core.record_codec import CODECS, record_dict
from cqc_tui.core.report_sections import (
    DRAFT,
    edit_start,
    file_sections,
    save_section_text,
    section_state_id,
    section_states,
    section_status,
    section_text,
    section_texts,
    set_agreed,
    states_by_key,
)
from cqc_tui.core.team.conflicts import conflicts, resolve_conflict
from cqc_tui.core.team.folder_sync import join_from_folder, sync_folder
from cqc_tui.core.team.identity import choose_member
from cqc_tui.core.team.revisions import (
    Graph,
    make_revision,
    record_revision_id,
    revision_from_json,
    revision_id,
)
from cqc_tui.core.team.share import receive, receive_into, share
from cqc_tui.core.workspace import Workspace
from cqc_tui.report import ExportOptions, export_review
from tests.report_samples import SAMPLES
from tests.test_team_bundle import new_workspace

CLAS = next(p for p in SAMPLES if p.stem == "leicester-clas-review-2016")
CLAS_ID = "8cab11e9-f7eb-5431-8c69-7b94f363bf53"
SUMMARY_A = "Mark's summary: referrals to children's social care were of variable quality."
CONTEXT_B = "Sunita's context: Leicester has two NHS trusts & a children's hospital <LRI>."


def import_sample(home: Path) -> None:
    result = CliRunner().invoke(cli, ["--home", str(home), "import", str(CLAS)])
    assert result.exit_code == 0, result.output


@pytest.fixture
def laptops(tmp_path):
    """The CLAS sample (its text in Review.sections, every section agreed by its lead) shared
    through a team folder: Mark on laptop a, Sunita on laptop b (joined from the folder)."""
    folder = tmp_path / "team"
    folder.mkdir()
    a, b = Workspace(tmp_path / "a"), Workspace(tmp_path / "b")
    import_sample(a.home)
    with a.open_id(CLAS_ID) as session:
        choose_member(session, "Mark Odell")
        assert sync_folder(session, folder).ok
    join_from_folder(b, folder, CLAS_ID[:8])
    with b.open_id(CLAS_ID) as session:
        choose_member(session, "Sunita Kaur")
    return folder, a, b


def sync(workspace: Workspace, folder: Path):
    with workspace.open_id(CLAS_ID) as session:
        result = sync_folder(session, folder)
    assert result.ok, result.errors
    return result


def shared_state(workspace: Workspace) -> dict:
    """Every shared record as plain data (identical on laptops that hold the same changes)."""
    with workspace.open_id(CLAS_ID, readonly=True) as session:
        return {
            table: {record_id: r.to_dict() for record_id, r in records.items()}
            for table, records in session.store.tables.items()
            if table != "drafts"
        }


def report_paragraphs(workspace: Workspace, out: Path) -> list[str]:
    with workspace.open_id(CLAS_ID, readonly=True) as session:
        export_review(session, out, ExportOptions(draft=True))
    return [p.text for p in docx.Document(str(out)).paragraphs]


def texts_of(workspace: Workspace) -> dict[str, str]:
    with workspace.open_id(CLAS_ID, readonly=True) as session:
        return section_texts(session.review, section_states(session))


# -- different sections, and the review's details, merge ------------------------------------------


def _write_apart(a: Workspace, b: Workspace) -> None:
    """From the same version: Mark writes the summary on a; Sunita writes the context and changes
    the review's report date and title on b."""
    with a.open_id(CLAS_ID) as session:
        assert save_section_text(session, "summary", SUMMARY_A).state == DRAFT
    with b.open_id(CLAS_ID) as session:
        save_section_text(session, "context", CONTEXT_B)
        set_agreed(session, "context", True)
        session.update(
            "review",
            session.review.id,
            report_date="2016-09-01",
            title="Leicester City CLAS review 2016",
        )


def test_two_laptops_writing_different_sections_merge_through_the_folder(laptops, tmp_path):
    folder, a, b = laptops
    before = texts_of(a)
    _write_apart(a, b)
    assert sync(a, folder).conflicts == 0
    assert sync(b, folder).conflicts == 0
    assert sync(a, folder).conflicts == 0
    for workspace in (a, b):
        with workspace.open_id(CLAS_ID) as session:
            assert conflicts(session) == []
            assert session.review.report_date == "2016-09-01"
    assert shared_state(a) == shared_state(b)
    texts = texts_of(a)
    assert texts == {**before, "summary": SUMMARY_A, "context": CONTEXT_B}
    for workspace, name in ((a, "a.docx"), (b, "b.docx")):
        paragraphs = report_paragraphs(workspace, tmp_path / name)
        assert paragraphs.count(SUMMARY_A) == 1 and paragraphs.count(CONTEXT_B) == 1
        assert before["summary"] not in paragraphs and before["context"] not in paragraphs
        summary = paragraphs.index(SUMMARY_A)
        assert paragraphs[summary + 1] == "DRAFT: not agreed by the team yet"
        assert not paragraphs[paragraphs.index(CONTEXT_B) + 1].startswith("DRAFT")


def test_two_laptops_writing_different_sections_merge_through_bundles(laptops, tmp_path):
    _folder, a, b = laptops
    _write_apart(a, b)
    with a.open_id(CLAS_ID) as session:
        share(session, tmp_path / "from-a.cqcb")
    with b.open_id(CLAS_ID) as session:
        share(session, tmp_path / "from-b.cqcb")
    for workspace, bundle in ((a, "from-b.cqcb"), (b, "from-a.cqcb")):
        results, refused = receive(workspace, [tmp_path / bundle])
        assert not refused and results[0].conflicts == 0
    assert shared_state(a) == shared_state(b)
    for workspace in (a, b):
        with workspace.open_id(CLAS_ID, readonly=True) as session:
            assert conflicts(session) == []
            states = section_states(session)
            assert section_text(session.review, states, "summary") == SUMMARY_A
            assert section_text(session.review, states, "context") == CONTEXT_B
            assert session.review.title == "Leicester City CLAS review 2016"
    paragraphs = report_paragraphs(b, tmp_path / "b.docx")
    assert SUMMARY_A in paragraphs and CONTEXT_B in paragraphs


_section_keys = st.sampled_from(["summary", "context", "method", "people"])
_saves = st.lists(st.tuples(_section_keys, st.text("abc <&>[x]é\n", max_size=10)), max_size=5)


@settings(max_examples=12, deadline=None)
@given(on_a=_saves, on_b=_saves, details_on_a=st.booleans())
def test_only_a_section_written_on_both_laptops_is_a_conflict(on_a, on_b, details_on_a):
    """Any saves of sections on two laptops from the same version, and perhaps an edit of the
    review's details, exchanged both ways: the two laptops hold the same texts, the sections
    written on both are the conflicts (nothing else is), and a section written on one laptop
    only has that laptop's last text."""
    root = Path(tempfile.mkdtemp(prefix="cqc-sections-prop-"))
    sessions = []
    try:
        lead = new_workspace(root, "a")
        first = lead.create(
            Review(title="Sections", review_type="comprehensive", framework_id="mini-test"),
            [TeamMember(name="Ann Ford"), TeamMember(name="Ben Cole")],
            [ScopeUnit(code="u", label="Unit", order=1)],
        )
        sessions.append(first)
        choose_member(first, "Ann Ford")
        share(first, root / "start.cqcb")
        other = new_workspace(root, "b")
        _results, refused = receive(other, [root / "start.cqcb"])
        assert not refused
        second = other.open_id(first.review.id)
        sessions.append(second)
        choose_member(second, "Ben Cole")
        for session, saves in ((first, on_a), (second, on_b)):
            for key, text in saves:
                save_section_text(session, key, text)
        if details_on_a:
            first.update("review", first.review.id, title="Sections, renamed")
        share(first, root / "a.cqcb")
        share(second, root / "b.cqcb")
        for session, bundle in ((first, "b.cqcb"), (second, "a.cqcb")):
            result, refused = receive_into(session, [root / bundle])
            assert not refused and result is not None
        both = {key for key, _ in on_a} & {key for key, _ in on_b}
        texts = []
        for session in sessions:
            found = conflicts(session)
            assert {c.record_id for c in found} == {
                section_state_id(first.review.id, key) for key in both
            }
            states = section_states(session)
            texts.append(section_texts(session.review, states))
            for saves in (on_a, on_b):
                for key, _ in saves:
                    if key not in both:
                        last = [text for k, text in saves if k == key][-1].strip("\n")
                        assert section_text(session.review, states, key) == (
                            last if last.strip() else ""
                        )
            assert session.review.title == ("Sections, renamed" if details_on_a else "Sections")
        assert texts[0] == texts[1]
    finally:
        for session in sessions:
            session.close()
        shutil.rmtree(root, ignore_errors=True)


# -- the same section on both laptops is a conflict ------------------------------------------------


def _same_section_on_both(folder: Path, a: Workspace, b: Workspace) -> None:
    with a.open_id(CLAS_ID) as session:
        save_section_text(session, "summary", SUMMARY_A)
    with b.open_id(CLAS_ID) as session:
        save_section_text(session, "summary", "Sunita's summary: health visitors were not told.")
    sync(a, folder)
    assert sync(b, folder).conflicts == 1
    sync(a, folder)


def test_the_same_section_written_on_two_laptops_is_one_conflict_kept_as_chosen(laptops, tmp_path):
    folder, a, b = laptops
    _same_section_on_both(folder, a, b)
    for workspace in (a, b):
        with workspace.open_id(CLAS_ID, readonly=True) as session:
            [conflict] = conflicts(session)
            assert conflict.table == "section_states"
            assert conflict.record_id == section_state_id(CLAS_ID, "summary")
            assert conflict.label == "Summary"
            assert "text" in conflict.differing
            assert {(v.member, v.fields["text"]) for v in conflict.versions} == {
                ("Mark Odell", SUMMARY_A),
                ("Sunita Kaur", "Sunita's summary: health visitors were not told."),
            }
    # the command line shows both texts in full, and keeps the one chosen
    listed = CliRunner().invoke(cli, ["--home", str(b.home), "conflicts", CLAS_ID[:8]])
    assert listed.exit_code == 0, listed.output
    assert f"{conflict.record_id[:8]} 'Summary'" in listed.output
    assert f"text: {SUMMARY_A}" in listed.output
    assert "text: Sunita's summary: health visitors were not told." in listed.output
    with b.open_id(CLAS_ID, readonly=True) as session:
        [conflict] = conflicts(session)
    marks = next(n for n, v in enumerate(conflict.versions, 1) if v.member == "Mark Odell")
    resolved = CliRunner().invoke(
        cli,
        [
            "--home",
            str(b.home),
            "resolve",
            CLAS_ID[:8],
            conflict.record_id[:8],
            "--keep",
            str(marks),
        ],
    )
    assert resolved.exit_code == 0, resolved.output
    sync(b, folder)
    sync(a, folder)
    for workspace in (a, b):
        with workspace.open_id(CLAS_ID, readonly=True) as session:
            assert conflicts(session) == []
            assert section_text(session.review, section_states(session), "summary") == SUMMARY_A
    paragraphs = report_paragraphs(a, tmp_path / "a.docx")
    assert SUMMARY_A in paragraphs
    assert "Sunita's summary: health visitors were not told." not in paragraphs


def test_a_combined_version_of_a_section_resolves_it_on_every_laptop(laptops, tmp_path):
    folder, a, b = laptops
    _same_section_on_both(folder, a, b)
    combined = SUMMARY_A + "\n\nHealth visitors were not told of emergency attendances."
    with a.open_id(CLAS_ID) as session:
        choose_member(session, "Alison Greaves")
        [conflict] = conflicts(session)
        resolve_conflict(session, conflict.table, conflict.record_id, fields={"text": combined})
        status = section_status(session.review, section_states(session), "summary")
        assert status.state == DRAFT  # neither version was agreed
    sync(a, folder)
    sync(b, folder)
    assert shared_state(a) == shared_state(b)
    with b.open_id(CLAS_ID) as session:
        assert conflicts(session) == []
        assert section_text(session.review, section_states(session), "summary") == combined
    paragraphs = report_paragraphs(b, tmp_path / "b.docx")
    assert SUMMARY_A in paragraphs
    assert "Health visitors were not told of emergency attendances." in paragraphs


def test_a_combined_text_is_a_draft_by_who_wrote_it_even_over_an_agreed_version(laptops):
    """Agreed on one laptop, edited on the other: keeping the agreed version keeps it agreed (that
    text was agreed); a combined text is the resolver's draft, never agreed unread."""
    folder, a, b = laptops
    with a.open_id(CLAS_ID) as session:
        set_agreed(session, "summary", False)
        set_agreed(session, "summary", True)  # Mark agrees it again
    with b.open_id(CLAS_ID) as session:
        save_section_text(session, "summary", "Sunita's summary.")
    sync(a, folder)
    assert sync(b, folder).conflicts == 1
    with b.open_id(CLAS_ID) as session:
        [conflict] = conflicts(session)
        agreed = next(v for v in conflict.versions if v.fields["agreed"])
        resolve_conflict(
            session, conflict.table, conflict.record_id, keep=agreed.revision, fields={}
        )
        status = section_status(session.review, section_states(session), "summary")
        assert status.agreed and status.agreed_by == "Mark Odell"
    with a.open_id(CLAS_ID) as session:
        save_section_text(session, "summary", "Mark's words.")
    with b.open_id(CLAS_ID) as session:
        set_agreed(session, "summary", False)
        set_agreed(session, "summary", True)
    sync(a, folder)
    assert sync(b, folder).conflicts == 1
    with b.open_id(CLAS_ID) as session:
        [conflict] = conflicts(session)
        agreed = next(v for v in conflict.versions if v.fields["agreed"])
        resolve_conflict(
            session,
            conflict.table,
            conflict.record_id,
            keep=agreed.revision,
            fields={"text": "Mark's words, with Sunita's."},
        )
        status = section_status(session.review, section_states(session), "summary")
        assert (status.state, status.edited_by, status.agreed_by) == (DRAFT, "Sunita Kaur", "")
        assert section_text(session.review, section_states(session), "summary") == (
            "Mark's words, with Sunita's."
        )


def test_a_teammates_version_received_while_writing_is_kept_beside_it_as_a_conflict(laptops):
    """Sunita opens the summary; a sync brings Mark's version of it in while she types; her save
    stands beside his as a conflict, never silently over it. Nothing received meanwhile: an
    ordinary save."""
    folder, a, b = laptops
    with b.open_id(CLAS_ID) as writing:
        started = edit_start(writing, "summary")
        assert started.text == writing.review.sections["summary"] and started.record is not None
        with a.open_id(CLAS_ID) as session:
            save_section_text(session, "summary", SUMMARY_A)
        sync(a, folder)
        assert sync_folder(writing, folder).saved == 1
        status = save_section_text(writing, "summary", "Sunita's words.", started)
        assert status.conflict and status.state == DRAFT
        [conflict] = conflicts(writing)
        assert {v.fields["text"] for v in conflict.versions} == {SUMMARY_A, "Sunita's words."}
        again = save_section_text(writing, "context", CONTEXT_B, edit_start(writing, "context"))
        assert not again.conflict
        assert len(conflicts(writing)) == 1
    sync(b, folder)
    sync(a, folder)
    with a.open_id(CLAS_ID, readonly=True) as session:
        [conflict] = conflicts(session)
        assert conflict.label == "Summary"


# -- text kept in Review.sections -------------------------------------------------------------------


def test_an_old_review_with_its_text_in_the_review_prints_the_same_report_once_saved(tmp_path):
    """The sample keeps every section's text in Review.sections (as a review file or a review from
    before does). Saving each section in the app with the same text, and agreeing it again, moves
    every text into its own record: the report is word for word the same."""
    home = tmp_path / "home"
    import_sample(home)
    workspace = Workspace(home)
    with workspace.open_id(CLAS_ID, readonly=True) as session:
        review_sections = dict(session.review.sections)
        assert not any(s.holds_text for s in section_states(session).values())
        assert section_texts(session.review, section_states(session)) == review_sections
    before = report_paragraphs(workspace, tmp_path / "before.docx")
    for key, text in review_sections.items():
        assert before.count(text.split("\n")[0]) >= 1, key
    with workspace.open_id(CLAS_ID) as session:
        choose_member(session, "Alison Greaves")
        for key, text in review_sections.items():
            save_section_text(session, key, text)
            set_agreed(session, key, True)
        states = section_states(session)
        assert all(states[key].holds_text for key in review_sections)
        assert session.review.sections == review_sections  # the review record is never written
    after = report_paragraphs(workspace, tmp_path / "after.docx")
    assert after == before


def test_agreeing_a_section_takes_its_text_into_its_record(tmp_path):
    home = tmp_path / "home"
    import_sample(home)
    with Workspace(home).open_id(CLAS_ID) as session:
        choose_member(session, "Mark Odell")
        text = session.review.sections["people"]
        set_agreed(session, "people", False)
        set_agreed(session, "people", True)
        record = section_states(session)["people"]
        assert record.holds_text and record.text == text and record.agreed_by == "Mark Odell"
        # emptying it in the app empties it, whatever the review's sections still hold
        save_section_text(session, "people", "  \n")
        assert section_text(session.review, section_states(session), "people") == ""
        assert session.review.sections["people"] == text


def test_a_dump_writes_every_text_once_in_the_review_and_reads_back_the_same(tmp_path):
    home = tmp_path / "home"
    import_sample(home)
    with Workspace(home).open_id(CLAS_ID) as session:
        choose_member(session, "Mark Odell")
        save_section_text(session, "summary", SUMMARY_A)
        save_section_text(session, "people", "")
        save_section_text(session, "lessons", "Share the learning & <the> plan.")
        set_agreed(session, "method", True)
        expected = section_texts(session.review, section_states(session))
        text = dump_text(session.store.tables)
        frameworks = session.workspace.frameworks
    assert text.count("were of variable quality") == 1
    assert "holds_text" not in text
    parsed = parse_review_file("r.yaml", frameworks, text=text)
    review = parsed.review
    states = states_by_key(parsed.records)
    assert not any(s.holds_text for s in states.values())
    assert section_texts(review, states) == expected
    assert "people" not in review.sections and review.sections["summary"] == SUMMARY_A
    assert states["method"].agreed and not states["summary"].agreed
    # the file imports in a new workspace and dumps again to the same bytes
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    other = tmp_path / "other"
    result = CliRunner().invoke(cli, ["--home", str(other), "import", str(path)])
    assert result.exit_code == 0, result.output
    with Workspace(other).open_id(CLAS_ID, readonly=True) as session:
        assert section_texts(session.review, section_states(session)) == expected
        assert dump_text(session.store.tables) == text


_keys = st.sampled_from(["summary", "context", "method", "people", "next_steps"])
_texts = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)


@settings(max_examples=200, deadline=None)
@given(
    file_text=st.dictionaries(_keys, _texts),
    records=st.dictionaries(_keys, st.tuples(_texts, st.booleans())),
)
def test_a_dumps_sections_give_every_section_the_text_it_had(file_text, records):
    review = Review(sections=file_text)
    states = {
        key: SectionState(key=key, text=text, holds_text=holds)
        for key, (text, holds) in records.items()
    }
    written = file_sections(review, states)
    without_text = {key: SectionState(key=key) for key in states}
    read_back = Review(sections=written)
    for key in {*file_text, *records}:
        assert section_text(read_back, without_text, key).strip() == (
            section_text(review, states, key).strip()
        )
    assert section_texts(read_back, without_text) == section_texts(review, states)


# -- revisions made before sections held their text --------------------------------------------------


def test_a_section_record_saved_before_it_held_text_keeps_its_revision_id():
    """A section record made by a version without `text` / `holds_text` is read back with their
    defaults: its revision id is the same, so an edit made from it is based on it (no conflict)."""
    record = SectionState(id=section_state_id(CLAS_ID, "summary"), key="summary", agreed=True)
    older = {k: v for k, v in record_dict(record).items() if k not in ("text", "holds_text")}
    older_id = revision_id("section_states", older)
    revision = revision_from_json(
        {"id": older_id, "t": "section_states", "b": [], "d": "dev-a", "r": older}
    )
    assert record_revision_id(revision.record) == older_id
    loaded = CODECS["section_states"].load(older)
    assert record_revision_id(loaded) == older_id
    edited = SectionState(
        **{**record.to_dict(), "rev": 2, "text": "New words", "holds_text": True, "agreed": False}
    )
    graph = Graph([revision, make_revision(edited, [record_revision_id(loaded)], "dev-b")])
    assert graph.conflict_heads(revision.key) == []
    assert graph.shown(revision.key).record.text == "New words"
    # a field that differs from its default is part of the id
    assert record_revision_id(edited) != revision_id(
        "section_states", {k: v for k, v in record_dict(edited).items() if k != "text"}
    )


# -- one record, through the store ------------------------------------------------------------------


def test_saving_a_section_saves_one_record_through_the_store(tmp_path):
    home = tmp_path / "home"
    import_sample(home)
    with Workspace(home).open_id(CLAS_ID) as session:
        choose_member(session, "Mark Odell")
        saved: list[tuple[str, str]] = []
        session.store.add_listener(lambda record: saved.append((record.TABLE, record.id)))
        save_section_text(session, "summary", SUMMARY_A)
        set_agreed(session, "summary", True)
        key = ("section_states", section_state_id(CLAS_ID, "summary"))
        assert saved == [key, key]


_CHILD = textwrap.dedent(
    """
    import sys
    from cqc_tui.core.report_sections import save_section_text
    from cqc_tui.core.team.identity import choose_member
    from cqc_tui.core.workspace import Workspace

    session = Workspace(sys.argv[1]).open_id(sys.argv[2])
    choose_member(session, "Mark Odell")
    for n in range(100000):
        key = ("summary", "context", "people")[n % 3]
        save_section_text(session, key, f"{key} version {n}")
        print(key, n, flush=True)
    """
)


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL needs a POSIX system")
def test_a_section_acknowledged_saved_survives_a_kill(tmp_path):
    home = tmp_path / "home"
    import_sample(home)
    (tmp_path / "team").mkdir()
    with Workspace(home).open_id(CLAS_ID) as session:
        choose_member(session, "Mark Odell")
        assert sync_folder(session, tmp_path / "team").ok  # a team review: every save is logged
    proc = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(home), CLAS_ID],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parent.parent,
    )
    acknowledged: dict[str, int] = {}
    assert proc.stdout is not None
    for line in proc.stdout:
        key, number = line.split()
        acknowledged[key] = int(number)
        if len(acknowledged) == 3 and int(number) >= 40:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    with Workspace(home).open_id(CLAS_ID) as session:
        states = section_states(session)
        for key, number in acknowledged.items():
            saved = int(section_text(session.review, states, key).rsplit(" ", 1)[1])
            assert saved >= number  # what was acknowledged is there (or a later save)
        assert sync_folder(session, tmp_path / "team").ok
        assert conflicts(session) == []
