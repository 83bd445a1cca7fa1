"""The condition language of content files, and the one place its text is read.

Content authors write small expressions such as ``surveillance < 40 and not flag.kumgang_closed
and year >= 2005``. Each is parsed here once with :mod:`ast`, checked against an allow-list of node
types and names, proved total by its range analysis (:mod:`game.rules.ranges`), and compiled
(:mod:`game.rules.compiler`) when content loads. What comes out is a :class:`Condition` that knows
itself: its tree, the names it reads, the range of its value, its parts, and how far it is from
holding (:mod:`game.rules.distance`). Whoever needs to understand a condition (the engine, the regime
and its panel, the planner, the validator, the fingerprint) asks the Condition, and no other module
parses condition text. Nothing in a content file is ever executed as Python: only the validated,
rewritten tree is compiled, and it can reach nothing but the state and the few functions of
:mod:`game.rules.language`.

Names an expression may read:

* a meter by its id (``unrest``), a date part (``year``, ``quarter``, ``turn``, ``turns_left``);
* ``flag.NAME`` (true when the flag is set), ``policy.NAME`` (the policy's level, from 0),
  ``phase.NAME`` (true when the regime is in that phase);
* the functions ``min``, ``max``, ``abs``, ``round``, ``clamp(x, lo, hi)``, ``exp``, ``log``,
  ``sqrt``.

Division by zero gives 0, and ``**`` takes only a small constant exponent.

The language is total: every expression the compiler accepts gives, for every state within the
bounds below, a finite number or a boolean, in bounded time. The compiler proves it before it
compiles, by following the range of every sub-expression over those bounds (interval arithmetic),
and refuses what could fail: ``x ** -1`` where ``x`` may be 0, ``(x - 50) ** 0.5`` where the base
may be negative, a value that could grow beyond ``MAX_VALUE``, an expression nested deeper than
``MAX_DEPTH``. The bounds: a meter 0-100, ``year`` 0-9999, ``quarter`` 1-4, ``turn`` and
``turns_left`` within ``MAX_TURNS``, a policy level 0 to ``MAX_LEVELS - 1``; the validator holds
content to them. The compiled code carries no extra checks, so the hot path stays as fast.
"""

from __future__ import annotations

import ast
import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from typing import Any

from attrs import field, frozen

from game.i18n import N_, _
from game.rules.compiler import (
    Batch,
    Drift,
    Reader,
    compile_batch,
    compile_drift,
    compile_guarded,
    compile_tree,
    compile_weights,
)
from game.rules.distance import UNMEASURED, Distance, measure
from game.rules.language import (
    ARITY,
    DATE_NAMES,
    DATE_RANGES,
    FUNCTIONS,
    MAX_DECIMALS,
    MAX_DEPTH,
    MAX_LENGTH,
    MAX_LEVELS,
    MAX_POWER,
    MAX_TURNS,
    MAX_VALUE,
    METER_RANGE,
    NAMESPACES,
    TINY,
    ConditionError,
    Interval,
)
from game.rules.ranges import Ranges

__all__ = [
    "DATE_NAMES", "DATE_RANGES", "FUNCTIONS", "MAX_DECIMALS", "MAX_DEPTH", "MAX_LENGTH", "MAX_LEVELS", "MAX_POWER",
    "MAX_TURNS", "MAX_VALUE", "METER_RANGE", "NAMESPACES", "TINY", "UNMEASURED", "Batch", "Condition",
    "ConditionError", "Distance", "Drift", "Vocabulary", "compile_batch", "compile_condition", "compile_drift",
    "compile_guarded", "compile_weights", "describe_values", "did_you_mean",
]

_TRUE = frozenset({"true", "True"})
_FALSE = frozenset({"false", "False"})

_ALLOWED_NODES = (
    ast.Expression, ast.BoolOp, ast.And, ast.Or, ast.UnaryOp, ast.Not, ast.USub, ast.UAdd,
    ast.BinOp, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Mod, ast.Pow, ast.Compare, ast.Lt,
    ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq, ast.Name, ast.Load, ast.Attribute, ast.Constant,
    ast.Call, ast.IfExp,
)

