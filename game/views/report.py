"""The after-action report of a finished run, as Markdown for a teacher and as parts for the screen.

How the run ended and why (the regime's chain of phase changes with their checkable reasons), the
turns that mattered, charts of the meters, the decisions that moved them most, the ending's
verdict on the essay's thesis, the seed and the run code, whether the player went back, and, for
a branch, where it left the main line and how the two compare. Pure: no textual, no rich.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from attrs import frozen

from game.views import presenter
from game.views.charts import meters_chart
from game.views.texts import citation

if TYPE_CHECKING:
    from game.api import Game

REPORTS_FOLDER = "reports"
DIVERGED = 5.0  # meters that end this far apart (on the 0-100 scale) are said to have diverged


@frozen
class Comparison:
    """A branch beside the main line it left: where it left, and how each stands now."""

    turn: int  # the season in which the two lines part
    date: str
    main_outcome: str  # outcome_line of each line
    branch_outcome: str
    main_ending: str | None  # the ending's title, if the line has ended
    branch_ending: str | None
    diverged: tuple[tuple[str, float, float], ...]  # (meter name, main, branch), widest gap first


def compare(main: Game, branch: Game) -> Comparison:
    """Compare a branch with its main line: the season where their moves part, and the meters that
    ended at least ``DIVERGED`` apart."""
    a, b = main.state, branch.state
    shared = 0
    for x, y in zip(a.moves, b.moves):
        if x != y:
            break
        shared += 1
    turn = 1 + sum(move == "end" for move in a.moves[:shared])
    dates = [r.date for r in a.history if r.turn == turn] + [r.date for r in b.history if r.turn == turn]
    date = str(dates[0]) if dates else str(branch.date)
    gaps = [(m.name, a.meters[m.id], b.meters[m.id]) for m in main.content.meters.values()
            if abs(a.meters[m.id] - b.meters[m.id]) >= DIVERGED]
    gaps.sort(key=lambda g: -abs(g[1] - g[2]))
    return Comparison(turn, date, outcome_line(main), outcome_line(branch),
                      main.ending.title if main.ending else None, branch.ending.title if branch.ending else None,
                      tuple(gaps))


def rewinds_line(game: Game) -> str:
    """Whether the player played straight or went back, as the report says it."""
    count = game.state.rewinds
    if not count:
        return "Played straight: no season was rewound."
    return f"Rewound {count} time{'s' if count != 1 else ''}: the player went back to the start of a season."


def comparison_lines(comparison: Comparison) -> list[str]:
    """The comparison in plain sentences, for the screen and the Markdown report alike."""
    lines = [f"This run is a branch: it left the main line in turn {comparison.turn} ({comparison.date}).",
             f"Main line: {comparison.main_outcome}" + (f", {comparison.main_ending}" if comparison.main_ending else ""),
             f"Branch: {comparison.branch_outcome}" + (f", {comparison.branch_ending}" if comparison.branch_ending else "")]
    if comparison.diverged:
        lines.append("The meters that diverged (main line -> branch): " + ", ".join(
            f"{name} {main:.0f} -> {branch:.0f}" for name, main, branch in comparison.diverged))
    else:
        lines.append(f"No meter ended more than {DIVERGED:.0f} points apart.")
    return lines


def outcome_line(game: Game) -> str:
    state = game.state
    outcome = (state.outcome or "in progress").replace("_", " ")
    if state.collapse_kind:
        outcome += f" ({state.collapse_kind.replace('_', ' ')})"
    return f"{outcome.capitalize()} in {game.date}, turn {state.turn} of {state.last_turn}"


def all_series(game: Game) -> dict[str, tuple[str, list[float]]]:
    return {m.id: (m.name, presenter.meter_series(game, m.id)) for m in game.content.meters.values()}


def markdown(game: Game, run_code: str | None = None, when: datetime | None = None,
             comparison: Comparison | None = None) -> str:
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
    lines += [f"- **Rewinds:** {rewinds_line(game)}", ""]
    if comparison:
        lines += ["## The branch and the main line", ""] + [f"- {line}" for line in comparison_lines(comparison)] + [""]
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
            lines.append(f"| {d.turn} ({d.date}) | {d.dilemma} | {d.option} | {moved} |")
    else:
        lines.append("No decision moved the meters.")
    lines += ["", "## The meters over the campaign", "",
              "Each column is a turn, on a 0-100 scale; the numbers are the start and the end.", "", "```"]
    lines += meters_chart(all_series(game), height=3)
    lines += ["```", "", "## Every decision", ""]
    lines += [f"- Turn {e.turn} ({e.date}), *{e.dilemma}*: {e.option}. {e.result}" for e in presenter.timeline(game)]
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


def export(game: Game, saves_dir: Path, run_code: str | None = None, now: datetime | None = None,
           comparison: Comparison | None = None) -> Path:
    """Write the report; returns the path. Raises OSError if the folder cannot be written."""
    now = now or datetime.now()
    folder = reports_dir(saves_dir)
    folder.mkdir(parents=True, exist_ok=True)
    kind = re.sub(r"[^a-z0-9]+", "-", (game.state.ending or game.state.outcome or "run").lower()).strip("-")
    path = folder / f"soft-landing-{kind}-seed{game.state.seed}-{now:%Y%m%d-%H%M%S}.md"
    path.write_text(markdown(game, run_code, now, comparison), encoding="utf-8")
    return path
