"""Messages a screen sends up to the app when the session's game changed under it."""

from __future__ import annotations

from textual.message import Message


class GameChanged(Message):
    """The session holds another game, or the same one gone back in time: show it afresh."""


class Answered(Message):
    """The player answered a dilemma: a first game's notice about the colours has been read or passed over."""
