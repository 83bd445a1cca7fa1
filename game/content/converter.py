"""The content converter: TOML tables into the content classes, strictly, with messages a writer can act on.

One cattrs converter forbids unknown keys and accepts only the right types, so a typo such as
``wieght`` or ``weight = "heavy"`` is an error that names the field (and the key it was meant to be),
a date TOML read as a date is explained, effects are checked against the meters and conditions are
compiled as they are read. :mod:`game.content.loader` reads the files and runs items through it.
"""

from __future__ import annotations

import datetime
import difflib
import math
import re
from typing import Any

import cattrs
from attrs import fields
from cattrs.gen import make_dict_structure_fn, override

from game.rules.conditions import Condition, ConditionError, Vocabulary, compile_condition, did_you_mean
from game.rules.model import (
    ESSAY_PARAGRAPHS,
    Change,
    Date,
    Dilemma,
    DriftRule,
    Effects,
    Ending,
    FollowUp,
    Indicator,
    Meter,
    Option,
    Paragraph,
    Phase,
    Policy,
    PolicyLevel,
    Premise,
    Scenario,
    Term,
    Transition,
    WeightModifier,
)

#: top-level TOML key -> (kind as shown in messages, class)
KINDS: dict[str, tuple[str, type]] = {
    "meter": ("meter", Meter),
    "policy": ("policy", Policy),
    "phase": ("phase", Phase),
    "event": ("event", Dilemma),
    "scenario": ("scenario", Scenario),
    "transition": ("transition", Transition),
    "ending": ("ending", Ending),
    "indicator": ("indicator", Indicator),
    "drift": ("drift", DriftRule),
    "paragraph": ("paragraph", Paragraph),  # content/essay.toml
    "term": ("term", Term),  # content/glossary.toml
    "premise": ("premise", Premise),  # content/premises.toml
}

def _strict(kind: type, *also: type):
    def hook(value: Any, _: Any) -> Any:
        if isinstance(value, bool) and kind is not bool:
            raise TypeError(f"expected {kind.__name__}, got a boolean")
        if isinstance(value, datetime.date | datetime.time):
            raise _FieldError(_DATE_HINT.format(value=value))
        if not isinstance(value, (kind, *also)):
            fix = ": write a number, without quotes" if kind in (int, float) and isinstance(value, str) else ""
            raise TypeError(f"expected {kind.__name__}, got {type(value).__name__} {_short(value)}{fix}")
        if isinstance(value, float) and not math.isfinite(value):
            raise _FieldError(f"must be a finite number, not {value}")
        return kind(value)
    return hook


_DATE_HINT = ("TOML read {value} as a date; dates in content are quarters written as a string in quotes, "
              "such as \"2007-Q2\"")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class _FieldError(ValueError):
    """A value of the right type that is still wrong; its message is shown as it is."""


def _effects_hook(meters: frozenset[str] | None):
    def hook(value: Any, _: Any) -> Effects:
        if not isinstance(value, dict):
            raise _FieldError("must be a table of meter = amount, such as { economy = 5, unrest = [-3, 2] }")
        changes = []
        for meter, amount in value.items():
            if meters is not None and meter not in meters:
                raise _FieldError(f"unknown meter '{meter}'{did_you_mean(meter, meters)} (meters: {', '.join(sorted(meters))})")
            if isinstance(amount, bool) or not isinstance(amount, int | float | list):
                raise _FieldError(f"{meter}: an amount is a number or a range [low, high], not {_short(amount)}")
            if isinstance(amount, list):
                if len(amount) != 2 or any(isinstance(a, bool) or not isinstance(a, int | float) for a in amount):
                    raise _FieldError(f"{meter}: a range is two numbers [low, high], not {_short(amount)}")
                if not all(math.isfinite(a) for a in amount):
                    raise _FieldError(f"{meter}: an amount must be a finite number, not {_short(amount)}")
                low, high = float(amount[0]), float(amount[1])
                if low > high:
                    raise _FieldError(f"{meter}: the range [{amount[0]}, {amount[1]}] has low above high")
            else:
                if not math.isfinite(amount):
                    raise _FieldError(f"{meter}: an amount must be a finite number, not {amount}")
                low = high = float(amount)
            if max(abs(low), abs(high)) > 100:
                raise _FieldError(f"{meter}: {amount!r} is out of range (-100 to 100)")
            changes.append(Change(meter, low, high))
        return Effects(tuple(changes))
    return hook


def _paragraphs(value: Any, _: Any) -> tuple[str, ...]:
    refs = [value] if isinstance(value, str) else value
    if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
        raise _FieldError('must be a paragraph such as "P12" or a list of them')
    unknown = [r for r in refs if r not in ESSAY_PARAGRAPHS]
    if unknown:
        raise _FieldError(f"no essay paragraph {', '.join(unknown)} (P1-P26, N1-N2): cite one of those")
    return tuple(refs)


def _date(value: Any, _: Any) -> Date:
    if isinstance(value, datetime.date | datetime.time):
        raise _FieldError(_DATE_HINT.format(value=value))
    try:
        return Date.parse(value)
    except ValueError as error:
        raise _FieldError(f"{error}{_quarter_hint(value)}") from None


