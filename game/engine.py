"""The rules of a turn, as pure functions from (content, state, move) to a new state.

A turn: the engine draws one or two dilemmas (pinned history, follow-ups due, then by condition
and weight); the player answers each and may change standing policies; ending the turn applies
the policies and the country's drift, runs the regime's state machine and moves the date on a
season. Each function returns a new :class:`GameState` made with one ``evolve``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from attrs import evolve

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
    return _draw(content, state)


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
        if option.when is None or option.when(ns, state.flags, state.policies):
            return True
    return False


# --- moves ----------------------------------------------------------------------------------

def _ensure_playing(state: GameState) -> None:
    if state.outcome is not None:
        raise GameOverError(f"the game has ended ({state.outcome.replace('_', ' ')}); start a new one")


def _apply(effects: Effects, cause: str, meters: dict[str, float], dice: Dice, out: list[MeterChange]) -> None:
    for change in effects.changes:
        amount = change.low if change.low == change.high else round(dice.uniform(change.low, change.high), 1)
        _move(meters, change.meter, amount, cause, out)


def _move(meters: dict[str, float], meter: str, amount: float, cause: str, out: list[MeterChange]) -> None:
    old = meters[meter]
    new = old + amount
    new = 0.0 if new < 0.0 else 100.0 if new > 100.0 else new
    if new != old:
        meters[meter] = new
        out.append(MeterChange(meter, new - old, cause))


def choose(content: Content, state: GameState, option_id: str) -> GameState:
    """Answer the pending dilemma with one of its available options."""
    _ensure_playing(state)
    event = pending_event(content, state)
    if event is None:
        raise MoveError("there is no dilemma to answer; end the turn")
    options = {o.id: o for o in available_options(content, state, event)}
    option = options.get(option_id)
    if option is None:
        known = ", ".join(options) or "none"
        raise MoveError(f"'{option_id}' is not an available option of '{event.id}' (available: {known})")
    dice = Dice(state.rng)
    meters = dict(state.meters)
    changes: list[MeterChange] = []
    _apply(option.effects, f"event:{event.id}/{option.id}", meters, dice, changes)
    flags = (state.flags | frozenset(option.set_flags)) - frozenset(option.clear_flags)
    scheduled = state.scheduled + tuple(
        FollowUpDue(state.turn + f.after, f.event, f"{event.id}/{option.id}") for f in option.followups)
    policies = {**state.policies, **option.policies} if option.policies else state.policies
    return evolve(
        state,
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
    _apply(policy.change, f"change:{policy.id}", meters, dice, changes)
    return evolve(
        state,
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
    for pid, level in state.policies.items():
        _apply(content.policies[pid].levels[level].effects, f"policy:{pid}", meters, dice, changes)
    ns = namespace(evolve(state, meters=meters))
    amounts = []
    for rule in content.drift:
        if rule.when is None or rule.when(ns, state.flags, state.policies):
            amount = float(rule.amount(ns, state.flags, state.policies))
            if amount:
                amounts.append((rule, round(amount, 2)))
    for rule, amount in amounts:
        _move(meters, rule.meter, amount, f"drift:{rule.id}", changes)
    record = TurnRecord(
        turn=state.turn,
        date=state.date,
        drawn=state.drawn,
        decisions=state.decisions,
        policy_changes=state.policy_changes,
        changes=tuple(changes),
        meters=meters,
        phase=state.phase,
    )
    verdict = run_regime(content, evolve(state, meters=meters))
    last = state.turn >= state.last_turn
    outcome, kind = verdict.outcome, verdict.kind
    transitions = state.transitions + verdict.changes
    phase = verdict.phase
    if outcome is None and last:
        outcome, kind = "survival", None
        transitions += (survival(content, evolve(state, meters=meters)),)
    ending = select_ending(content, state, meters, outcome, kind) if outcome else None
    ended = evolve(
        state,
        meters=meters,
        rng=dice.state,
        phase=phase,
        streaks=verdict.streaks,
        drawn=(), decisions=(), policy_changes=(), changes=(),
        history=state.history + (evolve(record, phase=phase),),
        transitions=transitions,
        moves=state.moves + ("end",),
        outcome=outcome,
        collapse_kind=kind,
        ending=ending,
    )
    if outcome is not None:
        return ended
    return _draw(content, evolve(ended, turn=state.turn + 1, date=Date.from_index(state.date.index + 1)))


def select_ending(content: Content, state: GameState, meters: dict[str, float], outcome: str, kind: str | None) -> str | None:
    """The ending text for an outcome: the most specific whose condition holds."""
    ns = namespace(evolve(state, meters=meters))
    fitting = [e for e in content.endings if e.outcome == outcome and e.kind in (kind, None)
               and (e.when is None or e.when(ns, state.flags, state.policies))]
    fitting.sort(key=lambda e: (e.kind is None, e.when is None))
    return fitting[0].id if fitting else None


# --- drawing dilemmas -------------------------------------------------------------------------

def _eligible(content: Content, state: GameState, ns: dict[str, Any], event: Event) -> bool:
    last = state.last_fired.get(event.id)
    if last is not None and (event.once or state.turn - last <= event.cooldown):
        return False
    if event.when is not None and not event.when(ns, state.flags, state.policies):
        return False
    return _available(event, ns, state)


def _weight(event: Event, ns: dict[str, Any], state: GameState) -> float:
    weight = event.weight
    for modifier in event.modifiers:
        if modifier.when(ns, state.flags, state.policies):
            weight *= modifier.factor
    return weight


def eligible_events(content: Content, state: GameState) -> Iterable[tuple[Event, float]]:
    """Events that may be drawn by weight this turn (not pinned, not follow-up only), with their weights."""
    ns = namespace(state)
    date = state.date
    for event in content.events.values():
        if event.pinned is not None or event.followup_only:
            continue
        if (event.earliest is not None and date < event.earliest) or (event.latest is not None and date > event.latest):
            continue
        if _eligible(content, state, ns, event):
            weight = _weight(event, ns, state)
            if weight > 0:
                yield event, weight


def _draw(content: Content, state: GameState) -> GameState:
    """Choose this turn's dilemmas: pinned history, follow-ups due, then by weight."""
    ns = namespace(state)
    dice = Dice(state.rng)
    forced: list[str] = []
    for event in content.events.values():
        if event.pinned == state.date and _eligible(content, state, ns, event):
            forced.append(event.id)
    kept: list[FollowUpDue] = []
    for due in state.scheduled:
        if due.turn > state.turn:
            kept.append(due)
            continue
        event = content.events[due.event]
        if due.event in forced or not _followup_ok(state, ns, event):
            continue  # its moment passed: the conditions that would bring it back no longer hold
        if len(forced) < MAX_DILEMMAS:
            forced.append(due.event)
        else:
            kept.append(FollowUpDue(state.turn + 1, due.event, due.source))
    slots = 1 + (dice.random() < content.scenarios[state.scenario].second_dilemma_chance)
    drawn = list(forced)
    if len(drawn) < slots:
        pool = [(e, w) for e, w in eligible_events(content, state) if e.id not in drawn]
        while pool and len(drawn) < slots:
            index = dice.pick_weighted([w for _, w in pool])
            drawn.append(pool.pop(index)[0].id)
    fired = dict(state.last_fired)
    for ident in drawn:
        fired[ident] = state.turn
    return evolve(state, pending=tuple(drawn), drawn=tuple(drawn), scheduled=tuple(kept),
                  last_fired=fired, rng=dice.state)


def _followup_ok(state: GameState, ns: dict[str, Any], event: Event) -> bool:
    if event.when is not None and not event.when(ns, state.flags, state.policies):
        return False
    return _available(event, ns, state)
