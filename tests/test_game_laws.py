"""The game's laws, checked by hypothesis over any sequence of player moves on the real content."""

import random

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from game.rules import engine
from game.api import Game, GameOverError, MoveError
from game.content.loader import load_or_raise
from game.files.replay import ReplayError, replay_moves

CONTENT = load_or_raise()
SCENARIOS = sorted(CONTENT.scenarios)


class Campaign(RuleBasedStateMachine):
    """A player making any moves at all; the invariants are the game's laws."""

    @initialize(seed=st.integers(0, 2**32 - 1), scenario=st.sampled_from(SCENARIOS))
    def start(self, seed, scenario):
        self.game = Game.new(CONTENT, scenario, seed)
        self.scenario, self.seed = scenario, seed
        self.last_date = self.game.date
        self.pure = engine.new_game(CONTENT, scenario, seed)

    @precondition(lambda self: not self.game.over and self.game.dilemma is not None)
    @rule(pick=st.integers(0, 3))
    def choose(self, pick):
        options = self.game.options()
        self.game.answer(options[pick % len(options)].id)

    @precondition(lambda self: not self.game.over)
    @rule(pick=st.integers(0, 20), up=st.booleans())
    def change_policy(self, pick, up):
        policies = sorted(self.game.content.policies)
        pid = policies[pick % len(policies)]
        level = self.game.state.policies[pid] + (1 if up else -1)
        if level in self.game.policy_moves()[pid]:
            self.game.set_policy(pid, level)
        else:
            before = self.game.state
            with pytest.raises(MoveError):
                self.game.set_policy(pid, level)
            assert self.game.state == before  # a refused move changes nothing

    @precondition(lambda self: not self.game.over and self.game.dilemma is None)
    @rule()
    def end_turn(self):
        self.game.end_season()

    @precondition(lambda self: not self.game.over)
    @rule(count=st.integers(1, 40))
    def play_on(self, count):
        """Jump ahead: several whole turns with the first option, so runs reach their end."""
        for _ in range(count):
            if self.game.over:
                break
            while self.game.dilemma:
                self.game.answer(self.game.options()[0].id)
            self.game.end_season()

    @precondition(lambda self: self.game.over)
    @rule()
    def moves_after_the_end_are_refused(self):
        with pytest.raises(GameOverError, match="the game has ended"):
            self.game.end_season()
        with pytest.raises(GameOverError):
            self.game.answer("anything")

    @invariant()
    def meters_stay_in_range(self):
        for record in self.game.state.history:
            assert all(0.0 <= v <= 100.0 for v in record.meters.values())
        assert all(0.0 <= v <= 100.0 for v in self.game.state.meters.values())

    @invariant()
    def a_pending_dilemma_has_an_option(self):
        if self.game.dilemma is not None:
            assert len(self.game.options()) >= 1

    @invariant()
    def the_date_only_moves_forward(self):
        assert self.game.date >= self.last_date
        self.last_date = self.game.date
        dates = [r.date for r in self.game.state.history]
        assert dates == sorted(dates) and len(set(dates)) == len(dates)

    @invariant()
    def the_game_ends_by_the_scenario_end(self):
        state = self.game.state
        end = CONTENT.scenarios[self.scenario].end
        assert state.date <= end and state.turn <= state.last_turn
        if state.history and state.history[-1].date == end:
            assert state.over

    @invariant()
    def an_ended_game_has_an_ending_and_a_reason(self):
        state = self.game.state
        if state.over:
            assert state.ending is not None and state.transitions
            assert (state.collapse_kind is not None) == (state.outcome == "collapse")

    @invariant()
    def live_play_and_the_pure_functions_agree(self):
        state = self.game.state
        for move in state.moves[len(self.pure.moves):]:
            self.pure = engine.after(CONTENT, self.pure, move)
        assert self.pure == state

    @invariant()
    def the_same_seed_and_moves_give_the_same_state(self):
        again = replay_moves(CONTENT, self.scenario, self.seed, self.game.state.moves)
        assert again.state == self.game.state


TestCampaign = pytest.mark.slow(Campaign.TestCase)


def test_replay_rejects_a_move_that_does_not_fit():
    game = Game.new(CONTENT, None, 5)
    with pytest.raises(ReplayError, match="move 1 .'nonsense:option', turn 1. does not apply"):
        replay_moves(CONTENT, game.state.scenario, 5, ["nonsense:option"])
    with pytest.raises(MoveError, match="not a move"):
        game.play("garbage")


def test_random_full_campaigns_are_reproducible():
    for seed in range(5):
        rng = random.Random(seed)
        game = Game.new(CONTENT, None, seed)
        while not game.over:
            while game.dilemma:
                game.answer(rng.choice(game.options()).id)
            game.end_season()
        assert replay_moves(CONTENT, game.state.scenario, seed, game.state.moves).state == game.state
