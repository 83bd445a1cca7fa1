"""The condition language is total: the law, tested over its grammar and over the states within bounds.

Every expression the compiler accepts evaluates, for every state within the meters' bounds, to a
finite number or a boolean (in bounded time: hypothesis's deadline fails a slow example); every
other expression is refused with a ConditionError, never another exception.
"""

from __future__ import annotations

import contextlib
import math

import pytest

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from game.rules.conditions import (
    DATE_RANGES,
    MAX_LEVELS,
    METER_RANGE,
    ConditionError,
    Vocabulary,
    compile_condition,
    compile_guarded,
    compile_weights,
)

METERS = ("unrest", "treasury", "economy")
POLICIES = ("markets", "border")
PHASES = ("crisis", "entrenched")
FLAGS = ("kaesong", "famine")
VOCAB = Vocabulary(meters=frozenset(METERS), flags=None, policies=frozenset(POLICIES), phases=frozenset(PHASES))

EDGE_NUMBERS = st.sampled_from(["0", "1", "-1", "0.5", "100", "1e9", "1e-9", "0.0", "2", "1e-300", "7", "1000000"])
EXPONENTS = st.sampled_from(["2", "4", "-1", "-4", "0.5", "-0.5", "1.5", "0", "3", "-2", "0.25"])

LEAVES = st.one_of(
    st.sampled_from(METERS + ("year", "quarter", "turn", "turns_left", "true", "false")),
    st.sampled_from([f"flag.{f}" for f in FLAGS] + [f"policy.{p}" for p in POLICIES] + [f"phase.{p}" for p in PHASES]),
    EDGE_NUMBERS,
    st.integers(-1000, 10**9).map(str),
    st.floats(-1e9, 1e9, allow_nan=False).map(repr),
)
BINARY = ["+", "-", "*", "/", "%", "<", "<=", ">", ">=", "==", "!=", "and", "or"]
FORMS = ["leaf", "binary", "binary", "power", "unary", "ternary", "one", "round", "many", "clamp"]


@st.composite
def expressions(draw: st.DrawFn, depth: int = 4) -> str:
    """An expression of the language's grammar (and some just outside it), nested at most ``depth``."""
    form = "leaf" if depth == 0 else draw(st.sampled_from(FORMS))
    sub = expressions(depth - 1)
    if form == "leaf":
        return draw(LEAVES)
    if form == "binary":
        return f"({draw(sub)} {draw(st.sampled_from(BINARY))} {draw(sub)})"
    if form == "power":
        return f"({draw(sub)}) ** {draw(EXPONENTS)}"
    if form == "unary":
        return f"({draw(st.sampled_from(['-', '+', 'not ']))}{draw(sub)})"
    if form == "ternary":
        return f"({draw(sub)} if {draw(sub)} else {draw(sub)})"
    if form == "one":
        return f"{draw(st.sampled_from(['abs', 'round', 'exp', 'log', 'sqrt']))}({draw(sub)})"
    if form == "round":
        digits = draw(st.one_of(st.sampled_from(["0", "1", "-3", "0.5", "11"]), sub))
        return f"round({draw(sub)}, {digits})"
    if form == "many":
        return f"{draw(st.sampled_from(['min', 'max']))}({', '.join(draw(st.lists(sub, min_size=2, max_size=4)))})"
    return f"clamp({draw(sub)}, {draw(sub)}, {draw(sub)})"


def _bounded(name: str, low: float, high: float, whole: bool = False) -> st.SearchStrategy[float]:
    edges = st.sampled_from([low, high])
    inner = st.integers(int(low), int(high)) if whole else st.floats(low, high, allow_nan=False)
    return st.one_of(edges, inner, st.just(low + 1e-12) if not whole else st.just(low))


@st.composite
def states(draw: st.DrawFn) -> tuple[dict, frozenset[str], dict[str, int]]:
    ns: dict = {m: draw(_bounded(m, *METER_RANGE)) for m in METERS}
    for name, (low, high) in DATE_RANGES.items():
        ns[name] = int(draw(_bounded(name, low, high, whole=True)))
    ns["phase"] = draw(st.sampled_from(PHASES + ("collapsed",)))
    flags = frozenset(draw(st.lists(st.sampled_from(FLAGS), max_size=2)))
    policies = {p: draw(st.integers(0, MAX_LEVELS - 1)) for p in POLICIES}
    return ns, flags, policies


def _is_value(result: object) -> bool:
    if isinstance(result, bool):
        return True
    return isinstance(result, int | float) and math.isfinite(result)


@pytest.mark.slow
@settings(max_examples=400, deadline=500, suppress_health_check=[HealthCheck.too_slow])
@given(expressions(), st.lists(states(), min_size=1, max_size=4))
def test_every_accepted_expression_gives_a_finite_number_or_a_boolean(source, samples):
    try:
        condition = compile_condition(source, VOCAB)
    except ConditionError:
        event("refused")
        return
    event("accepted")
    for ns, flags, policies in samples:
        result = condition(ns, flags, policies)
        assert _is_value(result), f"{source} gives {result!r} for {ns}, {flags}, {policies}"


@settings(max_examples=100, deadline=500, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(expressions(), min_size=1, max_size=4), states())
def test_the_batched_forms_of_accepted_expressions_stay_finite(sources, state):
    accepted = []
    for source in sources:
        with contextlib.suppress(ConditionError):
            accepted.append(compile_condition(source, VOCAB))
    if not accepted:
        return
    ns, flags, policies = state
    guarded = compile_guarded([(c, accepted[0]) for c in accepted])(ns, flags, policies)
    weights = compile_weights([(10.0, accepted[0], [None], [(c, 2.0) for c in accepted])])(ns, flags, policies)
    assert all(_is_value(v) for v in (*guarded, *weights)), (sources, guarded, weights)
    for condition in accepted:  # the range the compiler proved holds the value (a % by a negative is below 0)
        low, high = condition.span
        result = float(condition(ns, flags, policies))
        slack = 1e-9 * max(1.0, abs(low), abs(high))
        assert low - slack <= result <= high + slack, (condition.source, condition.span, result, ns, policies)


def test_the_grammar_reaches_both_sides_of_the_law():
    """The generator is no use if it only writes refused expressions (or only accepted ones)."""
    seen = {"accepted": 0, "refused": 0}

    @settings(max_examples=200, database=None)
    @given(expressions())
    def count(source):
        try:
            compile_condition(source, VOCAB)
            seen["accepted"] += 1
        except ConditionError:
            seen["refused"] += 1

    count()
    assert seen["accepted"] >= 30 and seen["refused"] >= 30, seen
