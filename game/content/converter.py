"""The content converter: TOML tables into the content classes, strictly, with messages a writer can act on.

One cattrs converter forbids unknown keys and accepts only the right types, so a typo such as
``wieght`` or ``weight = "heavy"`` is an error that names the field (and the key it was meant to be),
a date TOML read as a date is explained, effects are checked against the meters and conditions are
compiled as they are read. :mod:`game.content.loader` reads the files and runs items through it.
"""

from __future__ import annotations

import datetime
import math
import re
from typing import Any

import cattrs
from attrs import fields
from cattrs.gen import make_dict_structure_fn, override

from game.i18n import N_, _
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
    def hook(value: Any, _type: Any) -> Any:
        if isinstance(value, bool) and kind is not bool:
            raise _WrongType(_("expected {type}, got a boolean").format(type=kind.__name__))
        if isinstance(value, datetime.date | datetime.time):
            raise _FieldError(_(_DATE_HINT).format(value=value))
        if not isinstance(value, (kind, *also)):
            fix = _(": write a number, without quotes") if kind in (int, float) and isinstance(value, str) else ""
            raise _WrongType(_("expected {type}, got {given} {value}{fix}").format(
                type=kind.__name__, given=type(value).__name__, value=_short(value), fix=fix))
        if isinstance(value, float) and not math.isfinite(value):
            raise _FieldError(_("must be a finite number, not {value}").format(value=value))
        return kind(value)
    return hook


_DATE_HINT = N_("TOML read {value} as a date; dates in content are quarters written as a string in quotes, "
                "such as \"2007-Q2\"")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class _FieldError(ValueError):
    """A value of the right type that is still wrong; its message is shown as it is. ``missing`` is the
    item it names that the content lacks, as "kind.id" (see :attr:`Problem.missing`)."""

    def __init__(self, message: str, missing: str = "") -> None:
        super().__init__(message)
        self.missing = missing


class _WrongType(TypeError):
    """A value of the wrong type; its message is shown as it is."""


_MARK = "\x1f"  # around the missing item's "kind.id" at the start of a message, through cattrs to split_message


def _effects_hook(meters: frozenset[str] | None):
    def hook(value: Any, _type: Any) -> Effects:
        if not isinstance(value, dict):
            raise _FieldError(_("must be a table of meter = amount, such as {example}").format(
                example="{ economy = 5, unrest = [-3, 2] }"))
        changes = []
        for meter, amount in value.items():
            if meters is not None and meter not in meters:
                raise _FieldError(_("unknown meter '{name}'{hint} (meters: {meters})").format(
                    name=meter, hint=did_you_mean(meter, meters), meters=", ".join(sorted(meters))), f"meter.{meter}")
            if isinstance(amount, bool) or not isinstance(amount, int | float | list):
                raise _FieldError(_("{meter}: an amount is a number or a range [low, high], not {value}").format(
                    meter=meter, value=_short(amount)))
            if isinstance(amount, list):
                if len(amount) != 2 or any(isinstance(a, bool) or not isinstance(a, int | float) for a in amount):
                    raise _FieldError(_("{meter}: a range is two numbers [low, high], not {value}").format(
                        meter=meter, value=_short(amount)))
                if not all(math.isfinite(a) for a in amount):
                    raise _FieldError(_("{meter}: an amount must be a finite number, not {value}").format(
                        meter=meter, value=_short(amount)))
                low, high = float(amount[0]), float(amount[1])
                if low > high:
                    raise _FieldError(_("{meter}: the range {range} has low above high").format(
                        meter=meter, range=f"[{amount[0]}, {amount[1]}]"))
            else:
                if not math.isfinite(amount):
                    raise _FieldError(_("{meter}: an amount must be a finite number, not {value}").format(
                        meter=meter, value=amount))
                low = high = float(amount)
            if max(abs(low), abs(high)) > 100:
                raise _FieldError(_("{meter}: {value} is out of range (-100 to 100)").format(meter=meter, value=repr(amount)))
            changes.append(Change(meter, low, high))
        return Effects(tuple(changes))
    return hook


def _paragraphs(value: Any, _type: Any) -> tuple[str, ...]:
    refs = [value] if isinstance(value, str) else value
    if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
        raise _FieldError(_('must be a paragraph such as "P12" or a list of them'))
    unknown = [r for r in refs if r not in ESSAY_PARAGRAPHS]
    if unknown:
        raise _FieldError(_("no essay paragraph {paragraphs} (P1-P26, N1-N2): cite one of those").format(
            paragraphs=", ".join(unknown)))
    return tuple(refs)


