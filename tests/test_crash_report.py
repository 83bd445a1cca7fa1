"""The crash report: a file of its own for every crash, written whole, never through a planted
link, at a fixed width; and a crash message that promises only what was done."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest

from game.files import saves
from game.tui.crash import WIDTH, report_text

MOMENT = datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC)


def failure() -> Exception:
    def deep_inside_the_game_with_a_long_function_name(argument_with_a_long_name: str) -> None:
        raise RuntimeError("the regime table lost a row " + argument_with_a_long_name)
    try:
        deep_inside_the_game_with_a_long_function_name("x" * 300)
    except RuntimeError as error:
        return error
    raise AssertionError("unreachable")


def test_every_crash_gets_its_own_file(tmp_path):
    first = saves.write_crash_report(tmp_path, "one", now=MOMENT)
    second = saves.write_crash_report(tmp_path, "two", now=MOMENT)
    third = saves.write_crash_report(tmp_path, "three")
    assert len({first, second, third}) == 3
    assert [p.read_text("utf-8") for p in (first, second, third)] == ["one", "two", "three"]
    assert first.name.startswith("crash-20260102T030405")
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_planted_link_is_neither_followed_nor_replaced(tmp_path):
    victim = tmp_path / "precious.txt"
    victim.write_text("keep me", "utf-8")
    first_name = saves.write_crash_report(tmp_path / "probe", "x", now=MOMENT).name
    planted = tmp_path / first_name
    planted.symlink_to(victim)
    report = saves.write_crash_report(tmp_path, "the crash", now=MOMENT)
    assert victim.read_text("utf-8") == "keep me" and planted.is_symlink()
    assert report != planted and report.read_text("utf-8") == "the crash"


def test_an_interrupted_report_leaves_nothing_half_written(tmp_path, monkeypatch):
    def broken(_fd: int) -> None:
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(saves.os, "fsync", broken)
    with pytest.raises(OSError):
        saves.write_crash_report(tmp_path, "half", now=MOMENT)
    assert list(tmp_path.iterdir()) == []


def test_the_report_has_a_fixed_width_whatever_the_terminal(tmp_path):
    text = report_text(failure(), ())
    lines = text.splitlines()
    assert "RuntimeError" in text and "deep_inside_the_game" in text and "crash report" in lines[0]
    assert max(len(line) for line in lines) <= WIDTH
    assert max(len(line) for line in lines) > 60  # laid out at the report's width, not a narrow terminal's


def test_the_app_writes_the_kept_exception_and_promises_no_autosave_it_did_not_make(tmp_path, capsys):
    from rich.segment import Segment, Segments

    from game.tui.app import SoftLandingApp

    app = SoftLandingApp(saves_dir=tmp_path)
    app.crash = failure()
    app._exit_renderables.append(Segments([Segment("narrow\n")]))  # what Textual pre-rendered at 20 columns
    app._print_error_renderables()
    report = next(tmp_path.glob("crash-*.txt"))
    assert "RuntimeError" in report.read_text("utf-8")
    said = " ".join(capsys.readouterr().err.split())
    assert str(report) in said.replace(" ", "") or report.name in said.replace(" ", "")
    assert "autosaved after every season" not in said and "last autosaved" not in said


def test_after_an_autosave_the_message_names_it(tmp_path, capsys, content):
    from game.session import Session
    from game.tui.app import SoftLandingApp

    app = SoftLandingApp(saves_dir=tmp_path)
    app.session = Session(content, tmp_path)
    app.session.new_game(seed=3)
    app.session.autosave()
    app.crash = failure()
    app._exit_renderables.append("boom")
    app._print_error_renderables()
    said = "".join(capsys.readouterr().err.split())
    assert "lastautosaved" in said and f"autosave-{app.session.series}-00001.json" in said


def test_reports_are_not_left_writable_through_a_link_to_the_folder_above(tmp_path):
    """A report is created, never opened for writing: an old fixed name pointing elsewhere is ignored."""
    victim = tmp_path / "elsewhere.txt"
    victim.write_text("untouched", "utf-8")
    folder = tmp_path / "saves"
    folder.mkdir()
    (folder / "crash-report.txt").symlink_to(victim)
    saves.write_crash_report(folder, "new")
    assert victim.read_text("utf-8") == "untouched"
    assert os.path.islink(folder / "crash-report.txt")
