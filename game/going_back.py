"""The rules of going back that a session keeps: a season is rewound once, a one-life game never goes
back, and a branch goes back to the start of a past season keeping the line it left as the main line,
so that the report can compare the two.

The game itself returns to a season's start (:meth:`game.api.Game.go_back`), its dice included; these
rules say when it may, and what a branch remembers.
"""

from __future__ import annotations

from attrs import frozen

from game.i18n import _
from game.api import Game
from game.errors import ONE_LIFE


@frozen
class Branch:
    """Where the line in play left the main line, and how the two compare (see views.report.compare)."""

    main: Game  # the main line as it stood when the player first went back from it
    turn: int  # the season gone back to, most recently


def why_not_rewind(game: Game | None, rewound: int | None) -> str | None:
    """None when the season in play may be rewound (``rewound``: the season last rewound), else why not."""
    if game is None:
        return _("there is no game to rewind")
    state = game.state
    if state.one_life:
        return _(ONE_LIFE)
    if rewound == state.turn:
        return _("this season has been rewound once already")
    if state.moves == game.seasons[-1].moves:
        return _("nothing has been decided this season yet")
    return None


def branch_seasons(game: Game | None) -> list[int]:
    """The seasons (turns) whose start the player may go back to and play on from as a branch."""
    if game is None or game.state.one_life:
        return []
    last = game.state.turn if game.over else game.state.turn - 1
    return list(range(1, last + 1))


def why_not_branch(game: Game, turn: int) -> str | None:
    """None when the game may go back to the start of ``turn`` as a branch, else why not."""
    if game.state.one_life:
        return _(ONE_LIFE)
    if turn not in branch_seasons(game):
        return _("turn {turn} is not a past season of this game").format(turn=turn)
    return None


def branch(game: Game, branch_of: Branch | None, turn: int) -> Branch:
    """Take ``game`` back to the start of ``turn``; the branch it now is keeps the line left behind as
    its main line (the first one, if the game was a branch already)."""
    main = game.clone() if branch_of is None else branch_of.main
    game.go_back(turn)
    return Branch(main, turn)
