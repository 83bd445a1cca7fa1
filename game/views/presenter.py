"""What the screens show, worked out from a :class:`~game.api.Game` without any widget.

Every number or phrase a screen displays is computed from the headless API, so the rules of
presentation (how a hint reads, what "the decisions that moved the meters most" means) can be
tested without a terminal, and the widgets stay thin. Nothing here imports textual or rich, and
nothing here changes the game.

This module holds the play screen's own readings: the meters and their changes, the advisors' hints,
the indicators, a save's label. The rest has a module of its own, and the screens reach it through
this one: :mod:`~game.views.words` (dates, endings, changes and counts in words),
:mod:`~game.views.pressures` (the roads out of the regime's phase) and :mod:`~game.views.campaign`
(the campaign so far).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from attrs import evolve, frozen

from game.advice import good_for_regime
from game.files.player import DEFAULT_LENS
from game import i18n
from game.views.campaign import (
    DecisionImpact as DecisionImpact,
    DecisionMade as DecisionMade,
    TimelineEntry as TimelineEntry,
    decision_impacts as decision_impacts,
    decisions_made as decisions_made,
    hindsight as hindsight,
    log_entries as log_entries,
    phase_label as phase_label,
    played_straight as played_straight,
    timeline as timeline,
    turn_summary as turn_summary,
    turns_that_mattered as turns_that_mattered,
)
from game.views.pressures import (
    PressureView as PressureView,
    pressure_tone as pressure_tone,
    pressure_views as pressure_views,
    pretty_condition as pretty_condition,
)
from game.views.words import (
    capital as capital,
    choose_prompt as choose_prompt,
    choose_with as choose_with,
    date_name as date_name,
    exact_change as exact_change,
    flowing,
    kind_name as kind_name,
    moves_text as moves_text,
    outcome_name as outcome_name,
    outcome_with_kind as outcome_with_kind,
    points as points,
    signed as signed,
    signed_decimal,
)

if TYPE_CHECKING:
    from game.advice import Hint
    from game.api import Game
    from game.files.saves import SaveInfo
    from game.rules.model import Content

SPARKS = "▁▂▃▄▅▆▇█"
#: an advisor's hint in words, by direction and strength (translated where shown)
STRENGTH_WORDS = {
    (1, 1): i18n.N_("up slightly"), (1, 2): i18n.N_("up markedly"), (1, 3): i18n.N_("up sharply"),
    (-1, 1): i18n.N_("down slightly"), (-1, 2): i18n.N_("down markedly"), (-1, 3): i18n.N_("down sharply"),
}


def date_line(game: Game) -> str:
    """'Spring 2003 · turn 4 of 38'."""
    return i18n._("{date} · turn {turn} of {last}").format(date=i18n.date_text(game.date.year, game.date.quarter),
                                                      turn=game.state.turn, last=game.state.last_turn)


def sparkline(values: Sequence[float], width: int | None = None, low: float | None = None,
              high: float | None = None, min_span: float = 20.0) -> str:
    """Block characters for a series: on its own range (at least ``min_span`` wide, so noise stays
    flat) unless ``low`` and ``high`` fix the scale."""
    if width is not None and len(values) > width:
        values = values[-width:]
    if not values:
        return ""
    if low is None or high is None:
        low, high = min(values), max(values)
        if high - low < min_span:
            middle = (high + low) / 2
            low, high = middle - min_span / 2, middle + min_span / 2
    span = (high - low) or 1.0
    return "".join(SPARKS[min(len(SPARKS) - 1, max(0, int((v - low) / span * (len(SPARKS) - 1) + 0.5)))] for v in values)


def bar(value: float, width: int) -> str:
    """A horizontal bar of ``width`` cells for a 0-100 value, in eighths of a cell."""
    eighths = round(max(0.0, min(100.0, value)) / 100 * width * 8)
    full, part = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[part] if part else ""
    return ("█" * full + partial).ljust(width, "·")[:width]


def saved_game_label(info: SaveInfo, content: Content | None) -> str:
    """Which game a save holds, as the load list names it: 'Defector's gamble, seed 512' or, for a
    class game, 'Classroom, class 3F9A': two games' autosaves can be told apart."""
    scenario = content.scenarios.get(info.scenario) if content is not None else None
    name = scenario.name if scenario is not None else info.scenario or "?"
    if info.deck:
        return i18n._("{scenario}, class {deck} seed {seed}").format(scenario=name, deck=f"{info.deck & 0xFFFF:04X}",
                                                                     seed=info.seed)
    return i18n._("{scenario}, seed {seed}").format(scenario=name, seed=info.seed)


