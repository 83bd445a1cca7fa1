"""The rules of a turn: moves played on a live state, and pure functions over frozen ones.

A turn: the engine draws one or two dilemmas (pinned history, follow-ups due, then by condition
and weight); the player answers each and may change standing policies; ending the turn applies
the policies and the country's drift, runs the regime's state machine and moves the date on a
season.

The moves change a :class:`LiveState` in place, and check a move in full before they change
anything, so a refused move leaves the state as it was. One verb per move, the same in the engine
and in :class:`game.api.Game`:

    begin(content, scenario, seed) -> LiveState     answer(content, live, option_id)
    set_policy(content, live, policy_id, level)     end_season(content, live)
    play(content, live, "event:option" | "policy:<id>:<level>" | "end")

For callers that keep states apart (tests, replays) ``new_game`` and ``after`` are the pure forms:
``after(content, state, move)`` is the frozen state after one recorded move. The read functions
(``available_options``, ``policy_moves``, ...) take either kind of state.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence
from typing import Any

from game.i18n import _
from game.rules.model import FOLLOWUP_WAIT, Content, Date, Dilemma, Option, Roll
from game.rules.dice import Dice, seed_problem, seed_state
from game.rules.regime import run_regime, survival
from game.rules.state import AnyState, Decision, FollowUpDue, FrozenDict, GameState, LiveState, MeterChange, TurnRecord, namespace

MAX_DILEMMAS = 2


class MoveError(ValueError):
    """A move the rules do not allow now; the message says why."""


class GameOverError(MoveError):
    """A move after the game has ended."""


def begin(content: Content, scenario: str | None = None, seed: int = 0, deck: int = 0) -> LiveState:
    """The live state at the start of a scenario, with the first turn's dilemmas drawn.

    A ``deck`` other than 0 is a class's: the draw by weight follows it (see :func:`draw_from_deck`).
    """
    if (wrong := seed_problem(seed)) is not None:
        raise MoveError(wrong)
    chosen = content.scenarios.get(scenario) if scenario else content.default_scenario
    if chosen is None:
        raise MoveError(_("no scenario '{name}' (scenarios: {known})").format(name=scenario, known=", ".join(content.scenarios)))
    meters = {m.id: float(chosen.meters.get(m.id, m.start)) for m in content.meters.values()}
    policies = {p.id: chosen.policies.get(p.id, p.start) for p in content.policies.values()}
    live = LiveState(
        scenario=chosen.id, seed=seed, turn=1, date=chosen.start, last_turn=chosen.end.index - chosen.start.index + 1,
        meters=meters, start_meters=FrozenDict(meters), flags=set(chosen.flags), policies=policies, phase=chosen.phase,
        rng=seed_state(seed), scheduled=[FollowUpDue(1, ident, "scenario") for ident in chosen.force],
        last_fired={}, streaks={}, pending=[], drawn=(), decisions=[], policy_changes=[], changes=[], history=[],
        transitions=[], moves=[], outcome=None, collapse_kind=None, ending=None, deck=deck)
    dice = Dice(live.rng)
    _draw(content, live, namespace(live), live.turn, live.date, dice)
    live.rng = dice.state
    return live


def new_game(content: Content, scenario: str | None = None, seed: int = 0, deck: int = 0) -> GameState:
    """The state at the start of a scenario, with the first turn's dilemmas drawn."""
    return begin(content, scenario, seed, deck).freeze()


# --- what the player sees -----------------------------------------------------------------------

def pending_dilemma(content: Content, state: AnyState) -> Dilemma | None:
    return content.events[state.pending[0]] if state.pending else None


def presented(content: Content, state: AnyState, event: Dilemma) -> tuple[Option, ...]:
    """An event's options in the order this game shows them: the writers' order, begun at a place set
    by the game's seed and the event, so that no position is always the writers' first answer (a
    player who always takes the first option plays as if at random) while the same seed shows the
    same order to everyone."""
    options = event.options
    start = (state.seed + content.index.shuffle[event.id]) % len(options)
    return options[start:] + options[:start] if start else options


def available_options(content: Content, state: AnyState, event: Dilemma | None = None) -> list[Option]:
    """The pending dilemma's options that are open now, in the order the game shows them."""
    event = event or pending_dilemma(content, state)
    if event is None:
        return []
    options = presented(content, state, event)
    if event.id in content.index.free:
        return list(options)
    ns = namespace(state)
    return [o for o in options if o.when is None or o.when.fn(ns, state.flags, state.policies)]


