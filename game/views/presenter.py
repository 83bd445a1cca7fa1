"""What the screens show, worked out from a :class:`~game.api.Game` without any widget.

Every number or phrase a screen displays is computed here from the headless API, so the rules of
presentation (how a hint reads, what "the decisions that moved the meters most" means) can be
tested without a terminal, and the widgets stay thin. Nothing here imports textual or rich, and
nothing here changes the game.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from attrs import evolve, frozen

from game.files.player import DEFAULT_LENS
from game.rules.state import namespace
from game.views import roads
from game import i18n

if TYPE_CHECKING:
    from game.api import Game, Hint
    from game.rules.model import Content, Dilemma, Option, Transition
    from game.rules.model import Date
    from game.files.saves import SaveInfo
    from game.rules.state import Decision

SPARKS = "▁▂▃▄▅▆▇█"
#: an advisor's hint in words, by direction and strength (translated where shown)
STRENGTH_WORDS = {
    (1, 1): i18n.N_("up slightly"), (1, 2): i18n.N_("up markedly"), (1, 3): i18n.N_("up sharply"),
    (-1, 1): i18n.N_("down slightly"), (-1, 2): i18n.N_("down markedly"), (-1, 3): i18n.N_("down sharply"),
}
#: how a run ends, and the kinds of collapse, as a sentence names them (translated where shown)
OUTCOME_WORDS = {"soft_landing": i18n.N_("soft landing"), "survival": i18n.N_("survival"),
                 "collapse": i18n.N_("collapse")}
KIND_WORDS = {"uprising": i18n.N_("uprising"), "elite_split": i18n.N_("elite split"),
              "absorption": i18n.N_("absorption"), "implosion": i18n.N_("implosion")}
#: the words of the condition language, as a reader reads them
_CONDITION_WORDS = {"and": i18n.N_("and"), "or": i18n.N_("or"), "not": i18n.N_("not")}
COMPARATORS = ((">=", "≥"), ("<=", "≤"), ("!=", "≠"), ("==", "="))
_NAME = re.compile(r"\bpolicy\.(\w+)|\b([A-Za-z_]\w*)\b")
_LINE_END_HYPHEN = re.compile(r"(\w-)[ \t]*\n\s*(?=\w)")


def date_name(date: Date) -> str:
    """A season of the calendar as the player's language writes it: 'Spring 2004', '2004년 봄'."""
    return i18n.date_text(date.year, date.quarter)


def outcome_name(outcome: str | None) -> str:
    """How a run ended, in words: 'soft landing', 'collapse'; 'in progress' before any ending."""
    if outcome is None:
        return i18n._("in progress")
    return i18n._(OUTCOME_WORDS[outcome]) if outcome in OUTCOME_WORDS else outcome.replace("_", " ")


def kind_name(kind: str) -> str:
    """A kind of collapse in words: 'elite split'."""
    return i18n._(KIND_WORDS[kind]) if kind in KIND_WORDS else kind.replace("_", " ")


def capital(text: str) -> str:
    """The text with its first letter capitalised (a script without capitals is left as it is)."""
    return text[:1].upper() + text[1:]


def outcome_with_kind(outcome: str | None, kind: str | None) -> str:
    """'Collapse (elite split)', 'Soft landing': how a run ended, capitalised, with its kind of collapse."""
    words = capital(outcome_name(outcome))
    return i18n._("{outcome} ({kind})").format(outcome=words, kind=kind_name(kind)) if kind else words


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


def hindsight(game: Game) -> str:
    """'Played with hindsight: went back N times, to the start of turns ...' for a run that went back
    (the ending, the report and a run code's replay say it alike); '' for a run played straight."""
    state = game.state
    count = state.rewinds
    if not count:
        return ""
    if len(state.went_back) == count:
        seasons = sorted(set(state.went_back))
        where = i18n.ngettext("to the start of turn {turns}", "to the start of turns {turns}", len(seasons)).format(
            turns=", ".join(map(str, seasons)))
        return i18n.ngettext("Played with hindsight: went back {count} time, {where}.",
                             "Played with hindsight: went back {count} times, {where}.", count).format(
            count=count, where=where)
    return i18n.ngettext("Played with hindsight: went back {count} time.",
                         "Played with hindsight: went back {count} times.", count).format(count=count)


