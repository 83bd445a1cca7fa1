"""The game in play and the player's saves folder: the one object every interface drives.

The terminal interface, the browser server and the command line all start, load, save and replay
games through a :class:`Session`; screens render what it holds and send the player's intents in
(answer, set a policy, end the season, rewind, branch). Whatever concerns play or files is decided
here, never in a screen. Errors the player must hear about are :class:`~game.errors.SessionError`
with a message ready to show.

Rewind and branch keep the game deterministic. The game keeps its own timeline, the frozen state at
the start of each season (``Game.seasons``, as python-chess keeps ``move_stack`` in its board);
going back restores one of them (``Game.go_back``), so the moves of the line played on are the
moves of that season's start followed by the new ones, and its run code replays it exactly. The
session keeps the rules of going back (:mod:`game.going_back`: a season is rewound once; a one-life
game never goes back), the saves folder and the player's own files (:mod:`game.profile`).
``GameState.rewinds`` and ``went_back`` record how often and to where the player went back, and the
report, the ending and a run code's flags say so.

    >>> session = Session.open(None, Path("saves"))
    >>> session.new_game(seed=7)
    >>> session.answer(session.game.options()[0].id)
    >>> session.rewind()                        # back to the start of this season, once a season
    >>> session.branch(1)                       # or to the start of any past season, as a branch
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Sequence
from pathlib import Path

from game import going_back
from game.i18n import _
from game.files import autosaves, lesson, player, saves
from game.api import Game, MoveError
from game.rules.model import Content
from game.errors import ONE_LIFE, ContentProblem, SaveExists, SessionError
from game.going_back import Branch
from game.content.loader import load_content
from game.files.replay import encode_run
from game.content.problem import Problem
from game.profile import Profile
from game.views import report
from game.views.export import export

__all__ = ["Branch", "ContentProblem", "SaveExists", "Session", "SessionError"]

MAX_SEED = 2**31 - 1
SHOWN_PROBLEMS = 12  # of an invalid content folder, the first errors are shown to the player


class Session:
    """One player's game in play (if any) and saves folder."""

    content: Content
    saves_dir: Path
    game: Game | None
    branch_of: Branch | None  # set while the game in play is a branch of another line

    def __init__(self, content: Content, saves_dir: Path, player_dir: Path | None = None) -> None:
        self.content = content
        self.saves_dir = Path(saves_dir)
        self.profile = Profile(player_dir)  # the player's settings and endings gallery
        self.game = None
        self.branch_of = None
        self.series: str | None = None  # the game in play's series of autosaves (see game.autosaves)
        self._rewound: int | None = None  # the season last rewound (a season is rewound once)
        self._saved_moves: tuple[str, ...] = ()
        self._has_saves: bool | None = None
        self.last_autosave: Path | None = None  # the last autosave written by this session
        self.student: str | None = None  # the name a student of a class server gave (see join_class)
        self.in_class = False  # whether the session keeps a class record for a class server

    def join_class(self, name: str | None) -> None:
        """Play as a student of a class server (``soft-landing serve --class``): from now on the
        session keeps a class record in its saves folder (the name given, if any, and the run
        code), written when a game starts and after every season, for the teacher's page."""
        self.student = name.strip() if name and name.strip() else None
        self.in_class = True
        self._write_class_record()

    def _write_class_record(self) -> None:
        """The class record of the game in play; a record that cannot be written costs the teacher a line, not
        the student their game, so it is not an error."""
        if not self.in_class or self.game is None or self.series is None:
            return
        code = self.run_code()
        if code is None:
            return
        with contextlib.suppress(OSError):
            lesson.write_record(self.saves_dir, code, self.series, self.student)

    @staticmethod
    def random_seed() -> int:
        """A fresh seed for a new game (the new-game dialog shows it and lets the player change it)."""
        return secrets.randbelow(1_000_000)

    @classmethod
    def open(cls, content_dir: Path | None, saves_dir: Path, player_dir: Path | None = None, mods: Sequence[Path] = (),
             force: str | None = None, scenario: str | None = None) -> Session:
        """Load the content (the packaged content if None) with ``mods`` laid over it, and with ``force`` (a
        dilemma) pinned to the first season of ``scenario``; ContentProblem lists what is wrong with it."""
        return cls(cls.read_content(content_dir, mods, force, scenario), saves_dir, player_dir)

    @staticmethod
    def read_content(content_dir: Path | None, mods: Sequence[Path] = (), force: str | None = None,
                     scenario: str | None = None) -> Content:
        """The content as :meth:`open` reads it, in the language the interface speaks now."""
        try:
            content, problems = load_content(content_dir, mods=mods)
        except Exception as error:  # noqa: BLE001 - a broken folder is a message, never a traceback
            raise ContentProblem(_("the content could not be read: {error}").format(error=error)) from None
        if content is None:
            shown = [str(p) for p in problems if not isinstance(p, Problem) or p.level == "error"][:SHOWN_PROBLEMS]
            raise ContentProblem("\n".join(shown) or _("the content could not be loaded"))
        if force is not None:
            from game.content.preview import PreviewError, forced
            try:
                content = forced(content, force, scenario)
            except PreviewError as error:
                raise ContentProblem(f"--force: {error}") from None
        return content

    # --- starting a game ----------------------------------------------------------------------

    def _start(self, game: Game, series: str | None = None) -> Game:
        """Put a game in play: a game new to this folder gets a series of autosaves of its own."""
        self.game = game
        self.series = series or autosaves.new_series()
        self.branch_of = None
        self._rewound = None
        self._saved_moves = game.state.moves
        self._write_class_record()
        return game

    def new_game(self, scenario: str | None = None, seed: int | None = None, one_life: bool = False) -> Game:
        """Start a scenario (the default if None) with a seed (a random one if None), as a one-life
        game (which refuses rewind and branch) if asked."""
        seed = self.random_seed() if seed is None else seed
        if not 0 <= seed <= MAX_SEED:
            raise SessionError(_("the seed must be between 0 and {most}, not {seed}").format(most=MAX_SEED, seed=seed))
        try:
            return self._start(Game.new(self.content, scenario, seed, one_life=one_life))
        except MoveError as error:
            raise SessionError(str(error)) from None

    def from_code(self, code: str) -> Game:
        """The game of a run code, replayed to where it stopped, now in play."""
        try:
            return self._start(saves.game_from_code(code, self.content))
        except saves.SaveError as error:
            raise SessionError(str(error)) from None

    def from_class_code(self, code: str) -> Game:
        """A class's game: a class code is the run code of a class game before its first move (its
        deck makes everyone in the class meet the same dilemmas), so it starts like any run code."""
        return self.from_code(code)

    def load(self, path: Path) -> tuple[str, ...]:
        """Load a save into play; returns what the player should be told about how it was loaded."""
        try:
            loaded = saves.load_save(Path(path), self.content)
        except saves.SaveError as error:
            raise SessionError(str(error)) from None
        line = loaded.line
        self._start(loaded.game, line.series)
        self._rewound = line.rewound
        if line.main is not None and line.branch_turn is not None:
            self.branch_of = Branch(line.main, line.branch_turn)
        return loaded.notes

    def latest_save(self) -> Path | None:
        """The newest readable save, for 'Continue'."""
        try:
            latest = saves.latest_save(self.saves_dir)
        except OSError as error:
            raise SessionError(_("the saves folder {folder} cannot be read: {error}").format(
                folder=self.saves_dir, error=error)) from None
        self._has_saves = latest is not None
        return latest.path if latest is not None else None

    def continue_latest(self) -> tuple[str, ...]:
        """Load the newest save; SessionError if there is none."""
        latest = self.latest_save()
        if latest is None:
            raise SessionError(_("there is no saved game to continue"))
        return self.load(latest)

    # --- the saves folder ---------------------------------------------------------------------

    @property
    def has_saves(self) -> bool:
        """Whether there is a save to continue (looked up once, then kept up to date by the session)."""
        if self._has_saves is None:
            try:
                self.latest_save()
            except SessionError:
                self._has_saves = False
        return bool(self._has_saves)

    @property
    def at_risk(self) -> bool:
        """True when quitting or replacing the game would lose moves made since the last save."""
        return self.game is not None and not self.game.over and self.game.state.moves != self._saved_moves

    def list_saves(self) -> list[saves.SaveInfo]:
        """Every save in the folder, newest first, unreadable ones with why."""
        try:
            return saves.list_saves(self.saves_dir, self.content)
        except (saves.SaveError, OSError) as error:
            raise SessionError(_("the saves folder {folder} cannot be read: {error}").format(
                folder=self.saves_dir, error=error)) from None

    def delete_save(self, path: Path) -> None:
        try:
            saves.delete_save(path)
        except saves.SaveError as error:
            raise SessionError(str(error)) from None
        finally:
            self._has_saves = None

    def save(self, name: str, overwrite: bool = False) -> Path:
        """Save the game in play under a name; SaveExists if that name is taken and not ``overwrite``."""
        game = self._playing()
        try:
            path = saves.save_game(game, name, self.saves_dir, overwrite=overwrite, line=self._line())
        except saves.SaveExistsError as error:
            raise SaveExists(str(error)) from None
        except saves.SaveError as error:
            raise SessionError(str(error)) from None
        self._saved_moves, self._has_saves = game.state.moves, True
        return path

    def autosave(self) -> Path:
        """Save as the next autosave (the session does so after every season)."""
        if self.game is None:
            raise SessionError(_("there is no game to save"))
        try:
            path = saves.autosave(self.game, self.saves_dir, line=self._line())
        except (saves.SaveError, OSError) as error:
            raise SessionError(_("autosave failed: {error}").format(error=error)) from None
        self._saved_moves, self._has_saves = self.game.state.moves, True
        self.last_autosave = path  # what a crash message may promise
        self._write_class_record()  # after every season, the ending included
        return path

    def _line(self) -> saves.Line:
        """What a save keeps of the session beyond the game: the season last rewound, a branch's main line."""
        branch = self.branch_of
        return saves.Line(self._rewound, branch.main if branch else None, branch.turn if branch else None, self.series)

    def default_save_name(self) -> str:
        game = self._playing()
        return f"{game.date.season.lower()}-{game.date.year}-turn{game.state.turn}"

    # --- moves ----------------------------------------------------------------------------------

    def _playing(self) -> Game:
        if self.game is None or self.game.over:
            raise SessionError(_("there is no game in progress"))
        return self.game

    def answer(self, option_id: str) -> None:
        """Answer the dilemma of the season with one of its available options."""
        try:
            self._playing().answer(option_id)
        except MoveError as error:
            raise SessionError(str(error)) from None

    def set_policy(self, policy_id: str, level: int) -> None:
        try:
            self._playing().set_policy(policy_id, level)
        except MoveError as error:
            raise SessionError(str(error)) from None

    def end_season(self) -> str | None:
        """End the season and autosave; returns a warning for the player if the autosave failed."""
        game = self._playing()
        try:
            game.end_season()
        except MoveError as error:
            raise SessionError(str(error)) from None
        warnings = []
        try:
            self.autosave()
        except SessionError as error:
            warnings.append(str(error))
        if game.over and (problem := self.record_ending()):
            warnings.append(problem)
        return " ".join(warnings) or None

    # --- the player's settings and endings gallery (kept by game.profile) ---------------------------

    @property
    def settings(self) -> player.Settings:
        return self.profile.settings

    @property
    def settings_problem(self) -> str | None:
        """Why the settings file could not be read, once said."""
        return self.profile.problem

    @property
    def lens(self) -> str:
        """What the colours of the advisors' arrows serve: 'survival' (the regime's) or 'landing' (a soft one)."""
        return self.profile.settings.lens

    def set_lens(self, lens: str) -> str | None:
        return self.profile.set_lens(lens)

    def lens_to_explain(self) -> bool:
        """Whether the colours' default has yet to be explained to this player (once, on their first game)."""
        return not self.profile.settings.lens_explained

    def lens_explained(self) -> str | None:
        return self.profile.lens_explained()

    def set_language(self, code: str) -> str | None:
        return self.profile.set_language(code)

    def use_content(self, content: Content) -> None:
        """The same rules with other words (the content read in another language): the game in play, if any,
        goes on in them. Refused (SessionError) for content whose rules differ."""
        if content.fingerprint != self.content.fingerprint:
            raise SessionError(_("the content read again has other rules; the game stays as it was"))
        self.content = content
        if self.game is not None:
            self.game.content = content

    def endings_reached(self) -> tuple[list[player.Reached], str | None]:
        return self.profile.endings_reached()

    def record_ending(self) -> str | None:
        """Add the ended game in play to the gallery; returns why it could not be, if so."""
        game = self.game
        if game is None or not game.over or game.state.ending is None:
            return None
        run = player.Reached(game.state.ending, str(game.date), self.run_code() or "", bool(game.state.rewinds))
        return self.profile.add_ending(run)

    # --- going back -------------------------------------------------------------------------------

    def can_rewind(self) -> str | None:
        """None when the season in play may be rewound, else why not (see game.going_back)."""
        return going_back.why_not_rewind(self.game, self._rewound)

    def rewind(self) -> None:
        """Go back to the start of the season in play (once a season): its choices are taken back."""
        why = self.can_rewind()
        if why is not None:
            raise SessionError(why)
        game = self._playing_or_over()
        game.go_back(game.state.turn)
        self._rewound = game.state.turn

    def can_branch(self) -> str | None:
        """Why the game in play may not branch at all (a one-life game), else None."""
        return _(ONE_LIFE) if self.game is not None and self.game.state.one_life else None

    def branch_seasons(self) -> list[int]:
        """The seasons (turns) whose start the player may go back to and play on from as a branch."""
        return going_back.branch_seasons(self.game)

    def branch(self, turn: int) -> None:
        """Go back to the start of a past season and play on from there as a branch of the line in play,
        the line left behind kept as the main line so that the report can compare the two."""
        game = self._playing_or_over()
        why = going_back.why_not_branch(game, turn)
        if why is not None:
            raise SessionError(why)
        self.branch_of = going_back.branch(game, self.branch_of, turn)
        self._rewound = turn
        self._write_class_record()  # a run that had ended is in play again

    def _playing_or_over(self) -> Game:
        if self.game is None:
            raise SessionError(_("there is no game to go back in"))
        return self.game

    # --- the report -------------------------------------------------------------------------------

    def run_code(self) -> str | None:
        """The run code of the game in play (None without a game, or for one not played by the rules)."""
        if self.game is None:
            return None
        try:
            return encode_run(self.game)
        except ValueError:
            return None

    def comparison(self) -> report.Comparison | None:
        """How a branch compares with the main line it left (None when the game is not a branch)."""
        if self.game is None or self.branch_of is None:
            return None
        return report.compare(self.branch_of.main, self.game)

    def reports_dir(self) -> Path:
        return report.reports_dir(self.saves_dir)

    def export_report(self) -> Path:
        """Write the after-action report as Markdown for a teacher; returns the file."""
        if self.game is None:
            raise SessionError(_("there is no game to report on"))
        try:
            return export(self.game, self.saves_dir, self.run_code(), comparison=self.comparison())
        except OSError as error:
            raise SessionError(_("cannot write the report: {error}").format(error=error)) from None
