"""Loading a content folder: reading TOML and structuring it into the content classes.

TOML goes through one cattrs converter that forbids unknown keys and accepts only the right
types, so a typo such as ``wieght`` or ``weight = "heavy"`` is an error that names the file, the
item and the field. Cross-references (events, meters, flags, policies, phases) are checked after
structuring (:mod:`game.validate`). Every problem is collected, so an author sees them all at once.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import tomllib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import cattrs
from attrs import frozen
from cattrs.gen import make_dict_structure_fn, override

from game.conditions import Condition, ConditionError, Vocabulary, compile_condition
from game.content import (
    ESSAY_PARAGRAPHS,
    Change,
    Content,
    Date,
    DriftRule,
    Effects,
    Ending,
    Event,
    Index,
    Indicator,
    Meter,
    Paragraph,
    Phase,
    Policy,
    Scenario,
    Term,
    Transition,
)
from game.validate import ContentError, Problem, check_content

DEFAULT_CONTENT = Path(__file__).resolve().parent.parent / "content"
_ID = re.compile(r"^[a-z][a-z0-9_]*$")

#: top-level TOML key -> (kind as shown in messages, class)
KINDS: dict[str, tuple[str, type]] = {
    "meter": ("meter", Meter),
    "policy": ("policy", Policy),
    "phase": ("phase", Phase),
    "event": ("event", Event),
    "scenario": ("scenario", Scenario),
    "transition": ("transition", Transition),
    "ending": ("ending", Ending),
    "indicator": ("indicator", Indicator),
    "drift": ("drift", DriftRule),
    "paragraph": ("paragraph", Paragraph),  # content/essay.toml
    "term": ("term", Term),  # content/glossary.toml
}
_FIRST = ("meter", "policy", "phase")  # what conditions may name must be known first


# --- the converter --------------------------------------------------------------------------

def _strict(kind: type, *also: type):
    def hook(value: Any, _: Any) -> Any:
        if isinstance(value, bool) and kind is not bool:
            raise TypeError(f"expected {kind.__name__}, got a boolean")
        if not isinstance(value, (kind, *also)):
            raise TypeError(f"expected {kind.__name__}, got {type(value).__name__} {value!r}")
        return kind(value)
    return hook


class _FieldError(ValueError):
    """A value of the right type that is still wrong; its message is shown as it is."""


def _effects_hook(meters: frozenset[str] | None):
    def hook(value: Any, _: Any) -> Effects:
        if not isinstance(value, dict):
            raise _FieldError("must be a table of meter = amount, such as { economy = 5, unrest = [-3, 2] }")
        changes = []
        for meter, amount in value.items():
            if meters is not None and meter not in meters:
                raise _FieldError(f"unknown meter '{meter}' (meters: {', '.join(sorted(meters))})")
            if isinstance(amount, bool) or not isinstance(amount, int | float | list):
                raise _FieldError(f"{meter}: an amount is a number or a range [low, high], not {amount!r}")
            if isinstance(amount, list):
                if len(amount) != 2 or any(isinstance(a, bool) or not isinstance(a, int | float) for a in amount):
                    raise _FieldError(f"{meter}: a range is two numbers [low, high], not {amount!r}")
                low, high = float(amount[0]), float(amount[1])
                if low > high:
                    raise _FieldError(f"{meter}: the range [{amount[0]}, {amount[1]}] has low above high")
            else:
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
        raise _FieldError(f"no essay paragraph {', '.join(unknown)} (P1-P26, N1-N2)")
    return tuple(refs)


def _date(value: Any, _: Any) -> Date:
    try:
        return Date.parse(value)
    except ValueError as error:
        raise _FieldError(str(error)) from None


def _converter(vocabulary: Vocabulary | None) -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True)
    converter.register_structure_hook(str, _strict(str))
    converter.register_structure_hook(int, _strict(int))
    converter.register_structure_hook(float, _strict(float, int))
    converter.register_structure_hook(bool, _strict(bool))
    converter.register_structure_hook(Date, _date)
    converter.register_structure_hook_func(lambda t: t == tuple[str, ...], _names)
    # Policies are read before the meters are known; their meters are checked afterwards.
    converter.register_structure_hook(Effects, _effects_hook(vocabulary.meters if vocabulary else None))
    def condition(value: Any, _: Any) -> Condition:
        if vocabulary is None:
            raise _FieldError("conditions are not allowed here")
        try:
            return compile_condition(value, vocabulary)
        except ConditionError as error:
            raise _FieldError(str(error)) from None
    converter.register_structure_hook(Condition, condition)
    for cls in (Meter, Policy, Event, Ending, Transition, DriftRule):
        overrides = {"essay": override(struct_hook=_paragraphs)}
        if cls is Transition:
            overrides["source"] = override(rename="from", struct_hook=_names)
        converter.register_structure_hook(cls, make_dict_structure_fn(cls, converter, **overrides))
    return converter


def _names(value: Any, _: Any) -> tuple[str, ...]:
    """A list of names; a single name is accepted for a list of one."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
        raise _FieldError(f"must be a name or a list of names, not {value!r}")
    return tuple(items)


