"""Validation of structured content: cross-references, ranges, and what can never happen in play.

Structuring (in :mod:`game.content.loader`) catches wrong keys and types; this module catches what is
well-formed but wrong: an unknown event in a follow-up, a policy level that does not exist, an
ending missing for an outcome. Warnings name what is suspicious but playable: a flag read but never
set, an event that can never fire, an option with no effect.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from game.rules.conditions import MAX_LEVELS, MAX_TURNS, Condition, did_you_mean
from game.rules.model import OUTCOMES, Content, Dilemma, Effects, Transition
from game.rules.premises import longest_telling
from game.content.problem import Problem
from game.content.reach import check_reach
from game.content.validate_history import check_history

MAX_QUOTE_WORDS = 60
TEXT_WORDS = (60, 180)  # an event's text, as the guide asks (a warning outside)
ADDED_WORDS = 60  # what the additions of the variants that can hold together may add to a text
MAX_WEIGHT = 1000.0  # an event's base weight
MAX_FACTOR = 100.0  # a weight modifier's factor
MAX_DRAW_WEIGHT = 1e9  # a weight times every factor above 1
MAX_DECIMALS = 6  # an indicator's decimals
#: The essay's laws over effects, as the engine states them, for content that has these meters.
AWARENESS_FALL = 2.0  # what people know stays known: awareness never falls by more than this at once
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
Broken = dict[str, frozenset[str]]  # kind -> ids of items that failed on their own; "flags", "scheduled"


class ContentError(Exception):
    """Content that cannot be played; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.level == "error"]
        super().__init__(f"{len(errors)} error(s) in content:\n" + "\n".join(map(str, errors)))


class _Checks:
    """Cross-reference checks over structured content, adding to one list of problems."""

    def __init__(self, problems: list[Problem], where: dict[tuple[str, str], str]) -> None:
        self.problems = problems
        self.where = where

    def error(self, kind: str, ident: str, field: str, message: str, level: str = "error") -> None:
        self.problems.append(Problem(self.where.get((kind, ident), "?"), message, kind, ident, field, level))  # type: ignore[arg-type]

    def warn(self, kind: str, ident: str, field: str, message: str) -> None:
        self.error(kind, ident, field, message, "warning")