_DESCRIBE = {
    ast.Subscript: N_("subscripts ([...]) are not allowed"),
    ast.Lambda: N_("lambdas are not allowed"),
    ast.ListComp: N_("comprehensions are not allowed"),
    ast.SetComp: N_("comprehensions are not allowed"),
    ast.DictComp: N_("comprehensions are not allowed"),
    ast.GeneratorExp: N_("comprehensions are not allowed"),
    ast.JoinedStr: N_("f-strings are not allowed"),
    ast.FormattedValue: N_("f-strings are not allowed"),
    ast.NamedExpr: N_("assignment (:=) is not allowed"),
    ast.Starred: N_("starred arguments are not allowed"),
    ast.List: N_("lists are not allowed"),
    ast.Tuple: N_("tuples are not allowed"),
    ast.Dict: N_("dicts are not allowed"),
    ast.Set: N_("sets are not allowed"),
    ast.Await: N_("await is not allowed"),
    ast.Yield: N_("yield is not allowed"),
    ast.Slice: N_("slices are not allowed"),
    ast.In: N_("'in' is not allowed"),
    ast.NotIn: N_("'not in' is not allowed"),
    ast.Is: N_("'is' is not allowed"),
    ast.IsNot: N_("'is not' is not allowed"),
    ast.BitAnd: N_("bitwise operators (write and, or, not) are not allowed"),
    ast.BitOr: N_("bitwise operators (write and, or, not) are not allowed"),
    ast.BitXor: N_("bitwise operators are not allowed"),
    ast.LShift: N_("bitwise operators are not allowed"),
    ast.RShift: N_("bitwise operators are not allowed"),
    ast.Invert: N_("bitwise operators (write and, or, not) are not allowed"),
    ast.FloorDiv: N_("'//' (use '/' and round()) is not allowed"),
    ast.MatMult: N_("'@' is not allowed"),
}


@frozen
class Vocabulary:
    """The names a condition may read: the content's meters, flags, policies and phases."""

    meters: frozenset[str]
    flags: frozenset[str] | None = None  # None: any flag name is accepted (checked later)
    policies: frozenset[str] = frozenset()
    phases: frozenset[str] = frozenset()


@frozen
class Condition:
    """A checked, compiled expression of the condition language, that knows itself.

    It carries its tree (parsed once, never again), the names it reads, the range its value can
    take, its parts (the terms of a top-level ``and``, the roads of a top-level ``or``, the ways it
    can hold) and how far it is from holding (:attr:`distance`). A part is a Condition too, made
    from its sub-tree without parsing or checking again.
    """

    source: str
    fn: Reader = field(eq=False, repr=False)
    tree: ast.expr = field(eq=False, repr=False)  # the checked tree of ``source``: read it, never change it
    meters: frozenset[str] = frozenset()
    flags: frozenset[str] = frozenset()
    policies: frozenset[str] = frozenset()
    phases: frozenset[str] = frozenset()
    terms: tuple[Condition, ...] = field(default=(), eq=False, repr=False)  # the parts of a top-level 'and'
    numbers: frozenset[float] = field(default=frozenset(), eq=False, repr=False)  # the numbers written in it
    dates: frozenset[str] = field(default=frozenset(), eq=False, repr=False)  # the date parts it reads
    span: Interval = field(default=(0.0, 1.0), eq=False, repr=False)  # the range its value can take (0-1 for true/false)
    _known: dict[str, Any] = field(factory=dict, init=False, eq=False, repr=False)  # what is worked out on first ask

    def __call__(self, ns: Mapping[str, Any], flags: AbstractSet[str], policies: Mapping[str, int]) -> Any:
        return self.fn(ns, flags, policies)

    @property
    def of_history(self) -> bool:
        """Whether it reads only what history has decided in a run, flags and phases, and no meter or policy:
        a player cannot move it."""
        return not self.meters and not self.policies and bool(self.flags or self.phases)

    @property
    def history(self) -> tuple[Condition, ...]:
        """The parts of a top-level 'and' that read only history (see :attr:`of_history`)."""
        return tuple(term for term in self.terms if term.of_history)

    @property
    def distance(self) -> Distance:
        """How many meter points it is from holding, as a callable (see :mod:`game.rules.distance`); built once."""
        found = self._known.get("distance")
        if found is None:
            found = self._known["distance"] = measure(self.tree)
        return found

    @property
    def roads(self) -> tuple[Condition, ...]:
        """The alternatives of a top-level 'or' (none for any other condition)."""
        found = self._known.get("roads")
        if found is None:
            tree = self.tree
            alternatives = tree.values if isinstance(tree, ast.BoolOp) and isinstance(tree.op, ast.Or) else []
            found = self._known["roads"] = tuple(self.part(node) for node in alternatives)
        return found

    @property
    def ways(self) -> tuple[tuple[Condition, ...], ...]:
        """Every way it can hold, in the order written: each a tuple of parts that must all hold.

        An ``or`` gives one way per road, an ``and`` one way per choice of a way in each of its
        terms; any other part is a way of its own (``a and (b or c)``: ``(a, b)`` and ``(a, c)``).
        """
        found = self._known.get("ways")
        if found is None:
            found = self._known["ways"] = tuple(tuple(self.part(node) for node in way) for way in _spread(self.tree))
        return found

    def part(self, node: ast.expr) -> Condition:
        """A part of this condition (a sub-tree of :attr:`tree`) as a condition of its own."""
        return _condition(ast.unparse(node), node)