def _available(event: Dilemma, ns: dict[str, Any], state: AnyState) -> bool:
    for option in event.options:
        if option.when is None or option.when.fn(ns, state.flags, state.policies):
            return True
    return False


def policy_moves(content: Content, state: AnyState) -> dict[str, tuple[int, ...]]:
    """For each policy, the levels it may be changed to this turn (one step, once a turn)."""
    if state.outcome is not None:
        return {}
    changed = {pid for pid, _ in state.policy_changes}
    levels = state.policies
    return {pid: () if pid in changed else steps[levels[pid]] for pid, steps in content.index.steps.items()}


# --- moves on a live state ------------------------------------------------------------------------

def _ensure_playing(state: AnyState) -> None:
    if state.outcome is not None:
        raise GameOverError(_("the game has ended ({outcome}); start a new one").format(outcome=state.outcome.replace("_", " ")))


_new_change = tuple.__new__  # MeterChange(...) without the named tuple's Python-level __new__


def _apply(effects: Sequence[Roll], dice: Dice, meters: dict[str, float], out: list[MeterChange]) -> None:
    """Roll each effect's range, add it to its meter clamped to 0-100, and record the change that
    really happened with its cause."""
    append = out.append
    for meter, low, high, cause in effects:
        old = meters[meter]
        new = old + (low if low == high else round(low + (high - low) * dice.random(), 1))
        if new < 0.0:
            new = 0.0
        elif new > 100.0:
            new = 100.0
        if new != old:
            meters[meter] = new
            append(_new_change(MeterChange, (meter, new - old, cause)))


def answer(content: Content, live: LiveState, option_id: str) -> None:
    """Answer the pending dilemma with one of its available options."""
    _ensure_playing(live)
    if not live.pending:
        raise MoveError(_("there is no dilemma to answer; end the turn"))
    event_id = live.pending[0]
    choice = content.index.choices[event_id].get(option_id)
    if choice is None or (choice.option.when is not None
                          and not choice.option.when.fn(namespace(live), live.flags, live.policies)):
        known = ", ".join(o.id for o in available_options(content, live)) or _("none")
        raise MoveError(_("'{option}' is not an available option of '{dilemma}' (available: {known})").format(
            option=option_id, dilemma=event_id, known=known))
    option = choice.option
    dice = Dice(live.rng)
    _apply(choice.effects, dice, live.meters, live.changes)
    live.rng = dice.state
    if option.set_flags:
        live.flags.update(option.set_flags)
    if option.clear_flags:
        live.flags.difference_update(option.clear_flags)
    for followup in option.followups:
        live.scheduled.append(FollowUpDue(live.turn + followup.after, followup.event, choice.source))
    if option.policies:
        live.policies.update(option.policies)
    del live.pending[0]
    live.decisions.append(Decision(event_id, option_id))
    live.moves.append(choice.move)


def set_policy(content: Content, live: LiveState, policy_id: str, level: int) -> None:
    """Move a standing policy one level; its change cost is paid at once."""
    _ensure_playing(live)
    policy = content.policies.get(policy_id)
    if policy is None:
        raise MoveError(_("no policy '{name}' (policies: {known})").format(name=policy_id, known=", ".join(content.policies)))
    if any(pid == policy_id for pid, _ in live.policy_changes):
        raise MoveError(_("{policy} has already been changed this turn").format(policy=policy.name))
    allowed = content.index.steps[policy_id][live.policies[policy_id]]
    if level not in allowed:
        raise MoveError(_("{policy} can move one level a turn, to {allowed}, not {level}").format(
            policy=policy.name, allowed=_(" or ").join(map(str, allowed)) or _("nothing"), level=level))
    dice = Dice(live.rng)
    _apply(content.index.change_cost[policy_id], dice, live.meters, live.changes)
    live.rng = dice.state
    live.policies[policy_id] = level
    live.policy_changes.append((policy_id, level))
    live.moves.append(f"policy:{policy_id}:{level}")


