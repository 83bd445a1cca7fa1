"""The ending as an after-action report: how and why, the turns and decisions that mattered,
charts, the verdict on the essay, the seed and run code, whether the run was rewound and, for a
branch, how it compares with the main line; export for a teacher; play again."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from game.i18n import N_, _
from game.errors import SessionError
from game.tui.screens.history import HistoryScreen
from game.tui.widgets.text import lines, markup, plain
from game.views import presenter
from game.views import report as after_action
from game.views.charts import meters_chart
from game.tui.widgets.keys import Footer

if TYPE_CHECKING:
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

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="report-scroll"):
            yield Static(id="report-head")
            yield Static(id="report-export")
            yield Static(id="report-branch", classes="report-section")
            yield Static(id="report-ending", classes="report-section")
            yield Static(id="report-why", classes="report-section")
            yield Static(id="report-turns", classes="report-section")
            yield Static(id="report-decisions", classes="report-section")
            yield Static(id="report-chart", classes="report-section")
        yield Footer()

    def on_mount(self) -> None:
        game = self.session.game
        if game is None or not self.is_attached or self not in self.app.screen_stack:
            return  # replaced before it mounted (a second load in the same moment)
        ending = game.ending
        self.code = self.session.run_code()
        head = markup(_("[b $accent]After-action report[/]  ·  [b]$outcome[/]\n[dim]seed $seed$code[/]\n[dim]$rewinds[/]"),
                      outcome=after_action.outcome_line(game), seed=game.state.seed,
                      code=f" · run code {self.code}" if self.code else "", rewinds=after_action.rewinds_line(game))
        self.query_one("#report-head", Static).update(head)
        comparison = self.session.comparison()
        branch = self.query_one("#report-branch", Static)
        branch.display = comparison is not None
        if comparison is not None:
            branch.update(markup(_("[b $accent]The branch and the main line[/]\n$lines"),
                                 lines="\n".join(after_action.comparison_lines(comparison))))
        self._show_export_hint()
        if ending:
            quote = (markup('\n\n[i]"$quote"[/] [dim]($essay)[/]', quote=ending.quote, essay=", ".join(ending.essay))
                     if ending.quote else plain(""))
            self.query_one("#report-ending", Static).update(markup(
                "[b]$title[/]\n\n$text\n\n[b $accent]The verdict on the essay[/]\n$verdict$quote",
                title=ending.title, text=ending.text.strip(), verdict=ending.verdict.strip(), quote=quote))
        reasons = "\n".join(f"{i}. {r}" for i, r in enumerate(game.reasons, 1)) or "The regime never changed phase."
        self.query_one("#report-why", Static).update(markup(_("[b $accent]How and why it ended[/]\n$reasons"),
                                                            reasons=reasons))
        turns = [markup("[b]Turn $turn, $date:[/] $why", turn=t, date=d, why=why)
                 for t, d, why in presenter.turns_that_mattered(game)]
        self.query_one("#report-turns", Static).update(lines([markup(_("[b $accent]The turns that mattered[/]")), *turns]))
        shown = [markup(_("[b $accent]The decisions that moved the meters most[/]"))]
        for d in presenter.decision_impacts(game):
            shown.append(markup("[b]Turn $turn[/] $dilemma: $option\n   [dim]$moved[/]", turn=d.turn, dilemma=d.dilemma,
                                option=d.option, moved=presenter.moves_text(d.moves)))
        if len(shown) == 1:
            shown.append(plain(_("No decision moved the meters.")))
        self.query_one("#report-decisions", Static).update(lines(shown))
        width = max(10, min(70, self.size.width - 36))
        chart = "\n".join(meters_chart(after_action.all_series(game), 2, width))
        self.query_one("#report-chart", Static).update(markup(_("[b $accent]The meters over the campaign[/]\n$chart"),
                                                              chart=chart))
        self.query_one("#report-scroll").focus()

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
        self.notify(f"Report written to {self.exported} and {self.exported.with_suffix('.html').name}",
                    title="Exported", timeout=6)

    def action_history(self) -> None:
        self.app.push_screen(HistoryScreen(self.session))

    def action_title(self) -> None:
        if not self.is_active:
            return
        while len(self.app.screen_stack) > 1:
            self.app.pop_screen()
