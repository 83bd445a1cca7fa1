"""The ending as an after-action report: how and why, the turns and decisions that mattered,
charts, the verdict on the essay, the seed and run code; export for a teacher; play again."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from game.tui.saves_link import run_code
from game.tui.widgets.text import lines, markup, plain
from game.views import presenter
from game.views import report as after_action
from game.views.charts import meters_chart


class ReportScreen(Screen):
    """The after-action report of a finished run."""

    BINDINGS = [
        Binding("x", "export", "Export for a teacher", id="report-export"),
        Binding("n", "app.new_game", "Play again", id="report-again"),
        Binding("h", "history", "History", id="report-history"),
        Binding("escape", "title", "Title", id="report-title"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.exported = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="report-scroll"):
            yield Static(id="report-head")
            yield Static(id="report-export")
            yield Static(id="report-ending", classes="report-section")
            yield Static(id="report-why", classes="report-section")
            yield Static(id="report-turns", classes="report-section")
            yield Static(id="report-decisions", classes="report-section")
            yield Static(id="report-chart", classes="report-section")
        yield Footer()

    def on_mount(self) -> None:
        game = self.app.game
        if game is None or not self.is_attached:
            return
        ending = game.ending
        self.code = run_code(game)
        head = markup("[b $accent]After-action report[/]  ·  [b]$outcome[/]\n[dim]seed $seed$code[/]",
                      outcome=after_action.outcome_line(game), seed=game.state.seed,
                      code=f" · run code {self.code}" if self.code else "")
        self.query_one("#report-head", Static).update(head)
        self._show_export_hint()
        if ending:
            quote = (markup('\n\n[i]"$quote"[/] [dim]($essay)[/]', quote=ending.quote, essay=", ".join(ending.essay))
                     if ending.quote else plain(""))
            self.query_one("#report-ending", Static).update(markup(
                "[b]$title[/]\n\n$text\n\n[b $accent]The verdict on the essay[/]\n$verdict$quote",
                title=ending.title, text=ending.text.strip(), verdict=ending.verdict.strip(), quote=quote))
        reasons = "\n".join(f"{i}. {r}" for i, r in enumerate(game.reasons, 1)) or "The regime never changed phase."
        self.query_one("#report-why", Static).update(markup("[b $accent]How and why it ended[/]\n$reasons",
                                                            reasons=reasons))
        turns = [markup("[b]Turn $turn, $date:[/] $why", turn=t, date=d, why=why)
                 for t, d, why in presenter.turns_that_mattered(game)]
        self.query_one("#report-turns", Static).update(lines([markup("[b $accent]The turns that mattered[/]"), *turns]))
        shown = [markup("[b $accent]The decisions that moved the meters most[/]")]
        for d in presenter.decision_impacts(game):
            moved = presenter.moves_text(d.moves)
            shown.append(markup("[b]Turn $turn[/] $event: $option\n   [dim]$moved[/]", turn=d.turn, event=d.event,
                                option=d.option, moved=moved))
        if len(shown) == 1:
            shown.append(plain("No decision moved the meters."))
        self.query_one("#report-decisions", Static).update(lines(shown))
        width = max(10, min(70, self.size.width - 36))
        chart = "\n".join(meters_chart(after_action.all_series(game), 2, width))
        self.query_one("#report-chart", Static).update(markup("[b $accent]The meters over the campaign[/]\n$chart",
                                                              chart=chart))
        self.query_one("#report-scroll").focus()

    def _show_export_hint(self) -> None:
        folder = after_action.reports_dir(self.app.saves_dir)
        if self.exported:
            text = markup("[$success]Exported for a teacher:[/] [b]$path[/]", path=str(self.exported))
        else:
            text = markup("[dim]x exports this report as Markdown and HTML to $folder/ · n plays again[/]",
                          folder=str(folder))
        self.query_one("#report-export", Static).update(text)

    def action_export(self) -> None:
        try:
            self.exported = after_action.export(self.app.game, self.app.saves_dir, self.code)
        except OSError as error:
            self.notify(f"Cannot write the report: {error}", severity="error", timeout=8)
            return
        self._show_export_hint()
        if self.app.is_web:  # in a browser the files are downloaded, since the server's folder is out of reach
            for path in (self.exported, self.exported.with_suffix(".html")):
                self.app.deliver_text(path, mime_type="text/html" if path.suffix == ".html" else "text/markdown")
        self.notify(f"Report written to {self.exported} and {self.exported.with_suffix('.html').name}",
                    title="Exported", timeout=6)

    def action_history(self) -> None:
        from game.tui.screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen())

    def action_title(self) -> None:
        if not self.is_active:
            return
        while len(self.app.screen_stack) > 1:
            self.app.pop_screen()
