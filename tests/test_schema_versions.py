"""Each review file carries a schema version: an older one migrates (original kept aside), a newer
one is refused with a clear message."""

from __future__ import annotations

import json

import pytest

from cqc_tui.core import store as store_mod
from cqc_tui.core.errors import StoreError
from cqc_tui.core.store import layout


def _snapshot(session):
    folder = session.store.folder
    session.close()
    return folder, json.loads((folder / store_mod.SNAPSHOT).read_text(encoding="utf-8"))


def test_newer_schema_is_refused_and_file_untouched(session, workspace):
    session.add_note(lines=["T1"], text="kept")
    folder, data = _snapshot(session)
    data["_meta"]["1"]["schema_version"] = store_mod.SCHEMA_VERSION + 1
    raw = json.dumps(data).encode()
    (folder / store_mod.SNAPSHOT).write_bytes(raw)
    with pytest.raises(StoreError, match=r"written by a newer cqc-tui .* upgrade cqc-tui"):
        workspace.open_id(folder.name)
    assert (folder / store_mod.SNAPSHOT).read_bytes() == raw


def test_older_schema_migrates_and_keeps_the_original(session, workspace, monkeypatch):
    note = session.add_note(lines=["T1"], text="old style note")
    folder, data = _snapshot(session)
    # Pretend the file was written by a version whose notes named one KLOE in a field called 'kloe'.
    for doc in data["notes"].values():
        doc["kloe"] = doc.pop("lines")[0]
    current = store_mod.SCHEMA_VERSION
    data["_meta"]["1"]["schema_version"] = current
    (folder / store_mod.SNAPSHOT).write_text(json.dumps(data), encoding="utf-8")

    def kloe_to_lines(table, doc):
        if table == "notes" and "kloe" in doc:
            doc = dict(doc)
            doc["lines"] = [doc.pop("kloe")]
        return doc

    monkeypatch.setattr(layout, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(layout.MIGRATIONS, current, kloe_to_lines)
    s = workspace.open_id(folder.name)
    try:
        assert s.store.get("notes", note.id).lines == ("T1",)
        assert any("migrated from schema" in n for n in s.store.report.notices)
    finally:
        s.close()
    upgraded = json.loads((folder / store_mod.SNAPSHOT).read_text(encoding="utf-8"))
    assert upgraded["_meta"]["1"]["schema_version"] == current + 1
    kept = list((folder / store_mod.QUARANTINE).iterdir())
    assert any(f"schema-v{current}" in p.name for p in kept), "the original file is kept aside"
