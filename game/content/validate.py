"""Validation of structured content: cross-references, ranges, and what can never happen in play.

Structuring (in :mod:`game.content.loader`) catches wrong keys and types; this module catches what is
well-formed but wrong: an unknown event in a follow-up, a policy level that does not exist, an
ending missing for an outcome. Warnings name what is suspicious but playable: a flag read but never
set, an event that can never fire, an option with no effect.

One checker per kind of thing checked (meters, policies, dilemmas, scenarios, transitions, endings ...),
run in turn by :func:`check_content`; the rules of good content are in :mod:`game.content.validate_design`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from game.i18n import _, ngettext
from game.rules.conditions import MAX_LEVELS, MAX_TURNS, did_you_mean
from game.rules.model import OUTCOMES, Content, Date, Dilemma
from game.content.problem import Problem
from game.content.reach import check_reach
from game.content.validate_design import check_design
from game.content.validate_history import check_history

MAX_QUOTE_WORDS = 60
MAX_WEIGHT = 1000.0  # an event's base weight
MAX_FACTOR = 100.0  # a weight modifier's factor
MAX_DRAW_WEIGHT = 1e9  # a weight times every factor above 1
MAX_DECIMALS = 6  # an indicator's decimals
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
Broken = dict[str, frozenset[str]]  # kind -> ids of items that failed on their own; "flags", "scheduled"


class ContentError(Exception):
    """Content that cannot be played; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.level == "error"]
        heading = ngettext("{count} error(s) in content:", "{count} error(s) in content:", len(errors))
        super().__init__(heading.format(count=len(errors)) + "\n" + "\n".join(map(str, errors)))


class _Checks:
    """Cross-reference checks over structured content, adding to one list of problems: what every checker
    may ask, and what it tells."""

    def __init__(self, content: Content, problems: list[Problem], where: dict[tuple[str, str], str],
                 meter_names: frozenset[str], broken: Broken) -> None:
        self.problems = problems
        self.where = where
        self.meter_names = meter_names  # every meter's id, the broken ones included
        self.broken = broken
        self.flags_set: set[str] = set(broken.get("flags", ()))  # what a broken item would set: not a second error
        self.scheduled: set[str] = set(broken.get("scheduled", ()))
        self.content = content
        for scenario in content.scenarios.values():
            self.flags_set.update(scenario.flags)
        for event in content.events.values():
            for option in event.options:
                self.flags_set.update(option.set_flags)
                self.scheduled.update(f.event for f in option.followups)

    def error(self, kind: str, ident: str, field: str, message: str, level: str = "error", missing: str = "",
              cascade: bool = False) -> None:
        """A problem of one item; ``missing`` and ``cascade`` as :class:`Problem` has them."""
        self.problems.append(Problem(self.where.get((kind, ident), "?"), message, kind, ident, field, level,  # type: ignore[arg-type]
                                     missing=missing, cascade=cascade))

    def warn(self, kind: str, ident: str, field: str, message: str, cascade: bool = False) -> None:
        self.error(kind, ident, field, message, "warning", cascade=cascade)

    def whole(self, message: str) -> None:
        """A problem of the content as a whole, in no one file (always held back while a file is unread)."""
        self.problems.append(Problem("(content)", message, cascade=True))

    def unknown(self, kind: str, ident: str, field: str, what: str, name: str, known: Iterable[str]) -> None:
        """An item naming a ``what`` ("event", "meter", "policy", "phase") the content lacks."""
        words = {"event": _("unknown event '{name}'{hint}"), "meter": _("unknown meter '{name}'{hint}"),
                 "policy": _("unknown policy '{name}'{hint}"), "phase": _("unknown phase '{name}'{hint}")}[what]
        self.error(kind, ident, field, words.format(name=name, hint=did_you_mean(name, known)), missing=f"{what}.{name}")

    def absent(self, kind: str, ident: str) -> bool:
        """Whether no event (or phase) has this id, not even one that failed on its own and was named already."""
        table = self.content.events if kind == "event" else self.content.phases
        return ident not in table and ident not in self.broken.get(kind, ())

    def policy_levels(self, kind: str, ident: str, field: str, levels: dict[str, int]) -> None:
        """Policies set to levels (by an option or a scenario): each policy known, each level one it has."""
        policies = self.content.policies
        for pid, level in levels.items():
            if pid not in policies:
                self.unknown(kind, ident, f"{field}.{pid}", "policy", pid, policies)
            elif not 0 <= level < len(policies[pid].levels):
                self.error(kind, ident, f"{field}.{pid}", _no_level(level, len(policies[pid].levels)))


