"""80x24 is a first-class size: every key in the bar, grid rows told apart, list columns kept."""

from __future__ import annotations

from cqc_tui.tui.screens.findings import FINDING_COLUMNS, RECOMMENDATION_COLUMNS, fit_columns
from cqc_tui.tui.screens.grid import row_names
from cqc_tui.tui.widgets.key_bar import KeyBar
from tests.tui.app_factory import make_app


def test_grid_rows_that_look_alike_get_abbreviations_and_a_legend():
    labels = [
        "Community health services for children, young people and families",
        "Community health inpatient services",
        "End of life care",
        "Community dental services",
    ]
    shown, legend = row_names(labels, ["cyp", "inpatients", "", ""], width=14)
    assert (
        shown[0].startswith("CYP ")
        and shown[1].startswith("INPATIENTS ")
        and shown[2].startswith("ELC ")
    )
    assert len({s[:14] for s in shown}) == len(shown)
    assert legend[0] == "CYP = Community health services for children, young people and families"
    # labels that fit stay as they are, with no legend
    assert row_names(["Medical care", "Surgery"], ["", ""], width=14) == (
        ["Medical care", "Surgery"],
        [],
    )


def test_findings_lists_keep_status_and_text_at_80_columns():
    for columns in (FINDING_COLUMNS, RECOMMENDATION_COLUMNS):
        fitted = fit_columns(columns, 80)
        keys = [key for _, key, _ in fitted]
        assert "status" in keys and keys[-1] == "text"
        assert sum(width + 2 for _, _, width in fitted) <= 80
        assert fitted[-1][2] >= 14
    assert [k for _, k, _ in fit_columns(FINDING_COLUMNS, 160)] == [c[1] for c in FINDING_COLUMNS]


async def test_key_bar_takes_a_second_line_rather_than_losing_keys(home):
    app = make_app(home, open_review=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        assert bar.size.height == 2
        shown = "\n".join(bar.render_line(y).text for y in range(bar.size.height))
        for description in (
            "New note",
            "Edit",
            "Delete",
            "Search",
            "Rate",
            "Grid",
            "Findings",
            "Export",
            "Back",
            "keys & help",
            "commands",
        ):
            assert description in shown, description
        await pilot.resize_terminal(160, 40)
        await pilot.pause()
        assert bar.size.height == 1


async def _focused_fields_stay_in_sight(app, pilot, opening_key: str) -> int:
    """Tab through a dialog's fields and check each one with focus is wholly on screen and not
    covered by the dialog's buttons; returns how many fields were visited."""
    from textual.containers import VerticalScroll

    await pilot.press(opening_key)
    await pilot.pause(0.3)
    dialog = app.screen
    form = dialog.query_one(VerticalScroll)
    buttons = dialog.query_one(".dialog-buttons")
    visited = 0
    for _ in range(30):
        focused = app.focused
        if focused is None or focused is form or form not in focused.ancestors:
            await pilot.press("tab")
            await pilot.pause(0.05)
            continue
        visited += 1
        region = focused.region
        assert region.y >= 0 and region.bottom <= 24, (focused, region)
        assert region.bottom <= buttons.region.y, (focused, region, buttons.region)
        await pilot.press("tab")
        await pilot.pause(0.05)
    return visited


async def test_every_field_of_the_new_review_form_can_be_seen_at_80x24(home):
    app = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert await _focused_fields_stay_in_sight(app, pilot, "n") >= 8


async def test_every_field_of_the_review_details_form_can_be_seen_at_80x24(home):
    app = make_app(home, open_review=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert await _focused_fields_stay_in_sight(app, pilot, "i") >= 4
