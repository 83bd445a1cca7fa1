"""The after-action report of one run as one self-contained, printable HTML page.

The page renders the report's one document (:mod:`game.views.report_sections`), the same the
Markdown file renders: its first printed page is the run's own summary.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from game.views import html as page
from game.views.report_parts import Comparison
from game.views.report_sections import SUMMARY_CHANGES, document

if TYPE_CHECKING:
    from game.api import Game

__all__ = ["SUMMARY_CHANGES", "html"]


def html(game: Game, run_code: str | None = None, when: datetime | None = None,
         comparison: Comparison | None = None) -> str:
    """The whole report as an HTML document (every text from content, saves and codes escaped)."""
    return page.render(document(game, run_code, when, comparison))