def _format(exc: BaseException, type_: Any) -> str:
    if isinstance(exc, _FieldError):
        return str(exc)
    if isinstance(exc, TypeError) and str(exc).startswith("expected"):
        return str(exc)
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        return f"{_UNKNOWN_KEYS}{','.join(sorted(exc.extra_fields))}"
    if isinstance(exc, KeyError):
        return "is required but missing"
    if "not in literal" in str(exc) and getattr(type_, "__args__", None):
        return f"must be one of {', '.join(map(repr, type_.__args__))}, not {str(exc).split(' not in ')[0]!r}"
    return cattrs.v.format_exception(exc, type_)


_UNKNOWN_KEYS = "unknown keys: "


def _known_keys() -> list[str]:
    from attrs import fields

    from game.content import FollowUp, Option, PolicyLevel, WeightModifier
    classes = [cls for _, cls in KINDS.values()] + [Option, FollowUp, PolicyLevel, WeightModifier]
    return sorted({a.name for cls in classes for a in fields(cls)} | {"from"})


def _split(message: str) -> list[tuple[str, str]]:
    """'what @ $.options[1].when' -> [('options[1].when', 'what')]; one row per unknown key."""
    text, _, path = message.rpartition(" @ ")
    path = path.removeprefix("$").removeprefix(".")
    if not text.startswith(_UNKNOWN_KEYS):
        return [(path, text)]
    rows = []
    for key in text.removeprefix(_UNKNOWN_KEYS).split(","):
        close = difflib.get_close_matches(key, _known_keys(), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        rows.append((f"{path}.{key}" if path else key, f"unknown key{hint}"))
    return rows


# --- reading files --------------------------------------------------------------------------

@frozen
class _Item:
    file: str
    key: str
    index: int
    raw: Any

    @property
    def label(self) -> str:
        ident = self.raw.get("id") if isinstance(self.raw, dict) else None
        return ident if isinstance(ident, str) and ident else f"#{self.index + 1}"


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _read(root: Path, problems: list[Problem]) -> tuple[list[_Item], str]:
    items: list[_Item] = []
    digest = hashlib.sha256()
    files = sorted(root.rglob("*.toml"))
    if not files:
        problems.append(Problem(_display(root), "no .toml content files found"))
    for path in files:
        name = _display(path)
        data = path.read_bytes()
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + data + b"\0")
        try:
            table = tomllib.loads(data.decode("utf-8"))
        except UnicodeDecodeError as error:
            problems.append(Problem(name, f"not UTF-8 text: {error.reason} at byte {error.start}"))
            continue
        except tomllib.TOMLDecodeError as error:
            match = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
            where = f"line {match.group(1)}: " if match else ""
            problems.append(Problem(name, f"{where}not valid TOML: {error}"))
            continue
        for key, value in table.items():
            if key not in KINDS:
                close = difflib.get_close_matches(key, list(KINDS), n=1)
                hint = f" (did you mean [[{close[0]}]]?)" if close else f" (expected one of: {', '.join(KINDS)})"
                problems.append(Problem(name, f"unknown top-level table '{key}'{hint}"))
                continue
            if not isinstance(value, list):
                problems.append(Problem(name, f"'{key}' must be an array of tables, written [[{key}]]"))
                continue
            items.extend(_Item(name, key, index, raw) for index, raw in enumerate(value))
    return items, digest.hexdigest()[:16]


