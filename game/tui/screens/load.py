"""The saved games: name, in-game date, turn, phase and when saved; unreadable files with why.

An autosave is named by its game (scenario and seed, or class), so two games' autosaves can be
told apart; every row's game is named again below the table with the file.

Enter loads the highlighted save; d deletes it after a confirmation.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text as RichText
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from game.i18n import N_, _
from game.errors import SessionError
from game.tui.screens.confirm import ConfirmDialog
from game.tui.screens.dialog import Dialog
from game.tui.widgets.text import markup, styled
from game.views import presenter
from game.tui.widgets.keys import Footer

if TYPE_CHECKING:
    from game.files.saves import SaveInfo
    from game.session import Session

COLUMNS = ("name", "date", "turn", "phase / end", "saved")
WIDE = 100  # from this width the dialog is 100 columns and every column has its full width


def columns(width: int) -> tuple[int, ...]:
    """The columns' widths for a terminal ``width``: the table has the dialog's width less its
    border, padding and one cell of padding each side of each column."""
    room = min(width, WIDE) - 4 - 2 * len(COLUMNS)
    date, turn, standing = 11, 4, 20
    saved = 16 if width >= WIDE else 11
    return max(8, room - date - turn - standing - saved), date, turn, standing, saved


def saved_at(moment, narrow: bool) -> str:
    """When a save was written: '2026-12-02 06:48', or '12-02 06:48' in 80 columns."""
    if moment is None:
        return ""
    return moment.astimezone().strftime("%m-%d %H:%M" if narrow else "%Y-%m-%d %H:%M")


def cell(value: object, style: str = "") -> RichText:
    """A table cell showing ``value`` as plain text."""
    return RichText(str(value), style=style)


class LoadScreen(Dialog[Path]):
    """Returns the path of the save to load, or None."""

    BINDINGS = [
        Binding("enter", "load", N_("Load"), id="load-load"),
        Binding("d,delete", "delete", N_("Delete"), id="load-delete"),
        Binding("escape", "cancel", N_("Cancel"), id="load-cancel"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.directory = session.saves_dir
        self.infos: list[SaveInfo] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide-dialog", id="load"):
            yield Static(markup(_("[b]Load a game[/]  [dim]$folder[/]"), folder=str(self.directory)))
            yield DataTable(id="saves-table", cursor_type="row", zebra_stripes=True)
            yield Static(id="load-detail")
            yield Static(_("[dim]enter load · d delete · escape cancel[/]"))
        yield Footer()

    def on_ready(self) -> None:
        table = self.widget("#saves-table", DataTable)
        if table is None:
            return
        # fixed widths, so that at 80 columns a long name is cut, never the date it was saved
        widths = columns(self.app.size.width)
        for label, width in zip(COLUMNS, widths, strict=True):
            table.add_column(label, width=width)
        self.fill()
        table.focus()

    def fill(self) -> None:
        table, detail = self.widget("#saves-table", DataTable), self.widget("#load-detail", Static)
        if table is None or detail is None:
            return
        table.clear()
        narrow = self.app.size.width < WIDE
        try:
            self.infos = self.session.list_saves()
        except SessionError as error:
            self.infos = []
            detail.update(styled(error, "$error"))
            return
        for info in self.infos:
            # DataTable cells are Rich renderables: each is a Rich Text (a str cell would be read as markup)
            if info.error:
                table.add_row(cell(info.name, "bold red"), cell(_("unreadable"), "bold red"), cell(""), cell(""), cell(""),
                              key=str(info.path))
            else:
                name = cell(info.name)
                if info.autosave:
                    name = RichText.assemble(("(auto) ", "dim"), cell(presenter.saved_game_label(info, self.session.content)))
                standing = cell(info.outcome, "bold") if info.outcome else cell(info.phase)
                table.add_row(name, cell(info.date), cell(info.turn), standing, cell(saved_at(info.saved_at, narrow)),
                              key=str(info.path))
        if not self.infos:
            detail.update(markup(_("[dim]No saved games yet.[/]")))
        self.refresh_bindings()

    def selected(self) -> SaveInfo | None:
        table = self.widget("#saves-table", DataTable)
        if table is None or not self.infos or table.cursor_row is None or not 0 <= table.cursor_row < len(self.infos):
            return None
        return self.infos[table.cursor_row]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        info = self.selected()
        detail = self.widget("#load-detail", Static)
        if detail is None:
            return
        if info is None:
            detail.update("")
        elif info.error:
            detail.update(markup(_("[$error]Cannot be loaded:[/] $why"), why=info.error))
        else:
            detail.update(markup("$game · $date · turn $turn  [dim]$path[/]", game=presenter.saved_game_label(
                info, self.session.content), date=info.date, turn=str(info.turn), path=str(info.path)))
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
        if info is None or not self.on_top:
            return
        if info.error:
            self.notify(_("{name} cannot be loaded: {error}").format(name=info.name, error=info.error), severity="error")
            return
        self.answer(info.path)

    def action_delete(self) -> None:
        info = self.selected()
        if info is None or not self.on_top:
            return

        def confirmed(ok: bool | None) -> None:
            if not ok:
                return
            try:
                self.session.delete_save(info.path)
            except SessionError as error:
                self.notify(str(error), title=_("Cannot delete"), severity="error")
            self.fill()

        question = _("Delete the save '{name}'? This cannot be undone.").format(name=info.name)
        self.app.push_screen(ConfirmDialog(question, "Delete"), confirmed)

    def action_cancel(self) -> None:
        self.answer(None)