def saved_game_label(info: SaveInfo, content: Content | None) -> str:
    """Which game a save holds, as the load list names it: 'Defector's gamble, seed 512' or, for a
    class game, 'Classroom, class 3F9A': two games' autosaves can be told apart."""
    scenario = content.scenarios.get(info.scenario) if content is not None else None
    name = scenario.name if scenario is not None else info.scenario or "?"
    if info.deck:
        return i18n._("{scenario}, class {deck} seed {seed}").format(scenario=name, deck=f"{info.deck & 0xFFFF:04X}",
                                                                     seed=info.seed)
    return i18n._("{scenario}, seed {seed}").format(scenario=name, seed=info.seed)


def played_straight(game: Game) -> str:
    if game.state.one_life:
        return i18n._("Played straight: never went back (a one-life game).")
    return i18n._("Played straight: never went back.")


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


def signed(value: float) -> str:
    """A change as a short signed whole number ('+3', '-12', '±0')."""
    rounded = round(value)
    return "±0" if rounded == 0 else f"{rounded:+d}"


def moves_text(moves: Sequence[tuple[str, float]], separator: str = ", ") -> str:
    """'Economy +3, Unrest -2': each name apart from its number, each pair apart from the next."""
    return separator.join(moved(name, delta) for name, delta in moves)


def moved(name: str, delta: float) -> str:
    """'Economy +3': a meter's name and its change."""
    return i18n._("{meter} {change}").format(meter=name, change=signed(delta))


def flowing(text: str) -> str:
    """A text written over several source lines as one paragraph: the line ends become spaces, and a
    word hyphenated across a line end ('sixtieth-' / 'anniversary') stays one word."""
    return " ".join(_LINE_END_HYPHEN.sub(r"\1", text).split())


def choose_prompt(count: int) -> str:
    """'Choose 1-3' for three options; 'Choose 1' for one."""
    return i18n._("Choose 1-{last}").format(last=count) if count > 1 else i18n._("Choose 1")


def choose_with(count: int) -> str:
    """'choose with 1-3', within a sentence."""
    return i18n._("choose with 1-{last}").format(last=count) if count > 1 else i18n._("choose with 1")


def signed_decimal(value: float) -> str:
    """A change to one decimal as the language writes numbers, with its sign ('+2.5', '-0.3')."""
    return ("+" if round(value, 1) > 0 else "") + i18n.number(value, 1)


def exact_change(value: float) -> str:
    """A recorded change to one decimal, or two where one would show a real change as 0.0 ('+2.5',
    '-0.03'); five characters wide."""
    return f"{value:+5.1f}" if abs(value) >= 0.05 else f"{value:+5.2f}"


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
    good = hint.good
    if lens == "landing":
        good = None if hint.direction == 0 or not meter.for_landing else (hint.direction > 0) == (meter.for_landing == "up")
    tone = "unsure" if good is None else "good" if good else "bad"
    return HintView(hint.meter, name, arrows, words, tone)


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


def pretty_condition(source: str, content: Content | None = None) -> str:
    """A guard as a reader sees it: '≥' for '>=', and with ``content`` each meter and policy by its
    name ('unrest >= 35 or loyalty <= 30' reads 'Unrest ≥ 35 or Elite loyalty ≤ 30')."""
    for plain, fancy in COMPARATORS:
        source = source.replace(plain, fancy)
    if content is None:
        return source

    def named(match: re.Match[str]) -> str:
        policy, word = match.group(1), match.group(2)
        if policy is not None:
            found = content.policies.get(policy)
            return found.name if found else match.group(0)
        meter = content.meters.get(word)
        if meter is None and word in _CONDITION_WORDS:
            return i18n._(_CONDITION_WORDS[word])
        return meter.name if meter else word

    return _NAME.sub(named, source)


def now_text(game: Game, transition: Transition) -> str:
    """Where the meters a guard reads stand now, by name and to one decimal (34.6 is short of 35,
    which a whole number would hide); a policy by its level's name."""
    content, state = game.content, game.state
    parts = [i18n._("{meter} {value}").format(meter=content.meters[m].name, value=i18n.number(state.meters[m], 1))
             for m in sorted(transition.when.meters) if m in content.meters and m in state.meters]
    for pid in sorted(transition.when.policies):
        policy = content.policies.get(pid)
        if policy is not None and pid in state.policies:
            parts.append(i18n._("{policy} {level}").format(policy=policy.name, level=policy.levels[state.policies[pid]].name))
    return ", ".join(parts)


def target_name(content: Content, transition: Transition) -> str:
    """Where a transition leads, in words: a phase's name or an ending's kind."""
    if transition.to:
        phase = content.phases.get(transition.to)
        return phase.name if phase else transition.to
    return outcome_with_kind(transition.outcome or "", transition.kind)