def _check(c: Content, checks: _Checks, meter_names: frozenset[str], broken: Broken) -> None:
    flags_set: set[str] = set(broken.get("flags", ()))  # what a broken item would set: not a second error
    scheduled: set[str] = set(broken.get("scheduled", ()))
    for scenario in c.scenarios.values():
        flags_set.update(scenario.flags)
    for event in c.events.values():
        for option in event.options:
            flags_set.update(option.set_flags)
            scheduled.update(f.event for f in option.followups)

    for meter in c.meters.values():
        if not 0 <= meter.start <= 100:
            checks.error("meter", meter.id, "start", f"{meter.start:g} is out of range (0 to 100)")

    for policy in c.policies.values():
        if not 2 <= len(policy.levels) <= MAX_LEVELS:
            checks.error("policy", policy.id, "levels", f"a policy needs 2 to {MAX_LEVELS} levels, not {len(policy.levels)}")
        if not 0 <= policy.start < len(policy.levels):
            checks.error("policy", policy.id, "start", _no_level(policy.start, len(policy.levels)))

    def check_policies(kind: str, ident: str, field: str, levels: dict[str, int]) -> None:
        for pid, level in levels.items():
            if pid not in c.policies:
                checks.error(kind, ident, f"{field}.{pid}", f"unknown policy '{pid}'{did_you_mean(pid, c.policies)}")
            elif not 0 <= level < len(c.policies[pid].levels):
                checks.error(kind, ident, f"{field}.{pid}", _no_level(level, len(c.policies[pid].levels)))

    first_start = min((s.start for s in c.scenarios.values()), default=None)
    last_end = max((s.end for s in c.scenarios.values()), default=None)
    for event in c.events.values():
        if not 2 <= len(event.options) <= 4:
            checks.error("event", event.id, "options", f"an event needs 2 to 4 options, not {len(event.options)}")
        if len(event.quote.split()) > MAX_QUOTE_WORDS:
            checks.error("event", event.id, "quote", f"{len(event.quote.split())} words; a quote is at most {MAX_QUOTE_WORDS}")
        if event.weight < 0:
            checks.error("event", event.id, "weight", "must not be negative")
        elif event.weight > MAX_WEIGHT:
            checks.error("event", event.id, "weight", f"{event.weight:g} is above the most a weight may be ({MAX_WEIGHT:g})")
        elif event.weight == 0 and not event.pinned and not event.followup_only:
            checks.warn("event", event.id, "weight", "is 0, so the event is never drawn (pin it or make it follow-up only)")
        draw = event.weight
        for modifier in event.modifiers:
            draw *= max(1.0, min(modifier.factor, MAX_FACTOR))
        if draw > MAX_DRAW_WEIGHT:
            checks.error("event", event.id, "modifiers", f"the weight times every factor reaches {draw:.3g}; "
                                                         f"at most {MAX_DRAW_WEIGHT:g}")

        if event.cooldown < 0:
            checks.error("event", event.id, "cooldown", "must not be negative")
        if event.earliest and event.latest and event.earliest > event.latest:
            checks.error("event", event.id, "latest", f"{event.latest.code()} is before earliest {event.earliest.code()}")
        for m, modifier in enumerate(event.modifiers):
            if modifier.factor < 0:
                checks.error("event", event.id, f"modifiers[{m}].factor", "must not be negative")
            elif modifier.factor > MAX_FACTOR:
                checks.error("event", event.id, f"modifiers[{m}].factor", f"{modifier.factor:g} is above {MAX_FACTOR:g}")
        for ident, count in Counter(o.id for o in event.options).items():
            if count > 1:
                again = [n for n, o in enumerate(event.options) if o.id == ident][1]
                checks.error("event", event.id, f"options[{again}].id", f"option id '{ident}' is used {count} times: "
                                                                       f"give each option of a dilemma its own id")
        if all(o.when is not None for o in event.options):
            checks.warn("event", event.id, "options", "every option has a condition; when none holds the event is skipped")
        for n, option in enumerate(event.options):
            field = f"options[{n}]"
            if not _ID.match(option.id):
                checks.error("event", event.id, f"{field}.id", f"'{option.id}' must be lower_case_with_underscores")
            for f, followup in enumerate(option.followups):
                if followup.event not in c.events and followup.event not in broken.get("event", ()):
                    checks.error("event", event.id, f"{field}.followups[{f}].event",
                                 f"unknown event '{followup.event}'{did_you_mean(followup.event, c.events)}")
                if not 1 <= followup.after <= MAX_TURNS:
                    checks.error("event", event.id, f"{field}.followups[{f}].after", f"must be 1 to {MAX_TURNS} turns")
            check_policies("event", event.id, f"{field}.policies", option.policies)
            if not (option.effects or option.set_flags or option.clear_flags or option.followups or option.policies):
                checks.warn("event", event.id, field, f"option '{option.id}' has no effect")
        if event.followup_only and event.id not in scheduled:
            checks.warn("event", event.id, "followup_only", "no option schedules this event, so it never fires")
        if first_start and last_end:
            if event.pinned and not first_start <= event.pinned <= last_end:
                checks.warn("event", event.id, "pinned", f"{event.pinned.code()} is outside every scenario, so it never fires")
            if event.latest and event.latest < first_start:
                checks.warn("event", event.id, "latest", "is before every scenario starts, so it never fires")
            if event.earliest and event.earliest > last_end:
                checks.warn("event", event.id, "earliest", "is after every scenario ends, so it never fires")

    prose = [("event", e.id, "text", e.text) for e in c.events.values()]
    prose += [("event", e.id, f"variants[{n}].text", v.text) for e in c.events.values() for n, v in enumerate(e.variants)]
    prose += [("ending", e.id, field, getattr(e, field)) for e in c.endings for field in ("text", "verdict")]
    for kind, ident, field, text in prose:
        blank = next((n for n, line in enumerate(text.split("\n"), 1) if line and not line.strip()), 0)
        if blank:
            what = "a tab" if "\t" in text.split("\n")[blank - 1] else "spaces"
            checks.warn(kind, ident, field, f"line {blank} of the text holds only white space ({what}): a paragraph "
                                            f"break is an empty line, so the paragraphs around it run together in "
                                            f"the reports; empty the line")

    for scenario in c.scenarios.values():
        if scenario.start > scenario.end:
            checks.error("scenario", scenario.id, "end", f"{scenario.end.code()} is before the start {scenario.start.code()}: "
                                                        f"start is the first season played and end the last; swap them?")
        elif scenario.end.index - scenario.start.index + 1 > MAX_TURNS:
            checks.error("scenario", scenario.id, "end", f"the scenario lasts {scenario.end.index - scenario.start.index + 1} "
                                                        f"turns; at most {MAX_TURNS} ({MAX_TURNS // 4} years)")
        for name, value in scenario.meters.items():
            if name not in meter_names:
                checks.error("scenario", scenario.id, f"meters.{name}", f"unknown meter '{name}'{did_you_mean(name, meter_names)}")
            elif not 0 <= value <= 100:
                checks.error("scenario", scenario.id, f"meters.{name}", f"{value:g} is out of range (0 to 100)")
        check_policies("scenario", scenario.id, "policies", scenario.policies)
        if scenario.phase not in c.phases and scenario.phase not in broken.get("phase", ()):
            checks.error("scenario", scenario.id, "phase", f"unknown phase '{scenario.phase}'{did_you_mean(scenario.phase, c.phases)}")
        for ident in scenario.force:
            if ident not in c.events and ident not in broken.get("event", ()):
                checks.error("scenario", scenario.id, "force", f"unknown event '{ident}'{did_you_mean(ident, c.events)}")
        if not 0 <= scenario.second_dilemma_chance <= 1:
            checks.error("scenario", scenario.id, "second_dilemma_chance", "must be between 0 and 1")
        if scenario.followup_room not in (1, 2):
            checks.error("scenario", scenario.id, "followup_room", "must be 1 or 2")

    kinds_used: set[str] = set()
    for transition in c.transitions:
        for phase in transition.source:
            if phase != "*" and phase not in c.phases and phase not in broken.get("phase", ()):
                checks.error("transition", transition.id, "from", f"unknown phase '{phase}'{did_you_mean(phase, c.phases)}")
        if (transition.to is None) == (transition.outcome is None):
            checks.error("transition", transition.id, "to", "give exactly one of 'to' (a phase) or 'outcome' (an ending)")
        if transition.to is not None and transition.to not in c.phases and transition.to not in broken.get("phase", ()):
            checks.error("transition", transition.id, "to", f"unknown phase '{transition.to}'{did_you_mean(transition.to, c.phases)}")
        if transition.outcome == "collapse" and not transition.kind:
            checks.error("transition", transition.id, "kind", "a collapse needs a kind, such as 'uprising'")
        if transition.kind:
            kinds_used.add(transition.kind)
        if transition.hold < 1:
            checks.error("transition", transition.id, "hold", "must be at least 1 turn")

    if c.scenarios and c.phases:
        for outcome in OUTCOMES:
            if not any(e.outcome == outcome and e.when is None and e.kind is None for e in c.endings) and not (
                    outcome == "collapse" and kinds_used and all(
                        any(e.outcome == "collapse" and e.kind == k and e.when is None for e in c.endings) for k in kinds_used)):
                checks.problems.append(Problem("(content)", f"no ending text for '{outcome}' without a condition (a fallback is needed)"))
        for transition in c.transitions:
            road = transition.kind
            if road and transition.outcome == "collapse" and not any(e.outcome == "collapse" and e.kind == road for e in c.endings):
                checks.warn("transition", transition.id, "kind", f"collapse kind '{road}' has no ending text of its own: add "
                                                                 f"an [[ending]] with outcome = \"collapse\" and kind = \"{road}\"")
    for ending in c.endings:
        if ending.kind and ending.outcome != "collapse":
            checks.error("ending", ending.id, "kind", "only a collapse has a kind")

    for indicator in c.indicators:
        if not 0 <= indicator.decimals <= MAX_DECIMALS:
            checks.error("indicator", indicator.id, "decimals", f"must be 0 to {MAX_DECIMALS}")

    for rule in c.drift:
        if rule.meter not in meter_names:
            checks.error("drift", rule.id, "meter", f"unknown meter '{rule.meter}'{did_you_mean(rule.meter, meter_names)}")

    groups: tuple[tuple[str, Iterable[Any]], ...] = (
        ("event", c.events.values()), ("transition", c.transitions), ("ending", c.endings), ("drift", c.drift),
        ("indicator", c.indicators))
    for kind, things in groups:
        for thing in things:
            conditions = [("when", thing.when)] if getattr(thing, "when", None) else []
            if kind == "drift":
                conditions.append(("amount", thing.amount))
            if kind == "indicator":
                conditions.append(("value", thing.value))
            if kind == "event":
                conditions += [(f"modifiers[{i}].when", m.when) for i, m in enumerate(thing.modifiers)]
                conditions += [(f"options[{i}].when", o.when) for i, o in enumerate(thing.options) if o.when]
            for field, condition in conditions:
                for flag in sorted(condition.flags - flags_set):
                    checks.warn(kind, thing.id, field, f"reads flag '{flag}', which nothing sets{did_you_mean(flag, flags_set)}")

    check_reach(c, checks.error)  # before the design rules, which wait for content without errors
    _check_design(c, checks)
    if not c.scenarios:
        checks.problems.append(Problem("(content)", "no [[scenario]] defined"))
    if not c.phases:
        checks.problems.append(Problem("(content)", "no regime [[phase]] defined"))
    if c.phases and not any(t.outcome == "survival" for t in c.transitions):
        checks.problems.append(Problem("(content)", "no [[transition]] with outcome = \"survival\": "
                                       "its reason is what a run that reaches the scenario's end records"))




