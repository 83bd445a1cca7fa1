"""Every dialog survives being submitted twice at once and being dismissed before it has mounted."""

from __future__ import annotations

import pytest
from test_tui_storm import send_keys
from test_tui_support import wait_for_content
from textual.widgets import Input

from game.tui.app import SoftLandingApp
from game.tui.screens.confirm import ConfirmDialog
from game.tui.screens.dialog import Dialog
from game.tui.screens.game import GameScreen
from game.tui.screens.glossary import GlossaryDialog
from game.tui.screens.grounding import GroundingDialog
from game.tui.screens.help import HelpScreen
from game.tui.screens.load import LoadScreen
from game.tui.screens.log import LogDialog
from game.tui.screens.message import MessageScreen
from game.tui.screens.new_game import NewGameDialog
from game.tui.screens.policies import PoliciesDialog
from game.tui.screens.regime import RegimeDialog
from game.tui.screens.run_code import RunCodeDialog
from game.tui.screens.save import SaveDialog
from game.tui.screens.why import WhyDialog

# each dialog, made from the app in play, with the keys that submit it and the key that cancels it
DIALOGS = {
    "confirm": (lambda app: ConfirmDialog("Sure?"), ["y"], "escape"),
    "new game": (lambda app: NewGameDialog(app.content, None, 7), ["enter"], "escape"),
    "run code": (lambda app: RunCodeDialog(app.session.run_code(), True), [*"SL1-ABC", "enter"], "escape"),
    "save": (lambda app: SaveDialog(app.session), ["enter"], "escape"),
    "load": (lambda app: LoadScreen(app.session), ["enter"], "escape"),
    "why": (lambda app: WhyDialog(app.game), ["w"], "escape"),
    "policies": (lambda app: PoliciesDialog(app.session), ["p"], "escape"),
    "regime": (lambda app: RegimeDialog(app.game), ["r"], "escape"),
    "log": (lambda app: LogDialog(app.game), ["l"], "escape"),
    "grounding": (lambda app: GroundingDialog(app.game.dilemma, app.content), ["g"], "escape"),
    "glossary": (lambda app: GlossaryDialog(tuple(app.content.glossary.values())), ["t"], "escape"),
    "help": (lambda app: HelpScreen("help"), ["question_mark"], "escape"),
    "message": (lambda app: MessageScreen("Title [/]", "text [b]"), ["escape"], "escape"),  # escape again: the menu
}


async def playing(pilot, app: SoftLandingApp) -> None:
    await wait_for_content(pilot, app)
    app.session.new_game(None, 3)
    app.show_game()
    await pilot.pause()
    assert isinstance(app.screen, GameScreen)


@pytest.mark.slow  # one app per dialog: about 20 s of CPU in all
@pytest.mark.parametrize("name", list(DIALOGS))
async def test_a_dialog_submitted_twice_answers_once(name, tmp_path):
    make, submit, _ = DIALOGS[name]
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await playing(pilot, app)
        below = app.screen
        answers = []
        dialog = make(app)
        app.push_screen(dialog, answers.append)
        await pilot.pause()
        assert app.screen is dialog
        if name == "message":  # a second escape would reach the game screen (its menu key): answer by hand
            dialog.action_close()
            dialog.action_close()
        else:
            send_keys(app, submit + submit[-1:] * 2)  # the submit key again before the first answer is handled
        await pilot.pause()
        await pilot.pause()
        assert app._exception is None
        assert len(answers) <= 1
        assert dialog not in app.screen_stack or app.screen is dialog
        assert below in app.screen_stack, "a second answer popped the screen below the dialog"
        # and calling the answer again by hand does nothing either
        dialog.answer(None)
        dialog.answer(None)
        await pilot.pause()
        assert below in app.screen_stack and len(answers) <= 1
    assert app._exception is None


