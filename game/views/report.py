"""The after-action report of a finished run, as Markdown for a teacher, and where its files go.

The report is one document (:mod:`game.views.report_sections`) built from the run's parts
(:mod:`game.views.report_parts`, named here too for the screens, the session and the commands that
use them); this module writes it as Markdown, :mod:`game.views.report_html` as a printable page,
and the report screen shows the same sections. Pure: no textual, no rich.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from game.views import markdown as rendered
from game.views.report_parts import (
    DIVERGED,
    Comparison,
    DecisionRow,
    DilemmaMet,
    all_series,
    compare,
    comparison_lines,
    decision_rows,
    dilemmas_drawn,
    dilemmas_met,
    discussion_questions,
    glossary_used,
    history_agreement,
    indicator_series,
    meter_labels,
    option_label,
    outcome_line,
    rewinds_line,
    run_verdict,
)
from game.views.report_sections import document

if TYPE_CHECKING:
    from game.api import Game

__all__ = ["DIVERGED", "REPORTS_FOLDER", "Comparison", "DecisionRow", "DilemmaMet", "all_series", "compare",
           "comparison_lines", "decision_rows", "dilemmas_drawn", "dilemmas_met", "discussion_questions", "document",
           "file_stem", "glossary_used", "history_agreement", "indicator_series", "markdown", "meter_labels",
           "option_label", "outcome_line", "reports_dir", "rewinds_line", "run_verdict"]

REPORTS_FOLDER = "reports"


def markdown(game: Game, run_code: str | None = None, when: datetime | None = None,
             comparison: Comparison | None = None) -> str:
    """The whole report as a Markdown document: the same document as the HTML page."""
    return rendered.render(document(game, run_code, when, comparison))


def reports_dir(saves_dir: Path) -> Path:
    """Reports go in a ``reports`` folder inside the saves folder."""
    return Path(saves_dir) / REPORTS_FOLDER


def file_stem(game: Game, now: datetime) -> str:
    kind = re.sub(r"[^a-z0-9]+", "-", (game.state.ending or game.state.outcome or "run").lower()).strip("-")
    return f"soft-landing-{kind}-seed{game.state.seed}-{now:%Y%m%d-%H%M%S}"
