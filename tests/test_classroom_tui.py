"""The classroom in the interface: a game started from a class code, and the report downloaded in a browser."""

from __future__ import annotations

import pytest
from test_tui_support import wait_for_content

from game.files import classroom
from game.files.saves import run_code
from game.sim.simulate import play
from game.sim.strategies import load_strategy
from game.tui.app import SoftLandingApp
from game.tui.screens.game import GameScreen
from game.tui.screens.report import ReportScreen


async def test_a_class_code_on_the_command_line_starts_the_class_game(tmp_path, content):
    code = classroom.class_code(content, "classroom", 5)
    app = SoftLandingApp(saves_dir=tmp_path / "saves", code=code)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_content(pilot, app)
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert app.game.state.deck == classroom.deck_for("classroom", 5)
        assert app.game.state.drawn == classroom.class_game(content, "classroom", 5).state.drawn


@pytest.mark.slow
async def test_in_a_browser_the_export_downloads_both_files(tmp_path, content, monkeypatch):
    finished = play(content, load_strategy("cautious"), 0, 3)
    delivered: list[tuple[str, str | None]] = []
    monkeypatch.setattr(SoftLandingApp, "is_web", property(lambda self: True))
    monkeypatch.setattr(SoftLandingApp, "deliver_text",
                        lambda self, path, **options: delivered.append((str(path), options.get("mime_type"))) or "key")
    app = SoftLandingApp(saves_dir=tmp_path / "saves", code=run_code(finished))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_content(pilot, app)
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        await pilot.press("x")
        await pilot.pause()
    paths = sorted(p for p, _ in delivered)
    assert [p.rsplit(".", 1)[1] for p in paths] == ["html", "md"]
    assert {m for _, m in delivered} == {"text/html", "text/markdown"}
    for path in paths:
        assert (tmp_path / "saves" / "reports" / path.rsplit("/", 1)[1]).exists()