def _no_level(level: int, count: int) -> str:
    """A policy level that is not there; counting from 1 is the usual slip."""
    hint = _(": levels count from 0, so the last of {count} is {last}").format(count=count, last=count - 1) \
        if level == count else ""
    return _("level {level} does not exist (0 to {last}){hint}").format(level=level, last=count - 1, hint=hint)


def _meters(c: Content, checks: _Checks) -> None:
    for meter in c.meters.values():
        if not 0 <= meter.start <= 100:
            checks.error("meter", meter.id, "start", _("{value} is out of range (0 to 100)").format(value=f"{meter.start:g}"))


def _policies(c: Content, checks: _Checks) -> None:
    for policy in c.policies.values():
        if not 2 <= len(policy.levels) <= MAX_LEVELS:
            checks.error("policy", policy.id, "levels", _("a policy needs 2 to {most} levels, not {count}").format(
                most=MAX_LEVELS, count=len(policy.levels)))
        if not 0 <= policy.start < len(policy.levels):
            checks.error("policy", policy.id, "start", _no_level(policy.start, len(policy.levels)))


def _events(c: Content, checks: _Checks) -> None:
    first_start = min((s.start for s in c.scenarios.values()), default=None)
    last_end = max((s.end for s in c.scenarios.values()), default=None)
    for event in c.events.values():
        _event_numbers(event, checks)
        _options(event, checks)
        _never_fires(event, checks, first_start, last_end)


def _event_numbers(event: Dilemma, checks: _Checks) -> None:
    """An event's counts, weights and dates in range."""
    if not 2 <= len(event.options) <= 4:
        checks.error("event", event.id, "options", _("an event needs 2 to 4 options, not {count}").format(
            count=len(event.options)))
    if len(event.quote.split()) > MAX_QUOTE_WORDS:
        checks.error("event", event.id, "quote", _("{count} words; a quote is at most {most}").format(
            count=len(event.quote.split()), most=MAX_QUOTE_WORDS))
    if event.weight < 0:
        checks.error("event", event.id, "weight", _("must not be negative"))
    elif event.weight > MAX_WEIGHT:
        checks.error("event", event.id, "weight", _("{value} is above the most a weight may be ({most})").format(
            value=f"{event.weight:g}", most=f"{MAX_WEIGHT:g}"))
    elif event.weight == 0 and not event.pinned and not event.followup_only:
        checks.warn("event", event.id, "weight", _("is 0, so the event is never drawn (pin it or make it follow-up only)"))
    draw = event.weight
    for modifier in event.modifiers:
        draw *= max(1.0, min(modifier.factor, MAX_FACTOR))
    if draw > MAX_DRAW_WEIGHT:
        checks.error("event", event.id, "modifiers", _("the weight times every factor reaches {value}; at most {most}").format(
            value=f"{draw:.3g}", most=f"{MAX_DRAW_WEIGHT:g}"))

    if event.cooldown < 0:
        checks.error("event", event.id, "cooldown", _("must not be negative"))
    if event.earliest and event.latest and event.earliest > event.latest:
        checks.error("event", event.id, "latest", _("{latest} is before earliest {earliest}").format(
            latest=event.latest.code(), earliest=event.earliest.code()))
    for m, modifier in enumerate(event.modifiers):
        if modifier.factor < 0:
            checks.error("event", event.id, f"modifiers[{m}].factor", _("must not be negative"))
        elif modifier.factor > MAX_FACTOR:
            checks.error("event", event.id, f"modifiers[{m}].factor", _("{value} is above {most}").format(
                value=f"{modifier.factor:g}", most=f"{MAX_FACTOR:g}"))


def _options(event: Dilemma, checks: _Checks) -> None:
    """An event's options: ids of their own, follow-ups to events that exist, policies at levels they have."""
    for ident, count in Counter(o.id for o in event.options).items():
        if count > 1:
            again = [n for n, o in enumerate(event.options) if o.id == ident][1]
            checks.error("event", event.id, f"options[{again}].id", _("option id '{id}' is used {count} times: give each "
                                                                      "option of a dilemma its own id").format(id=ident, count=count))
    if all(o.when is not None for o in event.options):
        checks.warn("event", event.id, "options", _("every option has a condition; when none holds the event is skipped"))
    for n, option in enumerate(event.options):
        field = f"options[{n}]"
        if not _ID.match(option.id):
            checks.error("event", event.id, f"{field}.id", _("'{id}' must be lower_case_with_underscores").format(id=option.id))
        for f, followup in enumerate(option.followups):
            if checks.absent("event", followup.event):
                checks.unknown("event", event.id, f"{field}.followups[{f}].event", "event", followup.event, checks.content.events)
            if not 1 <= followup.after <= MAX_TURNS:
                checks.error("event", event.id, f"{field}.followups[{f}].after", _("must be 1 to {most} turns").format(most=MAX_TURNS))
        checks.policy_levels("event", event.id, f"{field}.policies", option.policies)
        if not (option.effects or option.set_flags or option.clear_flags or option.followups or option.policies):
            checks.warn("event", event.id, field, _("option '{id}' has no effect").format(id=option.id))


