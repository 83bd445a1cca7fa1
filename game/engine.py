"""The rules of a turn, as pure functions from (content, state, move) to a new state.

A turn: the engine draws one or two dilemmas (pinned history, follow-ups due, then by condition
and weight); the player answers each and may change standing policies; ending the turn applies
the policies and the country's drift, runs the regime's state machine and moves the date on a
season. Each function returns a new :class:`GameState` made with one ``replace``.
"""

from __future__ import annotations

import re
from typing import Any

from game.content import Content, Date, Effects, Event, Option
from game.dice import Dice, seed_state
from game.regime import run_regime, survival
from game.state import Decision, FollowUpDue, GameState, MeterChange, TurnRecord, namespace

MAX_DILEMMAS = 2


class MoveError(ValueError):
    """A move the rules do not allow now; the message says why."""


class GameOverError(MoveError):
    """A move after the game has ended."""


def new_game(content: Content, scenario: str | None = None, seed: int = 0) -> GameState:
    """The state at the start of a scenario, with the first turn's dilemmas drawn."""
    chosen = content.scenarios.get(scenario) if scenario else content.default_scenario
    if chosen is None:
        raise MoveError(f"no scenario '{scenario}' (scenarios: {', '.join(content.scenarios)})")
    meters = {m.id: float(chosen.meters.get(m.id, m.start)) for m in content.meters.values()}
    policies = {p.id: chosen.policies.get(p.id, p.start) for p in content.policies.values()}
    state = GameState(
        scenario=chosen.id,
        seed=seed,
        turn=1,
        date=chosen.start,
        last_turn=chosen.end.index - chosen.start.index + 1,
        meters=meters,
        start_meters=dict(meters),
        flags=frozenset(chosen.flags),
        policies=policies,
        phase=chosen.phase,
        rng=seed_state(seed),
        scheduled=tuple(FollowUpDue(1, ident, "scenario") for ident in chosen.force),
    )
    dice = Dice(state.rng)
    drawn, scheduled, fired = _draw(content, state, namespace(state), state.turn, state.date, dice)
    return state.replace(pending=drawn, drawn=drawn, scheduled=scheduled, last_fired=fired, rng=dice.state)


# --- what the player sees -----------------------------------------------------------------------

def pending_event(content: Content, state: GameState) -> Event | None:
    return content.events[state.pending[0]] if state.pending else None


def available_options(content: Content, state: GameState, event: Event | None = None) -> list[Option]:
    event = event or pending_event(content, state)
    if event is None:
        return []
    ns = namespace(state)
    return [o for o in event.options if o.when is None or o.when(ns, state.flags, state.policies)]


def _available(event: Event, ns: dict[str, Any], state: GameState) -> bool:
    for option in event.options:
        if option.when is None or option.when.fn(ns, state.flags, state.policies):
            return True
    return False


# --- moves ----------------------------------------------------------------------------------

def _ensure_playing(state: GameState) -> None:
    if state.outcome is not None:
        raise GameOverError(f"the game has ended ({state.outcome.replace('_', ' ')}); start a new one")


_new_change = tuple.__new__  # MeterChange(...) without the named tuple's Python-level __new__


def _rolled(effects: Effects, cause: str, dice: Dice) -> list[tuple[str, float, str]]:
    """An option's or a policy's effects with their random ranges rolled: (meter, amount, cause)."""
    return [(meter, low if low == high else round(dice.uniform(low, high), 1), cause)
            for meter, low, high in effects.changes]


def _settle(moves: list[tuple[str, float, str]], meters: dict[str, float], out: list[MeterChange]) -> None:
    """Add each (meter, amount, cause), clamped to 0-100, and record the change that really happened."""
    for meter, amount, cause in moves:
        old = meters[meter]
        new = old + amount
        if new < 0.0:
            new = 0.0
        elif new > 100.0:
            new = 100.0
        if new != old:
            meters[meter] = new
            out.append(_new_change(MeterChange, (meter, new - old, cause)))




def choose(content: Content, state: GameState, option_id: str) -> GameState:
    """Answer the pending dilemma with one of its available options."""
    _ensure_playing(state)
    event = pending_event(content, state)
    if event is None:
        raise MoveError("there is no dilemma to answer; end the turn")
    option = next((o for o in event.options if o.id == option_id), None)
    if option is None or (option.when is not None and not option.when(namespace(state), state.flags, state.policies)):
        known = ", ".join(o.id for o in available_options(content, state, event)) or "none"
        raise MoveError(f"'{option_id}' is not an available option of '{event.id}' (available: {known})")
    dice = Dice(state.rng)
    meters = dict(state.meters)
    changes: list[MeterChange] = []
    _settle(_rolled(option.effects, f"event:{event.id}/{option.id}", dice), meters, changes)
    flags = (state.flags | frozenset(option.set_flags)) - frozenset(option.clear_flags)
    scheduled = state.scheduled + tuple(
        FollowUpDue(state.turn + f.after, f.event, f"{event.id}/{option.id}") for f in option.followups)
    policies = {**state.policies, **option.policies} if option.policies else state.policies
    return state.replace(
        meters=meters,
        flags=flags,
        policies=policies,
        scheduled=scheduled,
        rng=dice.state,
        pending=state.pending[1:],
        decisions=state.decisions + (Decision(event.id, option.id),),
        changes=state.changes + tuple(changes),
        moves=state.moves + (f"{event.id}:{option.id}",),
    )


