"""The installed command in a real pseudo-terminal: start a game, make a choice, quit cleanly."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

COMMAND = Path(sys.executable).parent / "soft-landing"


@pytest.mark.skipif(not COMMAND.exists(), reason=f"{COMMAND} is not installed")
def test_start_choose_and_quit_in_a_real_terminal(tmp_path):
    env = {**os.environ, "TERM": "xterm-256color", "SOFT_LANDING_SAVES": str(tmp_path)}
    child = pexpect.spawn(str(COMMAND), ["--saves", str(tmp_path)], dimensions=(24, 80), env=env,
                          encoding="utf-8", codec_errors="replace", timeout=60, cwd=str(tmp_path))
    try:
        child.expect_exact("New game")  # the title screen
        child.expect_exact("Saves:")  # the content has loaded
        child.send("n")
        child.expect_exact("Start (enter)")  # the new-game dialog
        child.send("\r")
        child.expect_exact("turn 1 of")  # the main screen
        child.expect_exact("Choose 1-")
        child.send("1")
        child.expect_exact("your decision")  # the result of the choice
        child.sendcontrol("q")
        child.expect_exact("Quit (y)")  # progress would be lost: it asks
        child.send("y")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0, child.before
    assert "Traceback" not in (child.before or "")


@pytest.mark.skipif(not COMMAND.exists(), reason=f"{COMMAND} is not installed")
@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_sigterm_and_sighup_give_the_terminal_back(tmp_path, name):
    """A killed game left the terminal raw (alternate screen, mouse reports); SIGTERM now quits cleanly,
    and so does SIGHUP, which a closed terminal window sends."""
    import signal

    number = getattr(signal, name, None)
    if number is None:
        pytest.skip(f"no {name} here")
    env = {**os.environ, "TERM": "xterm-256color", "SOFT_LANDING_SAVES": str(tmp_path)}
    child = pexpect.spawn(str(COMMAND), ["--saves", str(tmp_path)], dimensions=(24, 80), env=env,
                          encoding="utf-8", codec_errors="replace", timeout=60, cwd=str(tmp_path))
    try:
        child.expect_exact("Saves:")  # the content has loaded
        child.kill(number)
        child.expect(pexpect.EOF)
        tail = child.before or ""
    finally:
        child.close()
    assert child.signalstatus is None and child.exitstatus == 128 + number
    assert "\x1b[?1049l" in tail, "the alternate screen was not left"
    assert "\x1b[?1000l" in tail, "mouse reporting was left on"
    assert "Traceback" not in tail
