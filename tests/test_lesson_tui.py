"""A class server's game in the interface: the student's name first (optional), then the class's game and its record."""

from __future__ import annotations

from test_tui_support import screen_text, wait_for_content

from game.files import classroom, lesson
from game.tui.app import SoftLandingApp
from game.tui.screens.game import GameScreen
from game.tui.screens.student_name import StudentNameDialog


async def test_a_class_student_gives_a_name_and_the_game_keeps_a_record_with_it(tmp_path, content):
    code = classroom.class_code(content, "classroom", 5)
    app = SoftLandingApp(saves_dir=tmp_path, code=code, student=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_content(pilot, app)
        await pilot.pause()
        assert isinstance(app.screen, StudentNameDialog)
        assert "Your name, as your teacher's debrief will show it" in screen_text(app)
        assert not (tmp_path / lesson.RECORD_FILE).exists()  # no game before the name
        await pilot.press(*"Pak [b]Ok[/b]", "enter")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen) and app.game is not None
        assert app.game.state.deck == classroom.deck_for("classroom", 5)
    record = lesson.read_record(tmp_path)
    assert record is not None and record.name == "Pak [b]Ok[/b]" and record.code == code  # not one move yet


async def test_a_class_student_may_start_without_a_name(tmp_path, content):
    code = classroom.class_code(content, "classroom", 5)
    app = SoftLandingApp(saves_dir=tmp_path, code=code, student=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_content(pilot, app)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
    record = lesson.read_record(tmp_path)
    assert record is not None and record.name is None


async def test_a_game_from_a_code_without_the_student_flag_asks_no_name(tmp_path, content):
    app = SoftLandingApp(saves_dir=tmp_path, code=classroom.class_code(content, "classroom", 5))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_content(pilot, app)
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
    assert not (tmp_path / lesson.RECORD_FILE).exists()
