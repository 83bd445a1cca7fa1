"""The rules of good content, as warnings: what the game's own content keeps and a mod is told about.

Every choice a trade-off on the meters (no option dominated), the essay's laws over effects, texts of
the length the guide asks, flags that something reads, roads the regime panel can tell apart. They are
checked after the cross-references of :mod:`game.content.validate`, once the content has no errors.
"""

from __future__ import annotations

from collections.abc import Callable

from game.i18n import _
from game.content.problem import Problem
from game.rules.conditions import Condition
from game.rules.model import Content, Dilemma, Effects, Transition
from game.rules.premises import longest_telling

TEXT_WORDS = (60, 180)  # an event's text, as the guide asks (a warning outside)
ADDED_WORDS = 60  # what the additions of the variants that can hold together may add to a text
#: The essay's laws over effects, as the engine states them, for content that has these meters.
AWARENESS_FALL = 2.0  # what people know stays known: awareness never falls by more than this at once
Warn = Callable[[str, str, str, str], None]  # kind, id, field, message


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
            found.append((kind, ident, field, _("raises tension and lowers loyalty: the essay's P25 says a threat "
                                                "rallies the cadres")))
        if {"isolation", "awareness"} <= meters and _range(effects, "isolation")[0] < 0 and _range(effects, "awareness")[0] < 0:
            found.append((kind, ident, field, _("lowers isolation and awareness: the essay's P13 says an opening "
                                                "spreads knowledge")))
        if "awareness" in meters and _range(effects, "awareness")[0] < -AWARENESS_FALL:
            found.append((kind, ident, field, _("lowers awareness by more than {most}: what people know stays "
                                                "known").format(most=f"{AWARENESS_FALL:g}")))
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


def check_design(c: Content, problems: list[Problem], warn: Warn) -> None:
    """The rules of good content that the game's own tests hold it to, as warnings for every folder.

    They are checked once the content has no errors: a broken meter would make every option that
    moves it look dominated."""
    if any(p.level == "error" for p in problems):
        return
    for event in c.events.values():
        words = len(event.text.split())
        if not TEXT_WORDS[0] <= words <= TEXT_WORDS[1]:
            warn("event", event.id, "text", _("{count} words; the text of an event is {least}-{most}").format(
                count=words, least=TEXT_WORDS[0], most=TEXT_WORDS[1]))
        for n, variant in enumerate(event.variants):
            if variant.text and not TEXT_WORDS[0] <= len(variant.text.split()) <= TEXT_WORDS[1]:
                warn("event", event.id, f"variants[{n}].text", _("{count} words; a variant's text is {least}-{most}").format(
                    count=len(variant.text.split()), least=TEXT_WORDS[0], most=TEXT_WORDS[1]))
        if any(v.add for v in event.variants):
            told, where = longest_telling(c, event)
            if told > TEXT_WORDS[1] + ADDED_WORDS:
                warn("event", event.id, "variants", _("the text with the additions that hold together runs to {count} "
                                                      "words ({where}); at most {most}").format(
                    count=told, where=where, most=TEXT_WORDS[1] + ADDED_WORDS))
        for better, worse in dominated_options(c, event):
            warn("event", event.id, "options", _("option '{better}' is at least as good as '{worse}' on every meter, so "
                                                 "'{worse}' is never worth choosing").format(better=better, worse=worse))
    for kind, ident, field, what in law_breaches(c):
        warn(kind, ident, field, what)
    never_read = set(flags_never_read(c))
    for event in c.events.values():
        for n, option in enumerate(event.options):
            for flag in sorted(never_read & set(option.set_flags)):
                warn("event", event.id, f"options[{n}].set_flags", _("sets flag '{flag}', which no condition reads: "
                                                                     "read it (flag.{flag} in a when) or drop it").format(flag=flag))
    for scenario in c.scenarios.values():
        for flag in sorted(never_read & set(scenario.flags)):
            warn("scenario", scenario.id, "flags", _("sets flag '{flag}', which no condition reads: "
                                                     "read it (flag.{flag} in a when) or drop it").format(flag=flag))
    for first, second in same_roads(c):
        warn("transition", second.id, "road", _("leads where '{other}' leads, from the same phase, and the regime panel "
                                                "cannot tell them apart: give one a 'road' of a few words, such as "
                                                "road = \"pledged\"").format(other=first.id))


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