def meter_series(game: Game, meter: str) -> list[float]:
    """The meter at the start, at the end of each completed turn, and now (if it moved this turn)."""
    series = game.meter_history(meter)
    now = game.state.meters[meter]
    if abs(series[-1] - now) > 1e-9:
        series.append(now)
    return series


def change_base(game: Game) -> tuple[dict[str, float], str]:
    """The meters the change column counts from, and what that span is called.

    Once this season's choices or policies have moved the meters, the change is this season's alone
    (from the meters the season started with); until then it is what the season just ended did.
    The two are never added together."""
    history = game.state.history
    season_start = dict(history[-1].meters) if history else dict(game.state.start_meters)
    if game.state.changes or not history:
        return season_start, i18n._("this season")
    before = dict(history[-2].meters) if len(history) >= 2 else dict(game.state.start_meters)
    return before, i18n._("last season")


def last_turn_meters(game: Game) -> dict[str, float]:
    """The meters the change column counts from (see :func:`change_base`)."""
    return change_base(game)[0]


def delta_since_last_turn(game: Game, meter: str) -> float:
    return game.state.meters[meter] - last_turn_meters(game)[meter]


@frozen
class HintView:
    """An advisor's hint as the player reads it: a meter name, arrows, a word and a tone."""

    meter: str
    name: str
    arrows: str
    words: str
    tone: str  # "good", "bad" or "unsure"


def hint_view(game: Game, hint: Hint, lens: str = DEFAULT_LENS) -> HintView:
    """The hint in words; the meter goes by its one name, the same on every screen. Its tone serves the
    player's ``lens``: the regime's survival (the meter's ``good`` way) or a soft landing (its ``for_landing``
    way; a meter that helps a landing one way and threatens it another is uncoloured)."""
    meter = game.content.meters[hint.meter]
    name = meter.name
    if hint.direction == 0:
        arrows, words = "↕", i18n._("could go either way")
    else:
        arrows = ("▲" if hint.direction > 0 else "▼") * hint.strength
        way = 1 if hint.direction > 0 else -1
        said = STRENGTH_WORDS.get((way, hint.strength))
        words = i18n._(said) if said else i18n._("up") if way > 0 else i18n._("down")
    tone = "unsure" if hint.direction == 0 else change_tone(game, hint.meter, hint.direction, lens)
    return HintView(hint.meter, name, arrows, words, tone)


def change_tone(game: Game, meter_id: str, delta: float, lens: str = DEFAULT_LENS) -> str:
    """"good", "bad" or "unsure" for a meter's move (not 0) as the player's ``lens`` reads it, the same way as the
    advisors' arrows: for the regime's survival by the meter's ``good`` way (a double-edged meter is unsure), for a
    soft landing by its ``for_landing`` way (unsure where a landing has none)."""
    meter = game.content.meters[meter_id]
    if lens == "landing":
        good = None if not meter.for_landing else (delta > 0) == (meter.for_landing == "up")
    else:
        good = good_for_regime(meter, delta)
    return "unsure" if good is None else "good" if good else "bad"


