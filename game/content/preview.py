"""A dilemma as a player would meet it in a given state, and a game that meets it first: for writers.

``soft-landing show DILEMMA --state policy.markets=0,flag.two_states,year=2008`` tells the dilemma
with the text and option words its variants choose in that state (the start of a scenario, changed
as the writer says); ``soft-landing --force DILEMMA`` starts a game whose first season brings it.
Both are tools for whoever writes content: nothing here changes how a game plays, and a forced
game's run codes carry a fingerprint of their own, so they never replay on the content as it is.
"""

from __future__ import annotations

import hashlib
from typing import Any

from attrs import evolve, frozen

from game.i18n import _
from game.rules.conditions import DATE_NAMES, did_you_mean
from game.rules.model import Content, Date, Dilemma, Index, Option
from game.rules.variants import dilemma_text, option_words


class PreviewError(ValueError):
    """A dilemma or a state the content does not have; the message says what would."""


@frozen
class Told:
    """A dilemma as told in one state: its text, every option's words and whether it is offered."""

    dilemma: Dilemma
    text: str
    options: tuple[tuple[Option, bool], ...]  # (the option as worded, offered in this state)
    met: bool  # the dilemma's own `when` holds in this state
    state: str  # the state, described


def find_dilemma(content: Content, ident: str) -> Dilemma:
    if ident not in content.events:
        raise PreviewError(_("no dilemma '{id}'{hint}").format(id=ident, hint=did_you_mean(ident, content.events)))
    return content.events[ident]


def start_state(content: Content, scenario: str | None, state: str = ""
                ) -> tuple[dict[str, Any], set[str], dict[str, int]]:
    """The state at a scenario's start, changed by ``state``: comma-separated ``meter=50``,
    ``policy.markets=0``, ``flag.two_states`` (or ``flag.two_states=0`` to clear it),
    ``phase=crisis`` (or ``phase.crisis``), ``year=2008``, ``quarter=2``, ``turn=5``."""
    chosen = content.scenarios.get(scenario) if scenario else content.default_scenario
    if chosen is None:
        raise PreviewError(_("no scenario '{id}'{hint}").format(id=scenario, hint=did_you_mean(scenario or "", content.scenarios)))
    ns: dict[str, Any] = {m.id: float(chosen.meters.get(m.id, m.start)) for m in content.meters.values()}
    ns.update(year=chosen.start.year, quarter=chosen.start.quarter, turn=1,
              turns_left=chosen.end.index - chosen.start.index, phase=chosen.phase)
    flags = set(chosen.flags)
    policies = {p.id: chosen.policies.get(p.id, p.start) for p in content.policies.values()}
    for part in filter(None, (p.strip() for p in state.split(","))):
        name, has_value, raw = (x.strip() for x in part.partition("="))
        kind, _dot, ident = name.partition(".")
        value = _number(part, raw) if has_value and name != "phase" else 1.0
        if kind == "flag" and ident:
            (flags.add if value else flags.discard)(ident)
        elif kind == "policy" and ident:
            if ident not in content.policies:
                raise PreviewError(_("'{part}': no policy '{id}'{hint}").format(
                    part=part, id=ident, hint=did_you_mean(ident, content.policies)))
            levels = len(content.policies[ident].levels)
            if value != int(value) or not 0 <= value < levels:
                raise PreviewError(_("'{part}': policy {id} has levels 0 to {last}").format(part=part, id=ident, last=levels - 1))
            policies[ident] = int(value)
        elif (kind == "phase" and ident) or name == "phase":
            phase = ident or raw
            if phase not in content.phases:
                raise PreviewError(_("'{part}': no phase '{id}'{hint}").format(
                    part=part, id=phase, hint=did_you_mean(phase, content.phases)))
            ns["phase"] = phase
        elif name in DATE_NAMES:
            ns[name] = int(value)
        elif name in content.meters:
            if not 0 <= value <= 100:
                raise PreviewError(_("'{part}': a meter is 0 to 100").format(part=part))
            ns[name] = value
        else:
            hint = (did_you_mean(kind, ["flag", "policy", "phase"]) if ident
                    else did_you_mean(name, [*content.meters, *DATE_NAMES, "phase"]))
            raise PreviewError(_("'{part}': not a meter, a date part, flag.NAME, policy.NAME or phase{hint}").format(
                part=part, hint=hint))
    return ns, flags, policies


def _number(part: str, raw: str) -> float:
    try:
        return float(raw)
    except ValueError:
        raise PreviewError(_("'{part}': the value after = is a number").format(part=part)) from None


def tell(content: Content, ident: str, state: str = "", scenario: str | None = None) -> Told:
    """The dilemma ``ident`` as told in the state (see :func:`start_state`)."""
    dilemma = find_dilemma(content, ident)
    ns, flags, policies = start_state(content, scenario, state)
    met = dilemma.when is None or bool(dilemma.when(ns, flags, policies))
    options = tuple((option_words(o, ns, flags, policies), o.when is None or bool(o.when(ns, flags, policies)))
                    for o in dilemma.options)
    date = Date(int(ns["year"]), int(ns["quarter"])) if 1 <= ns["quarter"] <= 4 else None
    described = [date.code() if date else f"year {ns['year']}", f"phase {ns['phase']}"]
    described += [f"flag.{f}" for f in sorted(flags)]
    described += [f"policy.{p}={level}" for p, level in sorted(policies.items())]
    return Told(dilemma, dilemma_text(dilemma, ns, flags, policies), options, met, ", ".join(described))


def forced(content: Content, ident: str, scenario: str | None = None) -> Content:
    """The content with the dilemma ``ident`` pinned to the first season of ``scenario`` (the default one if
    None), so a new game of it meets the dilemma at once if its ``when`` holds there. Its fingerprint
    differs, so the run codes of such a game never replay on the content as it is."""
    dilemma = find_dilemma(content, ident)
    chosen = content.scenarios.get(scenario) if scenario else content.default_scenario
    if chosen is None:
        raise PreviewError(_("no scenario '{id}'{hint}").format(id=scenario, hint=did_you_mean(scenario or "", content.scenarios)))
    events = dict(content.events)
    events[ident] = evolve(dilemma, pinned=chosen.start, earliest=None, latest=None, followup_only=False)
    index = Index.build(events, content.drift, content.scenarios, content.phases, content.transitions, content.policies)
    mark = hashlib.sha256(f"{content.fingerprint}/force:{ident}@{chosen.id}".encode()).hexdigest()[:16]
    return evolve(content, events=events, index=index, fingerprint=mark)
