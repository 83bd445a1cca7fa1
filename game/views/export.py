"""The after-action report written to files for a teacher: Markdown and, beside it, HTML.

Apart from :mod:`game.views.report` because the HTML (:mod:`game.views.report_html`) is built on
that module's parts: the writer needs both, and neither needs the other's file.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from game.views.report import Comparison, file_stem, markdown, reports_dir
from game.views.report_html import html

if TYPE_CHECKING:
    from game.api import Game


def export(game: Game, saves_dir: Path, run_code: str | None = None, now: datetime | None = None,
           comparison: Comparison | None = None) -> Path:
    """Write the report as Markdown and, beside it under the same name, as HTML; returns the
    Markdown file's path (the HTML's is ``.with_suffix(".html")``). OSError if they cannot be written."""
    now = now or datetime.now()
    folder = reports_dir(saves_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{file_stem(game, now)}.md"
    path.write_text(markdown(game, run_code, now, comparison), encoding="utf-8")
    path.with_suffix(".html").write_text(html(game, run_code, now, comparison), encoding="utf-8")
    return path
