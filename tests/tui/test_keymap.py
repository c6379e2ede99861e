"""Remapped keys: the `keymap` section of the workspace's config.yaml, by binding id."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode

from cqc_tui.tui.app import CqcApp
from cqc_tui.tui.keymap import check_keymap, read_keymap, tui_binding_classes
from cqc_tui.tui.screens.grid import RatingsGridScreen
from cqc_tui.tui.screens.review import ReviewScreen
from tests.tui.app_factory import make_app

SIZE = (120, 40)
DOCS = Path(__file__).resolve().parents[2] / "docs" / "keys.md"


def write_config(home: Path, text: str) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    path = home / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


async def until(pilot, condition, tries: int = 100) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition not met")


def notices(app: CqcApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_a_remapped_key_does_what_the_old_one_did(home):
    write_config(home, "keymap:\n  review.grid: ctrl+g\n")
    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("g")  # the usual key no longer opens the grid
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("ctrl+g")
        await until(pilot, lambda: isinstance(app.screen, RatingsGridScreen))
        await app.workers.wait_for_complete()
        assert not [line for line in notices(app) if "config.yaml" in line]


async def test_an_unknown_id_and_a_clash_are_one_line_each_and_the_app_starts(home):
    path = write_config(
        home, "keymap:\n  review.nwe_note: a\n  review.rate: g\n  review.new_note: N\n"
    )
    app = make_app(home, open_review=True)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: len([n for n in notices(app) if "config.yaml" in n]) >= 2)
        await app.workers.wait_for_complete()
        lines = [n for n in notices(app) if "config.yaml" in n]
        assert len(lines) == 2, lines
        unknown = next(line for line in lines if "review.nwe_note" in line)
        clash = next(line for line in lines if "'review.rate'" in line)
        assert str(path) in unknown or "config.yaml" in unknown
        assert "\n" not in unknown and "\n" not in clash
        assert "review.grid" in clash and "review screen" in clash
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("N")  # the rest of the keymap applies
        await pilot.pause()
        assert type(app.screen).__name__ == "NoteEditor"


async def test_a_config_file_that_is_not_yaml_is_one_line(home):
    write_config(home, "keymap: [unclosed\n")
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = [n for n in notices(app) if "config.yaml" in n]
        assert len(lines) == 1 and "not valid YAML" in lines[0]


def test_read_keymap_leaves_out_entries_that_are_not_text(tmp_path):
    write_config(tmp_path, "keymap:\n  review.grid: 5\n  review.rate: ctrl+r, R\n")
    found = read_keymap(tmp_path)
    assert found.keys == {"review.rate": "ctrl+r,R"}
    assert len(found.problems) == 1 and "review.grid" in found.problems[0]


def test_no_config_file_is_an_empty_keymap(tmp_path):
    found = read_keymap(tmp_path)
    assert found.keys == {} and found.problems == []


def test_remapping_both_keys_of_a_swap_is_no_clash(tmp_path):
    keymap = {"review.grid": "G", "review.rate": "g"}
    assert check_keymap(keymap, CqcApp, tmp_path / "config.yaml") == []


def test_the_textual_internals_the_keymap_uses_are_there():
    assert App._normalize_keymap({"app.help": "?"}) == {"app.help": "question_mark"}
    assert isinstance(DOMNode._inherit_bindings, bool)


def own_bindings():
    """(class, binding) for every binding the app's own classes declare."""
    for cls in tui_binding_classes():
        for binding in Binding.make_bindings(cls.__dict__["BINDINGS"]):
            yield cls, binding


def test_every_binding_of_the_app_has_an_id():
    assert [f"{cls.__name__}: {b.key} {b.action}" for cls, b in own_bindings() if not b.id] == []


def test_docs_keys_lists_every_binding_id():
    text = DOCS.read_text(encoding="utf-8")
    ids = {binding.id for _cls, binding in own_bindings()}
    assert ids and [i for i in sorted(ids) if f"`{i}`" not in text] == []
