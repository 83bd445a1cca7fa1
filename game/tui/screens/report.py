"""The ending as an after-action report: how and why, the turns and decisions that mattered,
charts, the verdict on the essay, the seed and run code; export for a teacher; play again."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Footer, Static

from game.views import presenter
from game.views import report as after_action
from game.views.charts import meters_chart
from game.tui.saves_link import run_code


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
        ending = game.ending
        self.code = run_code(game)
        head = f"[b $accent]After-action report[/]  ·  [b]{escape(after_action.outcome_line(game))}[/]\n"
        head += f"[dim]seed {game.state.seed}" + (f" · run code {escape(self.code)}" if self.code else "") + "[/]"
        self.query_one("#report-head", Static).update(head)
        self._show_export_hint()
        if ending:
            quote = f"\n\n[i]\"{escape(ending.quote)}\"[/] [dim]({', '.join(ending.essay)})[/]" if ending.quote else ""
            self.query_one("#report-ending", Static).update(
                f"[b]{escape(ending.title)}[/]\n\n{escape(ending.text.strip())}\n\n"
                f"[b $accent]The verdict on the essay[/]\n{escape(ending.verdict.strip())}{quote}")
        reasons = "\n".join(f"{i}. {escape(r)}" for i, r in enumerate(game.reasons, 1)) or "The regime never changed phase."
        self.query_one("#report-why", Static).update(f"[b $accent]How and why it ended[/]\n{reasons}")
        turns = "\n".join(f"[b]Turn {t}, {d}:[/] {escape(why)}" for t, d, why in presenter.turns_that_mattered(game))
        self.query_one("#report-turns", Static).update(f"[b $accent]The turns that mattered[/]\n{turns}")
        lines = ["[b $accent]The decisions that moved the meters most[/]"]
        for d in presenter.decision_impacts(game):
            moved = ", ".join(f"{escape(name)} {presenter.signed(delta)}" for name, delta in d.moves)
            lines.append(f"[b]Turn {d.turn}[/] {escape(d.event)}: {escape(d.option)}\n   [dim]{moved}[/]")
        if len(lines) == 1:
            lines.append("No decision moved the meters.")
        self.query_one("#report-decisions", Static).update("\n".join(lines))
        width = max(10, min(70, self.size.width - 36))
        chart = "\n".join(meters_chart(after_action.all_series(game), 2, width))
        self.query_one("#report-chart", Static).update(f"[b $accent]The meters over the campaign[/]\n{escape(chart)}")
        self.query_one("#report-scroll").focus()

    def _show_export_hint(self) -> None:
        folder = after_action.reports_dir(self.app.saves_dir)
        if self.exported:
            text = f"[$success]Exported for a teacher:[/] [b]{escape(str(self.exported))}[/]"
        else:
            text = f"[dim]x exports this report as Markdown and HTML to {escape(str(folder))}/ · n plays again[/]"
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
        while len(self.app.screen_stack) > 1:
            self.app.pop_screen()