def _no_level(level: int, count: int) -> str:
    """A policy level that is not there; counting from 1 is the usual slip."""
    hint = f": levels count from 0, so the last of {count} is {count - 1}" if level == count else ""
    return f"level {level} does not exist (0 to {count - 1}){hint}"


def option_scores(content: Content, event: Dilemma) -> dict[str, dict[str, float]]:
    """Each option's expected effect on every meter, signed so that higher is better for the regime."""
    signs = {m.id: (1.0 if m.good == "up" else -1.0) for m in content.meters.values()}
    scores = {}
    for option in event.options:
        expected = option.effects.expected()
        scores[option.id] = {m: signs[m] * expected.get(m, 0.0) for m in signs}
    return scores


def dominated_options(content: Content, event: Dilemma) -> list[tuple[str, str]]:
    """(better, worse) pairs of options where one is at least as good as the other on every meter.

    Options that set flags, schedule follow-ups or move policies count as their meters only: this
    is the rule the game's own content keeps, every choice a trade-off on the meters.
    """
    scores = option_scores(content, event)
    return [(a, b) for a in scores for b in scores
            if a != b and all(scores[a][m] >= scores[b][m] for m in scores[a])]


def _range(effects: Effects, meter: str) -> tuple[float, float]:
    return next(((c.low, c.high) for c in effects.changes if c.meter == meter), (0.0, 0.0))


