"""Evidence notes' observation time and attachments: stored, migrated from schema 1, validated."""

from __future__ import annotations

import json

from cqc_tui.core import store as store_mod
from cqc_tui.core.migrations import notes_gain_observed_and_attachments


def test_a_schema_1_review_gains_observed_times(session, workspace):
    note = session.add_note(lines=["T1"], text="written before notes had an observation time")
    folder = session.store.folder
    session.close()
    data = json.loads((folder / store_mod.SNAPSHOT).read_text(encoding="utf-8"))
    for doc in data["notes"].values():
        doc.pop("observed", None)
        doc.pop("attachments", None)
    data["_meta"]["1"]["schema_version"] = 1
    (folder / store_mod.SNAPSHOT).write_text(json.dumps(data), encoding="utf-8")
    s = workspace.open_id(folder.name)
    try:
        migrated = s.store.get("notes", note.id)
        assert migrated.observed == note.created
        assert migrated.attachments == ()
        assert any("migrated from schema 1 to 2" in n for n in s.store.report.notices)
    finally:
        s.close()
    assert (
        json.loads((folder / store_mod.SNAPSHOT).read_text())["_meta"]["1"]["schema_version"] == 2
    )


def test_migration_leaves_other_tables_and_given_times_alone():
    assert notes_gain_observed_and_attachments("ratings", {"id": "r"}) == {"id": "r"}
    doc = {"id": "n", "created": "2026-11-30T09:00:00.000Z", "observed": "2026-11-30T08:15:00.000Z"}
    assert (
        notes_gain_observed_and_attachments("notes", doc)["observed"] == "2026-11-30T08:15:00.000Z"
    )


def test_observed_and_attachments_round_trip(session, workspace):
    shot = {"name": "corridor.jpg", "sha256": "a" * 64, "size": 10, "kind": "photo"}
    note = session.add_note(
        lines=["T1"],
        text="trolley blocking the fire exit",
        observed="2026-11-30T08:15:00.000Z",
        attachments=(shot,),
    )
    folder = session.store.folder
    session.close()
    s = workspace.open_id(folder.name, readonly=True)
    try:
        again = s.store.get("notes", note.id)
        assert again.observed == "2026-11-30T08:15:00.000Z"
        assert again.attachments == (shot,)
        assert again.observed_at == "2026-11-30T08:15:00.000Z"
    finally:
        s.close()


def test_validation_of_lines_observed_and_attachments(session):
    import pytest

    from cqc_tui.core.errors import ValidationError

    ok = session.add_note(lines=["T1", "T2"], text="filed under two lines")
    assert ok.lines == ("T1", "T2")
    with pytest.raises(ValidationError, match="named twice"):
        session.add_note(lines=["T1", "T1"], text="twice")
    with pytest.raises(ValidationError, match="observed '30/11/2026' must be a UTC time"):
        session.add_note(lines=["T1"], text="x", observed="30/11/2026")
    with pytest.raises(ValidationError, match="sha256 must be 64"):
        session.add_note(
            lines=["T1"],
            text="x",
            attachments=({"name": "a.pdf", "sha256": "xyz", "size": 1, "kind": "document"},),
        )
    with pytest.raises(ValidationError, match="must be a file name"):
        session.add_note(
            lines=["T1"],
            text="x",
            attachments=({"name": "../a.pdf", "sha256": "a" * 64, "size": 1, "kind": "document"},),
        )
