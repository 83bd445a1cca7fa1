"""One timeline: the game keeps its season starts; rewind and branch go back to them; honest branches;
one-life games; autosaves that belong to their game."""

from __future__ import annotations

import os
import time

import pytest
from attrs import fields
from hypothesis import HealthCheck, given, settings, strategies as st

from game.files import autosaves, classroom, saves
from game.api import Game
from game.errors import ONE_LIFE
from game.files.replay import decode_run, encode_run, read_code
from game.session import Session, SessionError
from game.rules.state import GameState, LiveState
from game.views import debrief, presenter, report


def play_season(session: Session, pick: int = 0) -> None:
    game = session.game
    assert game is not None
    while game.dilemma:
        options = game.options()
        session.answer(options[pick % len(options)].id)
    assert session.end_season() is None


def play_on(game: Game, seasons: int, pick: int = 0) -> None:
    for _ in range(seasons):
        if game.over:
            return
        while game.dilemma:
            options = game.options()
            game.answer(options[pick % len(options)].id)
        game.end_season()


def without_record(state: GameState) -> GameState:
    return state.replace(rewinds=0, went_back=(), one_life=False)


# --- the stack of season starts ---------------------------------------------------------------------

def test_the_stack_has_exactly_one_start_a_season_and_ending_a_season_replays_nothing(content, tmp_path, monkeypatch):
    """The bug: the session's stack read [1, 2, 2, 3, ...] and was rebuilt by replaying the campaign."""
    session = Session(content, tmp_path)
    game = session.new_game(None, 12)
    replays = []
    original = Game.replay.__func__  # type: ignore[attr-defined]

    def counted(cls, *args, **kwargs):
        replays.append(args)
        return original(cls, *args, **kwargs)
    monkeypatch.setattr(Game, "replay", classmethod(counted))
    for n in range(8):
        play_season(session, n)
        assert session.can_rewind() == "nothing has been decided this season yet"  # asks the stack
        assert [s.turn for s in game.seasons] == list(range(1, game.state.turn + 1))
    assert replays == []  # the game kept its own stack: no season end rebuilt it
    assert game.seasons[-1] == game.state  # the last start is the season in play, nothing decided yet
    assert all(s.moves == game.state.moves[:len(s.moves)] for s in game.seasons)


def test_a_game_put_in_play_from_a_bare_state_finds_its_seasons_by_one_replay(content):
    played = Game.new(content, None, 4)
    play_on(played, 5)
    bare = Game(content, played.state)
    assert bare.seasons == played.seasons


def test_going_back_restores_the_season_start_and_records_where(content):
    game = Game.new(content, None, 21)
    play_on(game, 6)
    starts = game.seasons
    game.go_back(3)
    assert without_record(game.state) == without_record(starts[2])
    assert (game.state.rewinds, game.state.went_back) == (1, (3,))
    assert [s.turn for s in game.seasons] == [1, 2, 3]
    play_on(game, 2, pick=1)
    game.go_back(game.state.turn)
    assert game.state.went_back == (3, 5) and game.state.rewinds == 2
    with pytest.raises(ValueError, match="not a season"):
        game.go_back(9)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), seasons=st.integers(1, 12), back=st.integers(0, 40), pick=st.integers(0, 3))
def test_going_back_to_any_season_and_replaying_the_same_moves_gives_the_same_state(content, seed, seasons, back, pick):
    game = Game.new(content, None, seed)
    play_on(game, seasons, pick)
    before = game.state
    turn = 1 + back % len(game.seasons)
    start = game.seasons[turn - 1]
    game.go_back(turn)
    for move in before.moves[len(start.moves):]:
        game.play(move)
    assert without_record(game.state) == without_record(before)
    assert game.state.went_back == (turn,)
    assert [s.turn for s in game.seasons] == list(range(1, len(game.seasons) + 1))


def test_a_clone_plays_on_without_touching_the_game(content):
    game = Game.new(content, None, 8)
    play_on(game, 2)
    before = game.state
    rollout = game.clone()
    play_on(rollout, 3)
    assert game.state == before and rollout.state.turn == before.turn + 3
    assert rollout.state.moves[:len(before.moves)] == before.moves


def test_the_live_state_is_made_from_the_frozen_states_fields(content):
    assert LiveState.__slots__ == tuple(f.name for f in fields(GameState))
    game = Game.new(content, None, 5)
    play_on(game, 4)
    state = game.state.replace(went_back=(2,), rewinds=1, one_life=True)
    live = state.thaw()
    assert isinstance(live.meters, dict) and isinstance(live.flags, set) and isinstance(live.history, list)
    assert live.freeze() == state and live.copy().freeze() == state
    live.meters["economy"] = -1.0
    live.history.append(live.history[0])
    assert state.meters["economy"] != -1.0 and len(state.history) == 4  # nothing that changes is shared
    with pytest.raises(TypeError):
        live.start_meters["economy"] = 0.0  # what never changes in play is shared, and cannot change


