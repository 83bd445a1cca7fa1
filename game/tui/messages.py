"""Messages a screen sends up to the app when the session's game changed under it."""

from __future__ import annotations

from textual.message import Message


class GameChanged(Message):
    """The session holds another game, or the same one gone back in time: show it afresh."""
