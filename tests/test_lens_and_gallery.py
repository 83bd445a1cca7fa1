"""What the colours serve (the regime's survival or a soft landing), a policy level's whole effect in its
arrows, and the gallery of endings the player has reached, kept in the player's data folder."""

from __future__ import annotations

import json

import pytest
from test_tui_support import on_screen, screen_text, wait_for_content

from game.files import player
from game.api import Game
from game.session import Session
from game.tui.app import SoftLandingApp
from game.tui.screens.endings import EndingsDialog
from game.tui.screens.help import HelpScreen
from game.tui.screens.lens import LensDialog
from game.views import presenter
from game.views.gallery import counts, gallery


def tone(game: Game, meter: str, direction: int, lens: str) -> str:
    from game.api import Hint

    meter_good = game.content.meters[meter]
    good = None if meter_good.double_edged else (direction > 0) == (meter_good.good == "up")
    return presenter.hint_view(game, Hint(meter, direction, 1, good), lens).tone


# --- the lens -------------------------------------------------------------------------------------------

def test_the_landing_lens_does_not_steer_away_from_what_a_landing_needs(content):
    game = Game.new(content, None, 3)
    # for the regime's survival: reform is uncoloured, more awareness and less isolation are red
    assert tone(game, "reform", 1, "survival") == "unsure"
    assert tone(game, "awareness", 1, "survival") == "bad" and tone(game, "isolation", -1, "survival") == "bad"
    # for a soft landing: reform is green, awareness and isolation are a price to watch, not a no
    assert tone(game, "reform", 1, "landing") == "good"
    assert tone(game, "awareness", 1, "landing") == "unsure" and tone(game, "isolation", -1, "landing") == "unsure"
    assert tone(game, "tension", -1, "landing") == "good" and tone(game, "unrest", 1, "landing") == "bad"


def test_a_meters_change_takes_the_colour_its_arrow_would_under_either_lens(content):
    """The meters' changes (the panel, the result, the Why dialog) are coloured as the advisors' arrows are: a
    change is never green under a lens whose arrow for the same move is red or uncoloured."""
    game = Game.new(content, None, 3)
    for meter in content.meters:
        for way in (1, -1):
            for lens in ("survival", "landing"):
                assert presenter.change_tone(game, meter, way * 2.5, lens) == tone(game, meter, way, lens), (meter, way, lens)
    assert presenter.change_tone(game, "reform", 8, "landing") == "good"
    assert presenter.change_tone(game, "reform", 8, "survival") == "unsure"


async def test_the_meters_and_the_result_recolour_when_the_lens_changes(tmp_path, player_folder):
    from game.tui.screens.why import WhyDialog
    from game.tui.widgets.dilemma import DilemmaCard
    from game.tui.widgets.meters import MeterPanel

    def colour_of(content, words: str) -> set[str]:
        start = content.plain.index(words)
        return {str(span.style) for span in content.spans if span.start <= start < span.end}

    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_content(pilot, app)
        app.session.new_game(seed=3)
        app.show_game()
        await pilot.pause()
        game = app.game
        reform = next(o for o in game.options() if "full" in o.label.lower()) if game.dilemma.id == "july_measures" else None
        while reform is None:  # answer until the July measures, and adopt them in full (Reform goes up)
            await pilot.press("1", "enter")
            await pilot.pause()
            if game.dilemma and game.dilemma.id == "july_measures":
                reform = next(o for o in game.options() if "full" in o.label.lower())
        await pilot.press(str(game.options().index(reform) + 1))
        await pilot.pause()
        panel, card = app.screen.query_one(MeterPanel), app.screen.query_one(DilemmaCard)
        line = panel._lines[panel.meters.index("reform")]
        change = next(t for t in line.plain.split() if t[0] in "+-")
        assert change.startswith("+") and colour_of(line, change) == {"$warning"}  # double-edged for the regime
        app.session.set_lens("landing")
        app._lens_chosen("landing")
        await pilot.pause()
        line = panel._lines[panel.meters.index("reform")]
        assert colour_of(line, change) == {"$success"}, "green for a landing once the lens is a landing's"
        assert card.mode == "result"
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, WhyDialog)
        said = screen_text(app)  # the first meter's way, told for a landing
        assert ("a landing needs it" in said or "double-edged for a landing" in said) and "good when" not in said


def test_every_meter_says_which_way_helps_a_landing(content):
    bars = {"reform", "economy", "loyalty", "unrest", "tension"}  # what the landing's guard holds
    for meter in content.meters.values():
        assert meter.for_landing in ("up", "down", "")
    assert all(content.meters[m].for_landing for m in bars)


