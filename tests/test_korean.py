"""The game in Korean: the interface catalog is complete, the command line speaks it, the main screens hold
double-width text at 80x24 and 120x40 without a cut label or a broken border, a player switches the language
on the title screen and keeps it, and run codes and saves cross between English and Korean.

The screens are read as pictures: the rows Textual would draw, one cell a column (a Hangul syllable takes
two cells). ``tests/data/lang_ko/lang/ko/texts.toml`` holds a few content texts in Korean (the meters, the
policies, the phases, the indicators and the first dilemma of seed 2002); the tests play a copy of the
game's content with these as its Korean, so the panels show the same wide text whatever ``content/lang/ko``
holds. (Laid over as a mod, they would give the content another run-code tag: a mod's codes are its own.)"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.geometry import Region
from textual.widgets import OptionList

from game import i18n
from game.api import Game
from game.cli import main
from game.content.loader import DEFAULT_CONTENT, load_content
from game.files.saves import game_from_code, load_save, run_code, save_game

from test_tui_support import start_new_game

DATA = Path(__file__).parent / "data"
KO_TEXTS = DATA / "lang_ko"
SEED = 2002  # the default scenario's first dilemma is koizumi_summit, which the fixture translates
SIZES = [(80, 24), (120, 40)]
HANGUL = re.compile(r"[\uac00-\ud7a3]")

pytestmark = pytest.mark.xdist_group("korean")  # in parallel, one worker loads the Korean content once


@pytest.fixture(autouse=True)
def english_after(monkeypatch):
    """Each test leaves English behind it, and the environment as it was (--lang sets it for what a command starts)."""
    monkeypatch.setenv(i18n.ENV, "")  # undone after the test, whatever a command set it to
    yield
    i18n.use("en")


@pytest.fixture(scope="module")
def ko_content(tmp_path_factory) -> Path:
    """The game's content with the fixture's texts as its only Korean."""
    root = tmp_path_factory.mktemp("ko") / "content"
    shutil.copytree(DEFAULT_CONTENT, root, ignore=shutil.ignore_patterns("lang"))
    shutil.copytree(KO_TEXTS / "lang", root / "lang")
    return root


@pytest.fixture(scope="module")
def korean(ko_content):
    content, problems = load_content(ko_content, lang="ko")
    assert content is not None, problems
    return content


@pytest.fixture(scope="module")
def english(ko_content):
    return load_content(ko_content, lang="en")[0]


# --- pictures of the screen --------------------------------------------------------------------------------


def picture(app) -> list[list[str]]:
    """The screen as Textual draws it, a list of rows of cells; a wide character fills its first cell and
    leaves "" in the second."""
    rows = []
    for strip in app.screen._compositor.render_strips():
        cells: list[str] = []
        for char in strip.text:
            cells.append(char)
            if cell_len(char) == 2:
                cells.append("")
        rows.append(cells)
    return rows


def row_text(row: list[str]) -> str:
    return "".join(row)


def region_text(rows: list[list[str]], region: Region) -> str:
    """The text inside a region of the picture, its rows joined with spaces, runs of space squeezed."""
    inside = [row_text(row[region.x:region.right]) for row in rows[region.y:region.bottom]]
    return re.sub(r"\s+", " ", " ".join(re.sub(r"[▁▂▃▄▅▆▇█]+\s*$", "", line) for line in inside)).strip()


def assert_sound(app, rows: list[list[str]]) -> None:
    """Every row is as wide as the screen, and every bordered box shown whole has its border where its
    region says: at both of its edge columns, on every row, a drawn character, not a letter and not the
    second half of a wide one."""
    width, height = app.size
    assert len(rows) == height
    for y, row in enumerate(rows):
        assert len(row) == width, f"row {y} takes {len(row)} cells, not {width}: {row_text(row)!r}"
    from textual.widgets import Button

    drawn = lambda edge: edge[0] not in ("", "none", "hidden", "blank")
    visible = app.screen._compositor.visible_widgets
    checked = 0
    for widget, (region, clip) in visible.items():
        styles = widget.styles
        if isinstance(widget, Button) or region != region.intersection(clip) or region.width < 3 or region.height < 3:
            continue  # a button's edges are drawn in colour only
        if not Region(0, 0, width, height).contains_region(region):
            continue
        edges = [x for x, side in ((region.x, styles.border_left), (region.right - 1, styles.border_right)) if drawn(side)]
        if any(app.screen.get_widget_at(x, region.y + region.height // 2)[0] not in (widget, *widget.walk_children())
               for x in edges):
            continue  # covered by a box on a layer above it (at 80x24 the dilemma's card covers the side column)
        for y in range(region.y + drawn(styles.border_top), region.bottom - drawn(styles.border_bottom)):
            for x in edges:
                cell = rows[y][x]
                assert cell and not cell.isalnum() and cell != " ", (
                    f"{widget!r}: the border at ({x}, {y}) is {cell!r}: {row_text(rows[y])!r}")
        checked += bool(edges)
    assert checked, "no bordered box was checked"


def assert_keys_whole(app, rows: list[list[str]]) -> None:
    """Every key the key bar names is on one of the bar's rows whole: the key, then its description."""
    from game.tui.widgets.keys import KeyBar

    bar = app.screen.query_one(KeyBar)
    shown = [row_text(row) for row in rows[bar.region.y:bar.region.bottom]]
    keys = bar.keys()
    assert keys
    for key, description, _ in keys:
        assert any(f" {key} {description}" in line for line in shown), (key, description, shown)


