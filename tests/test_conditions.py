"""The condition language: what it accepts, what it refuses, and that it computes right."""

import math

import pytest

from game.rules import conditions
from game.rules.conditions import (ConditionError, Vocabulary, compile_batch, compile_condition, compile_guarded,
                             compile_weights)

VOCAB = Vocabulary(
    meters=frozenset({"unrest", "surveillance", "economy"}),
    flags=None,
    policies=frozenset({"markets"}),
    phases=frozenset({"crisis", "entrenched"}),
)
NS = {"unrest": 30.0, "surveillance": 45.0, "economy": 10.0, "year": 2005, "quarter": 2, "turn": 12,
      "turns_left": 26, "phase": "crisis"}
FLAGS = frozenset({"kumgang_closed"})
POLICIES = {"markets": 2}


def value(source: str):
    return compile_condition(source, VOCAB)(NS, FLAGS, POLICIES)


@pytest.mark.parametrize(("source", "expected"), [
    ("surveillance < 40 and not flag.kumgang_closed and year >= 2005", False),
    ("surveillance > 40 and flag.kumgang_closed and year >= 2005", True),
    ("unrest + economy * 2", 50.0),
    ("(unrest - 10) / 4", 5.0),
    ("unrest / 0", 0.0),
    ("unrest % 0", 0.0),
    ("unrest / -0.0", 0.0),
    ("unrest / (economy - 10)", 0.0),
    ("unrest / -4", -7.5),
    ("unrest % 7", 2.0),
    ("-unrest", -30.0),
    ("policy.markets == 2", True),
    ("phase.crisis and not phase.entrenched", True),
    ("max(unrest, surveillance, 50)", 50),
    ("min(unrest, surveillance)", 30.0),
    ("clamp(unrest * 10, 0, 100)", 100),
    ("clamp(unrest, -5, 20.5)", 20.5),
    ("clamp(-unrest, -5, +20)", -5),
    ("clamp(unrest, 40, 50)", 40),
    ("clamp(unrest, 50, 0)", 50),
    ("clamp(unrest, economy, 50)", 30.0),
    ("abs(economy - unrest)", 20.0),
    ("round(unrest / 7, 1)", 4.3),
    ("exp(1000) > 1e9", True),
    ("log(0) == 0 and sqrt(-4) == 0", True),
    ("economy ** 2", 100.0),
    ("1 if unrest > 20 else 2", 1),
    ("true and not false", True),
    ("turns_left + turn == 38 and quarter == 2", True),
    ("flag.never_set", False),
    ("unrest > 10 or economy > 90", True),
])
def test_accepted_expressions_compute(source, expected):
    assert value(source) == pytest.approx(expected) if isinstance(expected, float) else value(source) == expected


@pytest.mark.parametrize(("source", "words"), [
    # attribute access beyond the allowed names
    ("unrest.real", "attribute access is allowed only as flag.NAME"),
    ("flag.x.y", "attribute access is allowed only"),
    ("os.system", "attribute access is allowed only"),
    # calls to other names
    ("open('x')", "calls are allowed only to"),
    ("__import__('os')", "calls are allowed only to"),
    ("exec('1')", "calls are allowed only to"),
    ("getattr(unrest, 'x')", "calls are allowed only to"),
    ("max(unrest, key=abs)", "takes no keyword arguments"),
    ("abs(unrest, economy)", "takes 1 arguments"),
    # subscripts, lambdas, comprehensions, f-strings
    ("unrest[0]", "subscripts"),
    ("(lambda: 1)()", "calls are allowed only to"),
    ("lambda: 1", "lambdas"),
    ("[x for x in unrest]", "comprehensions"),
    ("{x for x in unrest}", "comprehensions"),
    ("f'{unrest}'", "f-strings"),
    # ** with large or computed operands
    ("2 ** 99999", "'**' takes only a constant exponent"),
    ("unrest ** turn", "'**' takes only a constant exponent"),
    ("99999999999 ** 2", "too large"),
    # dunder and private names
    ("__builtins__", "names starting with '_'"),
    ("flag.__class__", "names starting with '_'"),
    ("policy._x", "names starting with '_'"),
    # other refused forms
    ("'text' == 'text'", "only numbers"),
    ("(x := 1)", "assignment"),
    ("unrest in [1, 2]", "'in'"),
    ("unrest is None", "'is'"),
    ("unrest // 2", "'//'"),
    ("unrest & 1", "bitwise"),
    ("[unrest]", "lists"),
    ("(unrest, economy)", "tuples"),
    ("{'a': 1}", "dicts"),
    ("*unrest", "does not parse"),
    # unknown names and wrong shapes
    ("unrset > 3", "unknown name 'unrset'"),
    ("policy.army > 1", "unknown policy 'army'"),
    ("phase.panic", "unknown regime phase 'panic'"),
    ("flag", "needs a name after it"),
    ("max > 1", "is a function"),
    ("unrest >", "does not parse"),
    ("import os", "does not parse"),
    ("unrest > 1; economy", "does not parse"),
    ("", "is empty"),
    ("unrest + " * 200 + "1", "longer than"),
])
def test_refused_forms_say_why(source, words):
    with pytest.raises(ConditionError) as error:
        compile_condition(source, VOCAB)
    assert words in str(error.value)