@pytest.mark.slow  # one app per dialog: about 25 s of CPU in all
@pytest.mark.parametrize("name", list(DIALOGS))
async def test_a_dialog_dismissed_before_it_mounts(name, tmp_path):
    make, submit, cancel = DIALOGS[name]
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await playing(pilot, app)
        below = app.screen
        # the cancel key reaches the dialog before it had a chance to mount: it still closes it
        dialog = make(app)
        app.push_screen(dialog)
        send_keys(app, [cancel])
        await pilot.pause()
        await pilot.pause()
        assert app._exception is None
        assert app.screen is below and dialog not in app.screen_stack
        # its submit keys before it mounted: answered or still open, never a crash
        dialog = make(app)
        app.push_screen(dialog)
        send_keys(app, submit)
        await pilot.pause()
        await pilot.pause()
        assert app._exception is None and below in app.screen_stack
        if dialog in app.screen_stack:
            dialog.answer(None)
            await pilot.pause()
        # answered by hand before mounting, then mounted: it fills nothing in and raises nothing
        early = make(app)
        app.push_screen(early)
        early.answer(None)
        early.answer(None)
        await pilot.pause()
        assert app._exception is None and app.screen is below
    assert app._exception is None


async def test_the_command_palette_picked_twice_pops_nothing_below(tmp_path):
    """Textual's palette dismissed itself again on a second Enter (ScreenStackError on the title)."""
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_content(pilot, app)
        title = app.screen
        for _ in range(3):
            send_keys(app, ["ctrl+p", *"theme", "enter", "enter", "enter", "pagedown", "enter"])
            await pilot.pause(0.3)
            assert app._exception is None
            assert app.screen_stack[0] is title
        send_keys(app, ["ctrl+p", "pagedown", "pageup", "pagedown", "escape"])  # paging a list not laid out yet
        await pilot.pause(0.3)
        assert app._exception is None
    assert app._exception is None


async def test_every_dialog_of_the_game_derives_from_dialog():
    import inspect

    from textual.screen import ModalScreen

    import game.tui.screens as screens_package

    found = []
    for module_info in __import__("pkgutil").iter_modules(screens_package.__path__):
        module = __import__(f"game.tui.screens.{module_info.name}", fromlist=["*"])
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, ModalScreen) and cls.__module__ == module.__name__ and cls is not Dialog:
                found.append(cls)
                assert issubclass(cls, Dialog), f"{cls.__name__} is a ModalScreen but not a Dialog"
    assert len(found) >= len(DIALOGS)


async def test_a_save_dialog_named_with_markup_overwrites_after_asking(tmp_path):
    """'v2 [/]' saved twice: the overwrite question shows the name as written."""
    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await playing(pilot, app)
        for round_ in range(2):
            await pilot.press("s")
            dialog = app.screen
            assert isinstance(dialog, SaveDialog)
            dialog.query_one("#save-name", Input).value = "v2 [/]"
            await pilot.press("enter")
            await pilot.pause()
            if round_ == 1:
                assert isinstance(app.screen, ConfirmDialog)
                assert "v2 [/]" in str(app.screen.query_one("#confirm-question").render())
                await pilot.press("y")
                await pilot.pause()
            assert isinstance(app.screen, GameScreen)
        assert app._exception is None


@pytest.mark.slow  # a whole pilot flow: CI runs it, the fast loop skips it
async def test_dialogs_show_hostile_texts_as_written(tmp_path):
    """Titles, quotes, history notes, questions and messages holding markup appear verbatim."""
    from attrs import evolve

    from test_tui_support import screen_text

    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await playing(pilot, app)
        event = evolve(app.game.dilemma, title="Title [/] here", quote="a [b]quote", history="history [$error]x[/]")
        for dialog, shown in [
            (GroundingDialog(event, app.content), ["Title [/] here", "a [b]quote", "history [$error]x[/]"]),
            (ConfirmDialog("Delete 'v2 [/]'?", "Del [/]"), ["Delete 'v2 [/]'?", "Del [/] (y)"]),
            (MessageScreen("Bad [/] file", "turn: [/]"), ["Bad [/] file", "turn: [/]"]),
        ]:
            app.push_screen(dialog)
            await pilot.pause()
            text = screen_text(app)
            for piece in shown:
                assert piece in text, f"{piece!r} not shown as written by {type(dialog).__name__}"
            dialog.answer(None)
            await pilot.pause()
    assert app._exception is None