# --- the app ---------------------------------------------------------------------------------------------


def korean_app(tmp_path, content_dir: Path):
    from game.tui.app import SoftLandingApp

    return SoftLandingApp(content_dir, saves_dir=tmp_path / "saves", player_dir=tmp_path / "player")


@pytest.mark.parametrize("size, in_play", [((80, 24), False), ((80, 24), True), ((120, 40), False)])
async def test_the_title_screen_holds_korean(tmp_path, size, in_play, ko_content):
    from test_tui_support import wait_for_content, wait_for_paint

    i18n.use("ko")
    app = korean_app(tmp_path, ko_content)
    async with app.run_test(size=size) as pilot:
        await wait_for_content(pilot, app)
        if in_play:  # the menu has one more entry: back to the game
            await start_new_game(pilot, app, "default", SEED)
            await pilot.press("escape")
            await pilot.pause(0.3)
        await wait_for_paint(pilot, app)
        rows = picture(app)
        assert_sound(app, rows)
        assert_keys_whole(app, rows)
        menu = app.screen.query_one("#title-menu", OptionList)
        text = region_text(rows, menu.region)
        labels = [str(menu.get_option_at_index(n).prompt) for n in range(menu.option_count)]
        assert "새 게임" in text and "언어(Language): 한국어" in text
        assert ("게임으로" in text) == in_play
        assert menu.max_scroll_y == 0, "every entry in sight, none behind a scrollbar"
        for label in labels:
            assert re.sub(r"\s+", " ", label).strip() in text, f"the menu label {label!r} is cut: {text!r}"
        assert HANGUL.search(row_text(rows[-1])), "the key bar speaks Korean"


async def open_game(pilot, app):
    from test_tui_support import start_new_game, wait_for_content

    await wait_for_content(pilot, app)
    await start_new_game(pilot, app, "default", SEED)
    await pilot.pause(0.3)


@pytest.mark.parametrize("size", SIZES)
async def test_the_game_screen_holds_a_korean_dilemma_and_country(tmp_path, size, korean, ko_content):
    from game.tui.widgets.dilemma import DilemmaCard
    from game.tui.widgets.meters import MeterPanel

    i18n.use("ko")
    app = korean_app(tmp_path, ko_content)
    async with app.run_test(size=size) as pilot:
        await open_game(pilot, app)
        assert app.game.dilemma.id == "koizumi_summit" and app.game.dilemma.title == "도쿄에서 온 손님"
        rows = picture(app)
        assert_sound(app, rows)
        assert_keys_whole(app, rows)
        card = app.screen.query_one(DilemmaCard)
        text = region_text(rows, card.region)
        assert "도쿄에서 온 손님" in text and "2002년 여름" in row_text(rows[0]) and "공고" in row_text(rows[0])
        for option in app.game.options():
            assert option.label in text, f"the option {option.label!r} is cut: {text!r}"
        if size == (80, 24):  # the country is a view of its own here
            await pilot.press("v")
            await pilot.pause(0.3)
            rows = picture(app)
            assert_sound(app, rows)
            assert_keys_whole(app, rows)
        columns = set()
        panel = app.screen.query_one(MeterPanel)
        for key in panel.meters:
            meter, region = korean.meters[key], panel.line_region(key)
            cells = rows[region.y][region.x:region.right]
            line = row_text(cells)
            assert line.lstrip().startswith(meter.name), f"the meter {meter.name!r} is cut: {line!r}"
            assert "…" not in line, line
            columns.add(next(n for n, cell in enumerate(cells) if cell and cell in "█▉▊▋▌▍▎▏·"))
        assert len(columns) == 1, "every meter's bar starts in the same column, whatever its name's width"


