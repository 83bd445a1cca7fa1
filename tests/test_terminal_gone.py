"""The game ends when its terminal goes (issue 28): a game outlived its closed terminal and spun at 75% CPU
for 43 minutes, because Textual's input thread loops for ever on end of file; and a game whose event loop was
stuck seemed to ignore SIGTERM. Each case runs the installed game in a process of its own, with a time limit."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

COMMAND = Path(sys.executable).parent / "soft-landing"
pytestmark = pytest.mark.skipif(not COMMAND.exists(), reason=f"{COMMAND} is not installed")


def read_until(fd: int, words: bytes, seconds: float = 60) -> bytes:
    seen = b""
    deadline = time.monotonic() + seconds
    while words not in seen:
        assert time.monotonic() < deadline, f"never saw {words!r}: {seen[-400:]!r}"
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            seen += os.read(fd, 65536)
    return seen


def ended(process: subprocess.Popen, seconds: float) -> bool:
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return False
    return True


def start_in_a_terminal(tmp_path, stdin=None):
    """The game on a pseudo-terminal that is not its controlling terminal: closing it sends no SIGHUP, only
    the hang-up a terminal window or an ssh connection leaves when it goes without signalling."""
    master, slave = os.openpty()
    os.set_blocking(master, False)
    env = {**os.environ, "TERM": "xterm-256color", "SOFT_LANDING_SAVES": str(tmp_path), "COLUMNS": "80", "LINES": "24"}
    process = subprocess.Popen([str(COMMAND), "--saves", str(tmp_path)], stdin=slave if stdin is None else stdin,
                               stdout=slave, stderr=slave, env=env, cwd=str(tmp_path), start_new_session=True)
    os.close(slave)
    return process, master


def test_the_game_ends_when_its_terminal_is_closed(tmp_path):
    process, master = start_in_a_terminal(tmp_path)
    try:
        read_until(master, b"Saves:")
    finally:
        os.close(master)  # the window closes: no signal, the terminal hangs up
    assert ended(process, 15), "the game outlived its terminal"
    assert process.returncode == 129


def test_the_game_ends_on_end_of_file_on_its_input(tmp_path):
    read, write = os.pipe()
    process, master = start_in_a_terminal(tmp_path, stdin=read)
    os.close(read)
    try:
        read_until(master, b"Saves:")
        os.close(write)  # whoever fed its input went away
        assert ended(process, 15), "the game outlived its input"
        assert process.returncode == 129
    finally:
        os.close(master)


def test_an_app_whose_loop_is_stuck_still_ends_when_asked(tmp_path):
    """SIGTERM asks the app to exit on its loop; a loop that never runs it got nowhere: the process now ends
    itself after the grace period, with the signal's exit code."""
    script = (
        "import asyncio, time\n"
        "from game.tui import signals\n"
        "class App:\n"
        "    def exit(self, return_code): raise AssertionError('the stuck loop ran it')\n"
        "loop = asyncio.new_event_loop()\n"
        "signals.ask_to_exit(App(), 143, loop, grace=0.5)\n"
        "time.sleep(60)\n"  # stuck: the loop never runs
    )
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=30)
    assert done.returncode == 143 and time.monotonic() - started < 20
    assert b"\x1b[?1049l" in done.stdout  # the terminal's modes reset as far as it can
