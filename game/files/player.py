"""The player's own files beyond the saves: their settings and the gallery of endings they have reached.

Both live in the player's data folder (:func:`game.places.player_dir`) as small JSON documents,
written as saves are (a temporary file, synced, renamed over the old one), so an interrupted write never damages the
last good one. A file that cannot be read (broken by hand, by a disk, by another version) is
reported in a sentence and left as it is: the game goes on with the defaults, and does not write
over it, so nothing the player had is lost to a file the game did not understand.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from attrs import evolve, frozen

from game.i18n import _
from game.files.atomic import write_whole

SETTINGS = "settings.json"
ENDINGS = "endings.json"
MAX_BYTES = 1 << 20  # a settings or gallery file past this is not read
MAX_REACHED = 500  # runs kept in the gallery, newest kept

#: what the colours of the advisors' arrows serve: the lens id and its words
LENSES: Mapping[str, str] = {"survival": "the regime's survival", "landing": "a soft landing"}
DEFAULT_LENS = "survival"


class PlayerFileError(ValueError):
    """A player's file that cannot be read or written; the message names the file and what is wrong."""


@frozen
class Settings:
    """What the player chose once and keeps: the colours' lens, whether the default was explained, and the
    language chosen on the title screen (None: the one given by --lang or the environment, else English)."""

    lens: str = DEFAULT_LENS
    lens_explained: bool = False
    lang: str | None = None


@frozen
class Reached:
    """One run that reached an ending: which ending, in which season, and the run code that replays it."""

    ending: str  # the ending's id
    season: str  # "Winter 2009"
    code: str  # the run code ("" when the run had none)
    hindsight: bool = False  # the run went back to an earlier season on the way


def _read(path: Path) -> Any:
    """The JSON document of a player's file; None when there is none; PlayerFileError when it is unreadable."""
    try:
        if not path.exists():
            return None
        if not path.is_file():
            raise PlayerFileError(_("{path} is not a file").format(path=path))
        if path.stat().st_size > MAX_BYTES:
            raise PlayerFileError(_("{path} is larger than {size} MB").format(path=path, size=MAX_BYTES >> 20))
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise PlayerFileError(_("{path} cannot be read: {error}").format(path=path, error=error.strerror or error)) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PlayerFileError(_("{path} is not readable JSON ({error})").format(path=path, error=error)) from None


def _write(path: Path, doc: dict[str, Any]) -> None:
    """Write a document whole or not at all (the file before, if any, is untouched)."""
    try:
        write_whole(path, json.dumps(doc, indent=1, ensure_ascii=False).encode("utf-8"))
    except OSError as error:
        raise PlayerFileError(_("{path} could not be written: {error}").format(path=path, error=error.strerror or error)) from None


def _broken(path: Path, why: str) -> PlayerFileError:
    return PlayerFileError(_("{path} {problem}").format(path=path, problem=why))


class PlayerFiles:
    """The settings and the endings gallery in one folder; each read and written whole."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    # --- settings -----------------------------------------------------------------------------

    def settings(self) -> Settings:
        """The saved settings (the defaults when there are none); PlayerFileError for an unreadable file."""
        path = self.folder / SETTINGS
        doc = _read(path)
        if doc is None:
            return Settings()
        if not isinstance(doc, dict):
            raise _broken(path, _("is not a table of settings"))
        lens = doc.get("lens", DEFAULT_LENS)
        if lens not in LENSES:
            raise _broken(path, _("names a lens the game does not know: {lens} (known: {known})").format(
                lens=repr(str(lens)[:40]), known=", ".join(LENSES)))
        explained = doc.get("lens_explained", False)
        if not isinstance(explained, bool):
            raise _broken(path, _("has a lens_explained that is not true or false"))
        lang = doc.get("lang")
        if lang is not None and not (isinstance(lang, str) and re.fullmatch(r"[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})?", lang)):
            raise _broken(path, _("names a language that is not a code such as ko or en: {lang}").format(lang=repr(str(lang)[:40])))
        return Settings(lens, explained, lang)

    def save_settings(self, settings: Settings) -> None:
        """Write the settings, unless the file there cannot be read (then it is left as it is)."""
        path = self.folder / SETTINGS
        doc = _read(path)
        if doc is not None and not isinstance(doc, dict):
            raise _broken(path, _("is not a table of settings; it is left as it is"))
        kept = dict(doc or {})  # keys a newer version wrote are kept
        kept.update(lens=settings.lens, lens_explained=settings.lens_explained)
        if settings.lang is not None:
            kept["lang"] = settings.lang
        _write(path, kept)

    # --- the endings gallery ------------------------------------------------------------------

    def reached(self) -> list[Reached]:
        """Every run that reached an ending, oldest first; PlayerFileError for an unreadable gallery."""
        path = self.folder / ENDINGS
        doc = _read(path)
        if doc is None:
            return []
        runs = doc.get("reached") if isinstance(doc, dict) else None
        if not isinstance(runs, list):
            raise _broken(path, _("has no list of endings reached"))
        found = []
        for index, run in enumerate(runs):
            if not (isinstance(run, dict) and all(isinstance(run.get(k), str) for k in ("ending", "season", "code"))
                    and isinstance(run.get("hindsight", False), bool)):
                raise _broken(path, _("has an ending reached that cannot be read (number {number})").format(number=index + 1))
            found.append(Reached(run["ending"], run["season"], run["code"], run.get("hindsight", False)))
        return found

    def add_reached(self, run: Reached) -> bool:
        """Add a run to the gallery (a run code already there is not added twice); False when it was there.
        PlayerFileError when the gallery cannot be read: it is then left as it is."""
        runs = self.reached()
        if run.code and any(r.code == run.code and r.ending == run.ending for r in runs):
            return False
        runs = [*runs, run][-MAX_REACHED:]
        _write(self.folder / ENDINGS, {"format": 1, "reached": [
            {"ending": r.ending, "season": r.season, "code": r.code, "hindsight": r.hindsight} for r in runs]})
        return True


def with_lens(settings: Settings, lens: str) -> Settings:
    """The settings with another lens (ValueError for a lens the game does not know)."""
    if lens not in LENSES:
        raise ValueError(_("no lens '{name}' (lenses: {known})").format(name=lens, known=", ".join(LENSES)))
    return evolve(settings, lens=lens)
