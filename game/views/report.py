"""The after-action report of a finished run, as Markdown for a teacher and as parts for the screen.

How the run ended and why (the regime's chain of phase changes with their checkable reasons), the
turns that mattered, charts of the meters, the decisions that moved them most, the ending's
verdict on the essay's thesis, the seed and the run code. Pure: no textual, no rich.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from game.views import presenter
from game.views.charts import meters_chart
from game.views.texts import citation

if TYPE_CHECKING:
    from game.api import Game

REPORTS_FOLDER = "reports"


def outcome_line(game: Game) -> str:
    state = game.state
    outcome = (state.outcome or "in progress").replace("_", " ")
    if state.collapse_kind:
        outcome += f" ({state.collapse_kind.replace('_', ' ')})"
    return f"{outcome.capitalize()} in {game.date}, turn {state.turn} of {state.last_turn}"


def all_series(game: Game) -> dict[str, tuple[str, list[float]]]:
    return {m.id: (m.name, presenter.meter_series(game, m.id)) for m in game.content.meters.values()}


def markdown(game: Game, run_code: str | None = None, when: datetime | None = None) -> str:
    """The whole report as a Markdown document."""
    state = game.state
    ending = game.ending
    scenario = game.content.scenarios.get(state.scenario)
    lines = ["# Soft Landing: after-action report", ""]
    lines += [f"- **Outcome:** {outcome_line(game)}",
              f"- **Scenario:** {scenario.name if scenario else state.scenario}",
              f"- **Seed:** {state.seed}"]
    if run_code:
        lines.append(f"- **Run code:** `{run_code}` (replay with `soft-landing replay CODE`)")
    if when:
        lines.append(f"- **Exported:** {when:%Y-%m-%d %H:%M}")
    lines.append("")
    if ending:
        lines += [f"## {ending.title}", "", ending.text.strip(), "",
                  "## The verdict on the essay", "", ending.verdict.strip(), ""]
        if ending.quote:
            lines += [f"> \"{ending.quote}\" ({', '.join(ending.essay)})", ""]
    lines += ["## How and why it ended", ""]
    lines += [f"{i}. {reason}" for i, reason in enumerate(game.reasons, 1)] or ["The regime never changed phase."]
    lines += ["", "## The turns that mattered", ""]
    lines += [f"- **Turn {turn}, {date}:** {why}" for turn, date, why in presenter.turns_that_mattered(game)]
    lines += ["", "## The decisions that moved the meters most", ""]
    impacts = presenter.decision_impacts(game)
    if impacts:
        lines += ["| turn | dilemma | choice | moved |", "|---|---|---|---|"]
        for d in impacts:
            moved = ", ".join(f"{name} {presenter.signed(delta)}" for name, delta in d.moves)
            lines.append(f"| {d.turn} ({d.date}) | {d.event} | {d.option} | {moved} |")
    else:
        lines.append("No decision moved the meters.")
    lines += ["", "## The meters over the campaign", "",
              "Each column is a turn, on a 0-100 scale; the numbers are the start and the end.", "", "```"]
    lines += meters_chart(all_series(game), height=3)
    lines += ["```", "", "## Every decision", ""]
    lines += [f"- Turn {e.turn} ({e.date}), *{e.event}*: {e.option}. {e.result}" for e in presenter.timeline(game)]
    lines += ["", "## The essay in this run", "",
              "Each dilemma met in this run, with the paragraph of the essay it rests on and the history behind it.", ""]
    for event in events_met(game):
        lines += [f"- **{event.title}** ({', '.join(event.essay)}): \"{event.quote}\"", f"  *History:* {event.history}"]
    lines += ["", "## Questions for discussion", "",
              "- Which meter decided this run, and which paragraph of the essay explains why?",
              "- Where did your choices follow the essay's logic, and where did they test it?",
              "- What would have had to be different for another ending?",
              "", "---", "", f"Source: {citation()}", ""]
    return "\n".join(lines)


def events_met(game: Game) -> list:
    """The dilemmas answered in the run, once each, in the order first met."""
    seen: dict[str, object] = {}
    for entry in [d for r in game.state.history for d in r.decisions] + list(game.state.decisions):
        event = game.content.events.get(entry.event)
        if event is not None and event.id not in seen:
            seen[event.id] = event
    return list(seen.values())


def reports_dir(saves_dir: Path) -> Path:
    """Reports go in a ``reports`` folder inside the saves folder."""
    return Path(saves_dir) / REPORTS_FOLDER


def export(game: Game, saves_dir: Path, run_code: str | None = None, now: datetime | None = None) -> Path:
    """Write the report; returns the path. Raises OSError if the folder cannot be written."""
    now = now or datetime.now()
    folder = reports_dir(saves_dir)
    folder.mkdir(parents=True, exist_ok=True)
    kind = re.sub(r"[^a-z0-9]+", "-", (game.state.ending or game.state.outcome or "run").lower()).strip("-")
    path = folder / f"soft-landing-{kind}-seed{game.state.seed}-{now:%Y%m%d-%H%M%S}.md"
    path.write_text(markdown(game, run_code, now), encoding="utf-8")
    return path
