"""How far a condition is from holding, in meter points: the one measure the game uses.

The regime panel shows it ("12 points short"), the planner steers by it and the balance report counts
the runs that came near a guard; all three read it from the condition (:attr:`Condition.distance
<game.rules.conditions.Condition.distance>`), built once from the condition's checked tree.

The parts of an ``and`` add up: each shortfall must be made good, and a player moves one meter at a
time, so two bars 10 points short each are 20 points of work, not 10 (a largest-part measure would
call a guard with one bar 10 short as near as one with five bars 10 short each). An ``or`` is as near
as its nearest road. A failing comparison ``a >= b`` is ``b - a`` points away, a strict one
(``a > b``) one point more. A part that cannot be told in points (a flag, a phase, ``==``, a function
call at the top) is ``None`` for the panel, and a fixed ``unknown`` (:data:`UNMEASURED`) for the
planner, while it fails; 0 while it holds.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from typing import Any

from attrs import field, frozen

from game.rules.compiler import Reader, compile_tree

#: the distance the planner gives a part of a guard that cannot be measured in points and does not hold
UNMEASURED = 10.0

_Points = Callable[[Mapping[str, Any], AbstractSet[str], Mapping[str, int]], float]


@frozen
class Distance:
    """A condition compiled as 'how many meter points from holding' (0 when it holds): see the module."""

    kind: str  # "and", "or", "less" (left must fall to right), "more" (left must rise to right), "opaque"
    parts: tuple[Distance, ...] = ()
    left: Reader | None = None
    right: Reader | None = None
    strict: bool = False
    test: Reader | None = None  # an opaque part: whether it holds
    # ``points`` compiled to one straight-line function per value of ``unknown`` (the planner asks it
    # thousands of times a campaign; the recursive ``__call__`` spent most of that in its own calls)
    compiled: dict[float, _Points] = field(factory=dict, init=False, eq=False, repr=False)

    @classmethod
    def all_of(cls, parts: Iterable[Distance]) -> Distance:
        """The distance of parts that must all hold, as if joined by ``and``."""
        return cls("and", tuple(parts))

    def __call__(self, ns: Mapping[str, Any], flags: AbstractSet[str], policies: Mapping[str, int],
                 unknown: float | None = None) -> float | None:
        """Meter points from holding; a part that cannot be measured counts as ``unknown`` (None: the whole is None)."""
        kind = self.kind
        if kind == "and" or kind == "or":
            values = [p(ns, flags, policies, unknown) for p in self.parts]
            known = [v for v in values if v is not None]
            if len(known) < len(values):
                return None
            return sum(known) if kind == "and" else min(known)
        if kind == "opaque":
            if self.test is not None and self.test(ns, flags, policies):
                return 0.0
            return unknown
        assert self.left is not None and self.right is not None  # a comparison has both sides
        left = float(self.left(ns, flags, policies))
        right = float(self.right(ns, flags, policies))
        short = left - right if kind == "less" else right - left
        if short < 0 or (short == 0 and not self.strict):
            return 0.0
        return short + (1.0 if self.strict else 0.0)

    def points(self, ns: Mapping[str, Any], flags: AbstractSet[str], policies: Mapping[str, int],
               unknown: float = UNMEASURED) -> float:
        """Meter points from holding, with a part that cannot be measured counted as ``unknown`` (the planner's reading)."""
        reader = self.compiled.get(unknown)
        if reader is None:
            reader = self.compiled[unknown] = _compile_points(self, unknown)
        return reader(ns, flags, policies)


def measure(node: ast.expr) -> Distance:
    """The distance of a checked tree (see the module for how each part counts)."""
    if isinstance(node, ast.BoolOp):
        kind = "and" if isinstance(node.op, ast.And) else "or"
        return Distance(kind, tuple(measure(v) for v in node.values))
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        op = node.ops[0]
        if isinstance(op, ast.Lt | ast.LtE | ast.Gt | ast.GtE):
            left = compile_tree(node.left, ast.unparse(node.left))
            right = compile_tree(node.comparators[0], ast.unparse(node.comparators[0]))
            kind = "less" if isinstance(op, ast.Lt | ast.LtE) else "more"
            return Distance(kind, left=left, right=right, strict=isinstance(op, ast.Lt | ast.Gt))
    return Distance("opaque", test=compile_tree(node, ast.unparse(node)))


def _less(short: float) -> float:
    return 0.0 if short <= 0 else short + 0.0


def _less_strict(short: float) -> float:
    return 0.0 if short < 0 else short + 1.0


def _compile_points(whole: Distance, unknown: float) -> _Points:
    """``whole.points(..., unknown)`` as one function: the same arithmetic as :meth:`Distance.__call__`
    (``sum`` and ``min`` over the parts, in order), written out as one expression of the parts' readers."""
    scope: dict[str, Any] = {"__builtins__": {}, "_sum": sum, "_min": min, "_float": float, "_less": _less,
                             "_less_strict": _less_strict, "_unknown": unknown}

    def named(reader: Any) -> str:
        name = f"_r{len(scope)}"
        scope[name] = reader
        return f"{name}(_ns, _flags, _policies)"

    def text(d: Distance) -> str:
        if d.kind == "and":
            return f"_sum(({', '.join(text(p) for p in d.parts)},))"
        if d.kind == "or":
            return f"_min(({', '.join(text(p) for p in d.parts)},))"
        if d.kind == "opaque":
            return "_unknown" if d.test is None else f"(0.0 if {named(d.test)} else _unknown)"
        left, right = f"_float({named(d.left)})", f"_float({named(d.right)})"
        short = f"{left} - {right}" if d.kind == "less" else f"{right} - {left}"
        return f"{'_less_strict' if d.strict else '_less'}({short})"

    source = f"lambda _ns, _flags, _policies: {text(whole)}"
    found: _Points = eval(compile(source, "<distance>", "eval"), scope)  # noqa: S307 - made here of our own names only
    return found
