"""The saved games: name, in-game date, turn, phase and when saved; unreadable files with why.

Enter loads the highlighted save; d deletes it after a confirmation.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text as RichText
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Static

from game.errors import SessionError
from game.tui.screens.confirm import ConfirmDialog

if TYPE_CHECKING:
    from game.saves import SaveInfo
    from game.session import Session


class LoadScreen(ModalScreen[Path | None]):
    """Returns the path of the save to load, or None."""

    BINDINGS = [
        Binding("enter", "load", "Load", id="load-load"),
        Binding("d,delete", "delete", "Delete", id="load-delete"),
        Binding("escape", "cancel", "Cancel", id="load-cancel"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__(classes="dialog-screen")
        self.session = session
        self.directory = session.saves_dir
        self.infos: list[SaveInfo] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide-dialog", id="load"):
            yield Static(f"[b]Load a game[/]  [dim]{escape(str(self.directory))}[/]")
            yield DataTable(id="saves-table", cursor_type="row", zebra_stripes=True)
            yield Static(id="load-detail")
            yield Static("[dim]enter load · d delete · escape cancel[/]")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("name", "date", "turn", "phase", "saved at")
        self.fill()
        table.focus()

    def fill(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        try:
            self.infos = self.session.list_saves()
        except SessionError as error:
            self.infos = []
            self.query_one("#load-detail", Static).update(f"[$error]{escape(str(error))}[/]")
            return
        for info in self.infos:
            # DataTable cells are Rich text: plain strings here, styled with Rich styles
            name = RichText.assemble(("(auto) ", "dim") if info.autosave else "", info.name)
            if info.error:
                table.add_row(RichText(info.name, style="bold red"), RichText("unreadable", style="bold red"),
                              "", "", "", key=str(info.path))
            else:
                saved = info.saved_at.astimezone().strftime("%Y-%m-%d %H:%M") if info.saved_at else ""
                table.add_row(name, RichText(info.date), str(info.turn), RichText(info.phase), saved, key=str(info.path))
        if not self.infos:
            self.query_one("#load-detail", Static).update("[dim]No saved games yet.[/]")
        self.refresh_bindings()

    def selected(self) -> SaveInfo | None:
        table = self.query_one(DataTable)
        if not self.infos or table.cursor_row is None or not 0 <= table.cursor_row < len(self.infos):
            return None
        return self.infos[table.cursor_row]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        info = self.selected()
        detail = self.query_one("#load-detail", Static)
        if info is None:
            detail.update("")
        elif info.error:
            detail.update(f"[$error]Cannot be loaded:[/] {escape(info.error)}")
        else:
            detail.update(f"[dim]{escape(str(info.path))}[/]")
        self.refresh_bindings()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "load":
            info = self.selected() if self.is_mounted else None
            return True if info is not None and not info.error else None
        if action == "delete":
            return True if self.is_mounted and self.selected() is not None else None
        return True

    def action_load(self) -> None:
        info = self.selected()
        if info is None:
            return
        if info.error:
            self.notify(f"{info.name} cannot be loaded: {info.error}", severity="error")
            return
        self.dismiss(info.path)

    def action_delete(self) -> None:
        info = self.selected()
        if info is None:
            return

        def confirmed(ok: bool | None) -> None:
            if not ok:
                return
            try:
                self.session.delete_save(info.path)
            except SessionError as error:
                self.notify(str(error), title="Cannot delete", severity="error")
            self.fill()

        self.app.push_screen(ConfirmDialog(f"Delete the save '{info.name}'? This cannot be undone.", "Delete"), confirmed)

    def action_cancel(self) -> None:
        self.dismiss(None)