@pytest.mark.parametrize("size", SIZES)
async def test_the_policy_dialog_and_the_regime_panel_hold_korean(tmp_path, size, korean, ko_content):
    i18n.use("ko")
    app = korean_app(tmp_path, ko_content)
    async with app.run_test(size=size) as pilot:
        await open_game(pilot, app)
        await pilot.press("p")
        await pilot.pause(0.3)
        rows = picture(app)
        assert_sound(app, rows)
        menu = app.screen.query_one("#policy-list", OptionList)
        text = region_text(rows, menu.region)
        for policy in korean.policies.values():
            level = policy.levels[app.game.state.policies[policy.id]].name
            assert policy.name in text and level in text, f"{policy.name} {level} is cut: {text!r}"
        assert "상시 정책" in " ".join(row_text(row) for row in rows)
        await pilot.press("escape", "r")
        await pilot.pause(0.3)
        rows = picture(app)
        assert_sound(app, rows)
        shown = " ".join(row_text(row) for row in rows)
        assert "체제" in shown and "공고" in shown and "escape 닫기" in shown


TITLE_DIALOGS = [("n", "NewGameDialog", "새 게임"), ("o", "LoadScreen", "게임 불러오기"), ("r", "RunCodeDialog", "런 코드"),
                 ("v", "LensDialog", "체제의 생존"), ("g", "EndingsDialog", "결말 모음")]
GAME_DIALOGS = [("w", "WhyDialog", "왜 움직였나?"), ("s", "SaveDialog", "게임 저장"), ("l", "LogDialog", "지난 일"),
                ("c", "RunCodeDialog", "이 게임의 코드"), ("ctrl+q", "ConfirmDialog", "종료하시겠습니까?")]


@pytest.mark.parametrize("size", SIZES)
async def test_the_dialogs_hold_korean(tmp_path, size, ko_content):
    """Every dialog the title screen and the game open is whole in Korean: its borders where they belong, its
    buttons' words whole, its heading in Korean."""
    from textual.widgets import Button

    i18n.use("ko")
    app = korean_app(tmp_path, ko_content)
    async with app.run_test(size=size) as pilot:
        from test_tui_support import wait_for_content

        await wait_for_content(pilot, app)

        async def look(key: str, kind: str, heading: str) -> None:
            await pilot.press(key)
            for _ in range(100):
                if type(app.screen).__name__ == kind:
                    break
                await pilot.pause(0.02)
            await pilot.pause(0.2)
            assert type(app.screen).__name__ == kind
            rows = picture(app)
            assert_sound(app, rows)
            shown = " ".join(row_text(row) for row in rows)
            assert heading in shown, (kind, heading, shown)
            for button in app.screen.query(Button):
                label = str(button.label)
                assert HANGUL.search(label), f"the button {label!r} speaks English"
                assert label in region_text(rows, button.region), f"the button {label!r} is cut"
            await pilot.press("escape")
            await pilot.pause(0.2)

        for key, kind, heading in TITLE_DIALOGS:
            await look(key, kind, heading)
        await start_new_game(pilot, app, "default", SEED)
        await pilot.pause(0.3)
        for key, kind, heading in GAME_DIALOGS:
            if kind == "ConfirmDialog":
                await pilot.press("1")  # an answer not saved: quitting asks first
                await pilot.pause(0.2)
            await look(key, kind, heading)


# --- the language on the title screen ---------------------------------------------------------------------


async def test_l_on_the_title_screen_switches_the_language_keeps_it_and_the_game_in_play_follows(tmp_path, ko_content):
    from test_tui_support import screen_text, wait_for_content

    from game.commands.play import speak_as_chosen

    app = korean_app(tmp_path, ko_content)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_game(pilot, app)
        assert app.game.dilemma.title == "A Guest from Tokyo"
        moves = app.game.state.moves
        await pilot.press("escape")  # the menu: the title screen, the game kept behind it
        await pilot.pause()
        assert "Language: English" in screen_text(app)
        await pilot.press("l")
        for _ in range(200):
            if "새 게임" in screen_text(app):
                break
            await pilot.pause(0.05)
        assert i18n.language() == "ko" and "언어(Language): 한국어" in screen_text(app)
        assert json.loads((tmp_path / "player" / "settings.json").read_text(encoding="utf-8"))["lang"] == "ko"
        await pilot.press("escape")  # back to the game: the same game, now in Korean
        await pilot.pause(0.3)
        assert app.game.state.moves == moves and app.game.dilemma.title == "도쿄에서 온 손님"
        assert "도쿄에서 온 손님" in screen_text(app)
    i18n.use("en")
    assert speak_as_chosen(tmp_path / "player") == "ko", "the next start speaks what the player chose"
    app = korean_app(tmp_path, ko_content)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_content(pilot, app)
        assert "새 게임" in screen_text(app)
        await pilot.press("l")
        for _ in range(200):
            if "New game" in screen_text(app):
                break
            await pilot.pause(0.05)
        assert i18n.language() == "en" and "Language: English" in screen_text(app)
    assert json.loads((tmp_path / "player" / "settings.json").read_text(encoding="utf-8"))["lang"] == "en"


