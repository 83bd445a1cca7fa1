"""The turn: dilemmas drawn, choices applied with their causes, policies, drift, follow-ups, the end."""

from pathlib import Path

import pytest

from game.rules import engine
from game.api import Game, GameOverError, MoveError
from game.rules.model import Date
from game.content.loader import load_or_raise

MINIMAL = Path(__file__).parent / "data" / "minimal"


@pytest.fixture(scope="module")
def small():
    return load_or_raise(MINIMAL)


def test_new_game_starts_at_the_scenario_start_with_its_pinned_event(small):
    game = Game.new(small, "short", seed=1)
    assert game.date == Date(2002, 3)
    assert str(game.date) == "Summer 2002"
    assert game.state.turn == 1 and game.state.last_turn == 8
    assert game.dilemma.id == "measures"  # pinned to 2002-Q3
    assert game.state.meters == {"economy": 50.0, "unrest": 20.0, "fear": 60.0}
    assert game.state.policies == {"markets": 1}


def test_unknown_scenario_is_refused(small):
    with pytest.raises(MoveError, match="no scenario 'nope'"):
        Game.new(small, "nope")


def test_choice_applies_effects_with_cause_flags_and_follow_up(small):
    game = Game.new(small, "short", seed=1)
    game.answer("adopt")
    assert game.state.meters["economy"] == 55.0
    assert game.state.meters["unrest"] == 23.0
    assert "measures" in game.state.flags
    assert game.state.scheduled[0].event == "inflation" and game.state.scheduled[0].turn == 3
    assert [(c.meter, c.delta, c.cause) for c in game.state.changes] == [
        ("economy", 5.0, "event:measures/adopt"), ("unrest", 3.0, "event:measures/adopt")]
    assert game.state.moves == ("measures:adopt",)


def test_follow_up_comes_back_after_its_delay(small):
    game = Game.new(small, "short", seed=1)
    game.answer("adopt")
    game.end_season()
    while game.dilemma:
        game.answer(game.options()[0].id)
    game.end_season()
    assert game.state.turn == 3
    assert game.dilemma.id == "inflation"


def test_follow_up_is_dropped_when_its_condition_fails(small):
    game = Game.new(small, "short", seed=1)
    game.answer("adopt")
    game.state = game.state.replace(flags=frozenset())  # as if another choice had cleared the flag
    game.end_season()
    while game.dilemma:
        game.answer(game.options()[0].id)
    game.end_season()
    assert "inflation" not in game.state.drawn
    assert game.state.scheduled == ()


def test_pinned_event_needs_its_date(small):
    game = Game.new(small, "forced", seed=3)  # starts 2003-Q1: the 2002 measures never come
    assert "measures" not in game.state.drawn
    assert game.dilemma.id == "radios"  # forced by the scenario


def test_illegal_moves_say_why(small):
    game = Game.new(small, "short", seed=1)
    with pytest.raises(MoveError, match="answer the dilemma 'The Measures' first"):
        game.end_season()
    with pytest.raises(MoveError, match="'nope' is not an available option of 'measures' .available: adopt, shelve."):
        game.answer("nope")
    game.answer("shelve")
    with pytest.raises(MoveError, match="no dilemma to answer"):
        game.answer("adopt")


def test_option_conditions_hide_options(small):
    game = Game.new(small, "forced", seed=3)
    assert sorted(o.id for o in game.options()) == ["ignore", "raid"]  # legalise needs markets at 2
    with pytest.raises(MoveError):
        game.answer("legalise")
    game.set_policy("markets", 2)
    assert sorted(o.id for o in game.options()) == ["ignore", "legalise", "raid"]
    game.answer("legalise")


def test_policy_changes_one_step_once_a_turn_at_a_cost(small):
    game = Game.new(small, "short", seed=1)
    assert game.policy_moves() == {"markets": (0, 2)}
    with pytest.raises(MoveError, match="one level a turn"):
        game.set_policy("markets", 3)
    game.set_policy("markets", 2)
    assert game.state.policies["markets"] == 2
    assert game.state.meters["fear"] == 58.0
    assert game.state.changes[-1].cause == "change:markets"
    assert game.policy_moves() == {"markets": ()}
    with pytest.raises(MoveError, match="already been changed this turn"):
        game.set_policy("markets", 1)
    with pytest.raises(MoveError, match="no policy 'army'"):
        game.set_policy("army", 1)


def test_end_turn_applies_policies_and_drift_with_causes(small):
    game = Game.new(small, "short", seed=1)
    game.answer("shelve")  # economy 48, unrest 19
    game.end_season()
    record = game.state.history[-1]
    causes = {(c.meter, c.cause): round(c.delta, 2) for c in record.changes}
    assert causes[("economy", "policy:markets@1")] == 0.5  # the level it stood at is recorded with the cause
    assert causes[("fear", "drift:upkeep")] == -0.5
    assert record.meters == game.state.meters
    assert game.state.turn == 2 and game.date == Date(2002, 4)
    assert record.decisions == (("measures", "shelve"),)


