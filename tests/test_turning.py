"""Turning points: the decisions that moved a run's odds most, in the report after the ending and never in play."""

from __future__ import annotations

import html

import pytest
from test_tui_support import screen_text, wait_for_content, wait_for_paint

from game.api import Game
from game.rules.model import OUTCOMES
from game.sim import turning
from game.sim.simulate import play
from game.sim.strategies import load_strategy
from game.tui.app import SoftLandingApp
from game.tui.screens.game import GameScreen
from game.tui.screens.report import ReportScreen
from game.views import debrief, report, report_html, report_sections

#: a small budget, so the tests are quick: the numbers are fewer, the logic the same
SMALL = ((0, 2), (5, 4), (3, 8))


@pytest.fixture(autouse=True)
def small_budget(monkeypatch):
    monkeypatch.setattr(turning, "STAGES", SMALL)
    turning.forget()
    yield
    turning.forget()


@pytest.fixture(scope="module")
def finished(content) -> Game:
    return play(content, load_strategy("random"), 5, 5)


def test_the_same_run_always_shows_the_same_numbers(content, finished):
    first = turning.turning_points(finished, turning.continuation(content))
    again = turning.turning_points(Game(content, finished.state), turning.continuation(content))
    assert first == again and len(first.points) == 3
    assert first.player == "random" and first.rollouts == 8 and first.screen == 2
    # the seeds come from the run's seed and the decision's turn and place: another turn, other dice
    assert turning.rollout_seeds(5, 3, 0, 0, 4) == turning.rollout_seeds(5, 3, 0, 0, 4)
    assert turning.rollout_seeds(5, 3, 0, 0, 4) != turning.rollout_seeds(5, 4, 0, 0, 4)
    assert turning.rollout_seeds(5, 3, 0, 0, 4) != turning.rollout_seeds(6, 3, 0, 0, 4)
    assert turning.rollout_seeds(5, 3, 0, 0, 8)[:4] == turning.rollout_seeds(5, 3, 0, 0, 4)  # played on, not again


def test_every_option_open_is_rolled_out_and_the_numbers_add_up(content, finished):
    found = turning.turning_points(finished, turning.continuation(content))
    by_move = {d.move: d for d in turning.decisions(finished)}
    for point in found.points:
        state = by_move[point.move].state
        assert finished.state.moves[point.move] == f"{point.dilemma}:{point.chosen}"
        assert state.pending[0] == point.dilemma and state.turn == point.turn
        assert {o.option for o in point.options} == {o.id for o in Game(content, state).options()}
        assert all(o.runs == 8 for o in point.options)
        # the random player picks any option alike: the odds before are the options' mean
        for at, outcome in enumerate(OUTCOMES):
            assert point.before[at] == pytest.approx(sum(o.share(outcome) for o in point.options) / len(point.options))
        assert point.swing == max(abs(point.moved(o)) for o in OUTCOMES)


def _fake(content, swings: dict[int, float], chosen: dict[int, str]) -> turning.Continuation:
    """A continuation with known odds: at the decision of turn t the chosen option (``chosen[t]``) collapses
    with the share ``swings[t]`` more than the others, which collapse half the time; elsewhere, no swing."""
    def rollouts(state, option, seeds):
        n = len(seeds)
        share = 0.5 + (swings.get(state.turn, 0.0) if chosen.get(state.turn) == option else 0.0)
        collapse = round(share * n)
        return (n - collapse, 0, collapse)

    def leaning(state):
        options = [o.id for o in Game(content, state).options()]
        return dict.fromkeys(options, 1 / len(options))
    return turning.Continuation("fake", rollouts, leaning)


def test_the_three_shown_are_the_three_largest_swings(content, finished):
    decisions = [d for d in turning.decisions(finished) if len(Game(content, d.state).options()) > 1]
    firsts = [d for d in decisions if d.at == 0]  # one decision a turn, so a turn names it
    # four decisions swing, by known amounts (in steps a rollout count of 8 resolves), the others do not
    swings = {firsts[2].state.turn: 0.25, firsts[9].state.turn: 0.5, firsts[14].state.turn: 0.375,
              firsts[20].state.turn: 0.125}
    fake = _fake(content, swings, {d.state.turn: d.chosen for d in firsts})
    found = turning.turning_points(finished, fake, stages=((0, 8), (5, 16), (3, 32)))
    assert [p.turn for p in found.points] == [firsts[9].state.turn, firsts[14].state.turn, firsts[2].state.turn]
    assert [p.swing for p in found.points] == sorted((p.swing for p in found.points), reverse=True)
    assert found.points[0].outcome == "collapse" and found.points[0].rollouts == 32
    # with the real engine, too: the points shown are the largest swings of every decision played out alike
    player = turning.continuation(content)
    alike = turning.turning_points(finished, player, stages=((0, 4),))
    every = sorted((turning._point(content, player, d, 4) for d in decisions), key=lambda p: (-p.swing, p.move))
    assert alike.points == tuple(every[:3])