def test_a_settings_file_with_a_language_that_is_not_a_code_is_refused(tmp_path):
    from game.files.player import PlayerFileError, PlayerFiles

    (tmp_path / "settings.json").write_text('{"lang": "../../etc"}', encoding="utf-8")
    with pytest.raises(PlayerFileError, match="not a code such as ko"):
        PlayerFiles(tmp_path).settings()


def test_the_flag_comes_before_the_players_choice_and_the_choice_before_the_environment(tmp_path, monkeypatch):
    from game.commands.play import speak_as_chosen
    from game.files.player import PlayerFiles, Settings

    monkeypatch.setenv(i18n.ENV, "ko")
    i18n.use(None)
    assert speak_as_chosen(tmp_path) == "ko", "no choice kept: the environment's"
    PlayerFiles(tmp_path).save_settings(Settings(lang="en"))
    assert speak_as_chosen(tmp_path) == "en", "the player's choice over a served game's default"
    assert PlayerFiles(tmp_path).settings().lang == "en"


def test_a_served_game_speaks_the_servers_language(tmp_path):
    from game.places import PLAYER_ENVIRONMENT
    from game.web import GameServer

    assert i18n.ENV not in GameServer(tmp_path).environment(tmp_path / "s")
    environment = GameServer(tmp_path, lang="ko").environment(tmp_path / "s")
    assert environment[i18n.ENV] == "ko" and environment[PLAYER_ENVIRONMENT].endswith("player")


def test_serve_passes_lang_to_the_server(monkeypatch, tmp_path):
    import game.web

    made = {}

    class Server:
        def __init__(self, *args, **kwargs):
            made.update(kwargs)

        def serve(self):
            return None

    monkeypatch.setattr(game.web, "GameServer", Server)
    assert main(["serve", "--data", str(tmp_path), "--lang", "ko"]) == 0
    assert made["lang"] == "ko"


# --- the catalog and the command line ---------------------------------------------------------------------


def test_the_korean_catalog_translates_every_interface_string_keeping_placeholders():
    done, total, problems = i18n.catalog_report("ko")
    assert problems == [] and done == total > 300
    i18n.use("ko")
    assert i18n.date_text(2005, 4) == "2005년 가을" and i18n.season_of(2008, 2) == "2008년 봄"
    assert i18n.season_of(2011, 4) == "2011년 말" and i18n.number(12345) == "12,345"
    assert i18n.languages()[:1] == ["en"] and "ko" in i18n.languages()
    assert i18n.language_name("ko") == "한국어"


def test_check_lang_fails_on_a_stale_or_unfinished_interface_catalog(tmp_path):
    import shutil

    from babel.messages.pofile import read_po, write_po

    shutil.copy(i18n.LOCALE_DIR / "messages.pot", tmp_path / "messages.pot")
    folder = tmp_path / "ko" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with open(i18n.LOCALE_DIR / "ko" / "LC_MESSAGES" / f"{i18n.DOMAIN}.po", "rb") as file:
        catalog = read_po(file, locale="ko")
    catalog["Quit"].flags.add("fuzzy")
    catalog.add("A string the code no longer has", "없는 문구")
    with open(folder / f"{i18n.DOMAIN}.po", "wb") as out:
        write_po(out, catalog)
    done, total, problems = i18n.catalog_report("ko", tmp_path)
    assert done == total - 1
    assert any("1 stale (fuzzy" in p and '"Quit"' in p for p in problems)
    assert any("1 extra" in p and "A string the code no longer has" in p for p in problems)