def law_breaches(content: Content) -> list[tuple[str, str, str, str]]:
    """Effects that break the essay's laws as the engine states them, as (kind, id, field, what):
    whatever raises tension rallies the cadres or leaves them be (P25); whatever lowers isolation
    never lowers awareness (P13); awareness never falls by more than ``AWARENESS_FALL`` at once.
    A law is checked only where the content has its meters."""
    meters = set(content.meters)
    found = []
    sources: list[tuple[str, str, str, Effects]] = [
        ("event", e.id, f"options[{n}].effects", o.effects) for e in content.events.values() for n, o in enumerate(e.options)]
    sources += [("policy", p.id, f"levels[{n}].effects", lv.effects) for p in content.policies.values()
                for n, lv in enumerate(p.levels)]
    sources += [("policy", p.id, "change", p.change) for p in content.policies.values()]
    for kind, ident, field, effects in sources:
        if {"tension", "loyalty"} <= meters and _range(effects, "tension")[1] > 0 and _range(effects, "loyalty")[0] < 0:
            found.append((kind, ident, field, ("raises tension and lowers loyalty: the essay's P25 says a threat "
                                               "rallies the cadres")))
        if {"isolation", "awareness"} <= meters and _range(effects, "isolation")[0] < 0 and _range(effects, "awareness")[0] < 0:
            found.append((kind, ident, field, ("lowers isolation and awareness: the essay's P13 says an opening "
                                               "spreads knowledge")))
        if "awareness" in meters and _range(effects, "awareness")[0] < -AWARENESS_FALL:
            found.append((kind, ident, field, (f"lowers awareness by more than {AWARENESS_FALL:g}: what people "
                                               f"know stays known")))
    return found