def test_non_string_is_refused():
    with pytest.raises(ConditionError, match="must be a string"):
        compile_condition(42, VOCAB)  # type: ignore[arg-type]


def test_known_flags_are_enforced_when_given():
    strict = Vocabulary(meters=VOCAB.meters, flags=frozenset({"a"}), policies=VOCAB.policies, phases=VOCAB.phases)
    assert compile_condition("flag.a", strict).flags == {"a"}
    with pytest.raises(ConditionError, match="unknown flag 'b'"):
        compile_condition("flag.b", strict)


def test_condition_records_what_it_reads_and_its_terms():
    condition = compile_condition("unrest > 3 and flag.k and policy.markets >= 1 and surveillance < 9", VOCAB)
    assert condition.meters == {"unrest", "surveillance"}
    assert condition.flags == {"k"}
    assert condition.policies == {"markets"}
    assert [t.source for t in condition.terms] == ["unrest > 3", "flag.k", "policy.markets >= 1", "surveillance < 9"]
    assert [bool(t(NS, frozenset(), POLICIES)) for t in condition.terms] == [True, False, True, False]


def test_each_term_records_what_it_alone_reads():
    condition = compile_condition("unrest > 3 and not (phase.crisis and flag.k) and policy.markets >= 1", VOCAB)
    assert condition.phases == {"crisis"}
    reads = [(t.meters, t.flags, t.policies, t.phases) for t in condition.terms]
    assert reads == [({"unrest"}, set(), set(), set()), (set(), {"k"}, set(), {"crisis"}),
                     (set(), set(), {"markets"}, set())]
    assert [t.source for t in condition.history] == ["not (phase.crisis and flag.k)"]
    assert not compile_condition("flag.k or unrest > 3", VOCAB).of_history


def test_the_compiled_function_reaches_no_builtins():
    condition = compile_condition("unrest > 1", VOCAB)
    assert condition.fn.__globals__["__builtins__"] == {}


def test_batch_computes_many_at_once():
    conditions = [compile_condition(s, VOCAB) for s in ("unrest * 2", "economy - 1", "policy.markets")]
    assert compile_batch(conditions)(NS, FLAGS, POLICIES) == (60.0, 9.0, 2)
    assert compile_batch([None, conditions[1]])(NS, FLAGS, POLICIES) == (True, 9.0)


def test_guarded_batch_gives_zero_where_the_guard_fails():
    value = compile_condition("unrest / 10", VOCAB)
    pairs = [(value, None), (value, compile_condition("economy > 5", VOCAB)),
             (value, compile_condition("economy > 50", VOCAB))]
    assert compile_guarded(pairs)(NS, FLAGS, POLICIES) == (3.0, 3.0, 0)


def test_weights_multiply_the_modifiers_that_hold_when_the_event_and_an_option_are_open():
    c = lambda source: compile_condition(source, VOCAB)  # noqa: E731
    rows = [
        (10.0, None, [None], []),                                          # always open
        (10.0, c("unrest > 20"), [None], [(c("economy > 5"), 2.0), (c("economy > 50"), 3.0), (c("unrest > 1"), 0.5)]),
        (10.0, c("unrest > 90"), [None], [(c("economy > 5"), 2.0)]),          # its condition fails
        (10.0, None, [c("economy > 50"), c("unrest > 50")], []),           # no option is open
        (10.0, None, [c("economy > 50"), c("unrest > 20")], []),           # the second option is open
        (10.0, None, [], []),                                              # no options at all
    ]
    assert compile_weights(rows)(NS, FLAGS, POLICIES) == (10.0, 10.0, 0, 0, 10.0, 0)


