"""The JSON shape of a save file: one strict cattrs converter for the game state and its records.

It forbids unknown keys, coerces nothing (a number written as a string is an error), writes the
state's named-tuple records as short lists, and locates the first bad value of a damaged file as a
path such as ``state.history[1].changes[2].delta``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from typing import Any, get_args, get_origin, get_type_hints

import cattrs

from game.i18n import N_, _
from game.rules.model import Date
from game.rules.state import FrozenDict


def _strict(kind: type, *also: type) -> Callable[[Any, Any], Any]:
    def hook(value: Any, _kind: Any) -> Any:
        if isinstance(value, bool) and kind is not bool or not isinstance(value, (kind, *also)):
            raise Expected(_("expected {kind}, got {value}").format(kind=_(_KIND_NAMES[kind]) if kind in _KIND_NAMES
                                                                     else kind.__name__, value=describe(value)))
        if kind is float and isinstance(value, int | float) and not math.isfinite(value):
            raise Expected(_("expected a finite number, got {value}").format(value=repr(value)))
        return kind(value)
    return hook


class Expected(TypeError):
    """A value of the wrong kind; the message (translated) says what was expected and what was found."""


_KIND_NAMES = {str: N_("a string"), int: N_("a whole number"), float: N_("a number"), bool: N_("true or false")}


def describe(value: Any) -> str:
    names = {dict: N_("an object"), list: N_("a list"), str: N_("a string"), bool: N_("a boolean"), int: N_("a number"),
             float: N_("a number"), type(None): "null"}
    shown = repr(value) if not isinstance(value, (dict, list)) else ""
    name = names.get(type(value))
    return f"{_(name) if name else type(value).__name__} {shown}".strip()[:80]


def _list_of(value: Any) -> list:
    if not isinstance(value, list):
        raise Expected(_("expected a list, got {value}").format(value=describe(value)))
    return value


def _date(value: Any, _kind: Any) -> Date:
    try:
        return Date.parse(value)
    except ValueError:
        raise Expected(_("expected a season such as 2004-Q2, got {value}").format(value=describe(value))) from None


def _moment(value: Any, _kind: Any) -> datetime:
    if not isinstance(value, str):
        raise Expected(_("expected a date and time, got {value}").format(value=describe(value)))
    return datetime.fromisoformat(value)


def _sequence(converter: cattrs.Converter, type_: Any) -> Any:
    """The hook of a tuple or frozenset: of one kind of item (``tuple[int, ...]``), or a fixed list of kinds."""
    args = get_args(type_)
    if get_origin(type_) is frozenset or (len(args) == 2 and args[1] is Ellipsis):
        made = frozenset if get_origin(type_) is frozenset else tuple
        item = converter.get_structure_hook(args[0])

        def homogeneous(value: Any, _kind: Any) -> Any:
            try:
                return made([item(v, args[0]) for v in _list_of(value)])
            except Exception as error:  # noqa: BLE001 - say which item, then let it propagate
                raise _at(error, value, lambda v: item(v, args[0])) from None
        return homogeneous
    items = [converter.get_structure_hook(a) for a in args]

    def fixed(value: Any, _kind: Any) -> tuple:
        if len(_list_of(value)) != len(args):
            raise Expected(_("expected a list of {count}, got {got} item(s)").format(count=len(args), got=len(value)))
        return tuple(hook(v, a) for hook, v, a in zip(items, value, args))
    return fixed


def _mapping(converter: cattrs.Converter, type_: Any) -> Any:
    """The hook of a dict or a FrozenDict: an object whose values are all of one kind."""
    _key, value_type = get_args(type_)
    item = converter.get_structure_hook(value_type)

    def structure(value: Any, _kind: Any) -> dict:
        if not isinstance(value, dict):
            raise Expected(_("expected an object, got {value}").format(value=describe(value)))
        try:
            return {k: item(v, value_type) for k, v in value.items()}
        except Exception as error:  # noqa: BLE001 - say which entry, then let it propagate
            raise _at(error, value, lambda v: item(v, value_type)) from None
    return structure


def _record(converter: cattrs.Converter, type_: Any) -> Any:
    """The hook of a named tuple written as a short list."""
    hints = get_type_hints(type_)
    kinds = tuple(hints[name] for name in type_._fields)
    hooks = tuple(converter.get_structure_hook(kind) for kind in kinds)
    simple = all(kind in (str, int, float) for kind in kinds)

    def structure(value: Any, _kind: Any) -> tuple:
        if type(value) is not list or len(value) != len(kinds):
            got = _("{count} item(s)").format(count=len(value)) if type(value) is list else describe(value)
            raise Expected(_("expected a list of {count} ({fields}), got {got}").format(
                count=len(kinds), fields=", ".join(type_._fields), got=got))
        if simple and all(type(v) is k for v, k in zip(value, kinds)):
            return type_._make(value)  # the common case, checked without a hook per item
        fields = []
        for name, hook, v, kind in zip(type_._fields, hooks, value, kinds):
            try:
                fields.append(hook(v, kind))
            except Exception as error:  # noqa: BLE001 - say which field, then let it propagate
                raise _Located(*locate(error, f".{name}")) from None
        return type_._make(fields)
    return structure


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True)
    for kind, also in ((str, ()), (int, ()), (float, (int,)), (bool, ())):
        converter.register_structure_hook(kind, _strict(kind, *also))
    converter.register_structure_hook(Date, _date)
    converter.register_unstructure_hook(Date, Date.code)
    converter.register_structure_hook(datetime, _moment)
    converter.register_unstructure_hook(datetime, datetime.isoformat)
    converter.register_structure_hook_factory(_is_record, lambda t: _record(converter, t))
    converter.register_unstructure_hook_func(_is_record, lambda value: [converter.unstructure(v) for v in value])
    converter.register_structure_hook_factory(lambda t: get_origin(t) in (tuple, frozenset), lambda t: _sequence(converter, t))
    converter.register_structure_hook_factory(lambda t: get_origin(t) in (dict, FrozenDict), lambda t: _mapping(converter, t))
    converter.register_unstructure_hook_func(lambda t: t is FrozenDict or get_origin(t) is FrozenDict, dict)
    converter.register_unstructure_hook_func(lambda t: t is frozenset or get_origin(t) is frozenset, sorted)
    return converter


class _Located(TypeError):
    """A bad item inside a list or an object, with where it is below that container."""

    def __init__(self, where: str, text: str) -> None:
        self.where, self.text = where, text
        super().__init__(f"{text} @ {where}")


def _at(error: Exception, container: Any, check: Any) -> _Located:
    """Find the first bad item of a list or object again, to say where it is (only on failure)."""
    pairs = container.items() if isinstance(container, dict) else enumerate(container) if isinstance(container, list) else ()
    for key, value in pairs:
        try:
            check(value)
        except Exception as inner:  # noqa: BLE001 - this is the item that failed
            where, text = locate(inner, f"[{key}]" if isinstance(key, int) else f".{key}")
            return _Located(where, text)
    return _Located("", str(error))


def locate(error: BaseException, where: str = "") -> tuple[str, str]:
    """The path and description of the first fault in a structuring error."""
    if isinstance(error, cattrs.BaseValidationError) and error.exceptions:
        inner = error.exceptions[0]
        for note in getattr(inner, "__notes__", ()):
            if isinstance(note, cattrs.errors.AttributeValidationNote):
                where += f".{note.name}"
            elif isinstance(note, cattrs.errors.IterableValidationNote):
                where += f"[{note.index}]"
        return locate(inner, where)
    if isinstance(error, _Located):
        return where + error.where, error.text
    if isinstance(error, cattrs.ForbiddenExtraKeysError):
        return where, _("unknown field(s) {names}").format(names=", ".join(sorted(map(str, error.extra_fields))))
    if isinstance(error, KeyError):
        return where, _("required field missing")
    if isinstance(error, Expected):
        return where, str(error)  # the strict hooks' own words
    if isinstance(error, ValueError) and "isoformat" in str(error):
        return where, _("not a date and time")
    return where, f"{type(error).__name__}: {error}"[:200]


def _is_record(type_: Any) -> bool:
    """A NamedTuple (the state keeps its most numerous records as named tuples, written as lists)."""
    return isinstance(type_, type) and issubclass(type_, tuple) and hasattr(type_, "_fields")


CONVERTER = _make_converter()