def flags_never_read(content: Content) -> list[str]:
    """Flags that a scenario or an option sets or clears, and that no condition reads."""
    written = {f for s in content.scenarios.values() for f in s.flags}
    conditions: list[Condition | None] = [i.value for i in content.indicators]
    conditions += [t.when for t in content.transitions]
    conditions += [e.when for e in content.endings] + [d.when for d in content.drift] + [d.amount for d in content.drift]
    conditions += [v.when for d in content.drift for v in d.variants]  # a cause told once the flag is set
    for event in content.events.values():
        conditions += [event.when] + [m.when for m in event.modifiers] + [o.when for o in event.options]
        conditions += [v.when for v in event.variants]  # a text variant reads the flag an earlier choice set
        conditions += [v.when for o in event.options for v in o.variants]
        for option in event.options:
            written.update(option.set_flags, option.clear_flags)
    read = {f for c in conditions if c is not None for f in c.flags}
    return sorted(written - read)


def _check_design(c: Content, checks: _Checks) -> None:
    """The rules of good content that the game's own tests hold it to, as warnings for every folder.

    They are checked once the content has no errors: a broken meter would make every option that
    moves it look dominated."""
    if any(p.level == "error" for p in checks.problems):
        return
    for event in c.events.values():
        words = len(event.text.split())
        if not TEXT_WORDS[0] <= words <= TEXT_WORDS[1]:
            checks.warn("event", event.id, "text", f"{words} words; the text of an event is {TEXT_WORDS[0]}-{TEXT_WORDS[1]}")
        for n, variant in enumerate(event.variants):
            if variant.text and not TEXT_WORDS[0] <= len(variant.text.split()) <= TEXT_WORDS[1]:
                checks.warn("event", event.id, f"variants[{n}].text",
                            f"{len(variant.text.split())} words; a variant's text is {TEXT_WORDS[0]}-{TEXT_WORDS[1]}")
        if any(v.add for v in event.variants):
            told, where = longest_telling(c, event)
            if told > TEXT_WORDS[1] + ADDED_WORDS:
                checks.warn("event", event.id, "variants", f"the text with the additions that hold together runs to "
                                                           f"{told} words ({where}); at most {TEXT_WORDS[1] + ADDED_WORDS}")
        for better, worse in dominated_options(c, event):
            checks.warn("event", event.id, "options", f"option '{better}' is at least as good as '{worse}' on every "
                                                      f"meter, so '{worse}' is never worth choosing")
    for kind, ident, field, what in law_breaches(c):
        checks.warn(kind, ident, field, what)
    never_read = set(flags_never_read(c))
    for event in c.events.values():
        for n, option in enumerate(event.options):
            for flag in sorted(never_read & set(option.set_flags)):
                checks.warn("event", event.id, f"options[{n}].set_flags", f"sets flag '{flag}', which no condition reads: "
                                                                          f"read it (flag.{flag} in a when) or drop it")
    for scenario in c.scenarios.values():
        for flag in sorted(never_read & set(scenario.flags)):
            checks.warn("scenario", scenario.id, "flags", f"sets flag '{flag}', which no condition reads: "
                                                          f"read it (flag.{flag} in a when) or drop it")
    for first, second in same_roads(c):
        checks.warn("transition", second.id, "road", f"leads where '{first.id}' leads, from the same phase, and the "
                                                     f"regime panel cannot tell them apart: give one a 'road' of a "
                                                     f"few words, such as road = \"pledged\"")