def _quarter_hint(value: Any) -> str:
    """'2009-07' is a month: name the quarter it falls in; any other slip gets the year written right."""
    match = re.fullmatch(r"\s*(\d{4})-(?:Q?)(\d{1,2})\s*", value) if isinstance(value, str) else None
    if not match:
        return ""
    year, number = match.group(1), int(match.group(2))
    if 1 <= number <= 12 and not value.strip()[5:].upper().startswith("Q"):
        return f": a month is not a quarter; month {number} falls in \"{year}-Q{(number - 1) // 3 + 1}\""
    return f": a year has four quarters, \"{year}-Q1\" (winter) to \"{year}-Q4\" (autumn)"


def converter(vocabulary: Vocabulary | None) -> cattrs.Converter:
    """The content converter; ``vocabulary`` is what conditions may name (None: no condition is allowed yet)."""
    found = cattrs.Converter(forbid_extra_keys=True)
    found.register_structure_hook(str, _strict(str))
    found.register_structure_hook(int, _strict(int))
    found.register_structure_hook(float, _strict(float, int))
    found.register_structure_hook(bool, _strict(bool))
    found.register_structure_hook(Date, _date)
    found.register_structure_hook_func(lambda t: t == tuple[str, ...], _names)
    # Policies are read before the meters are known; their meters are checked afterwards.
    found.register_structure_hook(Effects, _effects_hook(vocabulary.meters if vocabulary else None))
    def condition(value: Any, _: Any) -> Condition:
        if vocabulary is None:
            raise _FieldError("conditions are not allowed here")
        try:
            return compile_condition(value, vocabulary)
        except ConditionError as error:
            raise _FieldError(str(error)) from None
    found.register_structure_hook(Condition, condition)
    for cls in (Meter, Policy, Dilemma, Ending, Transition, DriftRule):
        overrides: dict[str, Any] = {"essay": override(struct_hook=_paragraphs)}
        if cls is Transition:
            overrides["source"] = override(rename="from", struct_hook=_names)
        found.register_structure_hook(cls, make_dict_structure_fn(cls, found, **overrides))
    from game.rules.model import FollowUp, Option, OptionVariant, PolicyLevel, TextVariant, WeightModifier
    for nested, words, shape in (
            (TextVariant, "variant", '[[event.variants]] with when and text or add'),
            (OptionVariant, "option variant", '[[event.options.variants]] with when and label or result'),
            (FollowUp, "follow-up", '{ event = "event_id", after = 2 }'),
            (Option, "option", "[[event.options]] with id, label and result"),
            (PolicyLevel, "policy level", "[[policy.levels]] with name and description"),
            (WeightModifier, "weight modifier", '{ when = "condition", factor = 2 }')):
        found.register_structure_hook(nested, _table(make_dict_structure_fn(nested, found), words, shape))
    return found


def _table(structure: Any, words: str, shape: str):
    """A nested item must be a table: say which shape is expected instead of cattrs's attribute error."""

    def hook(value: Any, type_: Any) -> Any:
        if not isinstance(value, dict):
            raise _FieldError(f"a {words} is a table, written {shape}, not {_short(value)}")
        return structure(value, type_)
    return hook


def _names(value: Any, _: Any) -> tuple[str, ...]:
    """A list of names; a single name is accepted for a list of one."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
        raise _FieldError(f"must be a name or a list of names, not {_short(value)}")
    return tuple(items)


def format_error(exc: BaseException, type_: Any) -> str:
    """A cattrs error as a writer reads it."""
    if isinstance(exc, _FieldError):
        return str(exc)
    if isinstance(exc, TypeError) and str(exc).startswith("expected"):
        return str(exc)
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        return f"{_UNKNOWN_KEYS}{','.join(sorted(exc.extra_fields))}"
    if isinstance(exc, KeyError):
        return "is required but missing"
    if "not in literal" in str(exc) and getattr(type_, "__args__", None):
        given = str(exc).split(' not in ')[0]
        return f"must be one of {', '.join(map(repr, type_.__args__))}, not {given!r}{did_you_mean(given, type_.__args__)}"
    return cattrs.v.format_exception(exc, type_)


_UNKNOWN_KEYS = "unknown keys: "


def _known_keys() -> list[str]:
    classes = [cls for _, cls in KINDS.values()] + [Option, FollowUp, PolicyLevel, WeightModifier]
    return sorted({a.name for cls in classes for a in fields(cls)} | {"from"})


def split_message(message: str) -> list[tuple[str, str]]:
    """'what @ $.options[1].when' -> [('options[1].when', 'what')]; one row per unknown key."""
    text, _, path = message.rpartition(" @ ")
    path = path.removeprefix("$").removeprefix(".")
    if text == "is required but missing" and path:
        return [(path, f"{text}: add {path.rpartition('.')[2]} = ... to the table")]
    if not text.startswith(_UNKNOWN_KEYS):
        return [(path, text)]
    rows = []
    for key in text.removeprefix(_UNKNOWN_KEYS).split(","):
        close = difflib.get_close_matches(key, _known_keys(), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        rows.append((f"{path}.{key}" if path else key, f"unknown key{hint}"))
    return rows
