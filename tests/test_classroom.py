"""Class codes: students of one class meet the same dilemmas as far as their own choices allow."""

from __future__ import annotations

import pytest

from game.files import classroom

from game.rules import engine
from game.api import Game
from game.cli import main
from game.files.replay import decode_run, encode_run, read_code
from game.rules.state import namespace


def _answer_alike(game: Game) -> None:
    """Answer every dilemma of the turn with its first open option in the writers' order, end it."""
    while game.dilemma is not None:
        open_now = {o.id for o in game.options()}
        game.answer(next(o.id for o in game.dilemma.options if o.id in open_now))
    game.end_season()


def test_a_class_code_is_a_run_code_of_a_class_game_before_its_first_move(content):
    code = classroom.class_code(content, "default", 7)
    run = read_code(code)
    assert run.count == 0 and run.deck == classroom.deck_for("default", 7) != 0
    assert classroom.class_code(content, "default", 7) == code  # the same command gives the same class
    assert classroom.class_code(content, "default", 8) != code


def test_every_student_of_a_class_meets_the_same_first_dilemmas(content):
    codes = classroom.student_codes(content, "default", 3, 12)
    assert len(set(codes)) == 12
    games = [decode_run(code, content) for code in codes]
    assert {g.state.deck for g in games} == {classroom.deck_for("default", 3)}
    assert len({g.state.drawn for g in games}) == 1
    # the first seasons are partly pinned by history; over five seasons of students who answer alike
    # but roll their own dice, the class meets the same dilemmas, and the same seeds without the deck do not
    plain = [Game.new(content, "default", g.state.seed) for g in games]
    for _ in range(4):
        for game in games + plain:
            _answer_alike(game)
        assert len({g.state.drawn for g in games}) == 1
    assert max(len({g.state.history[t].drawn for g in plain}) for t in range(4)) > 1


def test_two_students_who_choose_alike_meet_the_same_next_dilemmas(content):
    together = 0
    apart = 0
    for seed in range(10, 16):
        deck = classroom.deck_for("default", seed)
        one, two = Game.new(content, "default", seed, deck), Game.new(content, "default", seed + 100, deck)
        plain_one, plain_two = Game.new(content, "default", seed), Game.new(content, "default", seed + 100)
        for game in (one, two, plain_one, plain_two):
            _answer_alike(game)
        together += one.state.drawn == two.state.drawn
        apart += plain_one.state.drawn != plain_two.state.drawn
    assert together == 6  # every pair that chose alike meets the same second-turn dilemmas
    assert apart >= 1


def test_a_card_closed_to_a_student_gives_the_next_one_in_the_deck(content):
    """The deck's order is read in the student's own state: an ineligible card is passed over."""
    game = Game.new(content, "default", 5, 99)
    live = game.state.thaw()
    ns = namespace(live)
    pool = engine.eligible_events(content, live, ns)
    if len(pool) < 2:
        pytest.skip("the first turn has fewer than two drawable dilemmas")
    first = engine.draw_from_deck(content, live, ns, live.turn, live.date, [])
    # close the card the deck gives first: it is no longer eligible, and the next one comes instead
    live.last_fired[first[0]] = live.turn
    event = content.events[first[0]]
    if not event.once and event.cooldown == 0:
        pytest.skip("the first card may repeat at once")
    then = engine.draw_from_deck(content, live, ns, live.turn, live.date, [])
    assert first[0] not in then and then


def test_class_games_keep_their_class_through_their_run_codes(content):
    game = decode_run(classroom.class_code(content, "classroom", 21), content)
    for _ in range(4):
        _answer_alike(game)
    again = decode_run(encode_run(game), content)
    assert again.state == game.state and again.state.deck == classroom.deck_for("classroom", 21)


def test_the_class_command_prints_a_code_that_starts_the_class(capsys, content):
    assert main(["class", "--scenario", "classroom", "--seed", "4", "--count", "3"]) == 0
    out = capsys.readouterr().out
    code = classroom.class_code(content, "classroom", 4)
    assert code in out
    assert all(c in out for c in classroom.student_codes(content, "classroom", 4, 3))
    assert "3." in out


@pytest.mark.parametrize("argv, words", [
    (["class", "--scenario", "atlantis"], "no scenario 'atlantis'"),
    (["class", "--count", "0"], "--count must be"),
])
def test_the_class_command_refuses_what_it_cannot_make(capsys, argv, words):
    assert main(argv) == 2
    out = capsys.readouterr().out
    assert words in out and "Traceback" not in out


def test_codes_files_read_names_skip_comments_and_list_bad_lines(content):
    good = encode_run(Game.new(content, "default", 1))
    lines = ["# period 3", "", f"Ana: {good}", good, "Bob: SL1-NOTACODE", "just words",
             f"<script>alert(1)</script>: {good}", "\x1b[31mEve\x07: " + good]
    entries, bad = classroom.read_codes(lines, content)
    assert [e.name for e in entries] == ["Ana", "Student 2", "<script>alert(1)</script>", "[31mEve"]
    assert [b.line for b in bad] == [5, 6]
    assert "run code" in bad[1].reason or "SL1" in bad[1].reason
    assert all(e.game.state == entries[0].game.state for e in entries)
