"""Home: the reviews in the workspace."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import DataTable, Static

from cqc_tui.core.errors import CqcError, display_path
from cqc_tui.tui.failures import failure_line
from cqc_tui.tui.formatting import local_time
from cqc_tui.tui.screen_behaviour import preset_breakpoints
from cqc_tui.tui.widgets.header import SafeHeader
from cqc_tui.tui.widgets.key_bar import KeyBar
from cqc_tui.tui.widgets.lists import RowTable

if TYPE_CHECKING:
    from cqc_tui.tui.dialogs.join_review import JoinChoice

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def date_span(start: str, end: str) -> str:
    """'2018-01-22', '2018-01-26' -> '22-26 Jan 2018' (short, for the list)."""

    def parts(date: str) -> tuple[int, int, int] | None:
        try:
            year, month, day = date.split("-")
            return int(year), int(month), int(day)
        except ValueError:
            return None

    first, last = parts(start), parts(end)
    if first is None:
        return start

    def written(date: tuple[int, int, int]) -> str:
        return f"{date[2]} {MONTHS[date[1] - 1]} {date[0]}"

    if last is None or first == last:
        return written(first)
    if first[:2] == last[:2]:
        return f"{first[2]}–{last[2]} {MONTHS[first[1] - 1]} {first[0]}"
    if first[0] == last[0]:
        return f"{first[2]} {MONTHS[first[1] - 1]}–{written(last)}"
    return f"{written(first)}–{written(last)}"


class HomeScreen(Screen):
    """The list of reviews: open, create, import, archive."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="home.open", priority=False),
        Binding("n", "new", "New review", id="home.new"),
        Binding("i", "import_review", "Import YAML", id="home.import"),
        Binding("j", "join", "Join team review", id="home.join"),
        Binding("a", "archive", "Archive/unarchive", id="home.archive"),
        Binding("h", "toggle_archived", "Show/hide archived", id="home.toggle_archived"),
        Binding("ctrl+r", "reload", "Reload", show=False, id="home.reload"),
    ]

    def __init__(self) -> None:
        super().__init__(id="home")
        preset_breakpoints(self)
        self.show_archived = True
        self.reviews: list[dict] = []

    def compose(self) -> ComposeResult:
        yield SafeHeader(icon="✚")
        yield Static("", id="home-intro")
        table: DataTable = RowTable(id="reviews", cursor_type="row", zebra_stripes=True)
        yield table
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        self._add_columns()
        self.reload()
        table.focus()

    def _add_columns(self) -> None:
        table = self.query_one(DataTable)
        width = max(60, self.app.size.width)
        fixed = {
            "type": 24 if width >= 110 else 14,
            "dates": 18,
            "status": 9,
            "notes": 6,
            "last": 16,
        }
        if width < 100:
            fixed.pop("last")
        title_w = max(20, width - sum(fixed.values()) - 2 * (len(fixed) + 1) - 2)
        table.add_column("Title", key="title", width=title_w)
        names = {
            "type": "Type",
            "dates": "Dates",
            "status": "Status",
            "notes": "Notes",
            "last": "Last change",
        }
        for key, w in fixed.items():
            table.add_column(names[key], key=key, width=w)
        self._columns = list(fixed)

    def on_resize(self) -> None:
        if not self.is_mounted:
            return
        table = self.query_one(DataTable)
        table.clear(columns=True)
        self._add_columns()
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self, select: str | None = None) -> None:
        app = self.app
        table = self.query_one(DataTable)
        current = select or self.selected_id()
        try:
            reviews = app.workspace.list_reviews(include_archived=self.show_archived)  # type: ignore[attr-defined]
        except Exception as exc:  # noqa: BLE001 - one line for the user, never a traceback
            self.notify(
                failure_line(exc, "list the reviews in"),
                title="Cannot list the reviews",
                severity="error",
                markup=False,
                timeout=15,
            )
            reviews = []
        # Newest first: the review being worked on now is at the top, where the cursor starts.
        reviews = sorted(
            reviews,
            key=lambda r: (r.get("start_date") or "", r.get("last_change") or ""),
            reverse=True,
        )
        self.reviews = reviews
        table.clear()
        types = app.workspace.review_types  # type: ignore[attr-defined]
        for r in reviews:
            review_type = types.get(r.get("review_type", ""))
            dates = date_span(r.get("start_date") or "", r.get("end_date") or "")
            status = "archived" if r.get("archived") else r.get("status", "")
            style = "dim" if r.get("archived") else ""
            title = r.get("title", "") or "(untitled)"
            cells = [
                Text(title, style=style),
                Text(review_type.label if review_type else r.get("review_type", ""), style=style),
                Text(dates, style=style),
                Text(status, style="red" if status == "damaged" else style),
                Text(str(r.get("notes", 0)), justify="right", style=style),
                Text(local_time(r.get("last_change") or ""), style=style),
            ]
            table.add_row(*cells[: len(table.columns)], key=r["id"])
        if current:
            try:
                table.move_cursor(row=table.get_row_index(current))
            except Exception:  # noqa: BLE001 - the review went away
                pass
        home = display_path(app.workspace.home)  # type: ignore[attr-defined]
        if reviews:
            intro = (
                f"{len(reviews)} review(s) in {home}.  enter open · n new · i import · "
                "j join team review · a archive · ctrl+p commands · F1 help"
            )
        else:
            intro = (
                f"No reviews yet in {home}.  Press n to start a new review, j to join the team's "
                "review (team folder or bundle file) or i to import one from a YAML file."
            )
        self.query_one("#home-intro", Static).update(Content(intro))

    def selected_id(self) -> str | None:
        table = self.query_one(DataTable)
        if not self.reviews or table.cursor_row is None or table.row_count == 0:
            return None
        try:
            key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key
        except Exception:  # noqa: BLE001
            return None
        return key.value

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value:
            self.app.open_review(event.row_key.value)  # type: ignore[attr-defined]

    def action_open(self) -> None:
        rid = self.selected_id()
        if rid:
            self.app.open_review(rid)  # type: ignore[attr-defined]

    def action_reload(self) -> None:
        self.reload()

    def action_new(self) -> None:
        from cqc_tui.tui.dialogs.new_review import NewReviewDialog

        def created(review_id: str | None) -> None:
            if review_id:
                self.reload(select=review_id)
                self.notify("Review created.", markup=False)
                self.app.open_review(review_id)  # type: ignore[attr-defined]

        self.app.push_screen(NewReviewDialog(self.app.workspace, self.app.user), created)  # type: ignore

    def action_import_review(self) -> None:
        from cqc_tui.tui.dialogs.prompt import PromptDialog

        def chosen(path: str | None) -> None:
            if path:
                self.run_import(path)

        self.app.push_screen(
            PromptDialog(
                "Import a review",
                "Path of the review YAML file:",
                placeholder="sample_reviews/review.yaml",
            ),
            chosen,
        )

    @work(thread=True, exclusive=True, group="import")
    def run_import(self, path: str, replace: bool = False) -> None:
        from cqc_tui.core.exchange import import_review, parse_review_file, replace_summary

        ws = self.app.workspace  # type: ignore[attr-defined]
        target = Path(path).expanduser()
        try:
            if not replace:
                parsed = parse_review_file(target, ws.frameworks)
                if ws.folder(parsed.review.id).exists():
                    summary = replace_summary(ws, parsed)
                    changes = summary.lines() if summary is not None else []
                    self.app.call_from_thread(self._ask_replace, path, parsed.review.title, changes)
                    return
            status, review_id = import_review(ws, target, replace=replace)
        except Exception as exc:  # noqa: BLE001 - a worker's exception would end the app with a traceback
            line = failure_line(exc, "import")
            if isinstance(exc, OSError) and exc.filename is None:
                line = f"{path}: {line}"
            self.app.call_from_thread(
                self.notify, line, title="Import failed", severity="error", markup=False, timeout=15
            )
            return
        self.app.call_from_thread(self.reload, review_id)
        self.app.call_from_thread(self.notify, f"{status}: {path}", markup=False)

    def _ask_replace(self, path: str, title: str, changes: list[str]) -> None:
        """Ask before replacing a review, showing what it holds now and what the file holds."""
        from cqc_tui.tui.dialogs.common import ConfirmDialog

        def answer(yes: bool | None) -> None:
            if yes:
                self.run_import(path, replace=True)

        counts = ("\nNow -> in the file: " + "; ".join(changes) + ".") if changes else ""
        self.app.push_screen(
            ConfirmDialog(
                f"'{title}' is already in the workspace. Replace it with the copy in {path}?{counts}\n"
                "The current copy is kept in the workspace's trash folder.",
                yes="Replace",
                no="Keep mine",
                title="Review already here",
            ),
            answer,
        )

    def action_join(self) -> None:
        from cqc_tui.tui.dialogs.join_review import JoinReviewDialog

        def chosen(choice: JoinChoice | None) -> None:
            if choice is not None:
                self.run_join(choice)

        known = {r["id"] for r in self.reviews}
        self.app.push_screen(JoinReviewDialog(known), chosen)

    @work(thread=True, exclusive=True, group="import")
    def run_join(self, choice: JoinChoice) -> None:
        """Copy a team review onto this laptop (from a bundle or the team folder), then open it:
        the review asks who you are the first time."""
        from cqc_tui.core.team.folder_sync import join_from_folder
        from cqc_tui.core.team.share import receive

        ws = self.app.workspace  # type: ignore[attr-defined]
        try:
            if choice.is_bundle:
                results, refused = receive(ws, [choice.path])
                if refused:
                    raise CqcError(refused[0])
                review_id = results[0].review_id
                done = "Joined" if results[0].created else "Received into"
            else:
                review_id = join_from_folder(ws, choice.path, choice.review_id)
                done = "Joined"
        except Exception as exc:  # noqa: BLE001 - a worker's exception would end the app with a traceback
            self.app.call_from_thread(
                self.notify,
                failure_line(exc, "join"),
                title="Not joined",
                severity="error",
                markup=False,
                timeout=15,
            )
            return
        self.app.call_from_thread(self._joined, review_id, done)

    def _joined(self, review_id: str, done: str) -> None:
        self.reload(select=review_id)
        title = next((r.get("title", "") for r in self.reviews if r["id"] == review_id), "")
        self.notify(f"{done} '{title}'.", markup=False)
        self.app.open_review(review_id)  # type: ignore[attr-defined]

    def action_archive(self) -> None:
        rid = self.selected_id()
        if not rid:
            return
        summary = next((r for r in self.reviews if r["id"] == rid), {})
        archived = not summary.get("archived", False)
        try:
            session = self.app.workspace.open_id(rid, user=self.app.chosen_user)  # type: ignore[attr-defined]
        except Exception as exc:  # noqa: BLE001 - one line for the user, never a traceback
            self.notify(
                failure_line(exc, "open"),
                title="Cannot open the review",
                severity="error",
                markup=False,
                timeout=15,
            )
            return
        try:
            session.update("review", rid, archived=archived)
            session.close()
        except Exception as exc:  # noqa: BLE001 - one line for the user, never a traceback
            try:
                session.close(compact=False)
            except Exception:  # noqa: BLE001 - already said what failed
                pass
            self.notify(
                failure_line(exc, "save"),
                title="Not archived" if archived else "Not unarchived",
                severity="error",
                markup=False,
                timeout=15,
            )
            self.reload(select=rid)
            return
        self.notify(
            f"{'Archived' if archived else 'Unarchived'}: {summary.get('title', '')}", markup=False
        )
        self.reload(select=rid)

    def action_toggle_archived(self) -> None:
        self.show_archived = not self.show_archived
        self.reload()
        self.notify(
            "Showing archived reviews." if self.show_archived else "Hiding archived reviews.",
            markup=False,
        )