# --- rewind and branch through a save ----------------------------------------------------------------

def test_a_rewind_and_a_branch_after_a_save_and_a_load(content, tmp_path):
    session = Session(content, tmp_path)
    session.new_game(None, 33)
    for n in range(4):
        play_season(session, n)
    game = session.game
    assert game is not None
    session.answer(game.options()[0].id)
    session.save("mid")
    moves = game.state.moves

    again = Session(content, tmp_path)
    again.load(tmp_path / "mid.json")
    loaded = again.game
    assert loaded is not None and loaded.state.moves == moves
    assert [s.turn for s in loaded.seasons] == [1, 2, 3, 4, 5]
    again.rewind()
    assert loaded.state.moves == loaded.seasons[-1].moves and loaded.state.went_back == (5,)
    play_season(again, 2)
    again.branch(2)
    assert loaded.state.turn == 2 and loaded.state.went_back == (5, 2) and again.branch_of is not None
    assert loaded.state.moves == loaded.seasons[1].moves and len(loaded.seasons) == 2
    play_season(again, 3)
    again.save("branch")

    third = Session(content, tmp_path)
    third.load(tmp_path / "branch.json")
    assert third.game is not None and third.game.state == loaded.state and third.branch_of is not None
    assert third.series == again.series == session.series  # one game, one series of autosaves
    assert "went back 2 times" in report.rewinds_line(third.game)


# --- honest branches and one life ------------------------------------------------------------------------

def test_the_report_ending_and_code_say_the_run_went_back(content, tmp_path):
    session = Session(content, tmp_path)
    session.new_game(None, 6)
    play_season(session)
    play_season(session)
    assert presenter.hindsight(session.game) == "" and report.rewinds_line(session.game).startswith("Played straight")
    session.branch(1)
    play_season(session, 1)
    play_season(session, 1)
    session.branch(2)
    game = session.game
    assert game is not None
    line = "Played with hindsight: went back 2 times, to the start of turns 1, 2."
    assert report.rewinds_line(game) == presenter.hindsight(game) == line
    assert line in report.markdown(game, session.run_code())
    code = session.run_code()
    assert code is not None and read_code(code).went_back == (1, 2)
    assert report.rewinds_line(decode_run(code, content)) == line


def test_a_one_life_game_refuses_rewind_and_branch_with_one_sentence(content, tmp_path):
    session = Session(content, tmp_path)
    session.new_game(None, 9, one_life=True)
    play_season(session)
    game = session.game
    assert game is not None
    session.answer(game.options()[0].id)
    assert session.can_rewind() == ONE_LIFE and session.can_branch() == ONE_LIFE and session.branch_seasons() == []
    with pytest.raises(SessionError, match="one-life game"):
        session.rewind()
    with pytest.raises(SessionError, match="one-life game"):
        session.branch(1)
    assert game.state.rewinds == 0 and game.state.decisions  # nothing was taken back
    session.save("ironman")
    again = Session(content, tmp_path)
    again.load(tmp_path / "ironman.json")
    assert again.can_rewind() == ONE_LIFE  # a save keeps the mode
    assert report.rewinds_line(again.game) == "Played straight: never went back (a one-life game)."


def test_a_one_life_class_code_makes_one_life_games(content, tmp_path):
    code = classroom.class_code(content, "classroom", 1204, one_life=True)
    plain = classroom.class_code(content, "classroom", 1204)
    assert read_code(code).one_life and not read_code(plain).one_life and code != plain
    session = Session(content, tmp_path)
    session.from_class_code(code)
    play_season(session)
    with pytest.raises(SessionError, match="one-life game"):
        session.branch(1)
    students = classroom.student_codes(content, "classroom", 1204, 3, one_life=True)
    assert all(read_code(c).one_life for c in students)


def test_the_debrief_counts_the_runs_that_went_back_apart(content):
    class_game = classroom.class_game(content, "classroom", 77)
    codes = []
    for n in range(4):
        game = Game.new(content, "classroom", 77 + n, class_game.state.deck)
        play_on(game, 3, n)
        if n % 2:
            game.go_back(2)
            play_on(game, 2, n + 1)
        codes.append(encode_run(game))
    entries, bad = classroom.read_codes(codes, content)
    result = debrief.build(entries, bad, content)
    assert sum(n for _, n in result.outcomes) == 2 and sum(n for _, n in result.hindsight) == 2
    assert "2 of them went back to an earlier season (played with hindsight)" in result.summary
    assert result.summary in debrief.to_markdown(result) and "Played with hindsight" in debrief.to_html(result)
    straight = debrief.build(entries[::2], [], content)
    assert straight.hindsight == () and "hindsight" not in straight.summary


# --- autosaves that belong to their game --------------------------------------------------------------

