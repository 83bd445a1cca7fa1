"""What content can never do, found by reasoning over the states a run can reach.

A condition that parses and compiles can still be false in every state (``treasury < 45 and
treasury > 60``, ``economy > 100`` on a 0-100 meter), and then the dilemma, the option, the ending
or the road it guards never comes, and nothing in play says so. The search is the premises
module's (:mod:`game.rules.premises`): every flag set and unset, every policy level, every phase, every
season the item can be met in, and each meter at the edges of the numbers the condition compares
it with, where alone a comparison can change its truth. A condition is reported only when that
search was complete and found no state: never on a sample.

The same module finds a regime phase a run can enter and never leave, a follow-up scheduled so
late that no scenario lasts long enough for it, and an id that takes a name the condition
language already gives a meaning (``year``, ``turn``, ``min``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from game.i18n import _, ngettext
from game.rules.conditions import DATE_NAMES, FUNCTIONS, NAMESPACES, Condition
from game.rules.model import Content, Date, Dilemma
from game.rules.premises import MAX_STATES, _axes, _state, _states

#: names the condition language gives a meaning of its own
BUILT_IN = DATE_NAMES | frozenset(FUNCTIONS) | frozenset(NAMESPACES) | {"true", "false", "and", "or", "not", "if", "else"}

Report = Callable[..., None]


def _complete(axes: list[tuple[str, str, list]]) -> bool:
    size = 1
    for _kind, _name, values in axes:
        size *= len(values)
    return size <= MAX_STATES


def never_holds(content: Content, condition: Condition, seasons: Sequence[int] = (),
                given: Sequence[Condition] = ()) -> bool:
    """Whether no state (in ``seasons``, where ``given`` all hold) makes the condition true, by a complete search."""
    conditions = [condition, *given]
    axes = _axes(content, conditions, seasons)
    if not _complete(axes):
        return False
    for values in _states(axes, ""):
        ns, flags, policies = _state(content, axes, values)
        if all(c(ns, flags, policies) for c in conditions):
            return False
    return True


def never_first(content: Content, condition: Condition, earlier: Sequence[Condition], seasons: Sequence[int] = (),
                given: Sequence[Condition] = ()) -> bool:
    """Whether, by a complete search, no state (in ``seasons``, where ``given`` all hold) makes the condition
    true while every one of ``earlier`` is false: where the first that holds wins, it never wins."""
    axes = _axes(content, [condition, *earlier, *given], seasons)
    if not _complete(axes):
        return False
    for values in _states(axes, ""):
        ns, flags, policies = _state(content, axes, values)
        if (condition(ns, flags, policies) and all(c(ns, flags, policies) for c in given)
                and not any(c(ns, flags, policies) for c in earlier)):
            return False
    return True


def _seasons(content: Content, dilemma: Dilemma) -> list[int]:
    """The seasons of some scenario in which the dilemma can be met: its pinned season, or its window."""
    every = sorted({i for s in content.scenarios.values() for i in range(s.start.index, s.end.index + 1)})
    if dilemma.pinned is not None:
        return [dilemma.pinned.index]
    if dilemma.followup_only:
        return every
    low = dilemma.earliest.index if dilemma.earliest else -1
    high = dilemma.latest.index if dilemma.latest else 10**9
    return [i for i in every if low <= i <= high]


def _turns(n: int) -> str:
    return ngettext("{count} turn", "{count} turns", n).format(count=n)


def _season_words(seasons: Sequence[int]) -> str:
    if len(seasons) == 1:
        return _(" in {date}, its only season").format(date=Date.from_index(seasons[0]).code())
    return ""


def check_reach(content: Content, report: Report) -> None:
    """Report what content can never do (see the module's docstring)."""
    _check_names(content, report)
    _check_conditions(content, report)
    _check_never_chosen(content, report)
    _check_phases(content, report)
    _check_followups(content, report)


def _check_names(content: Content, report: Report) -> None:
    def shadows(kind: str, ident: str, field: str, what: str) -> None:
        if ident in BUILT_IN:
            meaning = (_("'{id}' is a date part in conditions: a {what} of that name would be confused with it; "
                         "choose another id, such as '{id}_{what}'") if ident in DATE_NAMES else
                       _("'{id}' is a function in conditions: a {what} of that name would be confused with it; "
                         "choose another id, such as '{id}_{what}'") if ident in FUNCTIONS else
                       _("'{id}' is a word of the condition language in conditions: a {what} of that name would be "
                         "confused with it; choose another id, such as '{id}_{what}'"))
            report(kind, ident, field, meaning.format(id=ident, what=what))

    for meter in content.meters:
        shadows("meter", meter, "id", "meter")
    for policy in content.policies:
        shadows("policy", policy, "id", "policy")
    for phase in content.phases:
        shadows("phase", phase, "id", "phase")
    for event in content.events.values():
        for n, option in enumerate(event.options):
            for flag in option.set_flags:
                if flag in BUILT_IN:
                    report("event", event.id, f"options[{n}].set_flags",
                           _("flag '{flag}' takes a name of the condition language: choose another, such as "
                             "'{flag}_flag'").format(flag=flag))
    for scenario in content.scenarios.values():
        for flag in scenario.flags:
            if flag in BUILT_IN:
                report("scenario", scenario.id, "flags",
                       _("flag '{flag}' takes a name of the condition language: choose another, such as "
                         "'{flag}_flag'").format(flag=flag))


def _check_conditions(content: Content, report: Report) -> None:
    every = sorted({i for s in content.scenarios.values() for i in range(s.start.index, s.end.index + 1)})
    if not every:
        return
    for event in content.events.values():
        seasons = _seasons(content, event)
        if event.when is not None and seasons and never_holds(content, event.when, seasons):
            what = _("the pinned dilemma never fires") if event.pinned else _("the dilemma never comes")
            report("event", event.id, "when", _("'{condition}' can never hold{when}: {what}; check the numbers against "
                                                "the meters' 0-100 and the dates").format(
                condition=event.when.source, when=_season_words(seasons), what=what), cascade=bool(event.pinned))
        given = [event.when] if event.when is not None else []
        for n, option in enumerate(event.options):
            if option.when is not None and never_holds(content, option.when, seasons or every, given):
                report("event", event.id, f"options[{n}].when",
                       _("'{condition}' can never hold when the dilemma is met: the option is never offered").format(
                           condition=option.when.source))
        for n, modifier in enumerate(event.modifiers):
            if never_holds(content, modifier.when, seasons or every, given):
                report("event", event.id, f"modifiers[{n}].when",
                       _("'{condition}' can never hold when the dilemma can be drawn: the factor never applies").format(
                           condition=modifier.when.source), "warning")
    for ending in content.endings:
        if ending.when is not None and never_holds(content, ending.when, every):
            report("ending", ending.id, "when", _("'{condition}' can never hold: no run reaches this ending").format(
                condition=ending.when.source))
    for transition in content.transitions:
        if never_holds(content, transition.when, every):
            report("transition", transition.id, "when",
                   _("'{condition}' can never hold: no run takes this road").format(condition=transition.when.source))


def _check_never_chosen(content: Content, report: Report) -> None:
    """Where the first that holds wins (an ending among its equals, a variant's text, label or result), one
    that holds only where one before it holds too is never shown."""
    every = sorted({i for s in content.scenarios.values() for i in range(s.start.index, s.end.index + 1)})
    if not every:
        return
    for n, ending in enumerate(content.endings):
        # among endings of its outcome, kind and kind of condition, the first that holds is chosen
        before = [e for e in content.endings[:n] if (e.outcome, e.kind, e.when is None) ==
                  (ending.outcome, ending.kind, ending.when is None)]
        if ending.when is None and before:
            report("ending", ending.id, "outcome", _("ending '{other}' comes first with the same outcome and no "
                                                     "condition, so this one is never chosen: give it a when, or a "
                                                     "priority above '{other}''s").format(other=before[0].id))
        elif ending.when is not None and before and never_first(
                content, ending.when, [e.when for e in before if e.when is not None], every):
            names = ", ".join(f"'{e.id}'" for e in before)
            report("ending", ending.id, "when", _("wherever '{condition}' holds, an ending of the same outcome tried "
                                                  "before it holds too ({names}), so this one is never chosen: give it a "
                                                  "priority above theirs, such as priority = 1, to be tried first").format(
                condition=ending.when.source, names=names))
    for event in content.events.values():
        seasons = _seasons(content, event) or every
        given = [event.when] if event.when is not None else []
        _first_wins(content, report, event.id, "variants", [(v.when, v.text) for v in event.variants],
                    "text", seasons, given)
        for o, option in enumerate(event.options):
            also = given + ([option.when] if option.when is not None else [])
            for field in ("label", "result"):
                _first_wins(content, report, event.id, f"options[{o}].variants",
                            [(v.when, getattr(v, field)) for v in option.variants], field, seasons, also)


def _first_wins(content: Content, report: Report, ident: str, field: str, variants: Sequence[tuple[Condition, str]],
                words: str, seasons: Sequence[int], given: Sequence[Condition]) -> None:
    """A variant whose ``words`` (its text, label or result) no state shows: the first variant with them that holds wins."""
    for n, (when, text) in enumerate(variants):
        earlier = [(m, w) for m, (w, t) in enumerate(variants[:n]) if t]
        if not text or not earlier or not never_first(content, when, [w for _, w in earlier], seasons, given):
            continue
        first = next((m for m, w in earlier if never_first(content, when, [w], seasons, given)), earlier[0][0])
        report("event", ident, f"{field}[{n}].when",
               _("its {words} is never shown: wherever '{condition}' holds, {earlier} ('{other}') holds too, and the "
                 "first variant that holds wins; put this one before it").format(
                   words=words, condition=when.source, earlier=f"{field}[{first}]", other=variants[first][0].source))


def _check_phases(content: Content, report: Report) -> None:
    """A phase a run can enter needs a road out of its own: a run that enters a phase open only to the
    roads from every phase ("*") stays there until a collapse or the campaign's end."""
    entered = {s.phase for s in content.scenarios.values()} | {t.to for t in content.transitions if t.to}
    for phase in content.phases:
        if phase not in entered:
            if content.scenarios:
                report("phase", phase, "id", _("no scenario starts in it and no transition leads to it: it is never "
                                               "entered"), "warning")
            continue
        out = [t for t in content.transitions if phase in t.source and t.outcome != "survival" and t.to != phase
               and not never_holds(content, t.when)]
        if not out:
            targets = sorted(content.phases.keys() - {phase})
            fix = (_("add one, such as a transition to '{phase}'").format(phase=targets[0]) if targets else
                   _("add one, such as a transition to 'another phase'"))
            report("phase", phase, "id", _("no transition leads out of it (from = [\"{phase}\"]): a run that enters it "
                                           "stays until a collapse or the campaign's end; {fix}").format(phase=phase, fix=fix))


def _check_followups(content: Content, report: Report) -> None:
    """A follow-up scheduled after the last season any scenario reaches from where its dilemma can be met."""
    scenarios = list(content.scenarios.values())
    for event in content.events.values():
        seasons = set(_seasons(content, event))
        for n, option in enumerate(event.options):
            for f, followup in enumerate(option.followups):
                reachable = [s for s in scenarios
                             if any(s.start.index <= i <= s.end.index and i + followup.after <= s.end.index
                                    for i in seasons)]
                if seasons and scenarios and not reachable:
                    first = min(seasons)
                    last = max(s.end.index for s in scenarios)
                    report("event", event.id, f"options[{n}].followups[{f}].after",
                           _("{after} turns after {first} (the earliest this dilemma can be met) is past the end of "
                             "every scenario ({last}): '{event}' never arrives; schedule it at most {most} after").format(
                               after=followup.after, first=Date.from_index(first).code(), last=Date.from_index(last).code(),
                               event=followup.event, most=_turns(max(1, last - first))), "warning")