def _never_fires(event: Dilemma, checks: _Checks, first_start: Date | None, last_end: Date | None) -> None:
    """An event that nothing schedules, or whose dates fall outside every scenario."""
    if event.followup_only and event.id not in checks.scheduled:
        checks.warn("event", event.id, "followup_only", _("no option schedules this event, so it never fires"), cascade=True)
    if first_start and last_end:
        if event.pinned and not first_start <= event.pinned <= last_end:
            checks.warn("event", event.id, "pinned", _("{date} is outside every scenario, so it never fires").format(
                date=event.pinned.code()), cascade=True)
        if event.latest and event.latest < first_start:
            checks.warn("event", event.id, "latest", _("is before every scenario starts, so it never fires"), cascade=True)
        if event.earliest and event.earliest > last_end:
            checks.warn("event", event.id, "earliest", _("is after every scenario ends, so it never fires"), cascade=True)


def _prose(c: Content, checks: _Checks) -> None:
    """A line of white space in a text, which the reports would not read as a paragraph break."""
    prose = [("event", e.id, "text", e.text) for e in c.events.values()]
    prose += [("event", e.id, f"variants[{n}].text", v.text) for e in c.events.values() for n, v in enumerate(e.variants)]
    prose += [("ending", e.id, field, getattr(e, field)) for e in c.endings for field in ("text", "verdict")]
    for kind, ident, field, text in prose:
        blank = next((n for n, line in enumerate(text.split("\n"), 1) if line and not line.strip()), 0)
        if blank:
            what = _("a tab") if "\t" in text.split("\n")[blank - 1] else _("spaces")
            checks.warn(kind, ident, field, _("line {line} of the text holds only white space ({what}): a paragraph "
                                              "break is an empty line, so the paragraphs around it run together in "
                                              "the reports; empty the line").format(line=blank, what=what))


