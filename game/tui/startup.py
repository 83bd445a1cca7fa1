"""Opening the session behind the title screen: the rules, the content and the saves folder.

It runs in the app's loading thread, after the first frame is on the terminal; the session (and
with it the rules and the loader) is imported here, not where the app is, so that start-up costs
about what a bare Textual app costs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from game.errors import SessionError

if TYPE_CHECKING:
    from game.session import Session


def open_session(content_dir: Path | None, saves_dir: Path, player_dir: Path | None = None,
                 mods: tuple[Path, ...] = (), force: str | None = None,
                 scenario: str | None = None) -> tuple[Session | None, str | None]:
    """The session (with ``mods`` laid over its content, and ``force`` met first), or the sentence that
    says why the game cannot start."""
    try:
        from game.session import Session
    except Exception as error:  # noqa: BLE001 - an installation that cannot import the rules is a message
        from game.i18n import _

        return None, _("the game cannot be loaded: {error}").format(error=error)
    try:
        session = Session.open(content_dir, saves_dir, player_dir, mods, force, scenario)
        session.has_saves  # noqa: B018 - looked up here, off the first frame
        session.settings  # noqa: B018 - the player's settings too
    except SessionError as error:
        return None, str(error)
    import game.tui.screens.game  # noqa: F401 - ahead of its first use, with the dialogs it opens
    return session, None