def end_season(content: Content, live: LiveState) -> None:
    """Close the turn: policies, drift, the regime's state machine, the next season and its dilemmas."""
    _ensure_playing(live)
    if live.pending:
        raise MoveError(_("answer the dilemma '{title}' first").format(title=content.events[live.pending[0]].title))
    index = content.index
    dice = Dice(live.rng)
    meters, changes, flags, policies = live.meters, live.changes, live.flags, live.policies
    _apply(index.upkeep_of(policies), dice, meters, changes)
    ns = namespace(live)
    # every drift amount and condition reads ``ns``, the meters as they stood after upkeep: order-free
    index.apply_drift(ns, flags, policies, meters, changes.append, MeterChange)
    ns.update(meters)
    verdict = run_regime(content, live, ns)
    phase, outcome, kind = verdict.phase, verdict.outcome, verdict.kind
    live.transitions += verdict.changes
    if outcome is None and live.turn >= live.last_turn:
        outcome, kind = "survival", None
        live.transitions.append(survival(content, live, ns))
    live.history.append(TurnRecord(
        turn=live.turn, date=live.date, drawn=live.drawn, decisions=tuple(live.decisions),
        policy_changes=tuple(live.policy_changes), changes=tuple(changes), meters=FrozenDict(meters), phase=phase))
    if outcome is not None:
        live.ending = select_ending(content, live, ns, outcome, kind)
        live.outcome, live.collapse_kind = outcome, kind
    live.phase, live.streaks = phase, verdict.streaks
    live.drawn, live.decisions, live.policy_changes, live.changes = (), [], [], []
    live.moves.append("end")
    if outcome is None:
        live.turn += 1
        live.date = Date.from_index(live.date.index + 1)
        ns.update(year=live.date.year, quarter=live.date.quarter, turn=live.turn, turns_left=live.last_turn - live.turn,
                  phase=phase)
        _draw(content, live, ns, live.turn, live.date, dice)
    live.rng = dice.state


_CHOICE = re.compile(r"^([a-z][a-z0-9_]*):([a-z][a-z0-9_]*)$")
_POLICY_MOVE = re.compile(r"^policy:([a-z][a-z0-9_]*):([0-9]{1,4})$")


def play(content: Content, live: LiveState, move: str) -> None:
    """Play one recorded move: "event:option", "policy:<id>:<level>" or "end" (as in ``state.moves``)."""
    if move == "end":
        return end_season(content, live)
    policy = _POLICY_MOVE.match(move)
    if policy:
        return set_policy(content, live, policy.group(1), int(policy.group(2)))
    choice = _CHOICE.match(move)
    if not choice:
        raise MoveError(_("'{move}' is not a move (a move is 'dilemma:option', 'policy:<id>:<level>' or 'end')").format(move=move))
    _ensure_playing(live)
    event_id, option_id = choice.groups()
    if not live.pending:
        raise MoveError(_("there was no dilemma to answer, so '{dilemma}' cannot be answered").format(dilemma=event_id))
    if live.pending[0] != event_id:
        raise MoveError(_("it answers '{dilemma}', but the dilemma then was '{then}'").format(dilemma=event_id, then=live.pending[0]))
    return answer(content, live, option_id)


# --- the same moves as pure functions of frozen states ---------------------------------------

def after(content: Content, state: GameState, move: str) -> GameState:
    """The state after one recorded move ("event:option", "policy:<id>:<level>" or "end")."""
    live = state.thaw()
    play(content, live, move)
    return live.freeze()


def select_ending(content: Content, state: AnyState, ns: dict[str, Any], outcome: str, kind: str | None) -> str | None:
    """The ending text for an outcome: the most specific whose condition holds."""
    fitting = [e for e in content.endings if e.outcome == outcome and e.kind in (kind, None)
               and (e.when is None or e.when(ns, state.flags, state.policies))]
    fitting.sort(key=lambda e: (e.kind is None, e.when is None))
    return fitting[0].id if fitting else None


# --- drawing dilemmas -------------------------------------------------------------------------

def _eligible(content: Content, state: AnyState, ns: dict[str, Any], event: Dilemma, turn: int) -> bool:
    last = state.last_fired.get(event.id)
    if last is not None and (event.once or turn - last <= event.cooldown):
        return False
    if event.when is not None and not event.when.fn(ns, state.flags, state.policies):
        return False
    return event.id in content.index.always_open or _available(event, ns, state)