def test_the_lens_is_kept_in_the_players_settings(content, tmp_path):
    session = Session(content, tmp_path / "saves", tmp_path / "player")
    assert session.lens == "survival" and session.lens_to_explain()
    assert session.set_lens("landing") is None
    again = Session(content, tmp_path / "saves", tmp_path / "player")
    assert again.lens == "landing" and not again.lens_to_explain()
    doc = json.loads((tmp_path / "player" / "settings.json").read_text("utf-8"))
    assert doc == {"lens": "landing", "lens_explained": True}


def test_a_broken_settings_file_is_reported_and_left_as_it_is(content, tmp_path):
    (tmp_path / "settings.json").write_text("{not json", "utf-8")
    session = Session(content, tmp_path / "saves", tmp_path)
    assert session.lens == "survival"
    assert "settings.json" in (session.settings_problem or "") and "left as it is" in session.settings_problem
    problem = session.set_lens("landing")
    assert problem and "not kept" in problem and session.lens == "landing"  # it holds for now
    assert (tmp_path / "settings.json").read_text("utf-8") == "{not json"


@pytest.mark.parametrize("text, words", [
    ('{"lens": "rosy"}', "lens the game does not know"),
    ('[1, 2]', "not a table"),
    ('{"lens": "landing", "lens_explained": "yes"}', "not true or false"),
])
def test_settings_that_cannot_be_read_say_why(tmp_path, text, words):
    (tmp_path / "settings.json").write_text(text, "utf-8")
    with pytest.raises(player.PlayerFileError, match=words):
        player.PlayerFiles(tmp_path).settings()


# --- a policy level's whole effect ------------------------------------------------------------------------

def test_lavish_privileges_show_the_loyalty_they_cost_once_reform_has_gone_far(content):
    """Lavish gifts raise loyalty 0.8 a season, and the cadres' fear of reform they feed takes 0.012 a
    point of reform: at reform 75 the net is negative, and the arrow says so."""
    live = Game.new(content, None, 3).state.thaw()
    live.meters["reform"] = 75.0
    game = Game.from_live(content, live)
    lavish = content.policies["privileges"].levels.index(
        next(level for level in content.policies["privileges"].levels if level.name == "Lavish"))
    loyalty = next(h for h in game.level_hints("privileges", lavish) if h.meter == "loyalty")
    assert loyalty.direction == -1 and loyalty.drift == pytest.approx(-0.9)
    view = next(v for v in presenter.level_hints(game, "privileges", lavish) if v.meter == "loyalty")
    assert view.arrows == "▼" and view.name == "Elite loyalty*"
    note = presenter.level_drift_note(game, "privileges", lavish)
    assert "Elite loyalty -0.9 a season" in note and "more to lose" in note
    # with little reform the gifts still buy loyalty, and the arrow rises
    live.meters["reform"] = 10.0
    low = Game.from_live(content, live)
    assert next(h for h in low.level_hints("privileges", lavish) if h.meter == "loyalty").direction == 1


def test_no_policy_arrow_rises_where_the_meter_falls(content):
    for reform in (0.0, 40.0, 90.0):
        live = Game.new(content, None, 3).state.thaw()
        live.meters.update(reform=reform, awareness=70.0)
        game = Game.from_live(content, live)
        for policy in content.policies.values():
            for level in range(len(policy.levels)):
                own = {c.meter: c.low for c in policy.levels[level].effects.changes}
                drift = game.level_drift(policy.id, level)
                for hint in game.level_hints(policy.id, level):
                    net = own.get(hint.meter, 0.0) + drift.get(hint.meter, 0.0)
                    assert hint.direction == (0 if abs(net) < 0.05 else 1 if net > 0 else -1), (policy.id, level)


def test_a_level_whose_knock_on_effect_is_nil_today_says_it_has_one(content):
    game = Game.new(content, None, 3)  # awareness 20: raids anger nobody yet
    crackdown = len(content.policies["media"].levels) - 1
    assert not game.level_drift("media", crackdown)
    assert "knock-on effect too, nil at today's meters" in presenter.level_drift_note(game, "media", crackdown)
    assert presenter.level_drift_note(game, "media", content.policies["media"].start) == ""


# --- the endings gallery ----------------------------------------------------------------------------------

def finished(content, seed: int) -> Game:
    game = Game.new(content, None, seed)
    while not game.over:
        while game.dilemma:
            game.answer(game.options()[0].id)
        game.end_season()
    return game


def test_a_run_that_ends_is_added_to_the_gallery_with_its_season_and_code(content, tmp_path):
    session = Session(content, tmp_path / "saves", tmp_path / "player")
    session.new_game(seed=3)
    game = session.game
    while not game.over:
        while game.dilemma:
            session.answer(game.options()[0].id)
        assert session.end_season() is None
    reached, problem = session.endings_reached()
    assert problem is None and len(reached) == 1
    assert reached[0].ending == game.state.ending and reached[0].season == str(game.date)
    assert reached[0].code == session.run_code() and reached[0].code.startswith("SL1-")
    rows = gallery(content, reached)
    shown = next(r for r in rows if r.reached)
    assert shown.title == next(e.title for e in content.endings if e.id == game.state.ending)
    assert counts(rows) == (1, len(rows)) and len(rows) < len(content.endings)  # shared titles share a row


