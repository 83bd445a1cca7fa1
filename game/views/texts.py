"""The interface's own prose (help, the essay's summary and citation), kept as Markdown files.

These are words about the interface and the source, not game content; they live in ``text/`` so
that no paragraph of prose sits in Python.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

TEXT_DIR = Path(__file__).parent / "text"

#: beside every dilemma tagged ``invented``, wherever it is shown
INVENTED = "Invented: this did not happen."


@cache
def text(name: str) -> str:
    """The Markdown file ``text/<name>.md``; a short notice if it is missing."""
    try:
        body = (TEXT_DIR / f"{name}.md").read_text(encoding="utf-8")
    except OSError as error:
        return f"({name} is not available: {error.strerror or error})"
    return body.replace("{citation}", citation()) if name != "citation" else body.strip()


def citation() -> str:
    return text("citation")