@pytest.mark.parametrize("source, ns, policies, gap", [
    ("unrest >= 35", {"unrest": 20}, {}, 15),
    ("unrest >= 35", {"unrest": 40}, {}, 0),
    ("loyalty <= 22", {"loyalty": 70}, {}, 48),
    ("economy <= 6 and treasury <= 8", {"economy": 25, "treasury": 30}, {}, 19 + 22),  # each shortfall counts
    ("unrest >= 35 or loyalty <= 50", {"unrest": 20, "loyalty": 55}, {}, 5),
    ("unrest > surveillance + 10", {"unrest": 40, "surveillance": 35}, {}, 6),
    ("policy.markets >= 2", {}, {"markets": 0}, 2),
    ("flag.famine and unrest >= 35", {"unrest": 40}, {}, None),  # a flag is not counted in points
])
def test_a_condition_says_how_far_it_is_from_holding(source, ns, policies, gap):
    vocabulary = Vocabulary(meters=frozenset({"unrest", "loyalty", "economy", "treasury", "surveillance"}),
                            policies=frozenset({"markets"}))
    assert compile_condition(source, vocabulary).distance(ns, frozenset(), policies) == gap


# --- the language's stated limits, each pinned at its edge -------------------------------------------

@pytest.mark.parametrize("source", ["unrest ** 4", "(unrest + 1) ** -4", "economy ** 0.5"])
def test_a_power_up_to_the_limit_is_accepted(source):
    compile_condition(source, VOCAB)


@pytest.mark.parametrize("source", ["unrest ** 5", "unrest ** -5", "unrest ** 4.5"])
def test_a_power_past_the_limit_is_refused(source):
    with pytest.raises(ConditionError, match=f"at most {conditions.MAX_POWER}"):
        compile_condition(source, VOCAB)


@pytest.mark.parametrize(("source", "words"), [
    ("min(unrest)", "min() takes 2 to 8 arguments, got 1"),
    ("max(unrest)", "max() takes 2 to 8 arguments, got 1"),
    ("max(1, 2, 3, 4, 5, 6, 7, 8, unrest)", "max() takes 2 to 8 arguments, got 9"),
    ("clamp(unrest, 0)", "clamp() takes 3 arguments, got 2"),
    ("round(unrest, 1, 2)", "round() takes 1 to 2 arguments, got 3"),
    ("exp()", "exp() takes 1 arguments, got 0"),
])
def test_a_function_takes_its_stated_number_of_arguments(source, words):
    with pytest.raises(ConditionError, match=words.replace("(", r"\(").replace(")", r"\)")):
        compile_condition(source, VOCAB)


def test_the_most_arguments_a_function_takes_are_accepted():
    assert value("max(1, 2, 3, 4, 5, 6, 7, unrest)") == 30.0
    assert value("min(unrest, surveillance)") == 30.0


@pytest.mark.parametrize(("source", "expected"), [
    ("unrest % -7", -5.0),  # Python's a % b takes the sign of b
    ("-unrest % 7", 5.0),
    ("unrest % -0.0", 0.0),
    ("unrest % (economy - 10)", 0.0),  # a divisor that is 0 gives 0
])
def test_modulo_by_a_negative_or_zero_number_is_defined(source, expected):
    assert value(source) == expected


@pytest.mark.parametrize("unrest", [0.0, 1.0, 6.5, 50.0, 99.0, 100.0])
def test_modulo_stays_in_the_range_the_compiler_proves(unrest):
    """The range analysis says a % b lies between b and 0 (the sign of b): a value outside would break the
    promise that every accepted expression stays finite and within what the validator assumed."""
    ns = dict(NS, unrest=unrest)
    result = compile_condition("unrest % -7", VOCAB)(ns, FLAGS, POLICIES)
    assert -7.0 <= result <= 0.0
    result = compile_condition("unrest % 7", VOCAB)(ns, FLAGS, POLICIES)
    assert 0.0 <= result <= 7.0


# --- each stated limit of the language (content/README.md, "The condition language") at its edge --------

def _refused(source: str, words: str) -> None:
    with pytest.raises(ConditionError) as error:
        compile_condition(source, VOCAB)
    assert words in str(error.value), str(error.value)