@frozen
class PressureView:
    """One road out of the current phase: where it leads, its guard in words, how near it is."""

    target: str
    ending: bool
    condition: str  # the whole guard as bars, a sentence that follows "if"
    now: str
    holds: bool
    met: int
    total: int
    streak: int
    hold: int
    gap: float | None = None  # meter points from holding, when it can be told (the calendar never counts)
    short_target: str = ""  # an ending's kind alone ("Elite split"), for narrow screens
    outcome: str = ""  # the ending it leads to ("collapse", "soft_landing", "survival"), "" for a phase
    road: str = ""  # which of the roads to the same place this is, when the content names it
    short_condition: str = ""  # the way nearest to holding alone, for narrow screens ("" : as ``condition``)
    left: str = ""  # for a road judged at the campaign's end, the seasons left ("4 seasons left")
    short_left: str = ""  # the same for 80 columns ("in 4 seasons")

    @property
    def summary(self) -> str:
        _ = i18n._
        if self.holds:
            if self.hold > 1:
                return _("held {streak} of {hold} seasons").format(streak=self.streak, hold=self.hold)
            return _("holds now")
        if self.left:
            far = (_("the bars hold") if self.gap == 0
                   else _("{points} short").format(points=points(self.gap)) if self.gap is not None else "")
            return _("{far}, {left}").format(far=far, left=self.left) if far else self.left
        if self.gap is not None:
            return _("{points} away").format(points=points(self.gap))
        if self.total > 1:
            return _("{met} of {total} conditions met").format(met=self.met, total=self.total)
        return _("not yet")

    @property
    def short_summary(self) -> str:
        """The summary in a few characters, for 80 columns."""
        _ = i18n._
        if self.holds:
            return _("held {streak}/{hold}").format(streak=self.streak, hold=self.hold) if self.hold > 1 else _("holds")
        if self.left:
            far = points(self.gap, short=True) if self.gap else ""  # the bars' shortfall; nothing while they hold
            return _("{far}, {left}").format(far=far, left=self.short_left) if far else self.short_left or self.left
        if self.gap is not None:
            return points(self.gap, short=True)
        return f"{self.met}/{self.total}" if self.total > 1 else _("not yet")

    @property
    def seasons_to_fire(self) -> int | None:
        """Seasons before it fires if its guard keeps holding (this one counted); None while it does not hold."""
        return max(1, self.hold - self.streak) if self.holds else None


def points(gap: float, short: bool = False) -> str:
    """How far a guard is from holding: 'under 1 point' while it does not hold yet (34.6 against
    35 is not "0 points"), else the whole points ('1 point', '4 points'; '1 pt', '4 pts')."""
    if gap < 1:
        return i18n._("<1 pt") if short else i18n._("under 1 point")
    count = round(gap)
    if short:
        return i18n.ngettext("{count} pt", "{count} pts", count).format(count=count)
    return i18n.ngettext("{count} point", "{count} points", count).format(count=count)


def pressure_tone(view: PressureView, near: float) -> str:
    """The mark of a road: 'holds', 'near' or 'far', with 'collapse-' before it for a road to a
    collapse and 'good-' for the soft landing, so that only a fall is shown in red."""
    if view.holds:
        closeness = "holds"
    elif view.gap is not None and view.gap <= near:
        closeness = "near"
    else:
        return "far"
    if view.outcome == "collapse":
        return f"collapse-{closeness}"
    if view.outcome == "soft_landing":
        return f"good-{closeness}"
    return closeness


