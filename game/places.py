"""Where the game keeps its files, decided without importing anything heavy (it runs at start-up).

Two kinds of installation: a **checkout** (the repository, installed with ``pip install -e``: the
package sits beside ``pyproject.toml`` and ``content/``) and an **installed** game (a wheel: the
content ships inside the package as ``game/data``). A checkout keeps its saves in the repository's
``saves/``; an installed game keeps them in the player's data folder (``platformdirs``), never in
whatever folder the player happens to stand in.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

ENVIRONMENT = "SOFT_LANDING_SAVES"
PLAYER_ENVIRONMENT = "SOFT_LANDING_DATA"
APP_NAME = "soft-landing"

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent


def checkout() -> Path | None:
    """The repository this package runs from, or None for an installed game."""
    if (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "content").is_dir():
        return _CHECKOUT
    return None


def content_dir() -> Path:
    """The game's own content: the package's ``data`` (an installed game), else the checkout's ``content/``."""
    packaged = resources.files("game").joinpath("data")
    if packaged.is_dir() and isinstance(packaged, Path):
        return packaged
    return _CHECKOUT / "content"


def default_saves_dir() -> Path:
    """The saves folder when neither ``--saves`` nor $SOFT_LANDING_SAVES says: see the module's docstring."""
    repo = checkout()
    if repo is not None:
        return repo / "saves"
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "saves"


def saves_dir(explicit: Path | None = None) -> Path:
    """Where saves go: ``--saves``, else $SOFT_LANDING_SAVES, else :func:`default_saves_dir`."""
    if explicit is not None:
        return Path(explicit)
    from_environment = os.environ.get(ENVIRONMENT)
    return Path(from_environment) if from_environment else default_saves_dir()


def describe_saves_dir() -> str:
    """The default saves folder in words, for ``--help``."""
    where = "the repository's saves/" if checkout() is not None else "the player's data folder"
    return f"${ENVIRONMENT}, else {where} ({default_saves_dir()})"


def player_dir() -> Path:
    """Where the player's settings and endings gallery live: $SOFT_LANDING_DATA, else the player's data
    folder (``platformdirs``), a checkout or not: they belong to the player, not to a copy of the game."""
    from_environment = os.environ.get(PLAYER_ENVIRONMENT)
    if from_environment:
        return Path(from_environment)
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)
