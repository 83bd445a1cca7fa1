"""Conditions worked out together: several of the content's expressions compiled (game.sim.batch_conditions) into
one array function that gives all their values at once, each part they share worked out once.

The drift's amounts are read all at once from the same meters every season (``engine.end_season``): one call
rather than one a rule, and a part such as ``max(0, tension - 65)`` written in two rules costs one pass over
the runs. Every part is worked out as it was (the compiled code evaluates every argument: no part is skipped
or reordered in a way that shows), so each value is the one the condition alone gives.
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from game.rules.conditions import Condition
from game.sim.batch_conditions import _SCOPE, _Emitter

_WORK = (ast.BinOp, ast.Call, ast.Compare, ast.UnaryOp, ast.BoolOp)  # the nodes that cost a pass over the runs


class _Shared(_Emitter):
    """Writes the conditions' trees as the emitter does, but each part met more than once (the same subtree
    in any of them) is worked out once, into a name, before the first line that reads it. The emitter writes
    a part from its tree alone, so the same subtree is the same code wherever it stands."""

    def __init__(self, emitter: _Emitter, repeated: set[str]) -> None:
        super().__init__(emitter.columns)
        self.unknown = emitter.unknown
        self.repeated = repeated
        self.names: dict[str, tuple[str, bool]] = {}
        self.lines: list[str] = []

    def emit(self, node: ast.expr) -> tuple[str, bool]:
        key = ast.dump(node) if isinstance(node, _WORK) else None
        if key is not None and key in self.names:
            return self.names[key]
        source, truth = super().emit(node)  # the parts inside first: a line reads only the names before it
        if key is not None and key in self.repeated:
            name = f"_s{len(self.names)}"
            self.names[key] = (name, truth)
            self.lines.append(f"    {name} = {source}")
            return name, truth
        return source, truth


def fused_source(emitter: _Emitter, conditions: Sequence[Condition]) -> str:
    """The source of one function of the columns that returns every condition's value, in order."""
    counts = Counter(ast.dump(node) for c in conditions for node in ast.walk(c.tree) if isinstance(node, _WORK))
    shared = _Shared(emitter, {key for key, n in counts.items() if n > 1})
    values = [shared.emit(c.tree)[0] for c in conditions]
    return "\n".join(["def _fused(_M, _F, _P, _PH, _D):", *shared.lines, f"    return ({', '.join(values)},)"])


def compile_fused(emitter: _Emitter, conditions: Sequence[Condition]) -> Callable[..., tuple[Any, ...]]:
    """Every condition's value at once as an array function (see the module)."""
    scope = dict(_SCOPE)
    exec(compile(fused_source(emitter, conditions), "<batch fused>", "exec"), scope)  # noqa: S102 - from checked trees
    return scope["_fused"]
