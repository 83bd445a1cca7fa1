"""The invented dilemmas (tagged ``invented``) are marked wherever they appear, and a class is warned of them."""

from __future__ import annotations

import pytest
from test_tui_support import screen_text, squeeze, wait_for_content

from game.files import classroom
from game.api import Game
from game.cli import main
from game.files.replay import encode_run
from game.sim.simulate import play, run_seeds
from game.sim.strategies import load_strategy
from game.views import debrief, report, report_html
from game.views.texts import INVENTED

PLEDGED_CLASS = 1207  # a class of the classroom scenario whose students meet the pledge of two states
CLEAN_CLASS = 1235  # the README's class: nobody meets an invented dilemma


def pledged_student(content, student: int = 0) -> Game:
    """A random student of the pledged class who met the pledge."""
    for n in range(student, student + 30):
        _, dice = run_seeds(PLEDGED_CLASS, n)
        game = play(content, load_strategy("random"), PLEDGED_CLASS, dice, "classroom",
                    classroom.deck_for("classroom", PLEDGED_CLASS))
        if any("two_states_pledge" in r.drawn for r in game.state.history):
            return game
    raise AssertionError("no student of the pledged class met the pledge")


def test_the_content_tags_the_pledge_and_only_invented_dilemmas(content):
    invented = {e.id for e in content.events.values() if e.invented}
    assert invented == {"two_states_pledge", "treaty_review"}


def test_a_class_learns_which_invented_dilemmas_its_students_may_meet(content):
    found = classroom.invented_in_class(content, "classroom", PLEDGED_CLASS)
    assert [i.dilemma_id for i in found][0] == "two_states_pledge"
    assert all(0 < i.met <= i.of == classroom.TRIAL_STUDENTS + len(classroom.TRIAL_STRATEGIES) for i in found)
    assert classroom.invented_in_class(content, "classroom", CLEAN_CLASS) == []


def test_the_class_command_warns_of_an_invented_dilemma(capsys):
    assert main(["class", "--scenario", "classroom", "--seed", str(PLEDGED_CLASS)]) == 0
    out = squeeze(capsys.readouterr().out)
    assert "Two States for a Generation" in out and "this did not happen" in out and "another --seed" in out
    assert main(["class", "--scenario", "classroom", "--seed", str(CLEAN_CLASS)]) == 0
    out = squeeze(capsys.readouterr().out)
    assert "did not happen" not in out and "Warning" not in out


def test_the_reports_mark_the_invented_dilemma(content):
    game = pledged_student(content)
    rows = [r for r in report.decision_rows(game) if r.dilemma_id == "two_states_pledge"]
    assert rows and all(r.invented for r in rows)
    assert not any(r.invented for r in report.decision_rows(game) if r.dilemma_id not in {"two_states_pledge", "treaty_review"})
    page = report_html.html(game)
    assert page.count(INVENTED) >= 2  # the decision's row and the dilemma's history
    markdown = report.markdown(game)
    assert markdown.count(INVENTED) >= 2


def test_the_debrief_marks_the_invented_dilemma(content):
    entries = [classroom.Entry(n + 1, f"S{n}", encode_run(g), g) for n, g in
               enumerate(pledged_student(content, s) for s in (0, 5, 10))]
    result = debrief.build(entries, [], content)
    split = next(s for s in result.splits if s.dilemma_id == "two_states_pledge")
    assert split.invented
    assert not any(s.invented for s in result.splits if s.dilemma_id not in {"two_states_pledge", "treaty_review"})
    assert INVENTED in debrief.to_html(result) and INVENTED in debrief.to_markdown(result)


@pytest.mark.slow  # one app run
async def test_the_dilemma_card_says_the_pledge_did_not_happen(tmp_path, content):
    from game.tui.app import SoftLandingApp

    finished = pledged_student(content)
    game = Game.new(content, "classroom", finished.state.seed, finished.state.deck)
    for move in finished.state.moves:
        if game.dilemma and game.dilemma.id == "two_states_pledge":
            break
        game.play(move)
    assert game.dilemma is not None and game.dilemma.id == "two_states_pledge"
    app = SoftLandingApp(saves_dir=tmp_path / "saves", code=encode_run(game))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_content(pilot, app)
        await pilot.pause()
        shown = screen_text(app)
        assert "Two States for a Generation" in shown and INVENTED in shown


def test_the_essay_and_history_dialog_says_the_pledge_did_not_happen(content):
    from game.views.grounding import sections

    found = {s.heading: s.lines for s in sections(content.events["two_states_pledge"], content.paragraphs, content.glossary)}
    assert found["History"][0] == INVENTED
    real = {s.heading: s.lines for s in sections(content.events["grain_ban"], content.paragraphs, content.glossary)}
    assert INVENTED not in real["History"]
