"""The session: one game in play and a saves folder, with rewind and branch kept deterministic."""

import pytest

from game.api import Game
from game.files.replay import decode_run, read_code
from game.session import SaveExists, Session, SessionError
from game.views import report


@pytest.fixture
def session(content, tmp_path):
    return Session(content, tmp_path / "saves")


def play_season(session: Session, pick: int = 0) -> None:
    """Answer every dilemma of the season with the option at ``pick`` (wrapped), then end it."""
    game = session.game
    while game.dilemma:
        options = game.options()
        session.answer(options[pick % len(options)].id)
    assert session.end_season() is None  # the autosave worked


def test_open_loads_the_packaged_content(tmp_path):
    session = Session.open(None, tmp_path)
    assert session.content.events and session.game is None and not session.has_saves


def test_open_reports_invalid_content_as_a_message(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "meters.toml").write_text("this is = = not toml")
    with pytest.raises(SessionError):
        Session.open(tmp_path / "content", tmp_path / "saves")


def test_new_game_and_moves(session):
    game = session.new_game(None, 7)
    assert session.game is game and game.state.seed == 7 and not session.at_risk
    play_season(session)
    assert game.state.turn == 2
    assert session.has_saves and not session.at_risk  # autosaved after the season
    with pytest.raises(SessionError, match="seed"):
        session.new_game(None, -1)
    with pytest.raises(SessionError, match="scenario"):
        session.new_game("no-such-scenario", 1)


def test_a_refused_move_is_a_message(session):
    session.new_game(None, 3)
    with pytest.raises(SessionError, match="not an available option"):
        session.answer("no_such_option")
    with pytest.raises(SessionError, match="first"):
        session.end_season()


def test_rewind_goes_back_to_the_start_of_the_season_once(session):
    game = session.new_game(None, 11)
    play_season(session)
    start = game.state
    assert session.can_rewind() == "nothing has been decided this season yet"
    game_options = game.options()
    session.answer(game_options[0].id)
    assert session.at_risk and session.can_rewind() is None
    session.rewind()
    assert game.state.moves == start.moves and game.state.meters == start.meters and game.state.rng == start.rng
    assert game.state.rewinds == 1
    session.answer(game.options()[-1].id)
    assert session.can_rewind() == "this season has been rewound once already"
    with pytest.raises(SessionError, match="once"):
        session.rewind()
    while game.dilemma:
        session.answer(game.options()[0].id)
    session.end_season()
    session.answer(game.options()[0].id)
    assert session.can_rewind() is None  # a new season may be rewound again


def test_a_rewound_season_played_the_same_way_gives_the_same_game(session, content):
    game = session.new_game(None, 5)
    play_season(session)
    session.answer(game.options()[1 % len(game.options())].id)
    session.rewind()
    play_season(session)
    play_season(session)
    straight = Game.new(content, None, 5)
    for move in game.state.moves:
        straight.play(move)
    assert straight.state.replace(rewinds=1, went_back=(2,)) == game.state


def test_the_run_code_of_a_rewound_run_replays_it_and_says_so(session, content):
    game = session.new_game(None, 21)
    play_season(session, 1)
    session.answer(game.options()[0].id)
    session.rewind()
    play_season(session, 2)
    code = session.run_code()
    assert code is not None and read_code(code).rewound
    again = decode_run(code, content)
    assert again.state.moves == game.state.moves and again.state.meters == game.state.meters
    assert again.state.rewinds >= 1
    fresh = Session(content, session.saves_dir)
    fresh.from_code(code)
    assert fresh.game.state.moves == game.state.moves and fresh.game.state.rewinds >= 1
    assert report.rewinds_line(fresh.game).startswith("Played with hindsight: went back")


def test_a_straight_run_says_it_was_played_straight(session):
    session.new_game(None, 2)
    play_season(session)
    assert not read_code(session.run_code()).rewound
    assert report.rewinds_line(session.game).startswith("Played straight")