def test_two_games_played_in_turn_keep_their_own_autosaves(content, tmp_path):
    first = Session(content, tmp_path)
    first.new_game(None, 101)
    for n in range(4):
        play_season(first, n)
    second = Session(content, tmp_path)
    second.new_game("classroom", 202)
    for n in range(4):
        play_season(second, n)
    assert first.series != second.series
    files = {a.series: [] for a in autosaves.found(tmp_path)}
    for a in autosaves.found(tmp_path):
        files[a.series].append(a.number)
    assert sorted(files[first.series]) == [2, 3, 4] and sorted(files[second.series]) == [2, 3, 4]

    # the first game goes on from its newest autosave, and keeps writing to its own series
    assert first.last_autosave is not None
    back = Session(content, tmp_path)
    back.load(first.last_autosave)
    assert back.series == first.series
    play_season(back)
    found = autosaves.found(tmp_path)
    assert sorted(a.number for a in found if a.series == first.series) == [3, 4, 5]
    assert sorted(a.number for a in found if a.series == second.series) == [2, 3, 4]

    rows = [r for r in back.list_saves() if r.autosave]
    labels = {presenter.saved_game_label(r, content) for r in rows}
    first_name = content.scenarios[content.default_scenario.id].name
    assert f"{first_name}, seed 101" in labels
    assert any(label.startswith(f"{content.scenarios['classroom'].name}, ") and "seed 202" in label for label in labels)
    assert len(labels) == 2


def test_other_games_autosaves_are_pruned_by_age_or_count_never_an_unfinished_games_last(content, tmp_path):
    old = time.time() - (autosaves.MAX_AGE_DAYS + 5) * 86_400
    unfinished = Game.new(content, None, 1)
    play_on(unfinished, 3)
    finished = Game.new(content, None, 2)
    play_on(finished, 200)
    assert finished.over
    paths = {}
    for series, game in (("aaaa", unfinished), ("bbbb", finished)):
        paths[series] = [saves.autosave(game, tmp_path, saves.Line(series=series)) for _ in range(3)]
        for path in paths[series]:
            os.utime(path, (old, old))
    legacy = tmp_path / "autosave-00009.json"
    saves.write_save(legacy, saves.document(unfinished, "old", autosave=True))
    os.utime(legacy, (old, old))
    playing = Game.new(content, None, 3)
    saves.autosave(playing, tmp_path, saves.Line(series="cccc"))
    left = {(a.series, a.number) for a in autosaves.found(tmp_path)}
    # the old unfinished game keeps its newest; the old finished game and nothing else goes
    assert ("aaaa", 3) in left and ("aaaa", 1) not in left and ("aaaa", 2) not in left
    assert not any(series == "bbbb" for series, _ in left)
    assert ("old-9", 9) in left and ("cccc", 1) in left


def test_pruning_by_count_keeps_recent_games(tmp_path):
    now = time.time()
    files = [autosaves.Autosave(tmp_path / f"autosave-g{n}-00001.json", f"g{n}", 1, now - n) for n in range(20)]
    in_play = {"autosave-g15-00001.json", "autosave-g17-00001.json"}
    doomed = autosaves.to_prune(files, "g0", now, unfinished=lambda path: path.name in in_play)
    kept_games = {f.series for f in files if f.path not in doomed}
    # the game in play and the 11 most recent others stay; of the rest, only the unfinished ones
    assert kept_games == {f"g{n}" for n in range(12)} | {"g15", "g17"}


def test_a_series_from_a_hand_edited_save_never_names_a_file(content, tmp_path):
    assert autosaves.valid_series("../../etc") is None and autosaves.valid_series("ABC") is None
    game = Game.new(content, None, 1)
    path = saves.autosave(game, tmp_path, saves.Line(series="../x"))
    assert path.parent == tmp_path and autosaves.valid_series(path.name.split("-")[1])


def test_the_class_command_makes_a_one_life_code_and_replay_says_how_the_run_was_played(content, capsys):
    from game.cli import main

    assert main(["class", "--scenario", "classroom", "--seed", "4", "--one-life"]) == 0
    out = capsys.readouterr().out
    code = next(line.strip() for line in out.splitlines() if line.strip().startswith("SL1-"))
    assert read_code(code).one_life and "one life" in out
    game = decode_run(classroom.class_code(content, "classroom", 4), content)  # going back is the session's to refuse
    play_on(game, 2)
    game.go_back(1)
    assert main(["replay", encode_run(game)]) == 0
    said = " ".join(capsys.readouterr().out.split())
    assert "Played with hindsight: went back 1 time, to the start of turn 1." in said


@pytest.mark.parametrize("went_back, rewinds", [((0,), 1), ((2, 3), 1), ((999,), 1)])
def test_a_hand_edited_record_of_going_back_is_refused(content, tmp_path, went_back, rewinds):
    game = Game.new(content, None, 3)
    play_on(game, 3)
    game.state = game.state.replace(went_back=went_back, rewinds=rewinds)
    path = saves.save_game(game, "edited", tmp_path)
    with pytest.raises(saves.SaveError, match="went_back"):
        saves.load_save(path, content)
