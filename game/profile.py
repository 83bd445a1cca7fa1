"""The player's own files as a session keeps them: the settings, read once and kept when changed, and
the gallery of the endings reached.

A file that cannot be read or written costs the player a setting or a line of the gallery, never the
game: each such failure comes back as a sentence to show. Without a folder (a headless session) the
settings live in memory only and the gallery is empty.
"""

from __future__ import annotations

from pathlib import Path

from attrs import evolve

from game.i18n import _
from game.errors import SessionError
from game.files import player


class Profile:
    """One player's settings and endings gallery."""

    files: player.PlayerFiles | None
    problem: str | None  # why the settings file could not be read, once said

    def __init__(self, folder: Path | None) -> None:
        self.files = player.PlayerFiles(folder) if folder is not None else None
        self._settings: player.Settings | None = None
        self.problem = None

    @property
    def settings(self) -> player.Settings:
        """The player's settings, read once (the defaults when the file is missing or cannot be read)."""
        if self._settings is None:
            self._settings = player.Settings()
            if self.files is not None:
                try:
                    self._settings = self.files.settings()
                except player.PlayerFileError as error:
                    self.problem = _("Your settings were not read: {error}. It is left as it is.").format(error=error)
        return self._settings

    def _keep(self, settings: player.Settings) -> str | None:
        self._settings = settings
        if self.files is None:
            return None
        try:
            self.files.save_settings(settings)
        except player.PlayerFileError as error:
            return _("The setting holds for now but was not kept: {error}.").format(error=error)
        return None

    def set_lens(self, lens: str) -> str | None:
        """Have the colours serve another aim; returns why the choice could not be kept for next time, if so."""
        try:
            settings = player.with_lens(self.settings, lens)
        except ValueError as error:
            raise SessionError(str(error)) from None
        return self._keep(evolve(settings, lens_explained=True))

    def lens_explained(self) -> str | None:
        """Note that the default was explained; returns why that could not be kept, if so."""
        return self._keep(evolve(self.settings, lens_explained=True))

    def set_language(self, code: str) -> str | None:
        """Speak ``code`` from the next start too; returns why the choice could not be kept for next time, if so."""
        return self._keep(evolve(self.settings, lang=code))

    def endings_reached(self) -> tuple[list[player.Reached], str | None]:
        """The runs of this player that reached an ending, oldest first, and why the gallery was not read, if so."""
        if self.files is None:
            return [], None
        try:
            return self.files.reached(), None
        except player.PlayerFileError as error:
            return [], _("The endings gallery was not read: {error}. It is left as it is.").format(error=error)

    def add_ending(self, run: player.Reached) -> str | None:
        """Add a run that reached an ending to the gallery; returns why it could not be, if so."""
        if self.files is None:
            return None
        try:
            self.files.add_reached(run)
        except player.PlayerFileError as error:
            return _("This ending was not added to the gallery: {error}. The file is left as it is.").format(error=error)
        return None
