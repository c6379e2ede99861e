"""ui-state.json: the scope unit each review was left on, written whole, read back whatever state
the file is in."""

from __future__ import annotations

import json
import os

import pytest

from cqc_tui.core import ui_state
from cqc_tui.core.ui_state import STATE_FILE, UiState


def test_a_workspace_without_the_file_remembers_nothing_and_says_nothing(tmp_path):
    state = UiState.read(tmp_path)
    assert state.unit("r1") is None
    assert state.problem == ""
    assert state.save() == ""  # nothing changed: nothing written
    assert not (tmp_path / STATE_FILE).exists()


def test_units_are_kept_in_memory_until_saved_then_read_back(tmp_path):
    state = UiState.read(tmp_path)
    assert state.set_unit("r1", "unit-a") is True
    assert state.set_unit("r1", "unit-a") is False  # the same again: nothing to save
    assert state.set_unit("r2", "") is True  # the review as a whole
    assert state.unit("r1") == "unit-a"
    assert not (tmp_path / STATE_FILE).exists()
    assert state.unsaved
    assert state.save() == ""
    assert not state.unsaved
    again = UiState.read(tmp_path)
    assert (again.unit("r1"), again.unit("r2"), again.problem) == ("unit-a", "", "")


def test_nothing_is_written_when_nothing_changed(tmp_path, monkeypatch):
    state = UiState.read(tmp_path)
    state.set_unit("r1", "unit-a")
    writes = []
    real = ui_state.atomic_write_bytes
    monkeypatch.setattr(
        ui_state, "atomic_write_bytes", lambda path, data: (writes.append(path), real(path, data))
    )
    assert state.save() == ""
    state.set_unit("r1", "unit-a")
    assert state.save() == ""
    assert len(writes) == 1


def test_what_another_window_saved_meanwhile_is_kept(tmp_path):
    first = UiState.read(tmp_path)
    second = UiState.read(tmp_path)
    first.set_unit("r1", "unit-a")
    second.set_unit("r2", "unit-b")
    assert first.save() == "" and second.save() == ""
    both = UiState.read(tmp_path)
    assert (both.unit("r1"), both.unit("r2")) == ("unit-a", "unit-b")


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b'{"units": {"r1": "unit-a"', "not JSON"),
        (b"\xff\xfe\x00 garbage", "not JSON"),
        (b"", "not JSON"),
        (b'["r1", "unit-a"]', "not a JSON object"),
    ],
)
def test_a_damaged_file_is_one_line_and_is_written_afresh(tmp_path, content, why):
    path = tmp_path / STATE_FILE
    path.write_bytes(content)
    state = UiState.read(tmp_path)
    assert state.unit("r1") is None
    assert "\n" not in state.problem
    assert STATE_FILE in state.problem and why in state.problem
    assert "forgotten" in state.problem
    state.set_unit("r1", "unit-c")
    assert state.save() == ""
    assert json.loads(path.read_text(encoding="utf-8")) == {"units": {"r1": "unit-c"}}
    assert UiState.read(tmp_path).problem == ""


def test_entries_of_the_wrong_kind_are_left_out(tmp_path):
    (tmp_path / STATE_FILE).write_text(
        json.dumps({"units": {"r1": 3, "r2": "unit-b"}, "later": {"kept": True}}), encoding="utf-8"
    )
    state = UiState.read(tmp_path)
    assert (state.unit("r1"), state.unit("r2"), state.problem) == (None, "unit-b", "")
    state.set_unit("r3", "unit-c")
    assert state.save() == ""
    data = json.loads((tmp_path / STATE_FILE).read_text(encoding="utf-8"))
    assert data["later"] == {"kept": True}  # what a newer version keeps there is not thrown away
    assert data["units"] == {"r2": "unit-b", "r3": "unit-c"}


def test_an_unreadable_file_is_one_line_naming_it(tmp_path):
    (tmp_path / STATE_FILE).mkdir()  # a folder where the file should be
    state = UiState.read(tmp_path)
    assert state.unit("r1") is None
    assert STATE_FILE in state.problem and "\n" not in state.problem
    state.set_unit("r1", "unit-a")
    problem = state.save()
    assert STATE_FILE in problem and "\n" not in problem
    assert state.unsaved  # kept for a later save
    assert state.unit("r1") == "unit-a"


def test_a_write_cut_short_leaves_the_old_file_whole_and_no_temporary_file(tmp_path, monkeypatch):
    state = UiState.read(tmp_path)
    state.set_unit("r1", "unit-a")
    assert state.save() == ""
    before = (tmp_path / STATE_FILE).read_bytes()

    def power_cut(src, dst):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", power_cut)
    state.set_unit("r1", "unit-b")
    problem = state.save()
    assert problem and "\n" not in problem
    monkeypatch.undo()
    assert (tmp_path / STATE_FILE).read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [STATE_FILE]
    assert state.save() == ""  # the change was kept and goes at the next save
    assert UiState.read(tmp_path).unit("r1") == "unit-b"