def policy_moves(content: Content, state: GameState) -> dict[str, tuple[int, ...]]:
    """For each policy, the levels it may be changed to this turn (one step, once a turn)."""
    if state.outcome is not None:
        return {}
    changed = {pid for pid, _ in state.policy_changes}
    moves = {}
    for policy in content.policies.values():
        level = state.policies[policy.id]
        moves[policy.id] = () if policy.id in changed else tuple(
            lv for lv in (level - 1, level + 1) if 0 <= lv < len(policy.levels))
    return moves


def change_policy(content: Content, state: GameState, policy_id: str, level: int) -> GameState:
    """Move a standing policy one level; its change cost is paid at once."""
    _ensure_playing(state)
    policy = content.policies.get(policy_id)
    if policy is None:
        raise MoveError(f"no policy '{policy_id}' (policies: {', '.join(content.policies)})")
    allowed = policy_moves(content, state)[policy_id]
    if level not in allowed:
        if any(pid == policy_id for pid, _ in state.policy_changes):
            raise MoveError(f"{policy.name} has already been changed this turn")
        raise MoveError(f"{policy.name} can move one level a turn, to {' or '.join(map(str, allowed)) or 'nothing'}, not {level}")
    dice = Dice(state.rng)
    meters = dict(state.meters)
    changes: list[MeterChange] = []
    _settle(_rolled(policy.change, f"change:{policy.id}", dice), meters, changes)
    return state.replace(
        meters=meters,
        policies={**state.policies, policy_id: level},
        rng=dice.state,
        policy_changes=state.policy_changes + ((policy_id, level),),
        changes=state.changes + tuple(changes),
        moves=state.moves + (f"policy:{policy_id}:{level}",),
    )


def end_turn(content: Content, state: GameState) -> GameState:
    """Close the turn: policies, drift, the regime's state machine, the next season and its dilemmas."""
    _ensure_playing(state)
    if state.pending:
        raise MoveError(f"answer the dilemma '{content.events[state.pending[0]].title}' first")
    dice = Dice(state.rng)
    meters = dict(state.meters)
    changes = list(state.changes)
    standing = content.index.standing
    upkeep: list[tuple[str, float, str]] = []
    for pid, level in state.policies.items():
        upkeep += _rolled(*standing[pid][level], dice)
    _settle(upkeep, meters, changes)
    ns = namespace(state, meters)
    amounts = content.index.drift(ns, state.flags, state.policies)  # all from the same state: order-free
    _settle([(meter, amount, cause) for (meter, cause, when), amount in zip(content.index.drift_rules, amounts)
             if amount and (when is None or when.fn(ns, state.flags, state.policies))], meters, changes)
    ns.update(meters)
    verdict = run_regime(content, state, ns)
    phase, outcome, kind = verdict.phase, verdict.outcome, verdict.kind
    transitions = state.transitions + verdict.changes if verdict.changes else state.transitions
    if outcome is None and state.turn >= state.last_turn:
        outcome, kind = "survival", None
        transitions += (survival(content, state, ns),)
    record = TurnRecord(
        turn=state.turn, date=state.date, drawn=state.drawn, decisions=state.decisions,
        policy_changes=state.policy_changes, changes=tuple(changes), meters=meters, phase=phase)
    common = dict(
        meters=meters, phase=phase, streaks=verdict.streaks, drawn=(), decisions=(), policy_changes=(), changes=(),
        history=state.history + (record,), transitions=transitions, moves=state.moves + ("end",))
    if outcome is not None:
        ending = select_ending(content, state, ns, outcome, kind)
        return state.replace(rng=dice.state, outcome=outcome, collapse_kind=kind, ending=ending, **common)
    turn, date = state.turn + 1, Date.from_index(state.date.index + 1)
    ns.update(year=date.year, quarter=date.quarter, turn=turn, turns_left=state.last_turn - turn, phase=phase)
    drawn, scheduled, fired = _draw(content, state, ns, turn, date, dice)
    return state.replace(turn=turn, date=date, rng=dice.state, pending=drawn, scheduled=scheduled,
                         last_fired=fired, **{**common, "drawn": drawn})


_CHOICE = re.compile(r"^([a-z][a-z0-9_]*):([a-z][a-z0-9_]*)$")
_POLICY_MOVE = re.compile(r"^policy:([a-z][a-z0-9_]*):([0-9]{1,4})$")


