"""The endings gallery: every ending of the content, reached by this player or still locked.

Built from the content's endings and the player's record of runs (:mod:`game.files.player`), as plain data
the title screen's gallery lays out: an ending reached shows in which season and with which run code
it was first reached, and how often since; one not reached yet shows its title, locked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from attrs import frozen

from game.rules.model import SEASONS, Date
from game.i18n import ngettext
from game.views.presenter import date_name, outcome_with_kind

if TYPE_CHECKING:
    from game.rules.model import Content
    from game.files.player import Reached


@frozen
class GalleryRow:
    """One ending in the gallery."""

    ending: str  # its id
    title: str
    kind: str  # "Survival", "Soft landing", "Collapse (absorption)"
    reached: bool
    season: str = ""  # the season it was first reached
    code: str = ""  # the run code of that run
    times: int = 0  # runs that reached it
    hindsight: bool = False  # that first run went back to an earlier season on the way


def outcome_words(outcome: str, kind: str | None) -> str:
    """'Collapse (elite split)': how an ending ends, in the player's language."""
    return outcome_with_kind(outcome, kind)


def gallery(content: Content, reached: list[Reached]) -> list[GalleryRow]:
    """Every ending in the content's order, reached ones with their first run. Endings that share a title
    and an outcome are one ending told by different runs (the variants of "Standing Still"), so they share
    a row; a run of an ending the content no longer has is left out."""
    groups: dict[tuple[str, str], list[str]] = {}
    for ending in content.endings:
        groups.setdefault((ending.title, outcome_words(ending.outcome, ending.kind)), []).append(ending.id)
    rows = []
    for (title, kind), ids in groups.items():
        runs = [r for r in reached if r.ending in ids]
        if runs:
            first = runs[0]
            rows.append(GalleryRow(first.ending, title, kind, True, season_shown(first.season), first.code, len(runs),
                                   first.hindsight))
        else:
            rows.append(GalleryRow(ids[0], title, kind, False))
    return rows


def season_shown(season: str) -> str:
    """A season as the player's record keeps it ("Winter 2009") in the player's language; as kept if not one."""
    name, _space, year = season.partition(" ")
    if name in SEASONS and year.isdigit():
        return date_name(Date(int(year), SEASONS.index(name) + 1))
    return season


def counts(rows: list[GalleryRow]) -> tuple[int, int]:
    """(endings reached, endings in all)."""
    return sum(r.reached for r in rows), len(rows)


def count_line(rows: list[GalleryRow]) -> str:
    """'3 of 15 endings reached'."""
    done, total = counts(rows)
    return ngettext("{done} of {total} ending reached", "{done} of {total} endings reached", total).format(
        done=done, total=total)
