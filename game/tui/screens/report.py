"""The ending as an after-action report: how and why, the turns and decisions that mattered,
charts, the verdict on the essay, the seed and run code, whether the run was rewound and, for a
branch, how it compares with the main line; export for a teacher; play again.

The sections are the teacher's report's own (:mod:`game.views.report_sections`), drawn as text."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from game.i18n import N_, _
from game.errors import SessionError
from game.tui.screens.history import HistoryScreen
from game.tui.widgets.document import section
from game.tui.widgets.text import markup
from game.views import report as after_action
from game.views import report_sections, turning_points
from game.sim import turning
from game.tui.widgets.keys import Footer

if TYPE_CHECKING:
    from game.api import Game
    from game.session import Session


class ReportScreen(Screen):
    """The after-action report of a finished run."""

    BINDINGS = [
        Binding("x", "export", N_("Export for a teacher"), id="report-export"),
        Binding("n", "app.new_game", N_("Play again"), id="report-again"),
        Binding("h", "history", N_("History"), id="report-history"),
        Binding("escape", "title", N_("Title"), id="report-title"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.exported: Path | None = None
        self.code: str | None = None
        self.width = 70

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="report-scroll"):
            yield Static(id="report-head")
            yield Static(id="report-export")
            game = self.session.game
            if game is not None:  # the same sections as the teacher's files, from the same document
                width = self.width = max(10, min(70, self.app.size.width - 36))
                with turning_points.later():  # a few seconds of rollouts: worked out apart, shown when ready
                    document = report_sections.document(game, comparison=self.session.comparison())
                for part in document.sections:
                    yield Static(section(part, width), id=f"report-{part.key}", classes="report-section")
        yield Footer()

    def on_mount(self) -> None:
        game = self.session.game
        if game is None or not self.is_attached or self not in self.app.screen_stack:
            return  # replaced before it mounted (a second load in the same moment)
        self.code = self.session.run_code()
        head = markup(_("[b $accent]After-action report[/]  ·  [b]$outcome[/]\n[dim]seed $seed$code[/]\n[dim]$rewinds[/]"),
                      outcome=after_action.outcome_line(game), seed=game.state.seed,
                      code=_(" · run code {code}").format(code=self.code) if self.code else "", rewinds=after_action.rewinds_line(game))
        self.query_one("#report-head", Static).update(head)
        self._show_export_hint()
        self.query_one("#report-scroll").focus()
        if game.over and turning.kept(game) is None:
            self.work_out_turning_points(game)

    @work(thread=True, exclusive=True, group="turning", exit_on_error=False)
    def work_out_turning_points(self, game: Game) -> None:
        """Play the rollouts of the turning points off the screen's thread, then show them."""
        turning.cached_turning_points(game)
        with suppress(RuntimeError):  # the app closed meanwhile
            self.app.call_from_thread(self._show_turning_points, game)

    def _show_turning_points(self, game: Game) -> None:
        found = self.query("#report-turning")
        if not found:
            return
        part = report_sections.turning(report_sections.Run(game))
        if part is None:  # no decision of the run had a choice to weigh
            found.first(Static).display = False
        else:
            found.first(Static).update(section(part, self.width))

    def _show_export_hint(self) -> None:
        folder = self.session.reports_dir()
        if self.exported:
            text = markup(_("[$success]Exported for a teacher:[/] [b]$path[/]"), path=str(self.exported))
        else:
            text = markup(_("[dim]x exports this report as Markdown and HTML to $folder/ · n plays again[/]"),
                          folder=str(folder))
        self.query_one("#report-export", Static).update(text)

    def action_export(self) -> None:
        try:
            self.exported = self.session.export_report()
        except SessionError as error:
            self.notify(str(error).capitalize(), severity="error", timeout=8)
            return
        self._show_export_hint()
        if self.app.is_web:  # in a browser the files are downloaded, since the server's folder is out of reach
            for path in (self.exported, self.exported.with_suffix(".html")):
                self.app.deliver_text(path, mime_type="text/html" if path.suffix == ".html" else "text/markdown")
        self.notify(_("Report written to {file} and {html}").format(file=self.exported, html=self.exported.with_suffix(".html").name),
                    title=_("Exported"), timeout=6)

    def action_history(self) -> None:
        self.app.push_screen(HistoryScreen(self.session))

    def action_title(self) -> None:
        if not self.is_active:
            return
        while len(self.app.screen_stack) > 1:
            self.app.pop_screen()