def test_an_expression_of_500_characters_is_read_and_one_more_is_refused():
    edge = "unrest >= 0." + "0" * (500 - 13) + "1"
    assert len(edge) == 500 and value(edge) is True
    _refused(edge + "1", "longer than 500 characters")


def test_an_expression_nested_60_deep_is_read_and_one_deeper_is_refused():
    def negated(times: int) -> str:  # each '-' is one level: the whole, the name and its context are 3 more
        return "-(" * times + "unrest" + ")" * times
    assert value(negated(57)) == -30.0
    _refused(negated(58), "nests more than 60 levels")


@pytest.mark.parametrize("digits", ["10", "-10", "0", "3"])
def test_round_takes_a_whole_number_of_decimals_written_out_up_to_ten(digits):
    assert value(f"round(unrest / 7, {digits})") == round(30.0 / 7, int(digits))


@pytest.mark.parametrize("digits", ["11", "-11", "0.5", "unrest", "1 + 1"])
def test_round_refuses_any_other_number_of_decimals(digits):
    _refused(f"round(unrest, {digits})", "round()'s second argument is a whole number of decimals")


def test_a_value_may_reach_1e30_and_no_further():
    assert compile_condition("unrest * 1e9 * 1e9 * 1e9 * 9.9", VOCAB).span[1] == pytest.approx(9.9e29)
    _refused("unrest * 1e9 * 1e9 * 1e9 * 10.1", "must stay within ±1e+30")
    _refused("exp(unrest) ** 2", "must stay within")


@pytest.mark.parametrize(("source", "words"), [
    ("(unrest - 50) ** 0.5", "a fractional power of a number that may be negative"),
    ("unrest ** -1", "a negative power of a number that may be 0"),
    ("(unrest - 1) ** -2", "a negative power of a number that may be 0"),
])
def test_a_power_without_a_value_for_some_state_is_refused(source, words):
    _refused(source, words)


@pytest.mark.parametrize(("source", "span"), [
    ("unrest", (0.0, 100.0)),
    ("year", (0.0, 9999.0)),
    ("quarter", (1.0, 4.0)),
    ("turn", (0.0, 401.0)),  # a scenario of 400 turns, and the turn after its end
    ("turns_left", (-1.0, 400.0)),
    ("policy.markets", (0.0, 19.0)),  # a policy has at most 20 levels
    ("flag.famine", (0.0, 1.0)),
    ("exp(unrest)", (1.0, math.exp(50))),  # exp() holds its argument within ±50
    ("unrest % (economy - 50)", (-50.0, 50.0)),  # the sign of the divisor, which may be negative
    ("unrest - unrest", (-100.0, 100.0)),  # followed part by part: wider than what it reaches
])
def test_the_range_a_condition_proves_follows_the_stated_bounds(source, span):
    assert compile_condition(source, VOCAB).span == pytest.approx(span)


@pytest.mark.parametrize(("source", "ns", "expected"), [
    ("unrest % (economy - 50)", {"unrest": 30.0, "economy": 10.0}, -10.0),  # a negative divisor: its sign
    ("unrest % (economy - 50)", {"unrest": 30.0, "economy": 50.0}, 0.0),  # 0: gives 0
    ("unrest / (economy - 50)", {"unrest": 30.0, "economy": 20.0}, -1.0),  # a negative divisor divides
    ("unrest / (economy - 20)", {"unrest": 30.0, "economy": 20.0 + 4e-10}, 0.0),  # nearer 0 than 1e-9: 0
    ("unrest / (economy - 20)", {"unrest": 30.0, "economy": 20.0 + 4e-9}, pytest.approx(30.0 / 4e-9, rel=1e-3)),
    ("unrest / 1e-10", {"unrest": 30.0}, 0.0),  # the same for a divisor written out
    ("unrest / -1e-10", {"unrest": 30.0}, 0.0),
    ("unrest / -2e-9", {"unrest": 30.0}, -1.5e10),
])
def test_division_and_modulo_by_a_variable_are_guarded_as_stated(source, ns, expected):
    assert compile_condition(source, VOCAB)(dict(NS, **ns), FLAGS, POLICIES) == expected


def test_condition_text_is_parsed_in_one_module_only():
    """Every other module asks a Condition (its tree, reads, range, parts, distance): a second parser of
    condition text would drift from the first, as the regime's sum and a max once measured one distance."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "game"
    parsing = set()
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "parse"
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "ast"):
                parsing.add(path.relative_to(root).as_posix())
    assert parsing == {"rules/conditions.py"}
