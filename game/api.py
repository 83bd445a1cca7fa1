"""The headless API: one game, played by moves, read by questions.

The simulator, the save system and the terminal interface all play through :class:`Game`; it
holds the content and the current immutable :class:`GameState` and answers what a player asks:
what is the dilemma, what may I choose, why did this meter move, how did it end.

    >>> from game.api import Game
    >>> game = Game.new(seed=7)
    >>> game.dilemma.title                      # the dilemma to answer
    >>> game.answer(game.options()[0].id)       # answer it (and any second dilemma)
    >>> game.end_season()                       # policies, drift, the regime, the next season
    >>> game.seasons[-1].turn                   # the game keeps the start of every season: 2
    >>> game.go_back(1)                         # back to the start of turn 1 (rewind and branch)

The API speaks the game's words: what the screen calls a dilemma is ``Game.dilemma`` (an
:class:`~game.content.Dilemma`, which the content files write as an ``[[event]]`` table), and
each move has one verb here and in the engine: ``answer``, ``set_policy``, ``end_season``, ``play``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType

from attrs import frozen

from game import advice
from game.i18n import _
from game.advice import Hint
from game.rules import engine
from game.rules.model import Content, Date, DriftRule, Effects, Ending, Dilemma, Option, Policy
from game.content.loader import load_cached
from game.rules.regime import Pressure, pressures
from game.rules.state import GameState, LiveState, MeterChange, SeasonMark, namespace
from game.rules.variants import TurnWorld, drift_text, follows_run, shown_dilemma, shown_ending, told_options, turn_worlds

GameOverError = engine.GameOverError
MoveError = engine.MoveError


@frozen
class Why:
    """One past movement of a meter with its cause in words."""

    turn: int
    date: Date
    delta: float
    cause: str
    text: str


class ReplayError(ValueError):
    """A move that cannot be replayed: which one, on which turn, and why.

    ``game`` is the game just before that move, so a caller may offer to go on from there.
    """

    def __init__(self, index: int, turn: int, move: object, reason: str, game: Game) -> None:
        self.index = index  # 0-based
        self.turn = turn
        self.move = move
        self.reason = reason
        self.game = game
        super().__init__(_("move {number} ({move}, turn {turn}) does not apply: {reason}").format(
            number=index + 1, move=repr(move), turn=turn, reason=reason))


Record = tuple[int, tuple[int, ...], bool]  # GameState's record of play: rewinds, went_back, one_life


class Game:
    """A game in progress: content plus its one timeline, advanced by moves.

    As python-chess keeps ``move_stack`` and ``_stack`` inside its ``Board``, a game keeps its moves
    (in the live state) and the frozen state at the start of each season of the line in play
    (:attr:`seasons`), which :meth:`end_season` pushes; :meth:`go_back` returns to one of them
    (rewind and branch are both that), :attr:`state` is a frozen snapshot, and :meth:`clone` a
    copy without the stack for rollouts. Moves are played on a live state in place.
    """

    content: Content
    _live: LiveState
    _frozen: GameState | None
    # the season starts, each a GameState or, until somebody reads it, a cheaper SeasonMark of the
    # live state; None until asked for (then found by replay)
    _starts: list[GameState | SeasonMark] | None

    def __init__(self, content: Content, state: GameState) -> None:
        self.content = content
        self.state = state

    @property
    def state(self) -> GameState:
        """The game as it stands, frozen: made when first read after a move, then kept until the next.

        The snapshot is kept while the live state has played no further move, so a rollout that
        moves the live state through the engine directly is seen at once."""
        frozen = self._frozen
        if frozen is None or len(frozen.moves) != len(self._live.moves):
            frozen = self._frozen = self._live.freeze()
            starts = self._starts
            if starts and type(top := starts[-1]) is SeasonMark and top.moves == len(frozen.moves):
                starts[-1] = frozen  # the season's start was marked, and is now frozen anyway
        return frozen

    @state.setter
    def state(self, state: GameState) -> None:
        """Put a state in play; its season starts are found by replaying its moves when first asked for."""
        self._live = state.thaw()
        self._frozen = state
        self._starts = None

    @property
    def policies(self) -> Mapping[str, int]:
        """Each policy's current level (read-only; change one with :meth:`set_policy`)."""
        return MappingProxyType(self._live.policies)

    @property
    def meters(self) -> Mapping[str, float]:
        """The meters now (read-only), without freezing the state."""
        return MappingProxyType(self._live.meters)

    @classmethod
    def new(cls, content: Content | Path | str | None = None, scenario: str | None = None, seed: int = 0,
            deck: int = 0, one_life: bool = False, timeline: bool = True) -> Game:
        """Start a scenario (the default one if None) with a seed, in a class's deck if one is given
        (0: none), as a one-life game if asked; content given as a path is loaded once and remembered
        while its files are unchanged (see ``game.content.loader.load_cached``). Without ``timeline`` the
        game keeps no season starts as it plays (a replay read once, as a run code's writer does;
        they are found by replay if asked for)."""
        loaded = content if isinstance(content, Content) else load_cached(content)
        live = engine.begin(loaded, scenario, seed, deck)
        live.one_life = one_life
        game = cls.from_live(loaded, live)
        game._starts = [live.mark()] if timeline else None
        return game

    @classmethod
    def from_live(cls, content: Content, live: LiveState) -> Game:
        """A game around a live state it takes over (nobody else may change that state but the engine's
        moves); its season starts are found by replay if asked for."""
        game = cls.__new__(cls)
        game.content, game._live, game._frozen, game._starts = content, live, None, None
        return game

    @classmethod
    def replay(cls, content: Content, scenario: str, seed: int, moves: Iterable[object], deck: int = 0,
               record: Record = (0, (), False)) -> Game:
        """A new game (in a class's deck if ``deck``) with the moves played in order: the one place a
        game is rebuilt from its seed and moves (saves, run codes, the season starts). ReplayError
        names the first move that does not apply; ``record`` (rewinds, seasons gone back to, one
        life) is carried over as it is, since the rules never read it."""
        game = cls.new(content, scenario, seed, deck, one_life=record[2])
        if record[:2] != (0, ()):
            game._live.rewinds, game._live.went_back = record[0], tuple(record[1])
            game._frozen = None
            game._starts = [game._live.mark()]
        game.play_all(moves)
        return game

    def play_all(self, moves: Iterable[object]) -> None:
        """Play recorded moves in order (``moves`` may read this game as it goes, as a run code's
        reader does); ReplayError names the first that does not apply, the game left just before it."""
        for index, move in enumerate(moves):
            turn = self._live.turn
            if not isinstance(move, str):
                raise ReplayError(index, turn, move, _("a move is a string"), self)
            try:
                self.play(move)
            except MoveError as error:
                raise ReplayError(index, turn, move, str(error), self) from None

    # --- the timeline -------------------------------------------------------------------------

    @property
    def seasons(self) -> Sequence[GameState]:
        """The frozen state at the start of each season of the line in play, the first season first:
        exactly one a season, the last one the season in play (or the last played, if it is over)."""
        return tuple(self._timeline())

    def _timeline(self) -> list[GameState]:
        """The season starts, every one a GameState (a mark is made one now, while its lists are this game's)."""
        starts = self._starts
        if starts is None:
            state = self.state
            starts = self._starts = list(Game.replay(self.content, state.scenario, state.seed, state.moves,
                                                     state.deck, record_of(state))._timeline())
        live = self._live
        for at, start in enumerate(starts):
            if type(start) is SeasonMark:
                starts[at] = start.state(live)
        return starts  # type: ignore[return-value]  # every mark was made a GameState just now

    def go_back(self, turn: int) -> None:
        """Return to the start of a season of the line in play (rewind and branch are both this): its
        state is restored exactly, dice included, and the record counts one more time gone back."""
        starts = self._timeline()
        if not 1 <= turn <= len(starts):
            raise MoveError(_("turn {turn} is not a season of this game (1 to {last})").format(turn=turn, last=len(starts)))
        now = self.state
        del starts[turn:]
        starts[-1] = back = starts[-1].replace(rewinds=now.rewinds + 1, went_back=(*now.went_back, turn),
                                               one_life=now.one_life)
        self._live, self._frozen = back.thaw(), back

    def clone(self) -> Game:
        """A copy to play on without touching this game, as python-chess's ``copy(stack=False)``: the
        live state is copied, the season starts are not (a rollout has no use for them)."""
        return Game.from_live(self.content, self._live.copy())

    # --- reading ------------------------------------------------------------------------------

    @property
    def pending_id(self) -> str | None:
        """The id of the dilemma awaiting an answer, if any (without telling it)."""
        return self._live.pending[0] if self._live.pending else None

    @property
    def dilemma(self) -> Dilemma | None:
        """The dilemma awaiting an answer, if any."""
        return shown_dilemma(self._live, engine.pending_dilemma(self.content, self._live))

    @property
    def over(self) -> bool:
        return self._live.outcome is not None

    @property
    def date(self) -> Date:
        return self._live.date

    @property
    def phase_name(self) -> str:
        phase = self.content.phases.get(self.state.phase)
        return phase.name if phase else self.state.phase

    @property
    def ending(self) -> Ending | None:
        return shown_ending(self.content, self.state, next((e for e in self.content.endings if e.id == self.state.ending), None))

    @property
    def reasons(self) -> list[str]:
        """Why the regime moved, phase by phase, in order; the last one ended the game if it is over."""
        return [f"Turn {c.turn}: {c.reason}" for c in self.state.transitions]

    def options(self) -> list[Option]:
        """The available options of the pending dilemma, worded as this run has them."""
        return told_options(engine.available_options(self.content, self._live), self._live)

    def follows_run(self) -> bool:
        """Whether the pending dilemma is told or offered differently because of what this run did (see
        :func:`game.rules.variants.follows_run`)."""
        dilemma = engine.pending_dilemma(self.content, self._live)
        return dilemma is not None and follows_run(self._live, dilemma, engine.available_options(self.content, self._live))

    def policy_moves(self) -> dict[str, tuple[int, ...]]:
        return engine.policy_moves(self.content, self._live)

    def pressures(self) -> list[Pressure]:
        """The transitions out of the current phase and how close each is to firing."""
        return pressures(self.content, self._live)

    def indicators(self, state: GameState | None = None) -> dict[str, float]:
        """Each indicator's value now, or in another state of this game (a season's start, say)."""
        state = self.state if state is None else state
        ns = namespace(state)
        return {i.id: float(i.value(ns, state.flags, state.policies)) for i in self.content.indicators}

    def hints(self, option: Option | Effects) -> list[Hint]:
        """An advisor's reading of an option (or a policy's effects): which meters it touches and which
        way, not by how much (see :mod:`game.advice`)."""
        return advice.hints(self.content, option)

    def level_drift(self, policy_id: str, level: int) -> dict[str, float]:
        """What the drift adds to each meter a season with a policy at ``level`` rather than at its usual
        level, at today's meters (see :func:`game.advice.level_drift`)."""
        return advice.level_drift(self.content, self._live, policy_id, level)

    def level_drift_rules(self, policy_id: str, level: int) -> list[DriftRule]:
        """The drift rules whose amount a policy at ``level`` changes (see :func:`game.advice.level_drift_rules`)."""
        return advice.level_drift_rules(self.content, self._live, policy_id, level)

    def level_hints(self, policy_id: str, level: int) -> list[Hint]:
        """An advisor's reading of a policy level's whole effect on each meter a season, the drift it brings
        counted in (see :func:`game.advice.level_hints`)."""
        return advice.level_hints(self.content, self._live, policy_id, level)

    def describe_cause(self, cause: str, world: TurnWorld | None = None, ns: Mapping[str, object] | None = None) -> str:
        """A meter change's cause in words: the event and option, the policy, or the drift rule (told as the
        run stood in ``world``, with the meters of ``ns``, so it speaks only of what has happened: see
        :func:`game.rules.variants.drift_text`)."""
        kind, _sep, ident = cause.partition(":")
        if kind == "event":
            dilemma_id, _sep, option_id = ident.partition("/")
            dilemma = self.content.events.get(dilemma_id)
            option = next((o for o in dilemma.options if o.id == option_id), None) if dilemma else None
            return f"{dilemma.title}: {option.label}" if dilemma and option else ident
        if kind in ("policy", "change"):
            ident, _sep, at = ident.partition("@")  # a standing effect records the level it was taken at
            policy = self.content.policies.get(ident)
            if policy is None:
                return ident
            if kind == "change":
                return _("Changing {policy}").format(policy=policy.name)
            number = int(at) if at.isascii() and at.isdigit() else self.state.policies.get(ident, 0)
            level = policy.levels[number].name if 0 <= number < len(policy.levels) else _("level {number}").format(number=number)
            return f"{policy.name} ({level})"
        if kind == "drift":
            rule = next((r for r in self.content.drift if r.id == ident), None)
            return drift_text(rule, ns or {}, world) if rule else ident
        return cause

    def why(self, meter: str, turns: int = 4) -> list[Why]:
        """The recent changes of a meter with their causes, newest first (this turn's included)."""
        if meter not in self.content.meters:
            raise MoveError(_("no meter '{name}'").format(name=meter))
        found: list[Why] = []
        current: list[tuple[int, Date, Sequence[MeterChange]]] = []
        if self.state.changes:
            current.append((self.state.turn, self.state.date, self.state.changes))
        records = [(r.turn, r.date, r.changes) for r in self.state.history[-turns:]]
        worlds = turn_worlds(self.content, self.state) if any(
            c.cause.startswith("drift:") and c.meter == meter for _, _, changes in records for c in changes) else {}
        meters = {r.turn: r.meters for r in self.state.history}
        for turn, date, changes in reversed(records + current):
            world = worlds.get(turn)
            ns = None
            if world is not None:
                ns = dict(meters[turn]) | {"year": date.year, "quarter": date.quarter, "turn": turn,
                                           "turns_left": self.state.last_turn - turn, "phase": world.phase}
            for change in reversed(changes):
                if change.meter == meter:
                    text = self.describe_cause(change.cause, world, ns)
                    found.append(Why(turn, date, change.delta, change.cause, text))
        return found

    def meter_history(self, meter: str) -> list[float]:
        """The meter at the start, then at the end of every completed turn."""
        return [self.state.start_meters[meter]] + [r.meters[meter] for r in self.state.history]

    # --- moves --------------------------------------------------------------------------------

    def answer(self, option_id: str) -> None:
        """Answer the pending dilemma with one of its available options."""
        engine.answer(self.content, self._live, option_id)

    def set_policy(self, policy_id: str, level: int) -> None:
        """Move a standing policy one level (once per policy per turn)."""
        engine.set_policy(self.content, self._live, policy_id, level)

    def end_season(self) -> None:
        """Close the turn once every dilemma is answered; the next season's start joins the timeline."""
        read = self._read()
        engine.end_season(self.content, self._live)
        self._season_began(read)

    def play(self, move: str) -> None:
        """Play one recorded move ("event:option", "policy:<id>:<level>" or "end")."""
        if move == "end":
            return self.end_season()
        engine.play(self.content, self._live, move)

    def _read(self) -> bool:
        """Whether the state was frozen since the last move: then somebody reads it after every move."""
        frozen = self._frozen
        return frozen is not None and len(frozen.moves) == len(self._live.moves)

    def _season_began(self, read: bool) -> None:
        """Push the new season's start: frozen at once for a reader who will freeze it anyway (the
        terminal), else marked, for a replay that may never ask for it."""
        if self._starts is not None and self._live.outcome is None:
            self._starts.append(self.state if read else self._live.mark())

    def policy(self, policy_id: str) -> Policy:
        return self.content.policies[policy_id]


def record_of(state: GameState) -> Record:
    """A state's record of play (rewinds, seasons gone back to, one life), to carry through a replay."""
    return state.rewinds, state.went_back, state.one_life