def test_branch_from_a_past_season_keeps_the_main_line(session):
    game = session.new_game(None, 9)
    for _ in range(4):
        play_season(session, 0)
    main_moves = game.state.moves
    assert session.branch_seasons() == [1, 2, 3, 4]
    with pytest.raises(SessionError, match="past season"):
        session.branch(5)
    session.branch(2)
    assert game.state.turn == 2 and game.state.rewinds == 1
    assert session.branch_of is not None and session.branch_of.main.state.moves == main_moves
    while game.state.turn < 6 and not game.over:
        play_season(session, 2)
    comparison = session.comparison()
    assert comparison is not None and comparison.turn >= 2
    assert comparison.main_outcome.startswith("In progress") and "turn 5" in comparison.main_outcome
    lines = report.comparison_lines(comparison)
    assert f"turn {comparison.turn}" in lines[0]
    text = report.markdown(game, session.run_code(), comparison=comparison)
    assert "## The branch and the main line" in text and "Played with hindsight: went back 1 time" in text
    # the branch's code replays the branch, not the main line
    replayed = decode_run(session.run_code(), session.content)
    assert replayed.state.moves == game.state.moves != main_moves


def test_a_second_branch_still_compares_with_the_first_main_line(session):
    game = session.new_game(None, 4)
    for _ in range(3):
        play_season(session)
    main_moves = game.state.moves
    session.branch(3)
    play_season(session, 1)
    session.branch(1)
    assert session.branch_of.main.state.moves == main_moves and game.state.rewinds == 2


def test_a_finished_game_can_branch_from_its_last_season(session):
    game = session.new_game(None, 13)
    while not game.over:
        play_season(session, 1)
    last = game.state.turn
    assert last in session.branch_seasons()
    session.branch(last)
    assert not game.over and game.state.turn == last
    comparison = session.comparison()
    assert comparison.main_ending is not None and comparison.branch_ending is None


def test_a_finished_game_can_rewind_its_last_season(session):
    game = session.new_game(None, 14)
    while not game.over:
        play_season(session, 2)
    last, ending = game.state.turn, game.state.ending
    assert ending is not None and session.can_rewind() is None
    session.rewind()
    assert not game.over and game.state.turn == last and game.state.ending is None
    assert session.branch_of is None  # a rewind takes back a season; it does not make a branch


def test_rewind_works_after_a_load_and_a_code(session, content):
    game = session.new_game(None, 8)
    play_season(session)
    play_season(session)
    session.answer(game.options()[0].id)
    path = session.save("midseason")
    other = Session(content, session.saves_dir)
    other.load(path)
    other.rewind()
    assert other.game.state.turn == 3 and other.game.state.moves == game.state.moves[:-1]
    coded = Session(content, session.saves_dir)
    coded.from_code(session.run_code())
    coded.branch(1)
    assert coded.game.state.turn == 1 and not coded.game.state.moves


def test_saves_through_the_session(session, content):
    session.new_game(None, 6)
    with pytest.raises(SessionError, match="no saved game"):
        Session(content, session.saves_dir / "empty").continue_latest()
    session.answer(session.game.options()[0].id)
    assert session.at_risk
    path = session.save("first")
    assert not session.at_risk and path.exists()
    with pytest.raises(SaveExists):
        session.save("first")
    assert session.save("first", overwrite=True) == path
    names = [info.name for info in session.list_saves()]
    assert "first" in names
    other = Session(content, session.saves_dir)
    other.continue_latest()
    assert other.game.state.moves == session.game.state.moves
    session.delete_save(path)
    assert not path.exists()
    with pytest.raises(SessionError):
        session.delete_save(path)
    with pytest.raises(SessionError, match="run code"):
        session.from_code("SL1-NOTACODE")


def test_the_report_is_exported_with_the_comparison(session):
    session.new_game(None, 17)
    play_season(session)
    play_season(session)
    session.branch(1)
    play_season(session, 1)
    comparison = session.comparison()
    path = session.export_report()
    text = path.read_text()
    assert path.parent == session.reports_dir()
    assert "The branch and the main line" in text and f"left the main line in turn {comparison.turn}" in text
    page = path.with_suffix(".html").read_text()
    assert "The branch and the main line" in page and "Played with hindsight: went back 1 time" in page


