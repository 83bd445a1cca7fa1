"""The command line never shows a traceback: long, binary and non-UTF-8 arguments for every command.

Python hands a non-UTF-8 argument to the program with its bad bytes as lone surrogates
(``os.fsdecode``); the in-process cases build them the same way, and a few cases run the
installed entry point with real bytes to check the whole way from the shell.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from game.cli import main

LONG = "x" * 5000
LONG_CODE = "SL1-" + "A" * 300  # a run code too long to be a file name: it used to raise OSError
BINARY = "\x00\x01\x1b[31m\x7f"
NOT_UTF8 = os.fsdecode(b"caf\xe9-\xff\xfe")
MARKUP = "[/]"
HOSTILE = [LONG, LONG_CODE, BINARY, NOT_UTF8, MARKUP, "", "-", " SL1 "]

#: every command, with where a hostile value goes
CASES = [
    *[("check", [value]) for value in HOSTILE if value not in ("-", "")],  # "" is the current folder
    *[("simulate", ["--runs", "1", "--strategy", value]) for value in HOSTILE],
    *[("simulate", ["--runs", "1", "--scenario", value]) for value in HOSTILE if value],
    *[("simulate", ["--runs", "1", "--content", value]) for value in HOSTILE if value],
    *[("simulate", ["--runs", value]) for value in HOSTILE],
    *[("simulate", ["--runs", "1", "--seed", value]) for value in [*HOSTILE, str(2**80), "9" * 5000]],
    *[("replay", [value]) for value in HOSTILE if value != "-"],
    *[("replay", ["SL1-0000", "--content", value]) for value in HOSTILE if value],
    *[("balance", ["--runs", "1", "--strategies", value]) for value in HOSTILE if value.strip(" -")],
    *[("balance", ["--runs", value]) for value in HOSTILE],
    *[("balance", ["--runs", "1", "--seed", value]) for value in [*HOSTILE, str(2**80)]],
    *[("report", [value]) for value in HOSTILE if value != "-"],
    *[("report", ["SL1-0000", "--md", value]) for value in HOSTILE if value],
    *[("debrief", [value]) for value in HOSTILE if value != "-"],
    *[("class", ["--scenario", value]) for value in HOSTILE if value],
    *[("class", ["--seed", value]) for value in [*HOSTILE, str(2**80)]],
    *[("class", ["--count", value]) for value in HOSTILE],
    *[("serve", ["--port", value]) for value in HOSTILE],
    *[(None, ["--seed", value]) for value in [*HOSTILE, str(2**80)]],  # play: refused before the screen opens
    *[(None, [value]) for value in HOSTILE if value not in ("", "-")],  # an unknown command
]


@pytest.mark.parametrize(("command", "args"), CASES, ids=lambda v: repr(v)[:30])
def test_no_argument_ends_in_a_traceback(capsys, command, args):
    argv = ([command] if command else []) + args
    code = main(argv)
    out = capsys.readouterr()
    text = out.out + out.err
    assert isinstance(code, int) and code != 0, text
    assert "Traceback" not in text and "Error:" not in text.replace("ArgumentTypeError", ""), text
    assert len(text) < 20_000
    text.encode("utf-8")  # printable: no lone surrogates reached the terminal


@pytest.mark.slow
def test_the_real_command_takes_bytes_from_the_shell(tmp_path):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    for argv in ([b"replay", b"SL1-" + b"A" * 300], [b"replay", b"\xff\xfe\xfd"], [b"check", b"\xe9" * 300],
                 [b"simulate", b"--strategy", b"\xff:\xfe", b"--runs", b"1"], [b"--seed", b"\xff"]):
        result = subprocess.run([sys.executable, "-m", "game", *argv], capture_output=True, timeout=60, env=env,
                                cwd=tmp_path)
        output = (result.stdout + result.stderr).decode("utf-8", "replace")
        assert result.returncode != 0 and "Traceback" not in output, (argv, output)


def test_replay_of_a_pipe_names_it_and_does_not_say_there_is_no_file(capsys, tmp_path):
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    code = main(["replay", str(pipe)])
    text = capsys.readouterr().out
    assert code == 1 and "named pipe" in text and "no such" not in text


def test_a_pasted_code_with_spaces_zero_width_spaces_and_a_bom_replays(capsys, content):
    from game.api import Game
    from game.files.replay import encode_run

    game = Game.new(content, seed=12)
    while game.dilemma:
        game.answer(game.options()[0].id)
    game.end_season()
    code = encode_run(game)
    pasted = "\ufeff " + " ".join(code[i:i + 4] for i in range(0, len(code), 4)).replace("-", "\u200b-\u2013") + "\n"
    assert main(["replay", pasted]) == 0, capsys.readouterr().out
    assert code in capsys.readouterr().out.replace("\n", "")


def test_report_of_a_pipe_names_it_too(capsys, tmp_path):
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    code = main(["report", str(pipe)])
    text = capsys.readouterr().out
    assert code == 1 and "named pipe" in text and "no such" not in text


def test_the_session_refuses_a_pipe_at_once(content, tmp_path):
    """--load goes through the session: a pipe used to hang the game on 'Loading the country...'."""
    from game.errors import SessionError
    from game.session import Session

    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    with pytest.raises(SessionError, match="named pipe"):
        Session(content, tmp_path).load(pipe)