def pressure_views(game: Game, limit: int | None = None) -> list[PressureView]:
    """The roads out of the current phase as the regime panel shows them, nearest to firing first.

    A road that history has closed in this run (a part of its guard on a flag or a phase fails) is left
    out, and such parts are not spelled out where they hold: the panel speaks of what the player can
    move. Each guard reads as bars on the meters (see :mod:`game.views.roads`); a road judged at the
    campaign's end counts its distance in seasons left, never in points."""
    content, state = game.content, game.state
    ns = namespace(state)
    views = []
    for pressure in game.pressures():
        transition = pressure.transition
        terms = transition.when.terms
        world = [i for i, term in enumerate(terms) if term.of_history]
        if any(not pressure.terms[i][1] for i in world):
            continue
        shown = tuple(t for i, t in enumerate(terms) if i not in world) if world else (transition.when,)
        found = roads.ways(*shown)
        gaps = roads.way_gaps(found, ns, state.flags, state.policies)
        near = roads.nearest(gaps)
        at_end = any(way.at_end for way in found)

        def name(source: str) -> str:
            return pretty_condition(source, content)

        whole = roads.guard_text(found, name, transition.hold)
        short = whole
        if len(found) > 1:
            others = len(found) - 1
            short = i18n.ngettext("{way} (or {others} other way)", "{way} (or {others} other ways)", others).format(
                way=roads.guard_text(found[near:near + 1], name, transition.hold), others=others)
        views.append(PressureView(
            target=target_name(content, transition),
            ending=transition.outcome is not None,
            condition=whole,
            now=now_text(game, transition) or pressure.values,
            holds=pressure.holds,
            met=pressure.met,
            total=pressure.total,
            streak=pressure.streak,
            hold=transition.hold,
            gap=gaps[near] if at_end or pressure.gap is None else pressure.gap,
            short_target=capital(kind_name(transition.kind) if transition.kind else outcome_name(transition.outcome or "")),
            outcome=transition.outcome or "",
            road=transition.road,
            short_condition=short,
            left=roads.seasons_left(state.turns_left) if at_end else "",
            short_left=roads.seasons_left_short(state.turns_left) if at_end else "",
        ))
    # what will fire soonest first (a guard that holds, by the seasons it still needs), then the nearest
    # by meter points: under the pledge the landing's shorter road comes before the longer one
    views.sort(key=lambda v: (not v.holds, v.seasons_to_fire or 0, v.gap if v.gap is not None else 1000.0))
    return views[:limit]


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
    """The meters moved by causes starting with ``cause_prefix`` this turn, summed, biggest first."""
    totals: dict[str, float] = defaultdict(float)
    for change in game.state.changes:
        if change.cause.startswith(cause_prefix):
            totals[change.meter] += change.delta
    ranked = sorted(totals.items(), key=lambda item: -abs(item[1]))
    return [(game.content.meters[m].name, d) for m, d in ranked if abs(d) >= 0.5][:limit]


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


def turn_summary(game: Game, record_index: int = -1, limit: int = 4) -> list[tuple[str, float]]:
    """The biggest net movements of a completed turn, for the log."""
    history = game.state.history
    if not history:
        return []
    record = history[record_index]
    before = history[record_index - 1].meters if len(history) + record_index > 0 else game.state.start_meters
    moves = [(m, record.meters[m] - before[m]) for m in record.meters]
    moves.sort(key=lambda item: -abs(item[1]))
    return [(game.content.meters[m].name, d) for m, d in moves if abs(d) >= 0.5][:limit]


@frozen
class DecisionImpact:
    """One choice and how far it moved the meters, for the after-action report."""

    turn: int
    date: str
    dilemma: str  # the dilemma's title
    option: str
    total: float
    moves: tuple[tuple[str, float], ...]  # (meter name, delta), biggest first


def decision_impacts(game: Game, limit: int = 5) -> list[DecisionImpact]:
    """The decisions that moved the meters most: the sum of |delta| of their ``event:`` changes."""
    content = game.content
    found = []
    for record in game.state.history:
        by_cause: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for change in record.changes:
            if change.cause.startswith("event:"):
                by_cause[change.cause][change.meter] += change.delta
        for cause, moves in by_cause.items():
            dilemma_id, _, option_id = cause.removeprefix("event:").partition("/")
            dilemma = content.events.get(dilemma_id)
            option = next((o for o in dilemma.options if o.id == option_id), None) if dilemma else None
            ranked = sorted(moves.items(), key=lambda item: -abs(item[1]))
            found.append(DecisionImpact(
                turn=record.turn,
                date=date_name(record.date),
                dilemma=dilemma.title if dilemma else dilemma_id,
                option=option.label if option else option_id,
                total=sum(abs(d) for d in moves.values()),
                moves=tuple((content.meters[m].name, d) for m, d in ranked if abs(d) >= 0.5),
            ))
    found.sort(key=lambda d: (-d.total, d.turn))
    return found[:limit]


@frozen
class TimelineEntry:
    """One decision in the campaign's timeline."""

    turn: int
    date: str
    dilemma: str  # the dilemma's title
    option: str
    result: str


@frozen
class DecisionMade:
    """One answer of the campaign with the dilemma and option it names (None if the content lost them)."""

    turn: int
    date: str
    decision: Decision
    dilemma: Dilemma | None
    option: Option | None


