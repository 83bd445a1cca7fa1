"""The compiler of the condition language: checked trees into Python functions that read the state.

A tree reaches this module only after :mod:`game.rules.conditions` has parsed it, checked it against
the language's allow-list and proved its range: here it is rewritten to read from the game's state
(``ns['x']``, ``'x' in flags``, ``policies['x']``) and compiled. Nothing here reads source text, so
nothing a content file writes is ever executed as Python. Hot loops get several conditions
compiled into one function (a batch, the drift of a season, the draw weights).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Any, Protocol

from game.rules.language import FUNCTIONS, TINY, divide, modulo
from game.rules.ranges import number, ordered_bounds


class Condition(Protocol):
    """What the compiler needs of a condition (:class:`game.rules.conditions.Condition`): its checked tree."""

    @property
    def tree(self) -> ast.expr: ...

#: a compiled expression: ``(ns, flags, policies)`` to its value
Reader = Callable[[Mapping[str, Any], AbstractSet[str], Mapping[str, int]], Any]


class _Rewriter(ast.NodeTransformer):
    """Turns checked names into reads from the state: ns['x'], 'x' in flags, policies['x']."""

    def visit_Name(self, node: ast.Name) -> ast.AST:
        if node.id in ("true", "True"):
            return ast.copy_location(ast.Constant(True), node)
        if node.id in ("false", "False"):
            return ast.copy_location(ast.Constant(False), node)
        if node.id in FUNCTIONS:
            return node
        return ast.copy_location(
            ast.Subscript(value=ast.Name("_ns", ast.Load()), slice=ast.Constant(node.id), ctx=ast.Load()), node)

    def visit_Attribute(self, node: ast.Attribute) -> ast.AST:
        kind, name = node.value.id, node.attr  # type: ignore[attr-defined]
        if kind == "flag":
            new: ast.AST = ast.Compare(ast.Constant(name), [ast.In()], [ast.Name("_flags", ast.Load())])
        elif kind == "policy":
            new = ast.Subscript(ast.Name("_policies", ast.Load()), ast.Constant(name), ast.Load())
        else:
            new = ast.Compare(
                ast.Subscript(ast.Name("_ns", ast.Load()), ast.Constant("phase"), ast.Load()),
                [ast.Eq()], [ast.Constant(name)])
        return ast.copy_location(new, node)

    def visit_Call(self, node: ast.Call) -> ast.AST:
        node.args = [self.visit(arg) for arg in node.args]
        if node.func.id == "clamp" and ordered_bounds(node.args[1], node.args[2]):  # type: ignore[attr-defined]
            low = ast.Call(ast.Name("_fn_max", ast.Load()), [node.args[0], node.args[1]], [])
            return ast.copy_location(ast.Call(ast.Name("_fn_min", ast.Load()), [low, node.args[2]], []), node)
        node.func = ast.copy_location(ast.Name(f"_fn_{node.func.id}", ast.Load()), node.func)  # type: ignore[attr-defined]
        return node

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.op, ast.Div | ast.Mod) and not _safe_divisor(node):
            helper = "_div" if isinstance(node.op, ast.Div) else "_mod"
            return ast.copy_location(ast.Call(ast.Name(helper, ast.Load()), [node.left, node.right], []), node)
        return node


def _safe_divisor(node: ast.BinOp) -> bool:
    """Whether the divisor is a number written out that the guard would let through unchanged: any but 0
    for ``%``, one farther from 0 than ``TINY`` for ``/`` (``x / 1e-12`` gives 0, as the range analysis says)."""
    written = number(node.right)
    if written is None:
        return False
    return abs(written) > TINY if isinstance(node.op, ast.Div) else written != 0


_GLOBALS: dict[str, Any] = {"__builtins__": {}, "_div": divide, "_mod": modulo}
_GLOBALS.update({f"_fn_{name}": fn for name, fn in FUNCTIONS.items()})


def _fresh(node: Any) -> Any:
    """A copy of a tree in which no node appears twice (the same condition may sit in a batch more than
    once, and the rewriter changes the nodes it visits: a shared node would be rewritten twice)."""
    if isinstance(node, ast.AST):
        new = type(node)(**{name: _fresh(getattr(node, name)) for name in node._fields if hasattr(node, name)})
        return ast.copy_location(new, node) if hasattr(node, "lineno") else new
    if isinstance(node, list):
        return [_fresh(item) for item in node]
    return node


def _rewritten(tree: ast.expr) -> ast.expr:
    """A copy of a checked tree that reads from the state; the tree itself is left as it was."""
    found: ast.expr = _Rewriter().visit(_fresh(tree))
    return found


def compile_tree(tree: ast.expr, label: str) -> Reader:
    """A checked tree as a function ``(ns, flags, policies)``; ``label`` names it in a traceback."""
    body = _rewritten(tree)
    lam = ast.Lambda(
        args=ast.arguments(posonlyargs=[], args=[ast.arg("_ns"), ast.arg("_flags"), ast.arg("_policies")],
                           kwonlyargs=[], kw_defaults=[], defaults=[]),
        body=body,
    )
    expression = ast.fix_missing_locations(ast.Expression(lam))
    code = compile(expression, f"<condition: {label[:60]}>", "eval")
    reader: Reader = eval(code, dict(_GLOBALS))  # noqa: S307 - the checked, rewritten tree: never the raw source
    return reader


Batch = Callable[[Mapping[str, Any], AbstractSet[str], Mapping[str, int]], tuple[Any, ...]]


def _tree(condition: Condition | None) -> ast.expr:
    """The checked expression of a condition, ready to combine with others (None is true)."""
    return ast.Constant(True) if condition is None else condition.tree


def _all(trees: list[ast.expr]) -> ast.expr:
    return trees[0] if len(trees) == 1 else ast.BoolOp(ast.And(), trees)


def _batch(parts: list[ast.expr]) -> Batch:
    return compile_tree(ast.Tuple(elts=parts, ctx=ast.Load()), "batch")


def compile_batch(conditions: Sequence[Condition | None]) -> Batch:
    """One function computing several already-checked conditions at once, as a tuple (for hot loops).

    A missing condition (None) counts as true.
    """
    return _batch([_tree(c) for c in conditions])


def compile_guarded(pairs: Sequence[tuple[Condition, Condition | None]]) -> Batch:
    """One function computing several (value, guard) pairs at once: each value where its guard holds
    (None: always), else 0."""
    return _batch([_tree(value) if guard is None else ast.IfExp(_tree(guard), _tree(value), ast.Constant(0))
                   for value, guard in pairs])


Drift = Callable[[Mapping[str, Any], AbstractSet[str], Mapping[str, int], dict[str, float], Callable[[Any], Any], type], None]


def compile_drift(rules: Sequence[tuple[Condition, Condition | None, str, str]]) -> Drift:
    """One function that works out every drift rule's amount and adds it to its meter.

    A rule is ``(amount, when, meter, cause)``. The function ``(ns, flags, policies, meters, append, kind)``
    first computes every amount from ``ns`` (each 0 where its ``when`` fails), then, rule by rule, adds
    each amount that is not 0 to ``meters[meter]`` clamped to 0-100 and, where the meter really moved,
    calls ``append(kind((meter, moved by, cause)))`` (a tuple subclass made without its ``__new__``).
    The same arithmetic as a loop over :func:`compile_guarded`'s amounts, written out straight.
    """
    lines = ["def _drift(_ns, _flags, _policies, _meters, _append, _kind):"]
    for at, (amount, when, _, _) in enumerate(rules):
        tree = _tree(amount) if when is None else ast.IfExp(_tree(when), _tree(amount), ast.Constant(0))
        rewritten = _rewritten(tree)
        lines.append(f"    _a{at} = {ast.unparse(rewritten)}")
    for at, (_, _, meter, cause) in enumerate(rules):
        lines += [f"    if _a{at}:",
                  f"        _old = _meters[{meter!r}]",
                  f"        _new = _old + _a{at}",
                  "        if _new < 0.0:",
                  "            _new = 0.0",
                  "        elif _new > 100.0:",
                  "            _new = 100.0",
                  "        if _new != _old:",
                  f"            _meters[{meter!r}] = _new",
                  f"            _append(_tuple_new(_kind, ({meter!r}, _new - _old, {cause!r})))"]
    lines.append("    return None")
    scope = dict(_GLOBALS, _tuple_new=tuple.__new__)
    exec(compile("\n".join(lines) + "\n", "<drift>", "exec"), scope)  # noqa: S102 - checked, rewritten trees only
    drift: Drift = scope["_drift"]
    return drift


def compile_weights(rows: Sequence[tuple[float, Condition | None, Sequence[Condition | None],
                                         Sequence[tuple[Condition, float]]]]) -> Batch:
    """One function computing many draw weights at once.

    A row is ``(base, when, any_of, modifiers)``. Its weight is ``base`` multiplied, in order, by
    the factor of each modifier whose condition holds, when ``when`` holds and at least one
    condition of ``any_of`` holds (None there: always); otherwise it is 0.
    """
    parts: list[ast.expr] = []
    for base, when, any_of, modifiers in rows:
        weight: ast.expr = ast.Constant(base)
        for condition, factor in modifiers:
            weight = ast.BinOp(weight, ast.Mult(), ast.IfExp(_tree(condition), ast.Constant(factor), ast.Constant(1)))
        tests = [] if when is None else [_tree(when)]
        if any_of and None not in any_of:
            alternatives = [_tree(c) for c in any_of]
            tests.append(alternatives[0] if len(alternatives) == 1 else ast.BoolOp(ast.Or(), alternatives))
        elif not any_of:
            tests.append(ast.Constant(False))
        parts.append(ast.IfExp(_all(tests), weight, ast.Constant(0)) if tests else weight)
    return _batch(parts)