def test_the_command_line_speaks_korean(capsys, tmp_path):
    assert main(["--lang", "ko", "simulate", "--runs", "0"]) == 2
    assert "--runs는 1 이상이어야 합니다" in capsys.readouterr().out
    assert main(["--lang", "ko", "class", "--scenario", "atlantis"]) == 2
    assert "시나리오 'atlantis'이(가) 없습니다" in " ".join(capsys.readouterr().out.split())
    assert main(["check", "--lang", "ko"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "ko: 인터페이스 문구" in out and "낡음 0, 남음 0" in out
    code = run_code(Game.new(seed=SEED))
    assert main(["replay", code, "--lang", "ko"]) == 0
    out = capsys.readouterr().out
    assert "시나리오" in out and "2002년 여름" in out and "런 코드:" in out


def test_the_help_of_the_command_line_speaks_korean(capsys):
    assert main(["--lang", "ko", "--help"]) == 0
    assert "새 게임의 시드" in capsys.readouterr().out
    assert main(["--lang", "ko", "serve", "--help"]) == 0
    assert "동시에 진행하는 게임 수" in capsys.readouterr().out


# --- run codes and saves cross the languages --------------------------------------------------------------


def play_a_while(game: Game, answers: int = 6) -> Game:
    for _ in range(answers):
        if game.over:
            break
        if game.dilemma:
            game.answer(game.options()[-1].id)
        else:
            game.end_season()
    return game


@pytest.mark.parametrize("played_in, read_in", [("en", "ko"), ("ko", "en")])
def test_a_run_code_and_a_save_of_one_language_load_in_the_other(tmp_path, english, korean, played_in, read_in):
    contents = {"en": english, "ko": korean}
    assert english.fingerprint == korean.fingerprint
    game = play_a_while(Game.new(contents[played_in], "default", SEED))
    code = run_code(game)
    path = save_game(game, "crossing", tmp_path)
    replayed = game_from_code(code, contents[read_in])
    loaded = load_save(path, contents[read_in])
    for other in (replayed, loaded.game):
        assert other.state.moves == game.state.moves and other.state.meters == game.state.meters
        assert other.state.policies == game.state.policies and other.content is contents[read_in]
        assert run_code(other) == code
    assert not [note for note in loaded.notes if "content" in note.lower()], loaded.notes
    first = contents[read_in].events["koizumi_summit"].title
    assert first == ("도쿄에서 온 손님" if read_in == "ko" else "A Guest from Tokyo")


def test_a_save_whose_summary_names_another_phase_is_still_refused_in_either_language(tmp_path, english, korean):
    from game.files.saves import SaveError

    game = play_a_while(Game.new(english, "default", SEED))
    path = save_game(game, "edited", tmp_path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["phase"] == "Entrenched"
    doc["phase"] = "Crisis"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(SaveError, match="summary"):
        load_save(path, english)
    doc["phase"] = "위기"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(SaveError, match="summary"):
        load_save(path, korean)


def test_korean_ships_whole_and_a_missing_text_fails_the_complete_check(tmp_path, capsys):
    """`check --lang ko --complete` (CI's line) passes on the game's content and fails once a text is missing."""
    assert main(["check", "--lang", "ko", "--complete"]) == 0
    root = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT, root)
    meters = root / "lang" / "ko" / "meters.toml"
    text = meters.read_text(encoding="utf-8")
    start = text.index('["meter.unrest.name"]')
    meters.write_text(text[:start] + text[text.index("\n\n", start) + 2:], encoding="utf-8")
    capsys.readouterr()
    assert main(["check", str(root), "--lang", "ko"]) == 0  # a missing text reads in English: allowed
    assert main(["check", str(root), "--lang", "ko", "--complete"]) == 1
    assert "meter.unrest.name" in capsys.readouterr().out


def test_a_korean_save_with_a_change_of_phase_loads_in_english_and_the_reason_reads_in_english(tmp_path):
    """A phase change's reason is words in the language played, not play: it never makes a save 'damaged'."""
    korean_content, _ = load_content(None, lang="ko")
    english_content, _ = load_content(None, lang="en")
    game = Game.new(korean_content, "default", 4)
    while not game.over and not game.state.transitions:
        while game.dilemma:
            game.answer(game.options()[0].id)
        game.end_season()
    assert game.state.transitions, "seed 4 changes phase while the first options are taken"
    change = game.state.transitions[0]
    assert "개혁" in change.reason and "reform" not in change.reason  # the meter by its Korean name
    loaded = load_save(save_game(game, "ko", tmp_path), english_content).game
    assert loaded.state == game.state and loaded.state.transitions[0].reason != change.reason
    assert "Reform" in loaded.state.transitions[0].reason