def test_a_line_left_early_is_compared_where_both_lines_have_been(session):
    game = session.new_game(None, 19)
    for _ in range(3):
        play_season(session, 0)
    session.branch(1)
    while not game.over:
        play_season(session, 1)
    comparison = session.comparison()
    assert comparison.at_turn == 3  # the main line completed three turns; the branch went on to its end
    main_after = session.branch_of.main.state.history[2].meters
    branch_after = game.state.history[2].meters
    names = {m.name: m.id for m in session.content.meters.values()}
    for name, main, branch in comparison.diverged:
        assert (main, branch) == (main_after[names[name]], branch_after[names[name]])
        assert abs(main - branch) >= report.DIVERGED
    assert "by the end of turn 3" in report.comparison_lines(comparison)[-1]


# --- rewind and branch across a save and a load -----------------------------------------------------

def test_a_season_rewound_then_saved_and_loaded_is_not_rewound_again(session, content):
    game = session.new_game(None, 21)
    play_season(session)
    session.answer(game.options()[0].id)
    session.rewind()
    session.answer(game.options()[-1].id)
    path = session.save("after the rewind")
    for load in (lambda s: s.load(path), lambda s: s.continue_latest()):
        other = Session(content, session.saves_dir)
        load(other)
        assert other.game.state.moves == game.state.moves and other.game.state.rewinds == 1
        assert other.can_rewind() == "this season has been rewound once already"
        with pytest.raises(SessionError, match="rewound once already"):
            other.rewind()
    while other.game.dilemma:
        other.answer(other.game.options()[0].id)
    other.end_season()
    other.answer(other.game.options()[0].id)
    assert other.can_rewind() is None  # the next season may be rewound again


def test_the_autosave_after_a_rewound_season_keeps_the_rule_for_the_season_after(session, content):
    game = session.new_game(None, 22)
    session.answer(game.options()[0].id)
    session.rewind()
    play_season(session)  # the autosave: the rewound season is over, the next one is fresh
    session.answer(game.options()[0].id)
    other = Session(content, session.saves_dir)
    other.continue_latest()
    other.answer(other.game.options()[0].id)
    assert other.can_rewind() is None


def test_a_branch_saved_and_loaded_still_compares_with_its_main_line(session, content):
    game = session.new_game(None, 9)
    for _ in range(4):
        play_season(session, 0)
    main_moves = game.state.moves
    session.branch(2)
    play_season(session, 2)
    play_season(session, 2)
    before = session.comparison()
    path = session.save("the branch")
    other = Session(content, session.saves_dir)
    other.load(path)
    assert other.branch_of is not None and other.branch_of.turn == 2
    assert other.branch_of.main.state.moves == main_moves
    after = other.comparison()
    assert after == before and after.turn == 2
    text = report.markdown(other.game, other.run_code(), comparison=after)
    assert "## The branch and the main line" in text and "left the main line in turn 2" in text
    # the branch still replays from its code, and a second branch still compares with the first main line
    assert decode_run(other.run_code(), content).state.moves == game.state.moves
    other.branch(1)
    assert other.branch_of.main.state.moves == main_moves


def test_a_straight_game_saved_and_loaded_is_no_branch(session, content):
    session.new_game(None, 23)
    play_season(session)
    other = Session(content, session.saves_dir)
    other.continue_latest()
    assert other.branch_of is None and other.comparison() is None


def test_a_finished_game_puts_no_progress_at_risk(session):
    """A game that has ended has nothing left to lose: leaving it asks nothing, even when its last season's
    autosave failed (its report and run code are what the player keeps)."""
    import shutil

    game = session.new_game(None, 14)
    while game.state.turn < game.state.last_turn:
        play_season(session, 1)
    while game.dilemma:
        session.answer(game.options()[0].id)
    assert session.at_risk  # moves since the last autosave, in a game still going
    shutil.rmtree(session.saves_dir)
    session.saves_dir.write_text("not a folder", encoding="utf-8")  # the last autosave cannot be written
    assert session.end_season() is not None  # the player is warned that it failed
    assert game.over and game.state.moves != session._saved_moves
    assert not session.at_risk
