"""The condition language of content files.

Content authors write small expressions such as ``surveillance < 40 and not flag.kumgang_closed
and year >= 2005``. They are parsed once with :mod:`ast`, checked against an allow-list of node
types and names, rewritten to read from the game's state, and compiled once when content loads.
Nothing in a content file is ever executed as Python: only the validated, rewritten tree is
compiled, and it can reach nothing but the state and the few functions below.

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
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from functools import cache
from typing import Any

from attrs import field, frozen

DATE_NAMES = frozenset({"year", "quarter", "turn", "turns_left"})
NAMESPACES = ("flag", "policy", "phase")
MAX_LENGTH = 500
MAX_POWER = 4
MAX_DEPTH = 60  # nesting of the expression's tree
MAX_VALUE = 1e30  # the largest magnitude any sub-expression may reach (exp() alone reaches 5e21)
MAX_TURNS = 400  # a scenario's length, in turns (the validator enforces it)
MAX_LEVELS = 20  # a policy's number of levels (the validator enforces it)
MAX_DECIMALS = 10  # round(x, n): |n| at most this
TINY = 1e-9  # a divisor nearer 0 than this gives 0, as 0 does
METER_RANGE = (0.0, 100.0)
DATE_RANGES = {"year": (0.0, 9999.0), "quarter": (1.0, 4.0), "turn": (0.0, MAX_TURNS + 1.0),
               "turns_left": (-1.0, float(MAX_TURNS))}


class ConditionError(ValueError):
    """A condition that does not parse or uses something the language refuses."""


def _clamp(x: float, lo: float, hi: float) -> float:
    return lo if x < lo else min(x, hi)


def _exp(x: float) -> float:
    return math.exp(_clamp(x, -50.0, 50.0))


def _log(x: float) -> float:
    return math.log(x) if x > 0 else 0.0


def _sqrt(x: float) -> float:
    return math.sqrt(x) if x > 0 else 0.0


def _div(a: float, b: float) -> float:
    return a / b if b > TINY or b < -TINY else 0.0


def _mod(a: float, b: float) -> float:
    return a % b if b else 0.0


FUNCTIONS: dict[str, Callable[..., float]] = {
    "min": min,
    "max": max,
    "abs": abs,
    "round": round,
    "clamp": _clamp,
    "exp": _exp,
    "log": _log,
    "sqrt": _sqrt,
}
_ARITY = {"min": (2, 8), "max": (2, 8), "abs": (1, 1), "round": (1, 2), "clamp": (3, 3),
          "exp": (1, 1), "log": (1, 1), "sqrt": (1, 1)}

_ALLOWED_NODES = (
    ast.Expression, ast.BoolOp, ast.And, ast.Or, ast.UnaryOp, ast.Not, ast.USub, ast.UAdd,
    ast.BinOp, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Mod, ast.Pow, ast.Compare, ast.Lt,
    ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq, ast.Name, ast.Load, ast.Attribute, ast.Constant,
    ast.Call, ast.IfExp,
)

_DESCRIBE = {
    ast.Subscript: "subscripts ([...])",
    ast.Lambda: "lambdas",
    ast.ListComp: "comprehensions",
    ast.SetComp: "comprehensions",
    ast.DictComp: "comprehensions",
    ast.GeneratorExp: "comprehensions",
    ast.JoinedStr: "f-strings",
    ast.FormattedValue: "f-strings",
    ast.NamedExpr: "assignment (:=)",
    ast.Starred: "starred arguments",
    ast.List: "lists",
    ast.Tuple: "tuples",
    ast.Dict: "dicts",
    ast.Set: "sets",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.Slice: "slices",
    ast.In: "'in'",
    ast.NotIn: "'not in'",
    ast.Is: "'is'",
    ast.IsNot: "'is not'",
    ast.BitAnd: "bitwise operators (write and, or, not)",
    ast.BitOr: "bitwise operators (write and, or, not)",
    ast.BitXor: "bitwise operators",
    ast.LShift: "bitwise operators",
    ast.RShift: "bitwise operators",
    ast.Invert: "bitwise operators (write and, or, not)",
    ast.FloorDiv: "'//' (use '/' and round())",
    ast.MatMult: "'@'",
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
    """A compiled expression of the condition language, with what it reads."""

    source: str
    fn: Callable[[Mapping[str, Any], AbstractSet[str], Mapping[str, int]], Any] = field(eq=False, repr=False)
    meters: frozenset[str] = frozenset()
    flags: frozenset[str] = frozenset()
    policies: frozenset[str] = frozenset()
    phases: frozenset[str] = frozenset()
    terms: tuple[Condition, ...] = field(default=(), eq=False, repr=False)  # the parts of a top-level 'and'
    numbers: frozenset[float] = field(default=frozenset(), eq=False, repr=False)  # the numbers written in it
    dates: frozenset[str] = field(default=frozenset(), eq=False, repr=False)  # the date parts it reads

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


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest known name, or '' when none is close."""
    close = difflib.get_close_matches(name, sorted(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


#: what a writer of other languages types, and what this one says instead
_SLIPS = ((re.compile(r"&&"), "write 'and', not '&&'"), (re.compile(r"\|\|"), "write 'or', not '||'"),
          (re.compile(r"!(?!=)"), "write 'not', not '!'"),
          (re.compile(r"(?<![=<>!])=(?![=<>])"), "compare with '==' (a single '=' is not a comparison)"),
          (re.compile(r"=<|=>"), "write '<=' or '>='"))


def _syntax_hint(text: str) -> str:
    """The fix for a condition that does not parse because it is written in another language's words."""
    hints = [hint for pattern, hint in _SLIPS if pattern.search(text)]
    return f": {'; '.join(hints)}" if hints else ""


class _Checker(ast.NodeVisitor):
    """Refuses every node and name outside the language, collecting what is read."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.meters: set[str] = set()
        self.flags: set[str] = set()
        self.policies: set[str] = set()
        self.phases: set[str] = set()
        self.numbers: set[float] = set()
        self.dates: set[str] = set()

    def generic_visit(self, node: ast.AST) -> None:
        if not isinstance(node, _ALLOWED_NODES):
            what = _DESCRIBE.get(type(node), type(node).__name__)
            raise ConditionError(f"{what} are not allowed" if what.endswith("s") else f"{what} is not allowed")
        super().generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            if isinstance(node.value, bool):
                return
            raise ConditionError(f"only numbers, true and false may be written as values, not {node.value!r}")
        if abs(node.value) > 1e9:
            raise ConditionError(f"the number {node.value} is too large")
        self.numbers.add(float(node.value))

    def visit_Name(self, node: ast.Name) -> None:
        name = node.id
        if name.startswith("_"):
            raise ConditionError(f"names starting with '_' are not allowed: {name}")
        if name in ("true", "false", "True", "False"):
            return
        if name in DATE_NAMES:
            self.dates.add(name)
            return
        if name in self.vocabulary.meters:
            self.meters.add(name)
            return
        if name in NAMESPACES:
            raise ConditionError(f"'{name}' needs a name after it, as in {name}.something")
        if name in FUNCTIONS:
            raise ConditionError(f"'{name}' is a function: call it, as in {name}(...)")
        raise ConditionError(f"unknown name '{name}'{did_you_mean(name, self.vocabulary.meters | DATE_NAMES)} "
                             f"(not a meter, a date part or a function)")

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if not isinstance(node.value, ast.Name) or node.value.id not in NAMESPACES:
            raise ConditionError("attribute access is allowed only as flag.NAME, policy.NAME or phase.NAME")
        kind, name = node.value.id, node.attr
        if name.startswith("_"):
            raise ConditionError(f"names starting with '_' are not allowed: {kind}.{name}")
        if kind == "flag":
            if self.vocabulary.flags is not None and name not in self.vocabulary.flags:
                raise ConditionError(f"unknown flag '{name}'{did_you_mean(name, self.vocabulary.flags)}")
            self.flags.add(name)
        elif kind == "policy":
            if name not in self.vocabulary.policies:
                raise ConditionError(f"unknown policy '{name}'{did_you_mean(name, self.vocabulary.policies)}")
            self.policies.add(name)
        elif name not in self.vocabulary.phases:
            raise ConditionError(f"unknown regime phase '{name}'{did_you_mean(name, self.vocabulary.phases)}")
        else:
            self.phases.add(name)

    def visit_Call(self, node: ast.Call) -> None:
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            what = ast.unparse(node.func)
            raise ConditionError(f"calls are allowed only to {', '.join(FUNCTIONS)}, not '{what}'")
        if node.keywords:
            raise ConditionError(f"{node.func.id}() takes no keyword arguments")
        low, high = _ARITY[node.func.id]
        if not low <= len(node.args) <= high:
            raise ConditionError(f"{node.func.id}() takes {low}{'' if low == high else f' to {high}'} arguments, got {len(node.args)}")
        for arg in node.args:
            self.visit(arg)

    def visit_BinOp(self, node: ast.BinOp) -> None:
        if isinstance(node.op, ast.Pow):
            exponent = node.right
            if isinstance(exponent, ast.UnaryOp) and isinstance(exponent.op, ast.USub | ast.UAdd):
                exponent = exponent.operand
            if not (isinstance(exponent, ast.Constant) and isinstance(exponent.value, int | float)
                    and not isinstance(exponent.value, bool) and abs(exponent.value) <= MAX_POWER):
                raise ConditionError(f"'**' takes only a constant exponent of at most {MAX_POWER} (use exp() for growth)")
        self.generic_visit(node)


Interval = tuple[float, float]
_BOOL: Interval = (0.0, 1.0)


def _depth(tree: ast.AST) -> int:
    """How deeply a tree nests, counted without recursion (a deep tree must not overflow the stack)."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest


def _hull(*ranges: Interval) -> Interval:
    return min(r[0] for r in ranges), max(r[1] for r in ranges)


def _span(values: Iterable[float]) -> Interval:
    values = list(values)
    return min(values), max(values)


def _power(base: float, exponent: float) -> float:
    try:
        return float(base ** exponent)
    except OverflowError:
        return math.inf


class _Ranges:
    """The range every sub-expression can take over the states within bounds, refusing what could fail.

    Sound, not exact: a range may be wider than what the expression really reaches (``x - x`` is
    -100 to 100), so the language refuses a few expressions that could never fail, and never
    accepts one that could.
    """

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary

    def of(self, node: ast.expr) -> Interval:
        low, high = self._of(node)
        if not (math.isfinite(low) and math.isfinite(high)) or max(-low, high) > MAX_VALUE:
            reach = high if high > -low else low
            raise ConditionError(f"'{ast.unparse(node)}' can reach {reach:.3g} for some state: a value must stay "
                                 f"within ±{MAX_VALUE:.0e}")
        return low, high

    def _of(self, node: ast.expr) -> Interval:
        if isinstance(node, ast.Constant):
            value = float(node.value)  # type: ignore[arg-type]  # the checker allows only numbers and booleans
            return (value, value)
        if isinstance(node, ast.Name):
            if node.id in ("true", "True"):
                return (1.0, 1.0)
            if node.id in ("false", "False"):
                return (0.0, 0.0)
            return DATE_RANGES.get(node.id, METER_RANGE)
        if isinstance(node, ast.Attribute):
            return (0.0, MAX_LEVELS - 1.0) if node.value.id == "policy" else _BOOL  # type: ignore[attr-defined]
        if isinstance(node, ast.Compare):
            for part in (node.left, *node.comparators):
                self.of(part)
            return _BOOL
        if isinstance(node, ast.BoolOp):  # 'a and b' is a or b: either operand's value
            return _hull(*(self.of(v) for v in node.values))
        if isinstance(node, ast.IfExp):
            self.of(node.test)
            return _hull(self.of(node.body), self.of(node.orelse))
        if isinstance(node, ast.UnaryOp):
            low, high = self.of(node.operand)
            if isinstance(node.op, ast.Not):
                return _BOOL
            return (-high, -low) if isinstance(node.op, ast.USub) else (low, high)
        if isinstance(node, ast.BinOp):
            return self._binop(node)
        if isinstance(node, ast.Call):
            return self._call(node)
        raise ConditionError(f"cannot tell the range of '{ast.unparse(node)}'")  # the checker let through a new form

    def _binop(self, node: ast.BinOp) -> Interval:
        a = self.of(node.left)
        if isinstance(node.op, ast.Pow):
            return self._pow(node, a)
        b = self.of(node.right)
        if isinstance(node.op, ast.Add):
            return a[0] + b[0], a[1] + b[1]
        if isinstance(node.op, ast.Sub):
            return a[0] - b[1], a[1] - b[0]
        if isinstance(node.op, ast.Mult):
            return _span(x * y for x in a for y in b)
        if isinstance(node.op, ast.Mod):  # Python's a % b has the sign of b and is smaller than it
            return min(b[0], 0.0), max(b[1], 0.0)
        # division: a divisor within TINY of 0 gives 0
        if b[0] > TINY or b[1] < -TINY:
            return _span(x / y for x in a for y in b)
        largest = max(abs(a[0]), abs(a[1])) / TINY
        return -largest, largest

    def _pow(self, node: ast.BinOp, base: Interval) -> Interval:
        exponent = _number(node.right)
        assert exponent is not None  # the checker allows only a written exponent
        written = ast.unparse(node)
        if exponent != int(exponent) and base[0] < 0:
            raise ConditionError(f"'{written}': a fractional power of a number that may be negative has no value "
                                 f"(the base reaches {base[0]:g}; use sqrt(), abs() or max(0, ...))")
        if exponent < 0 and base[0] <= 0 <= base[1]:
            raise ConditionError(f"'{written}': a negative power of a number that may be 0 has no value "
                                 f"(use division, which gives 0 for a divisor of 0)")
        values = [_power(base[0], exponent), _power(base[1], exponent)]
        if base[0] < 0 < base[1]:
            values.append(0.0)
        return _span(values)

    def _call(self, node: ast.Call) -> Interval:
        name = node.func.id  # type: ignore[attr-defined]
        if name == "round" and len(node.args) == 2:
            digits = _number(node.args[1])
            if not isinstance(digits, int) or abs(digits) > MAX_DECIMALS:
                raise ConditionError(f"round()'s second argument is a whole number of decimals written out, from "
                                     f"-{MAX_DECIMALS} to {MAX_DECIMALS} (as in round(x, 1) or round(x, -3)), "
                                     f"not '{ast.unparse(node.args[1])}'")
        args = [self.of(arg) for arg in node.args]
        if name == "min":
            return min(a[0] for a in args), min(a[1] for a in args)
        if name == "max":
            return max(a[0] for a in args), max(a[1] for a in args)
        if name == "abs":
            low, high = args[0]
            return (0.0 if low <= 0 <= high else min(abs(low), abs(high))), max(abs(low), abs(high))
        if name == "round":
            step = 1.0 if len(args) == 1 else max(1.0, 10.0 ** -_number(node.args[1]))  # type: ignore[operator]
            return args[0][0] - step, args[0][1] + step
        if name == "clamp":
            if _ordered_bounds(node.args[1], node.args[2]):
                low, high = args[1][0], args[2][0]
                return min(max(args[0][0], low), high), min(max(args[0][1], low), high)
            return _hull(*args)
        low, high = args[0]
        if name == "exp":
            return _exp(low), _exp(high)
        if name == "log":
            if high <= 0:
                return (0.0, 0.0)
            values = [math.log(max(low, 5e-324)), math.log(high)] + ([0.0] if low <= 0 else [])
            return _span(values)
        return _sqrt(low), _sqrt(high)  # sqrt


def _number(node: ast.expr) -> float | None:
    """The value of a number written out (``3``, ``-0.5``), or None for anything else."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        inner = _number(node.operand)
        return None if inner is None else -inner if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float) and not isinstance(node.value, bool):
        return node.value
    return None


def _ordered_bounds(low: ast.expr, high: ast.expr) -> bool:
    """Both bounds of a clamp are written numbers, the low one first, so min(max(x, lo), hi) is the same."""
    lo, hi = _number(low), _number(high)
    return lo is not None and hi is not None and lo <= hi


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
        if node.func.id == "clamp" and _ordered_bounds(node.args[1], node.args[2]):  # type: ignore[attr-defined]
            low = ast.Call(ast.Name("_fn_max", ast.Load()), [node.args[0], node.args[1]], [])
            return ast.copy_location(ast.Call(ast.Name("_fn_min", ast.Load()), [low, node.args[2]], []), node)
        node.func = ast.copy_location(ast.Name(f"_fn_{node.func.id}", ast.Load()), node.func)  # type: ignore[attr-defined]
        return node

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.op, ast.Div | ast.Mod) and not _number(node.right):  # a written non-zero needs no guard
            helper = "_div" if isinstance(node.op, ast.Div) else "_mod"
            return ast.copy_location(ast.Call(ast.Name(helper, ast.Load()), [node.left, node.right], []), node)
        return node


_GLOBALS: dict[str, Any] = {"__builtins__": {}, "_div": _div, "_mod": _mod}
_GLOBALS.update({f"_fn_{name}": fn for name, fn in FUNCTIONS.items()})


def _compile(tree: ast.expr, source: str) -> Callable[..., Any]:
    body = _Rewriter().visit(ast.parse(ast.unparse(tree), mode="eval").body)
    lam = ast.Lambda(
        args=ast.arguments(posonlyargs=[], args=[ast.arg("_ns"), ast.arg("_flags"), ast.arg("_policies")],
                           kwonlyargs=[], kw_defaults=[], defaults=[]),
        body=body,
    )
    expression = ast.fix_missing_locations(ast.Expression(lam))
    code = compile(expression, f"<condition: {source[:60]}>", "eval")
    return eval(code, dict(_GLOBALS))  # the checked, rewritten tree: never the raw source


def compile_condition(source: str, vocabulary: Vocabulary) -> Condition:
    """Parse, check and compile one expression, or raise ConditionError saying what is wrong."""
    if not isinstance(source, str):
        raise ConditionError(f"must be a string, not {type(source).__name__}")
    text = " ".join(source.split())
    if not text:
        raise ConditionError("is empty")
    if len(text) > MAX_LENGTH:
        raise ConditionError(f"is longer than {MAX_LENGTH} characters")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as error:
        where = f" at column {error.offset}" if error.offset else ""
        raise ConditionError(f"does not parse: {error.msg}{where} in '{text}'{_syntax_hint(text)}") from None
    except (RecursionError, MemoryError):
        raise ConditionError(f"is too deep: it nests more than {MAX_DEPTH} levels") from None
    if _depth(tree) > MAX_DEPTH:
        raise ConditionError(f"is too deep: it nests more than {MAX_DEPTH} levels")
    checker = _Checker(vocabulary)
    checker.visit(tree)
    _Ranges(vocabulary).of(tree.body)
    body = tree.body
    conjuncts: Iterable[ast.expr] = (
        body.values if isinstance(body, ast.BoolOp) and isinstance(body.op, ast.And) else ())
    return _condition(text, body, checker, tuple(_term(part, vocabulary) for part in conjuncts))


def _condition(source: str, node: ast.expr, reads: _Checker, terms: tuple[Condition, ...] = ()) -> Condition:
    return Condition(source=source, fn=_compile(node, source), meters=frozenset(reads.meters),
                     flags=frozenset(reads.flags), policies=frozenset(reads.policies),
                     phases=frozenset(reads.phases), terms=terms, numbers=frozenset(reads.numbers),
                     dates=frozenset(reads.dates))


def _term(part: ast.expr, vocabulary: Vocabulary) -> Condition:
    """One part of a top-level 'and', with what that part alone reads."""
    reads = _Checker(vocabulary)
    reads.visit(part)
    return _condition(ast.unparse(part), part, reads)


Batch = Callable[[Mapping[str, Any], AbstractSet[str], Mapping[str, int]], tuple[Any, ...]]


def _tree(condition: Condition | None) -> ast.expr:
    """The checked expression of a condition, ready to combine with others (None is true)."""
    return ast.Constant(True) if condition is None else ast.parse(condition.source, mode="eval").body


def _all(trees: list[ast.expr]) -> ast.expr:
    return trees[0] if len(trees) == 1 else ast.BoolOp(ast.And(), trees)


def _batch(parts: list[ast.expr]) -> Batch:
    return _compile(ast.Tuple(elts=parts, ctx=ast.Load()), "batch")


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
        rewritten = _Rewriter().visit(ast.parse(ast.unparse(tree), mode="eval").body)
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
    return scope["_drift"]


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


_FLIP = {ast.Lt: ast.Gt, ast.LtE: ast.GtE, ast.Gt: ast.Lt, ast.GtE: ast.LtE}
_ARITHMETIC = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b}


def _value(node: ast.expr, ns: Mapping[str, Any]) -> float | None:
    """A number from a small arithmetic expression over the meters; None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return float(node.value)
    if isinstance(node, ast.Name) and isinstance(ns.get(node.id), (int, float)):
        return float(ns[node.id])
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _value(node.operand, ns)
        return None if inner is None else -inner
    if isinstance(node, ast.BinOp) and type(node.op) in _ARITHMETIC:
        left, right = _value(node.left, ns), _value(node.right, ns)
        return None if left is None or right is None else _ARITHMETIC[type(node.op)](left, right)
    return None


def _gap(node: ast.expr, ns: Mapping[str, Any]) -> float | None:
    """How many meter points a guard is from holding (0 if it holds); None if it cannot be told."""
    if isinstance(node, ast.BoolOp):
        found = [_gap(part, ns) for part in node.values]
        gaps = [g for g in found if g is not None]
        if len(gaps) < len(found):
            return None
        return max(gaps) if isinstance(node.op, ast.And) else min(gaps)
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _FLIP:
        left, right = _value(node.left, ns), _value(node.comparators[0], ns)
        if left is None or right is None:
            return None
        op = type(node.ops[0])
        if op in (ast.Lt, ast.LtE):
            return max(0.0, left - right + (1 if op is ast.Lt and left >= right else 0))
        return max(0.0, right - left + (1 if op is ast.Gt and left <= right else 0))
    return None


@cache
def _parsed(source: str) -> ast.expr | None:
    try:
        return ast.parse(source, mode="eval").body
    except SyntaxError:
        return None


def gap(condition: Condition, ns: Mapping[str, Any]) -> float | None:
    """How many meter points a condition is from holding (0 when it holds): the largest obstacle of
    an ``and``, the nearest road of an ``or``; None where it cannot be told (flags, functions)."""
    tree = _parsed(condition.source)
    return None if tree is None else _gap(tree, ns)


def describe_values(condition: Condition, ns: Mapping[str, Any], policies: Mapping[str, int]) -> str:
    """The current values of what a condition reads, for reasons a reader can check."""
    parts = [f"{name} {ns[name]:.0f}" for name in sorted(condition.meters)]
    parts += [f"policy.{name} {policies[name]}" for name in sorted(condition.policies)]
    return ", ".join(parts)