def test_why_names_the_policy_level_of_that_turn_not_of_today(small):
    game = Game.new(small, "short", seed=1)
    game.answer("shelve")
    game.end_season()  # turn 1 under markets at level 1
    while game.dilemma:
        game.answer(game.options()[0].id)
    game.set_policy("markets", 2)
    game.end_season()  # turn 2 under level 2
    names = [level.name for level in small.policies["markets"].levels]
    by_turn = {w.turn: w.text for w in game.why("economy") if w.cause.startswith("policy:markets")}
    assert by_turn[1] == f"Markets ({names[1]})" and by_turn[2] == f"Markets ({names[2]})"


def test_drift_uses_the_state_after_policies(small):
    game = Game.new(small, "short", seed=1)
    game.answer("shelve")
    before = dict(game.state.meters)
    game.end_season()
    economy_after_policy = before["economy"] + 0.5
    expected = round(max(0, 50 - economy_after_policy) * 0.1 - before["fear"] * 0.01, 2)
    unrest_changes = [c for c in game.state.history[-1].changes if c.cause == "drift:discontent"]
    assert unrest_changes[0].delta == pytest.approx(expected)


def test_meters_are_clamped_and_the_record_shows_the_real_change(small):
    game = Game.new(small, "short", seed=1)
    game.state = game.state.replace(meters={"economy": 98.0, "unrest": 20.0, "fear": 60.0})
    game.answer("adopt")
    assert game.state.meters["economy"] == 100.0
    assert game.state.changes[0].delta == 2.0


def test_why_explains_a_meter_with_causes_in_words(small):
    game = Game.new(small, "short", seed=1)
    game.answer("adopt")
    game.end_season()
    reasons = game.why("economy")
    assert reasons[0].text == "Markets (Tolerated)"
    assert any(r.text == "The Measures: Adopt" and r.delta == 5.0 for r in reasons)
    assert game.why("fear")[0].text == "Unpaid police rot"
    with pytest.raises(MoveError):
        game.why("happiness")


def test_hints_read_like_advisors(small):
    game = Game.new(small, "forced", seed=3)
    raid = next(o for o in game.options() if o.id == "raid")
    hints = {h.meter: h for h in game.hints(raid)}
    assert hints["fear"].direction == 1 and hints["fear"].good is True
    assert hints["unrest"].direction == 1 and hints["unrest"].good is False


def test_the_game_ends_by_the_scenario_end_and_refuses_further_moves(small):
    game = Game.new(small, "short", seed=4)
    while not game.over:
        while game.dilemma:
            game.answer(game.options()[-1].id)
        game.end_season()
    assert game.state.turn <= game.state.last_turn
    assert game.state.outcome in ("survival", "collapse", "soft_landing")
    assert game.ending is not None
    assert game.reasons
    with pytest.raises(GameOverError, match="the game has ended"):
        game.end_season()
    with pytest.raises(GameOverError):
        game.set_policy("markets", 0)
    assert game.policy_moves() == {}


def test_same_seed_and_moves_give_the_same_game(small):
    def run(seed):
        game = Game.new(small, "short", seed=seed)
        while not game.over:
            while game.dilemma:
                game.answer(game.options()[0].id)
            game.end_season()
        return game.state

    assert run(11) == run(11)
    assert run(11).rng != run(12).rng


def test_indicators_are_computed_from_the_state(small):
    game = Game.new(small, "short", seed=1)
    assert game.indicators() == {"rice": 44 + 50 * 2}


def test_eligible_events_respect_conditions_cooldown_and_weights(small):
    state = engine.new_game(small, "forced", 3)
    ids = {e.id for e, _ in engine.eligible_events(small, state)}
    assert "riot" not in ids  # unrest below 40
    hot = state.replace(meters={**state.meters, "unrest": 45.0}, phase="crisis")
    weights = {e.id: w for e, w in engine.eligible_events(small, hot)}
    assert weights["riot"] == 15  # weight 5, tripled in a crisis
    assert "radios" not in weights  # drawn this turn: cooldown 1


def test_live_and_frozen_states_have_the_same_fields():
    from attrs import fields

    from game.rules.state import GameState, LiveState
    assert LiveState.__slots__ == tuple(a.name for a in fields(GameState))


def test_a_frozen_state_shares_nothing_with_the_live_state_it_came_from(small):
    game = Game.new(small, "short", seed=1)
    frozen = game.state
    copy = frozen.replace(meters=dict(frozen.meters), flags=frozenset(frozen.flags))
    game.answer("adopt")
    game.end_season()
    assert game.state.turn == 2 and game.state.meters != frozen.meters
    assert frozen == copy and frozen.turn == 1 and not frozen.history and frozen.pending == ("measures",)