def eligible_events(content: Content, state: AnyState, ns: dict[str, Any] | None = None,
                    turn: int | None = None, date: Date | None = None) -> list[tuple[Dilemma, float]]:
    """Events that may be drawn by weight (not pinned, not follow-up only), with their weights.

    By default for the state's own turn; the engine passes the coming turn while closing one.
    The weights of every event drawable at the date (its condition, its options' and its modifiers) are
    computed in one call.
    """
    ns = ns if ns is not None else namespace(state)
    turn = state.turn if turn is None else turn
    date = state.date if date is None else date
    fired = state.last_fired
    weights = content.index.weights_at(date.index)(ns, state.flags, state.policies)
    found = []
    for (event, _rule), weight in zip(content.index.drawable.get(date.index, ()), weights):
        last = fired.get(event.id)
        if last is not None and (event.once or turn - last <= event.cooldown):
            continue
        if weight > 0:
            found.append((event, weight))
    return found


def _draw(content: Content, live: LiveState, ns: dict[str, Any], turn: int, date: Date, dice: Dice) -> None:
    """Choose a turn's dilemmas: pinned history, follow-ups due, then by weight."""
    forced = [e.id for e in content.index.pinned.get(date.index, ()) if _eligible(content, live, ns, e, turn)]
    kept: list[FollowUpDue] = []
    for due in live.scheduled:
        if due.turn > turn:
            kept.append(due)
            continue
        event = content.events[due.event]
        if due.event in forced or (event.once and due.event in live.last_fired) or not _followup_ok(live, ns, event):
            continue  # its moment passed (or, once only, it came already): it does not come again
        if len(forced) < min(MAX_DILEMMAS, content.scenarios[live.scenario].followup_room):
            forced.append(due.event)
        elif turn - due.turn < FOLLOWUP_WAIT:
            kept.append(due)  # it waits a season, keeping the turn it was due
        # else it has waited as long as a follow-up may: its moment has passed
    slots = 1 + (dice.random() < content.scenarios[live.scenario].second_dilemma_chance)
    drawn = forced
    if live.deck:
        drawn = draw_from_deck(content, live, ns, turn, date, forced)
    elif len(drawn) < slots:
        pool = [(e, w) for e, w in eligible_events(content, live, ns, turn, date) if e.id not in drawn]
        while pool and len(drawn) < slots:
            index = dice.pick_weighted([w for _, w in pool])
            drawn.append(pool.pop(index)[0].id)
    for ident in drawn:
        live.last_fired[ident] = turn
    live.scheduled = kept
    live.drawn = tuple(drawn)
    live.pending = drawn


def _followup_ok(state: AnyState, ns: dict[str, Any], event: Dilemma) -> bool:
    if event.when is not None and not event.when.fn(ns, state.flags, state.policies):
        return False
    return _available(event, ns, state)


# --- a class's deck ---------------------------------------------------------------------------

_MASK64 = (1 << 64) - 1


def deck_place(deck: int, turn: int, card: str) -> float:
    """Where a class's deck puts a card on a turn: a number in (0, 1] fixed by the deck alone.

    It does not depend on anything a player did, so every student of a class reads the same deck.
    """
    digest = hashlib.blake2b(f"{card}@{turn}".encode(), digest_size=8, key=(deck & _MASK64).to_bytes(8, "big")).digest()
    return (int.from_bytes(digest, "big") + 1) / 2.0**64


def draw_from_deck(content: Content, live: LiveState, ns: dict[str, Any], turn: int, date: Date,
                   forced: list[str]) -> list[str]:
    """A class game's draw: the turn's dilemmas after the pinned and due ones, taken from the deck.

    The deck fixes, for every turn, a place for every card and whether the turn has a second
    dilemma. The student takes the first card in the deck's order that is eligible in the student's
    own state, where a card's weight there moves it forward (its place is ``-ln(u) / weight``: an
    exponential race, which picks each card with the same chances as the weighted draw, so a class
    game is as hard as any other). Students whose states allow the same cards with the same weights
    therefore meet the same dilemmas, and one whose choices closed a card meets the next in the
    deck. The game's own dice play no part, so the draw cannot drift apart through them.
    """
    deck = live.deck
    second = deck_place(deck, turn, "#second") <= content.scenarios[live.scenario].second_dilemma_chance
    drawn = list(forced)
    slots = 2 if second else 1
    if len(drawn) >= slots:
        return drawn
    race = sorted((-math.log(deck_place(deck, turn, event.id)) / weight, event.id)
                  for event, weight in eligible_events(content, live, ns, turn, date) if event.id not in drawn)
    drawn += [ident for _, ident in race[:slots - len(drawn)]]
    return drawn