def decisions_made(game: Game) -> list[DecisionMade]:
    """Every decision of the campaign, oldest first (this turn's included)."""
    content = game.content
    rows: list[tuple[int, str, Sequence[Decision]]] = [(r.turn, date_name(r.date), r.decisions) for r in game.state.history]
    if game.state.decisions and not game.over:
        rows.append((game.state.turn, date_name(game.state.date), game.state.decisions))
    found = []
    for turn, date, decisions in rows:
        for decision in decisions:
            dilemma = content.events.get(decision.event)
            option = next((o for o in dilemma.options if o.id == decision.option), None) if dilemma else None
            found.append(DecisionMade(turn, date, decision, dilemma, option))
    return found


def timeline(game: Game) -> list[TimelineEntry]:
    """Every decision of the campaign, oldest first (this turn's included)."""
    return [TimelineEntry(m.turn, m.date, m.dilemma.title if m.dilemma else m.decision.event,
                          m.option.label if m.option else m.decision.option, flowing(m.option.result) if m.option else "")
            for m in decisions_made(game)]


def turns_that_mattered(game: Game, limit: int = 5) -> list[tuple[int, str, str]]:
    """(turn, date, why) for every phase change and the turns with the largest swings of the meters."""
    history = game.state.history
    dates = {r.turn: date_name(r.date) for r in history}
    found: dict[int, str] = {}
    for change in game.state.transitions:
        found[change.turn] = change.reason
    swings = []
    previous = game.state.start_meters
    for record in history:
        moved = sum(abs(record.meters[m] - previous[m]) for m in record.meters)
        swings.append((moved, record))
        previous = record.meters
    swings.sort(key=lambda item: -item[0])
    for _moved, record in swings:
        if len(found) >= len(game.state.transitions) + limit:
            break
        if record.turn in found:
            continue
        names = moves_text(_record_moves(game, record.turn))
        choices = "; ".join(e.option for e in timeline(game) if e.turn == record.turn)
        found[record.turn] = (i18n._("The meters swung ({moves}) after: {choices}").format(moves=names, choices=choices)
                              if choices else i18n._("The meters swung ({moves})").format(moves=names))
    return [(turn, dates.get(turn, ""), why) for turn, why in sorted(found.items())]


def _record_moves(game: Game, turn: int) -> list[tuple[str, float]]:
    history = game.state.history
    index = next(i for i, r in enumerate(history) if r.turn == turn)
    return turn_summary(game, index - len(history), limit=3)


def phase_label(content: Content, phase: str) -> str:
    """A phase by its name; an ending the regime reached ("collapse:absorption") by its outcome and kind."""
    found = content.phases.get(phase)
    if found:
        return found.name
    outcome, _colon, kind = phase.partition(":")
    if outcome in OUTCOME_WORDS:
        label = capital(outcome_name(outcome))
        return i18n._("{outcome}: {kind}").format(outcome=label, kind=kind_name(kind)) if kind else label
    return phase.replace("_", " ").replace(":", ": ").capitalize()


def log_entries(game: Game) -> list[tuple[str, str]]:
    """(date, what happened) for the whole campaign, oldest first: choices, policy moves, phase changes."""
    content = game.content
    state = game.state
    moves_by_turn: dict[int, list[str]] = defaultdict(list)
    rows = [(r.turn, date_name(r.date), r.decisions, r.policy_changes) for r in state.history]
    if not game.over and (state.decisions or state.policy_changes):
        rows.append((state.turn, date_name(state.date), state.decisions, state.policy_changes))
    for turn, _, decisions, policy_changes in rows:
        for decision in decisions:
            dilemma = content.events.get(decision.event)
            option = next((o for o in dilemma.options if o.id == decision.option), None) if dilemma else None
            if dilemma and option:
                moves_by_turn[turn].append(i18n._("{dilemma}: {option}. {result}").format(
                    dilemma=dilemma.title, option=option.label, result=flowing(option.result)))
        for policy_id, level in policy_changes:
            policy = content.policies.get(policy_id)
            if policy:
                moves_by_turn[turn].append(i18n._("Policy: {policy} set to {level}.").format(
                    policy=policy.name, level=policy.levels[level].name))
    for change in state.transitions:
        moves_by_turn[change.turn].append(i18n._("The regime: {source} → {target}. {reason}.").format(
            source=phase_label(content, change.source), target=phase_label(content, change.target), reason=change.reason))
    dates = {turn: date for turn, date, _, _ in rows} | {r.turn: date_name(r.date) for r in state.history}
    return [(dates.get(turn, ""), text) for turn in sorted(moves_by_turn) for text in moves_by_turn[turn]]