def test_the_report_carries_them_in_markdown_and_html(content, finished):
    found = turning.cached_turning_points(finished)
    md = report.markdown(finished)
    page = html.unescape(report_html.html(finished))
    for text in (md, page):
        assert "The turning points" in text
        assert "rests on 8 played-out games an option" in text
        assert "a simulated player who takes any answer at random" in text
        for point in found.points:
            title = content.events[point.dilemma].title
            assert f"Turn {point.turn} ({point.date}), {title}:" in text
        assert text.count("Your choice, ") == 3
    point = found.points[0]
    chosen = next(o.label for o in content.events[point.dilemma].options if o.id == point.chosen)
    at = OUTCOMES.index(point.outcome)
    assert f"Your choice, “{chosen}”: {point.outcome.replace('_', ' ')} {point.before[at]:.0%} → {point.choice.share(point.outcome):.0%}" in md


def test_a_game_in_play_has_no_turning_points(content, monkeypatch):
    called = []
    monkeypatch.setattr(turning, "turning_points", lambda *a, **k: called.append(a))
    game = Game.new(content, None, 3)
    while game.dilemma:
        game.answer(game.options()[0].id)
    game.end_season()
    sections = report_sections.document(game).sections
    assert "turning" not in {s.key for s in sections}
    assert "Your choice, " not in report.markdown(game) and not called


async def test_nothing_of_it_is_on_a_screen_during_play_only_in_the_report(tmp_path, content, monkeypatch):
    real, called = turning.turning_points, []

    def spy(game, *args, **kwargs):
        called.append(game.over)
        return real(game, *args, **kwargs)
    monkeypatch.setattr(turning, "turning_points", spy)
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_for_content(pilot, app)
        app.session.new_game(None, 3)
        app.show_game()
        await wait_for_paint(pilot, app)
        game = app.session.game
        for _ in range(3):  # three seasons by keys: answer, read the result, end the season
            while game.dilemma:
                await pilot.press("1")
                await pilot.press("enter")
            await pilot.press("e")
            await pilot.pause()
            assert isinstance(app.screen, GameScreen)
            text = screen_text(app)
            assert "turning point" not in text.lower() and "Your choice, " not in text and "%" not in text
        await pilot.press("h")  # the history of the run so far
        await pilot.pause()
        assert "turning point" not in screen_text(app).lower()
        assert called == []
        # once it is over, the report shows them
        app.session.game = play(content, load_strategy("random"), 5, 5)
        app.show_game()
        await wait_for_paint(pilot, app)
        assert isinstance(app.screen, ReportScreen)
        await app.workers.wait_for_complete()  # the rollouts are played off the screen's thread
        await pilot.pause()
        shown = app.screen.query_one("#report-turning")
        assert "Your choice, " in str(shown.render())
    assert called == [True]


def test_the_debrief_shows_the_odds_where_the_class_split(content):
    from game.files import classroom
    from game.files.replay import encode_run
    code = classroom.read_code(classroom.class_code(content, "default", 31))
    names = ["random", "cautious", "reformer", "hardliner"]
    codes = [encode_run(play(content, load_strategy(names[n % 4]), code.seed, n, "default", code.deck)) for n in range(8)]
    entries, bad = classroom.read_codes([f"S{n}: {c}" for n, c in enumerate(codes)], content)
    result = debrief.build(entries, bad, content)
    md, page = debrief.to_markdown(result), html.unescape(debrief.to_html(result))
    assert result.contested
    for text in (md, page):
        assert "Appendix: the odds where the class split" in text
        assert text.count("before they chose, ") == len(result.contested)
        assert all(split.title in text for split in result.contested)
    # every student who met the dilemma is rolled out from their own state, each option alike
    split = result.contested[0]
    met = [d for e in result.entries if (d := turning.first_meeting(e.game, split.dilemma_id))]  # a copy counted once
    odds = turning.class_odds(content, met, turning.continuation(content), 16)
    assert odds is not None and odds.students == len(met) == split.met
    assert odds == turning.class_odds(content, met, turning.continuation(content), 16)
    # a run still in play is left out (its student could read the odds), and the live class's page leaves them all out
    playing = Game.new(content, "default", code.seed, code.deck)
    while playing.dilemma:
        playing.answer(playing.options()[0].id)
    playing.end_season()
    more = [*entries, classroom.Entry(99, "Still playing", encode_run(playing), playing)]
    with_one = debrief.build(more, [], content)
    assert "One run still in play is left out" in debrief.to_markdown(with_one)
    turning.forget()
    from game.views import turning_points
    with turning_points.later():
        assert turning_points.class_blocks(with_one) is None
    assert turning_points.class_blocks(with_one) is not None
    # students of a class share their game's seed, not their dice: two students at the same moment roll apart
    assert turning.rollout_seeds(code.seed, 1, 0, 0, 4, 1) != turning.rollout_seeds(code.seed, 1, 0, 0, 4, 2)