def apply_move(content: Content, state: GameState, move: str) -> GameState:
    """Play one recorded move: "event:option", "policy:<id>:<level>" or "end" (as in ``state.moves``)."""
    if move == "end":
        return end_turn(content, state)
    policy = _POLICY_MOVE.match(move)
    if policy:
        return change_policy(content, state, policy.group(1), int(policy.group(2)))
    choice = _CHOICE.match(move)
    if not choice:
        raise MoveError(f"'{move}' is not a move (a move is 'event:option', 'policy:<id>:<level>' or 'end')")
    _ensure_playing(state)
    event_id, option_id = choice.groups()
    if not state.pending:
        raise MoveError(f"there was no dilemma to answer, so '{event_id}' cannot be answered")
    if state.pending[0] != event_id:
        raise MoveError(f"it answers '{event_id}', but the dilemma then was '{state.pending[0]}'")
    return choose(content, state, option_id)


def select_ending(content: Content, state: GameState, ns: dict[str, Any], outcome: str, kind: str | None) -> str | None:
    """The ending text for an outcome: the most specific whose condition holds."""
    fitting = [e for e in content.endings if e.outcome == outcome and e.kind in (kind, None)
               and (e.when is None or e.when(ns, state.flags, state.policies))]
    fitting.sort(key=lambda e: (e.kind is None, e.when is None))
    return fitting[0].id if fitting else None


# --- drawing dilemmas -------------------------------------------------------------------------

def _eligible(content: Content, state: GameState, ns: dict[str, Any], event: Event, turn: int) -> bool:
    last = state.last_fired.get(event.id)
    if last is not None and (event.once or turn - last <= event.cooldown):
        return False
    if event.when is not None and not event.when.fn(ns, state.flags, state.policies):
        return False
    return event.id in content.index.always_open or _available(event, ns, state)


def eligible_events(content: Content, state: GameState, ns: dict[str, Any] | None = None,
                    turn: int | None = None, date: Date | None = None) -> list[tuple[Event, float]]:
    """Events that may be drawn by weight (not pinned, not follow-up only), with their weights.

    By default for the state's own turn; the engine passes the coming turn while closing one.
    This is the engine's hottest loop, hence the inlined checks.
    """
    ns = ns if ns is not None else namespace(state)
    turn = state.turn if turn is None else turn
    date = state.date if date is None else date
    flags, policies, fired = state.flags, state.policies, state.last_fired
    index = content.index
    always_open = index.always_open
    holds = index.event_when(ns, flags, policies)
    factors = None  # every weight modifier's condition, computed at the first event that has one
    found = []
    for event, position in index.drawable.get(date.index, ()):
        last = fired.get(event.id)
        if last is not None and (event.once or turn - last <= event.cooldown):
            continue
        if not holds[position]:
            continue
        if event.id not in always_open and not _available(event, ns, state):
            continue
        weight = event.weight
        if event.modifiers:
            if factors is None:
                factors = index.modifier_factors(ns, flags, policies)
            start = index.modifier_start[position]
            for offset, modifier in enumerate(event.modifiers, start):
                if factors[offset]:
                    weight *= modifier.factor
        if weight > 0:
            found.append((event, weight))
    return found


def _draw(content: Content, state: GameState, ns: dict[str, Any], turn: int, date: Date,
          dice: Dice) -> tuple[tuple[str, ...], tuple[FollowUpDue, ...], dict[str, int]]:
    """Choose a turn's dilemmas: pinned history, follow-ups due, then by weight."""
    forced = [e.id for e in content.index.pinned.get(date.index, ()) if _eligible(content, state, ns, e, turn)]
    kept: list[FollowUpDue] = []
    for due in state.scheduled:
        if due.turn > turn:
            kept.append(due)
            continue
        event = content.events[due.event]
        if due.event in forced or not _followup_ok(state, ns, event):
            continue  # its moment passed: the conditions that would bring it back no longer hold
        if len(forced) < MAX_DILEMMAS:
            forced.append(due.event)
        else:
            kept.append(FollowUpDue(turn + 1, due.event, due.source))
    slots = 1 + (dice.random() < content.scenarios[state.scenario].second_dilemma_chance)
    drawn = forced
    if len(drawn) < slots:
        pool = [(e, w) for e, w in eligible_events(content, state, ns, turn, date) if e.id not in drawn]
        while pool and len(drawn) < slots:
            index = dice.pick_weighted([w for _, w in pool])
            drawn.append(pool.pop(index)[0].id)
    fired = state.last_fired
    if drawn:
        fired = dict(fired)
        for ident in drawn:
            fired[ident] = turn
    return tuple(drawn), tuple(kept), fired


def _followup_ok(state: GameState, ns: dict[str, Any], event: Event) -> bool:
    if event.when is not None and not event.when(ns, state.flags, state.policies):
        return False
    return _available(event, ns, state)
