"""The screens' one door to the save system (game.saves), imported only when first needed.

Keeping the import here means start-up does not pay for it, and that a missing or broken save
module shows the player a message instead of a traceback.
"""

from __future__ import annotations

from types import ModuleType


class SavesUnavailable(Exception):
    """The save system cannot be used in this installation."""


def saves() -> ModuleType:
    try:
        from game import saves as module
    except Exception as error:  # an import error here must become a message, not a crash
        raise SavesUnavailable(f"saving is not available: {error}") from error
    return module


def save_error_types() -> tuple[type[BaseException], ...]:
    """The exceptions a save operation may raise that are the player's business (bad file, disk)."""
    try:
        module = saves()
    except SavesUnavailable:
        return (SavesUnavailable, OSError, ValueError)
    return (module.SaveError, SavesUnavailable, OSError, ValueError)


def run_code(game) -> str | None:
    """The game's run code, or None when the save system cannot make one."""
    try:
        return saves().run_code(game)
    except Exception:
        return None