def _spread(node: ast.expr) -> list[tuple[ast.expr, ...]]:
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
        return [way for value in node.values for way in _spread(value)]
    if isinstance(node, ast.BoolOp):
        found: list[tuple[ast.expr, ...]] = [()]
        for value in node.values:
            found = [way + more for way in found for more in _spread(value)]
        return found
    return [(node,)]


class _Reads(ast.NodeVisitor):
    """What a checked tree reads: meters, flags, policies, phases, date parts, and the numbers written in it."""

    def __init__(self) -> None:
        self.meters: set[str] = set()
        self.flags: set[str] = set()
        self.policies: set[str] = set()
        self.phases: set[str] = set()
        self.numbers: set[float] = set()
        self.dates: set[str] = set()

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, int | float) and not isinstance(node.value, bool):
            self.numbers.add(float(node.value))

    def visit_Name(self, node: ast.Name) -> None:
        if node.id in DATE_NAMES:
            self.dates.add(node.id)
        elif node.id not in _TRUE and node.id not in _FALSE:
            self.meters.add(node.id)  # the checker let through no other name

    def visit_Attribute(self, node: ast.Attribute) -> None:
        kind = node.value.id if isinstance(node.value, ast.Name) else ""
        {"flag": self.flags, "policy": self.policies, "phase": self.phases}[kind].add(node.attr)

    def visit_Call(self, node: ast.Call) -> None:
        for arg in node.args:  # the function's own name is no meter
            self.visit(arg)


def _condition(source: str, tree: ast.expr, terms: tuple[Condition, ...] = (),
               span: Interval = (0.0, 1.0)) -> Condition:
    """A condition of a checked tree, with what it reads."""
    reads = _Reads()
    reads.visit(tree)
    return Condition(source=source, fn=compile_tree(tree, source), tree=tree, meters=frozenset(reads.meters),
                     flags=frozenset(reads.flags), policies=frozenset(reads.policies),
                     phases=frozenset(reads.phases), terms=terms, numbers=frozenset(reads.numbers),
                     dates=frozenset(reads.dates), span=span)


def compile_condition(source: str, vocabulary: Vocabulary) -> Condition:
    """Parse, check and compile one expression, or raise ConditionError saying what is wrong."""
    if not isinstance(source, str):
        raise ConditionError(_("must be a string, not {kind}").format(kind=type(source).__name__))
    text = " ".join(source.split())
    if not text:
        raise ConditionError(_("is empty"))
    if len(text) > MAX_LENGTH:
        raise ConditionError(_("is longer than {most} characters").format(most=MAX_LENGTH))
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as error:
        where = _(" at column {column}").format(column=error.offset) if error.offset else ""
        raise ConditionError(_("does not parse: {error}{where} in '{text}'{hint}").format(
            error=error.msg, where=where, text=text, hint=_syntax_hint(text))) from None
    except (RecursionError, MemoryError):
        raise ConditionError(_("is too deep: it nests more than {most} levels").format(most=MAX_DEPTH)) from None
    if _depth(tree) > MAX_DEPTH:
        raise ConditionError(_("is too deep: it nests more than {most} levels").format(most=MAX_DEPTH))
    _Checker(vocabulary).visit(tree)
    span = Ranges().of(tree.body)
    body = tree.body
    conjuncts: Iterable[ast.expr] = (
        body.values if isinstance(body, ast.BoolOp) and isinstance(body.op, ast.And) else ())
    return _condition(text, body, tuple(_condition(ast.unparse(part), part) for part in conjuncts), span)


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest known name, or '' when none is close."""
    close = difflib.get_close_matches(name, sorted(known), n=1)
    return _(" (did you mean '{name}'?)").format(name=close[0]) if close else ""


#: what a writer of other languages types, and what this one says instead
_SLIPS = ((re.compile(r"&&"), N_("write 'and', not '&&'")), (re.compile(r"\|\|"), N_("write 'or', not '||'")),
          (re.compile(r"!(?!=)"), N_("write 'not', not '!'")),
          (re.compile(r"(?<![=<>!])=(?![=<>])"), N_("compare with '==' (a single '=' is not a comparison)")),
          (re.compile(r"=<|=>"), N_("write '<=' or '>='")))


def _syntax_hint(text: str) -> str:
    """The fix for a condition that does not parse because it is written in another language's words."""
    hints = [_(hint) for pattern, hint in _SLIPS if pattern.search(text)]
    return f": {'; '.join(hints)}" if hints else ""


