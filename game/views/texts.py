"""The interface's own prose (help, the essay's summary and citation), kept as Markdown files.

These are words about the interface and the source, not game content; they live in ``text/`` so
that no paragraph of prose sits in Python. A language has its own folder (``text/ko/``) with the
pages translated; a page it lacks reads in English, from ``text/`` itself.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from game import i18n

TEXT_DIR = Path(__file__).parent / "text"

#: beside every dilemma tagged ``invented``, wherever it is shown (translated where shown)
INVENTED = i18n.N_("Invented: this did not happen.")


def text(name: str) -> str:
    """The Markdown file ``text/<name>.md`` in the language in use (``text/<code>/<name>.md``), English
    where the language has no such page; a short notice if it is missing."""
    return _text(name, i18n.language())


def folders(code: str) -> list[Path]:
    """Where a page of language ``code`` is looked for, the first found read: "ko_KR", then "ko", then English."""
    found = []
    for part in dict.fromkeys([code, code.split("_")[0]]):
        if part and part != i18n.ENGLISH and (TEXT_DIR / part).is_dir():
            found.append(TEXT_DIR / part)
    return [*found, TEXT_DIR]


@cache
def _text(name: str, code: str) -> str:
    for folder in folders(code):
        path = folder / f"{name}.md"
        if path.is_file():
            break
    try:
        body = path.read_text(encoding="utf-8")
    except OSError as error:
        return f"({name} is not available: {error.strerror or error})"
    return body.replace("{citation}", _text("citation", code)) if name != "citation" else body.strip()


def citation() -> str:
    return text("citation")