def level_hints(game: Game, policy_id: str, level: int, lens: str = DEFAULT_LENS) -> list[HintView]:
    """A policy level's hints as the policy dialog shows them: its whole effect on each meter a season,
    the drift it brings counted in (an arrow never rises where the meter falls); such a hint's name
    says so with an asterisk ("Elite loyalty* ▼"), which :func:`level_drift_note` explains."""
    found = []
    for hint in game.level_hints(policy_id, level):
        view = hint_view(game, hint, lens)
        found.append(evolve(view, name=f"{view.name}*") if hint.drift else view)
    return found


def level_drift_note(game: Game, policy_id: str, level: int) -> str:
    """What drift a policy level brings, in a sentence: how much it adds now to each meter it moves (the
    asterisked hints count it), or that it brings one though it is nil at today's meters; '' for none."""
    rules = game.level_drift_rules(policy_id, level)
    if not rules:
        return ""
    drift = game.level_drift(policy_id, level)
    why = "; ".join(flowing(rule.text) for rule in rules)
    if not drift:
        return i18n._("It brings a knock-on effect too, nil at today's meters: {why}.").format(why=why)
    amounts = ", ".join(i18n._("{meter} {change}").format(meter=game.content.meters[m].name, change=signed_decimal(d))
                        for m, d in drift.items())
    return i18n._("* counts the knock-on effect it brings at today's meters ({amounts} a season): {why}.").format(
        amounts=amounts, why=why)


def indicator_lines(game: Game) -> list[tuple[str, str]]:
    """(name, formatted value with unit) for each historical indicator."""
    values = game.indicators()
    found = []
    for indicator in game.content.indicators:
        value = values[indicator.id]
        text = i18n.number(value, indicator.decimals)
        found.append((indicator.name, i18n._("{value} {unit}").format(value=text, unit=indicator.unit).strip()
                      if indicator.unit else text))
    return found


def change_summary(game: Game, cause_prefix: str, limit: int = 6) -> list[tuple[str, float]]:
    """The meters (their ids) moved by causes starting with ``cause_prefix`` this turn, summed, biggest first."""
    totals: dict[str, float] = defaultdict(float)
    for change in game.state.changes:
        if change.cause.startswith(cause_prefix):
            totals[change.meter] += change.delta
    ranked = sorted(totals.items(), key=lambda item: -abs(item[1]))
    return [(m, d) for m, d in ranked if abs(d) >= 0.5][:limit]


def lost_to_cap(game: Game, dilemma_id: str, option_id: str) -> list[str]:
    """What an answer this turn could not give because a meter was already at the end of its range: "Treasury
    was already full: the gain was lost." (meters are held to 0-100, and the advisors' arrows do not know it)."""
    choice = game.content.index.choices.get(dilemma_id, {}).get(option_id)
    if choice is None:
        return []
    moved: dict[str, float] = defaultdict(float)
    for change in game.state.changes:
        if change.cause == f"event:{dilemma_id}/{option_id}":
            moved[change.meter] += change.delta
    found = []
    for meter_id, low, high, _ in choice.effects:
        least = min(abs(low), abs(high)) if low * high > 0 else 0.0
        if not least:
            continue
        meter = game.content.meters[meter_id]
        rising = low > 0
        if abs(moved.get(meter_id, 0.0)) < least - 1e-9:
            value = game.state.meters[meter_id]
            if rising and value >= 100.0:
                found.append(i18n._("{meter} was already at the top: the gain was lost.").format(meter=meter.name))
            elif not rising and value <= 0.0:
                found.append(i18n._("{meter} was already at the bottom: the fall was lost.").format(meter=meter.name))
    return found


def at_bound(game: Game, meter_id: str) -> str:
    """A sentence for a meter held at an end of its range (gains past it are lost), or ''."""
    value = game.state.meters[meter_id]
    if value >= 100.0:
        return i18n._("It stands at 100, the top of its range: any further gain is lost, whatever the advisors' arrows say.")
    if value <= 0.0:
        return i18n._("It stands at 0, the bottom of its range: any further fall is lost.")
    return ""