def _date(value: Any, _type: Any) -> Date:
    if isinstance(value, datetime.date | datetime.time):
        raise _FieldError(_(_DATE_HINT).format(value=value))
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
        return _(": a month is not a quarter; month {month} falls in \"{quarter}\"").format(
            month=number, quarter=f"{year}-Q{(number - 1) // 3 + 1}")
    return _(": a year has four quarters, \"{first}\" (winter) to \"{last}\" (autumn)").format(
        first=f"{year}-Q1", last=f"{year}-Q4")


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
    def condition(value: Any, _type: Any) -> Condition:
        if vocabulary is None:
            raise _FieldError(_("conditions are not allowed here"))
        try:
            return compile_condition(value, vocabulary)
        except ConditionError as error:
            raise _FieldError(str(error), error.missing) from None
    found.register_structure_hook(Condition, condition)
    for cls in (Meter, Policy, Dilemma, Ending, Transition, DriftRule):
        overrides: dict[str, Any] = {"essay": override(struct_hook=_paragraphs)}
        if cls is Transition:
            overrides["source"] = override(rename="from", struct_hook=_names)
        found.register_structure_hook(cls, make_dict_structure_fn(cls, found, **overrides))
    from game.rules.model import FollowUp, Option, OptionVariant, PolicyLevel, TextVariant, WeightModifier
    for nested, words, shape in (
            (TextVariant, N_("a variant is a table, written {shape}, not {value}"),
             N_("[[event.variants]] with when and text or add")),
            (OptionVariant, N_("an option variant is a table, written {shape}, not {value}"),
             N_("[[event.options.variants]] with when and label or result")),
            (FollowUp, N_("a follow-up is a table, written {shape}, not {value}"), '{ event = "event_id", after = 2 }'),
            (Option, N_("an option is a table, written {shape}, not {value}"), N_("[[event.options]] with id, label and result")),
            (PolicyLevel, N_("a policy level is a table, written {shape}, not {value}"),
             N_("[[policy.levels]] with name and description")),
            (WeightModifier, N_("a weight modifier is a table, written {shape}, not {value}"),
             '{ when = "condition", factor = 2 }')):
        found.register_structure_hook(nested, _table(make_dict_structure_fn(nested, found), words, shape))
    return found


def _table(structure: Any, words: str, shape: str):
    """A nested item must be a table: say which shape is expected instead of cattrs's attribute error. ``words``
    and ``shape`` are marked for the catalog and said in the language in use when the table is read."""

    def hook(value: Any, type_: Any) -> Any:
        if not isinstance(value, dict):
            raise _FieldError(_(words).format(shape=_(shape), value=_short(value)))
        return structure(value, type_)
    return hook


def _names(value: Any, _type: Any) -> tuple[str, ...]:
    """A list of names; a single name is accepted for a list of one."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
        raise _FieldError(_("must be a name or a list of names, not {value}").format(value=_short(value)))
    return tuple(items)


def format_error(exc: BaseException, type_: Any) -> str:
    """A cattrs error as a writer reads it."""
    if isinstance(exc, _FieldError):
        return f"{_MARK}{exc.missing}{_MARK}{exc}" if exc.missing else str(exc)
    if isinstance(exc, _WrongType):
        return str(exc)
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        return f"{_UNKNOWN_KEYS}{','.join(sorted(exc.extra_fields))}"
    if isinstance(exc, KeyError):
        return _REQUIRED
    if "not in literal" in str(exc) and getattr(type_, "__args__", None):
        given = str(exc).split(' not in ')[0]
        return _("must be one of {choices}, not {value}{hint}").format(
            choices=", ".join(map(repr, type_.__args__)), value=repr(given), hint=did_you_mean(given, type_.__args__))
    return cattrs.v.format_exception(exc, type_)


_UNKNOWN_KEYS = "unknown keys: "  # a message between format_error and split_message: never shown as it is
_REQUIRED = "is required but missing"  # the same


def _known_keys() -> list[str]:
    classes = [cls for _, cls in KINDS.values()] + [Option, FollowUp, PolicyLevel, WeightModifier]
    return sorted({a.name for cls in classes for a in fields(cls)} | {"from"})


def split_message(message: str) -> list[tuple[str, str, str]]:
    """'what @ $.options[1].when' -> [('options[1].when', 'what', missing)]; one row per unknown key. ``missing``
    is the item the message names that the content lacks, as "kind.id", or ""."""
    text, _at, path = message.rpartition(" @ ")
    path = path.removeprefix("$").removeprefix(".")
    missing = ""
    if text.startswith(_MARK):
        missing, _mark, text = text.removeprefix(_MARK).partition(_MARK)
    if text == _REQUIRED and path:
        return [(path, _("is required but missing: add {key} = ... to the table").format(key=path.rpartition(".")[2]), "")]
    if text == _REQUIRED:
        return [(path, _("is required but missing"), "")]
    if not text.startswith(_UNKNOWN_KEYS):
        return [(path, text, missing)]
    rows = []
    for key in text.removeprefix(_UNKNOWN_KEYS).split(","):
        rows.append((f"{path}.{key}" if path else key, _("unknown key{hint}").format(hint=did_you_mean(key, _known_keys())), ""))
    return rows