def _scenarios(c: Content, checks: _Checks) -> None:
    for scenario in c.scenarios.values():
        if scenario.start > scenario.end:
            checks.error("scenario", scenario.id, "end", _("{end} is before the start {start}: start is the first season "
                                                           "played and end the last; swap them?").format(
                end=scenario.end.code(), start=scenario.start.code()))
        elif scenario.end.index - scenario.start.index + 1 > MAX_TURNS:
            checks.error("scenario", scenario.id, "end", _("the scenario lasts {count} turns; at most {most} ({years} years)").format(
                count=scenario.end.index - scenario.start.index + 1, most=MAX_TURNS, years=MAX_TURNS // 4))
        for name, value in scenario.meters.items():
            if name not in checks.meter_names:
                checks.unknown("scenario", scenario.id, f"meters.{name}", "meter", name, checks.meter_names)
            elif not 0 <= value <= 100:
                checks.error("scenario", scenario.id, f"meters.{name}", _("{value} is out of range (0 to 100)").format(value=f"{value:g}"))
        checks.policy_levels("scenario", scenario.id, "policies", scenario.policies)
        if checks.absent("phase", scenario.phase):
            checks.unknown("scenario", scenario.id, "phase", "phase", scenario.phase, c.phases)
        for ident in scenario.force:
            if checks.absent("event", ident):
                checks.unknown("scenario", scenario.id, "force", "event", ident, c.events)
        if not 0 <= scenario.second_dilemma_chance <= 1:
            checks.error("scenario", scenario.id, "second_dilemma_chance", _("must be between 0 and 1"))
        if scenario.followup_room not in (1, 2):
            checks.error("scenario", scenario.id, "followup_room", _("must be 1 or 2"))


def _transitions(c: Content, checks: _Checks) -> None:
    for transition in c.transitions:
        for phase in transition.source:
            if phase != "*" and checks.absent("phase", phase):
                checks.unknown("transition", transition.id, "from", "phase", phase, c.phases)
        if (transition.to is None) == (transition.outcome is None):
            checks.error("transition", transition.id, "to", _("give exactly one of 'to' (a phase) or 'outcome' (an ending)"))
        if transition.to is not None and checks.absent("phase", transition.to):
            checks.unknown("transition", transition.id, "to", "phase", transition.to, c.phases)
        if transition.outcome == "collapse" and not transition.kind:
            checks.error("transition", transition.id, "kind", _("a collapse needs a kind, such as 'uprising'"))
        if transition.hold < 1:
            checks.error("transition", transition.id, "hold", _("must be at least 1 turn"))


def _endings(c: Content, checks: _Checks) -> None:
    """An ending for every outcome a run can reach, and for every kind of collapse a transition names."""
    kinds_used = {t.kind for t in c.transitions if t.kind}
    if c.scenarios and c.phases:
        for outcome in OUTCOMES:
            if not any(e.outcome == outcome and e.when is None and e.kind is None for e in c.endings) and not (
                    outcome == "collapse" and kinds_used and all(
                        any(e.outcome == "collapse" and e.kind == k and e.when is None for e in c.endings) for k in kinds_used)):
                checks.whole(_("no ending text for '{outcome}' without a condition (a fallback is needed)").format(outcome=outcome))
        for transition in c.transitions:
            road = transition.kind
            if road and transition.outcome == "collapse" and not any(e.outcome == "collapse" and e.kind == road for e in c.endings):
                checks.warn("transition", transition.id, "kind", _("collapse kind '{kind}' has no ending text of its own: add "
                                                                   "an [[ending]] with outcome = \"collapse\" and kind = "
                                                                   "\"{kind}\"").format(kind=road), cascade=True)
    for ending in c.endings:
        if ending.kind and ending.outcome != "collapse":
            checks.error("ending", ending.id, "kind", _("only a collapse has a kind"))


def _indicators_and_drift(c: Content, checks: _Checks) -> None:
    for indicator in c.indicators:
        if not 0 <= indicator.decimals <= MAX_DECIMALS:
            checks.error("indicator", indicator.id, "decimals", _("must be 0 to {most}").format(most=MAX_DECIMALS))
    for rule in c.drift:
        if rule.meter not in checks.meter_names:
            checks.unknown("drift", rule.id, "meter", "meter", rule.meter, checks.meter_names)


def _flags_read(c: Content, checks: _Checks) -> None:
    """A condition that reads a flag nothing sets (a typo, most often)."""
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
                for flag in sorted(condition.flags - checks.flags_set):
                    checks.warn(kind, thing.id, field, _("reads flag '{flag}', which nothing sets{hint}").format(
                        flag=flag, hint=did_you_mean(flag, checks.flags_set)), cascade=True)


def _reach(c: Content, checks: _Checks) -> None:
    check_reach(c, checks.error)


def _design(c: Content, checks: _Checks) -> None:
    check_design(c, checks.problems, checks.warn)


def _whole(c: Content, checks: _Checks) -> None:
    """What the content as a whole needs: a scenario, the regime's phases, and a road to survival."""
    if not c.scenarios:
        checks.whole(_("no [[scenario]] defined"))
    if not c.phases:
        checks.whole(_("no regime [[phase]] defined"))
    if c.phases and not any(t.outcome == "survival" for t in c.transitions):
        checks.whole(_("no [[transition]] with outcome = \"survival\": "
                       "its reason is what a run that reaches the scenario's end records"))


#: Every checker, in the order its problems are listed: what can never happen (``_reach``) before the
#: rules of good content, which wait for content without errors.
_CHECKERS: tuple[Callable[[Content, _Checks], None], ...] = (
    _meters, _policies, _events, _prose, _scenarios, _transitions, _endings, _indicators_and_drift, _flags_read,
    _reach, _design, _whole)


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
                problems.append(Problem(file, _("the essay file has no paragraph {paragraphs}").format(
                    paragraphs=", ".join(missing)), kind, item.id, "essay"))
            elif not any(normalise_quote(item.quote) in paragraphs[ref] for ref in item.essay):
                elsewhere = [ref for ref, words in paragraphs.items() if normalise_quote(item.quote) in words]
                fix = (_(": it is in {paragraph}, so cite essay = \"{paragraph}\"").format(paragraph=elsewhere[0])
                       if elsewhere else _(": copy it word for word from the paragraph, or cite the one it comes from"))
                problems.append(Problem(file, _("not found word for word in {paragraphs} of the essay: \"{quote}\"{fix}").format(
                    paragraphs=", ".join(item.essay), quote=item.quote[:60], fix=fix), kind, item.id, "quote"))
    return problems


def check_content(content: Content, problems: list[Problem], where: dict[tuple[str, str], str],
                  meter_names: frozenset[str] | None = None, broken: Broken | None = None) -> None:
    """Add every cross-reference problem of ``content`` to ``problems``.

    ``where`` maps (kind, id) to its file; ``meter_names`` are every meter's id, the broken ones included,
    so that a reference to a meter that failed on its own is not reported again. ``broken`` names, per
    kind, the items that failed on their own (and under "flags" and "scheduled" what they would set and
    schedule), so that what refers to them is not reported again.
    """
    checks = _Checks(content, problems, where, meter_names if meter_names is not None else frozenset(content.meters),
                     broken or {})
    for checker in _CHECKERS:
        checker(content, checks)
    problems.extend(check_history(content, where))