def test_a_broken_gallery_is_reported_and_left_untouched(content, tmp_path):
    (tmp_path / "endings.json").write_text('{"reached": [{"ending": 3}]}', "utf-8")
    session = Session(content, tmp_path / "saves", tmp_path)
    reached, problem = session.endings_reached()
    assert reached == [] and "endings.json" in problem and "left as it is" in problem
    session.game = finished(content, 3)
    said = session.record_ending()
    assert said and "not added to the gallery" in said
    assert (tmp_path / "endings.json").read_text("utf-8") == '{"reached": [{"ending": 3}]}'


def test_the_gallery_is_written_whole_and_a_run_is_not_counted_twice(content, tmp_path):
    files = player.PlayerFiles(tmp_path)
    run = player.Reached("survival_default", "Autumn 2011", "SL1-XYZ")
    assert files.add_reached(run) and not files.add_reached(run)
    assert [p.name for p in tmp_path.iterdir()] == ["endings.json"]  # no temporary file left behind
    assert files.reached() == [run]


# --- on screen ------------------------------------------------------------------------------------------

async def test_the_title_screen_chooses_the_lens_and_the_help_says_which_is_on(tmp_path, player_folder):
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_content(pilot, app)
        assert on_screen(app, "Colours: the regime's survival")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen) and on_screen(app, "Colours: the regime's survival.")
        await pilot.press("escape")
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, LensDialog) and on_screen(app, "A soft landing")
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.lens == "landing" and on_screen(app, "Colours: a soft landing")
        await pilot.press("question_mark")
        await pilot.pause()
        assert on_screen(app, "Colours: a soft landing.")
    assert json.loads((player_folder / "settings.json").read_text("utf-8"))["lens"] == "landing"


async def test_the_palette_offers_the_lens_and_the_default_is_explained_once(tmp_path, player_folder):
    from game.tui.palette import system_commands

    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_content(pilot, app)
        assert {"Colours", "Endings gallery"} <= {c.title for c in system_commands(app)}
        app.session.new_game(seed=3)
        app.show_game()
        await pilot.pause()
        said = lambda: [n.message for n in app._notifications]  # noqa: E731
        assert not any("serve the regime's survival" in m for m in said()), "not over the options of the first dilemma"
        await pilot.press("1")
        await pilot.pause()
        assert any("serve the regime's survival" in m and "Colours" in m for m in said()), "said with the first result"
        assert json.loads((player_folder / "settings.json").read_text("utf-8"))["lens_explained"] is True
        await pilot.press("enter", "1")
        await pilot.pause()
        assert not any("serve the regime's survival" in m for m in said()), "gone at the next answer"


async def test_the_gallery_on_the_title_screen_shows_reached_and_locked_endings(tmp_path, player_folder, content):
    game = finished(content, 3)
    from game.files.replay import encode_run

    player.PlayerFiles(player_folder).add_reached(player.Reached(game.state.ending, str(game.date), encode_run(game)))
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_content(pilot, app)
        rows = gallery(content, player.PlayerFiles(player_folder).reached())
        assert on_screen(app, f"Endings: 1 of {len(rows)} reached")
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, EndingsDialog)
        text = screen_text(app)
        title = next(r.title for r in rows if r.reached)
        assert title in text and f"first in {game.date}" in text and encode_run(game)[:20] in text
        locked = next(r.title for r in rows if not r.reached)
        assert on_screen(app, f"{locked} · {next(r.kind for r in rows if r.title == locked)} · locked")


# --- in the browser: every session its own settings and gallery --------------------------------------------

def test_a_browser_game_keeps_its_players_files_in_its_own_folder(tmp_path):
    from game.web.games import GameProcess

    async def nothing(*_args) -> None:
        return None

    game = GameProcess(["true"], environment={"SOFT_LANDING_DATA": str(tmp_path / "player")}, write_bytes=nothing,
                       write_str=nothing, close=nothing, download_manager=None)
    assert game._build_environment()["SOFT_LANDING_DATA"] == str(tmp_path / "player")


def test_a_session_folder_with_settings_but_no_save_is_still_removed(tmp_path):
    from game.web import folders

    (tmp_path / "s1" / folders.PLAYER).mkdir(parents=True)
    (tmp_path / "s1" / folders.PLAYER / "settings.json").write_text("{}", "utf-8")
    assert folders.remove_if_unused(tmp_path / "s1") and not (tmp_path / "s1").exists()
    (tmp_path / "s2" / folders.PLAYER).mkdir(parents=True)
    (tmp_path / "s2" / "my-save.json").write_text("{}", "utf-8")
    assert not folders.remove_if_unused(tmp_path / "s2")