def test_thawing_leaves_the_frozen_state_alone(small):
    state = engine.new_game(small, "short", seed=1)
    live = state.thaw()
    engine.answer(small, live, "adopt")
    engine.end_season(small, live)
    assert state.turn == 1 and state.pending == ("measures",) and state.meters["economy"] == 50.0
    assert live.freeze() == engine.after(small, engine.after(small, state, "measures:adopt"), "end")


def test_a_refused_move_leaves_the_live_state_as_it_was(small):
    game = Game.new(small, "short", seed=1)
    before = game.state
    for move in (lambda: game.answer("no_such_option"), lambda: game.end_season(),
                 lambda: game.set_policy("markets", 3), lambda: game.play("policy:nothing:1")):
        with pytest.raises(MoveError):
            move()
        assert game.state == before


def test_the_frozen_state_is_made_once_per_move(small):
    game = Game.new(small, "short", seed=1)
    first = game.state
    assert game.state is first  # read again: the same snapshot, not a new copy
    game.answer("adopt")
    assert game.state is not first and game.state is game.state


def test_options_are_shown_in_a_rotation_of_the_writers_order_set_by_the_seed(small):
    event = small.events["measures"]
    written = [o.id for o in event.options]
    firsts = set()
    for seed in range(40):
        game = Game.new(small, "short", seed=seed)
        shown = [o.id for o in game.options()]
        assert shown == [o.id for o in game.options()]  # the same every time it is asked
        start = written.index(shown[0])
        assert shown == written[start:] + written[:start]
        firsts.add(shown[0])
    assert firsts == set(written)  # no option is always first


def test_a_follow_up_waits_a_season_when_the_scenario_has_no_room(content):
    """With ``followup_room = 1`` (the default scenario) a due follow-up never shares a season with
    another dilemma; with room for two (the format's default) it does in some seasons."""
    import attrs

    from game.sim.simulate import play
    from game.sim.strategies import load_strategy

    pinned = {e.id for e in content.events.values() if e.pinned is not None}
    followups = {e.id for e in content.events.values() if e.followup_only}
    assert content.scenarios["default"].followup_room == 1

    def crowded(scenarios) -> int:
        found = 0
        for seed in range(12):
            state = play(attrs.evolve(content, scenarios=scenarios), load_strategy("random"), seed, seed).state
            for record in state.history:
                found += len(record.drawn) > 1 and any(e in followups for e in record.drawn) and \
                    any(e in pinned for e in record.drawn)
        return found

    assert crowded(content.scenarios) == 0
    roomy = dict(content.scenarios) | {"default": attrs.evolve(content.scenarios["default"], followup_room=2)}
    assert crowded(roomy) > 0


def _random_seasons(content, seeds):
    """Every season's namespace, flags and policies met by random play over some seeds."""
    import random

    from game.rules.engine import answer, available_options, begin, end_season
    from game.rules.state import namespace

    for seed in seeds:
        live, rng = begin(content, None, seed), random.Random(seed)
        while live.outcome is None:
            while live.pending:
                answer(content, live, rng.choice(available_options(content, live)).id)
            yield namespace(live), live.flags, live.policies, live.date.index
            end_season(content, live)


def test_the_compiled_drift_adds_what_the_rules_amounts_say_in_every_season():
    """The turn's drift, compiled straight, moves each meter and records each change exactly as a loop over
    the rules' amounts (compile_guarded) does."""
    from game.rules.conditions import compile_guarded
    from game.rules.state import MeterChange

    content = load_or_raise(None)
    amounts = compile_guarded([(r.amount, r.when) for r in content.drift])
    seasons = 0
    for ns, flags, policies, _ in _random_seasons(content, range(30)):
        meters = {m: ns[m] for m in content.meters}
        fast, fast_changes = dict(meters), []
        content.index.apply_drift(ns, flags, policies, fast, fast_changes.append, MeterChange)
        slow, slow_changes = dict(meters), []
        for rule, amount in zip(content.drift, amounts(ns, flags, policies)):
            if amount:
                new = min(100.0, max(0.0, slow[rule.meter] + amount))
                if new != slow[rule.meter]:
                    slow_changes.append(MeterChange(rule.meter, new - slow[rule.meter], rule.cause))
                    slow[rule.meter] = new
        assert fast == slow and fast_changes == slow_changes
        assert all(type(c) is MeterChange for c in fast_changes)
        seasons += 1
    assert seasons > 500


def test_the_weights_of_a_season_are_those_of_its_drawable_events():
    """A season's draw weights, compiled for the events drawable then, equal the weights of those events
    worked out over the whole content."""
    from game.rules.conditions import compile_weights

    content = load_or_raise(None)
    whole = compile_weights(content.index.weight_rows)
    seasons = 0
    for ns, flags, policies, when in _random_seasons(content, range(30)):
        everything = whole(ns, flags, policies)
        drawable = content.index.drawable.get(when, ())
        assert content.index.weights_at(when)(ns, flags, policies) == tuple(everything[p] for _, p in drawable)
        seasons += 1
    assert seasons > 500