class _Checker(ast.NodeVisitor):
    """Refuses every node and name outside the language."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary

    def generic_visit(self, node: ast.AST) -> None:
        if not isinstance(node, _ALLOWED_NODES):
            described = _DESCRIBE.get(type(node))
            what = type(node).__name__
            raise ConditionError(_(described) if described else (
                _("{what} are not allowed") if what.endswith("s") else _("{what} is not allowed")).format(what=what))
        super().generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            if isinstance(node.value, bool):
                return
            raise ConditionError(_("only numbers, true and false may be written as values, not {value}").format(
                value=repr(node.value)))
        if abs(node.value) > 1e9:
            raise ConditionError(_("the number {value} is too large").format(value=node.value))

    def visit_Name(self, node: ast.Name) -> None:
        name = node.id
        if name.startswith("_"):
            raise ConditionError(_("names starting with '_' are not allowed: {name}").format(name=name))
        if name in ("true", "false", "True", "False"):
            return
        if name in DATE_NAMES or name in self.vocabulary.meters:
            return
        if name in NAMESPACES:
            raise ConditionError(_("'{name}' needs a name after it, as in {name}.something").format(name=name))
        if name in FUNCTIONS:
            raise ConditionError(_("'{name}' is a function: call it, as in {name}(...)").format(name=name))
        raise ConditionError(_("unknown name '{name}'{hint} (not a meter, a date part or a function)").format(
            name=name, hint=did_you_mean(name, self.vocabulary.meters | DATE_NAMES)), f"name.{name}")

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if not isinstance(node.value, ast.Name) or node.value.id not in NAMESPACES:
            raise ConditionError(_("attribute access is allowed only as flag.NAME, policy.NAME or phase.NAME"))
        kind, name = node.value.id, node.attr
        if name.startswith("_"):
            raise ConditionError(_("names starting with '_' are not allowed: {name}").format(name=f"{kind}.{name}"))
        if kind == "flag":
            if self.vocabulary.flags is not None and name not in self.vocabulary.flags:
                raise ConditionError(_("unknown flag '{name}'{hint}").format(
                    name=name, hint=did_you_mean(name, self.vocabulary.flags)), f"flag.{name}")
        elif kind == "policy":
            if name not in self.vocabulary.policies:
                raise ConditionError(_("unknown policy '{name}'{hint}").format(
                    name=name, hint=did_you_mean(name, self.vocabulary.policies)), f"policy.{name}")
        elif name not in self.vocabulary.phases:
            raise ConditionError(_("unknown regime phase '{name}'{hint}").format(
                name=name, hint=did_you_mean(name, self.vocabulary.phases)), f"phase.{name}")

    def visit_Call(self, node: ast.Call) -> None:
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            what = ast.unparse(node.func)
            raise ConditionError(_("calls are allowed only to {functions}, not '{what}'").format(
                functions=", ".join(FUNCTIONS), what=what))
        if node.keywords:
            raise ConditionError(_("{function}() takes no keyword arguments").format(function=node.func.id))
        low, high = ARITY[node.func.id]
        if not low <= len(node.args) <= high:
            raise ConditionError((_("{function}() takes {low} arguments, got {count}") if low == high else
                                  _("{function}() takes {low} to {high} arguments, got {count}")).format(
                function=node.func.id, low=low, high=high, count=len(node.args)))
        for arg in node.args:
            self.visit(arg)

    def visit_BinOp(self, node: ast.BinOp) -> None:
        if isinstance(node.op, ast.Pow):
            exponent = node.right
            if isinstance(exponent, ast.UnaryOp) and isinstance(exponent.op, ast.USub | ast.UAdd):
                exponent = exponent.operand
            if not (isinstance(exponent, ast.Constant) and isinstance(exponent.value, int | float)
                    and not isinstance(exponent.value, bool) and abs(exponent.value) <= MAX_POWER):
                raise ConditionError(_("'**' takes only a constant exponent of at most {most} (use exp() for growth)").format(
                    most=MAX_POWER))
        self.generic_visit(node)


def _depth(tree: ast.AST) -> int:
    """How deeply a tree nests, counted without recursion (a deep tree must not overflow the stack)."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest


def describe_values(condition: Condition, ns: Mapping[str, Any], policies: Mapping[str, int],
                    label: Callable[[str], str] = str) -> str:
    """The current values of what a condition reads, for reasons a reader can check; ``label`` names a
    meter (``reform``) or a policy (``policy.markets``) in the player's words (by default, as written)."""
    parts = [f"{label(name)} {ns[name]:.0f}" for name in sorted(condition.meters)]
    parts += [f"{label('policy.' + name)} {policies[name]}" for name in sorted(condition.policies)]
    return ", ".join(parts)