def same_roads(content: Content) -> list[tuple[Transition, Transition]]:
    """Pairs of transitions out of a common phase to the same place that the panel would show alike."""
    def alike(a: Transition, b: Transition) -> bool:
        shared = "*" in a.source or "*" in b.source or bool(set(a.source) & set(b.source))
        return shared and (a.to, a.outcome, a.kind, a.road) == (b.to, b.outcome, b.kind, b.road)

    pairs = []
    for i, second in enumerate(content.transitions):
        first = next((t for t in content.transitions[:i] if alike(t, second)), None)
        if first is not None:
            pairs.append((first, second))
    return pairs


_PARAGRAPH = re.compile(r"^\*\*([PN]\d+)\.\*\* (.+)$", re.MULTILINE)


def normalise_quote(text: str) -> str:
    """A quote as compared with the essay: curly and straight quotation marks alike, dashes and white space too."""
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u2014", "--").replace("\u2013", "-")
    return " ".join(text.split())


def essay_paragraphs(text: str) -> dict[str, str]:
    """The numbered paragraphs of an essay file: lines such as ``**P12.** text`` (and ``**N1.** ...`` for notes)."""
    return {m.group(1): normalise_quote(m.group(2)) for m in _PARAGRAPH.finditer(text)}


def check_quotes(content: Content, paragraphs: dict[str, str], where: dict[tuple[str, str], str]) -> list[Problem]:
    """Every quote found word for word in one of the paragraphs it cites."""
    problems = []
    kinds = (("meter", content.meters.values()), ("event", content.events.values()),
             ("policy", content.policies.values()), ("ending", content.endings))
    for kind, items in kinds:
        for item in items:
            if not item.quote.strip():
                continue
            file = where.get((kind, item.id), "?")
            missing = [ref for ref in item.essay if ref not in paragraphs]
            if missing:
                problems.append(Problem(file, f"the essay file has no paragraph {', '.join(missing)}", kind, item.id, "essay"))
            elif not any(normalise_quote(item.quote) in paragraphs[ref] for ref in item.essay):
                elsewhere = [ref for ref, words in paragraphs.items() if normalise_quote(item.quote) in words]
                fix = (f": it is in {elsewhere[0]}, so cite essay = \"{elsewhere[0]}\"" if elsewhere else
                       ": copy it word for word from the paragraph, or cite the one it comes from")
                problems.append(Problem(file, f"not found word for word in {', '.join(item.essay)} of the essay: "
                                              f"\"{item.quote[:60]}\"{fix}", kind, item.id, "quote"))
    return problems


def check_content(content: Content, problems: list[Problem], where: dict[tuple[str, str], str],
                  meter_names: frozenset[str] | None = None, broken: Broken | None = None) -> None:
    """Add every cross-reference problem of ``content`` to ``problems``.

    ``where`` maps (kind, id) to its file; ``meter_names`` are every meter's id, the broken ones included,
    so that a reference to a meter that failed on its own is not reported again. ``broken`` names, per
    kind, the items that failed on their own (and under "flags" and "scheduled" what they would set and
    schedule), so that what refers to them is not reported again.
    """
    checks = _Checks(problems, where)
    _check(content, checks, meter_names if meter_names is not None else frozenset(content.meters), broken or {})
    problems.extend(check_history(content, where))