def _structure(items: Iterable[_Item], converter: cattrs.Converter, problems: list[Problem]) -> Iterator[tuple[_Item, Any]]:
    for item in items:
        kind, cls = KINDS[item.key]
        if not isinstance(item.raw, dict):
            problems.append(Problem(item.file, "must be a table", kind, item.label))
            continue
        try:
            yield item, converter.structure(item.raw, cls)
        except Exception as error:  # cattrs gathers every field's error into one exception group
            for message in cattrs.transform_error(error, format_exception=_format):
                for path, text in _split(message):
                    problems.append(Problem(item.file, text, kind, item.label, path))


def load_content(root: Path | str | None = None) -> tuple[Content | None, list[Problem]]:
    """Read, structure and check a content folder; returns the content (None on errors) and every problem."""
    root = Path(root) if root is not None else DEFAULT_CONTENT
    problems: list[Problem] = []
    if not root.is_dir():
        return None, [Problem(_display(root), "no such content folder")]
    items, fingerprint = _read(root, problems)
    structured: dict[str, list[tuple[_Item, Any]]] = {key: [] for key in KINDS}
    base = _converter(None)
    for key in _FIRST:
        structured[key] = list(_structure((i for i in items if i.key == key), base, problems))
    # Names come from the raw tables, so one broken meter does not make every event that uses it an error too.
    ids = lambda key: frozenset(i.label for i in items if i.key == key and not i.label.startswith("#"))  # noqa: E731
    vocabulary = Vocabulary(meters=ids("meter"), policies=ids("policy"), phases=ids("phase"))
    full = _converter(vocabulary)
    for key in KINDS:
        if key not in _FIRST:
            structured[key] = list(_structure((i for i in items if i.key == key), full, problems))
    where: dict[tuple[str, str], str] = {}
    tables: dict[str, dict[str, Any]] = {}
    for key, pairs in structured.items():
        kind = KINDS[key][0]
        table: dict[str, Any] = {}
        for item, obj in pairs:
            if obj.id in table:
                problems.append(Problem(item.file, f"duplicate id (also in {where[(kind, obj.id)]})", kind, obj.id, "id"))
                continue
            if key != "paragraph" and not _ID.match(obj.id):  # paragraphs are named as the essay names them
                problems.append(Problem(item.file, f"'{obj.id}' must be lower_case_with_underscores", kind, obj.id, "id"))
            where[(kind, obj.id)] = item.file
            table[obj.id] = obj
        tables[key] = table
    _check_policy_meters(structured["policy"], vocabulary.meters, problems)
    content = Content(
        root=root,
        meters=tables["meter"],
        events=tables["event"],
        policies=tables["policy"],
        scenarios=tables["scenario"],
        phases=tables["phase"],
        transitions=tuple(tables["transition"].values()),
        endings=tuple(tables["ending"].values()),
        indicators=tuple(tables["indicator"].values()),
        drift=tuple(tables["drift"].values()),
        fingerprint=fingerprint,
        index=Index.build(tables["event"], tuple(tables["drift"].values()), tables["scenario"], tables["phase"],
                          tuple(tables["transition"].values()), tables["policy"]),
        paragraphs=tables["paragraph"],
        glossary=tables["term"],
    )
    check_content(content, problems, where, vocabulary.meters)
    if any(p.level == "error" for p in problems):
        return None, problems
    return content, problems


def _check_policy_meters(pairs: list[tuple[_Item, Policy]], meters: frozenset[str], problems: list[Problem]) -> None:
    for item, policy in pairs:
        effects = [("change", policy.change)] + [(f"levels[{n}].effects", lv.effects) for n, lv in enumerate(policy.levels)]
        for field, fx in effects:
            for change in fx.changes:
                if change.meter not in meters:
                    problems.append(Problem(item.file, f"unknown meter '{change.meter}'", "policy", policy.id, field))


def load_or_raise(root: Path | str | None = None) -> Content:
    """Load content for play: raises ContentError with every problem when it has errors."""
    content, problems = load_content(root)
    if content is None:
        raise ContentError(problems)
    return content
