"""The loader trusts neither the file system nor the writer: what it cannot read it names, and it never hangs.

Also: the design rules the game's own content keeps are warnings for every folder, a broken file
does not make the others look wrong, and options written before a sub-command are not ignored.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from game.cli import main
from game.content.loader import load_content
from game.content.reading import MAX_FILE_BYTES

MINIMAL = Path(__file__).parent / "data" / "minimal"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(MINIMAL, target)
    return target


def _text(problems) -> str:
    return "\n".join(map(str, problems))


def test_a_folder_named_like_a_file_is_read_as_a_folder(folder):
    (folder / "more.toml").mkdir()
    content, problems = load_content(folder)
    assert content is not None
    assert "more.toml: warning: a folder, not a content file" in _text(problems)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symbolic links")
def test_a_symlink_loop_is_named_not_followed(folder):
    (folder / "loop.toml").symlink_to(folder / "loop.toml")
    content, problems = load_content(folder)
    assert content is None
    assert "loop.toml: cannot be read: a symbolic link loop" in _text(problems)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_link_to_a_device_is_not_read(folder):
    (folder / "zero.toml").symlink_to("/dev/zero")
    content, problems = load_content(folder)
    assert content is None
    assert "zero.toml: is not a regular file" in _text(problems)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="fifos")
def test_a_fifo_is_not_read_and_does_not_hang(folder):
    os.mkfifo(folder / "pipe.toml")
    content, problems = load_content(folder)  # would block forever if opened for reading
    assert content is None
    assert "pipe.toml: is not a regular file" in _text(problems)


def test_a_link_to_a_folder_is_not_followed(folder, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "broken.toml").write_text("[[event\n", encoding="utf-8")
    (folder / "linked").symlink_to(elsewhere, target_is_directory=True)
    content, problems = load_content(folder)
    assert content is not None
    assert "linked: warning: a symbolic link to a folder is not followed" in _text(problems)


def test_a_file_larger_than_the_limit_is_refused_unread(folder):
    with (folder / "huge.toml").open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    content, problems = load_content(folder)
    assert content is None
    assert f"huge.toml: is {MAX_FILE_BYTES + 1:,} bytes; a content file is at most" in _text(problems)


@pytest.mark.parametrize("opening,closing", [("[", "]"), ("{ a = ", "}")])
def test_deep_nesting_is_refused_with_a_message(folder, opening, closing):
    depth = 450
    (folder / "deep.toml").write_text(f"x = {opening * depth}1{closing * depth}\n", encoding="utf-8")
    content, problems = load_content(folder)
    assert content is None
    assert "deep.toml: arrays or tables nest too deeply" in _text(problems)


def test_moderate_nesting_beyond_the_limit_is_refused_too(folder):
    (folder / "deep.toml").write_text("x = " + "[" * 40 + "1" + "]" * 40 + "\n", encoding="utf-8")
    _, problems = load_content(folder)
    assert "deep.toml: arrays or tables nest too deeply (at most 32 levels)" in _text(problems)


def test_a_bom_is_named_as_a_bom_and_the_file_still_reads(folder):
    events = folder / "events.toml"
    events.write_bytes(b"\xef\xbb\xbf" + events.read_bytes())
    content, problems = load_content(folder)
    assert content is not None
    assert "events.toml: warning: the file starts with a byte order mark (BOM)" in _text(problems)


def test_a_syntax_error_in_one_file_does_not_cascade_into_unknown_events_elsewhere(folder):
    events = folder / "events.toml"
    text = events.read_text(encoding="utf-8")
    start, end = text.index('[[event]]\nid = "inflation"'), text.index('[[event]]\nid = "radios"')
    (folder / "zz_inflation.toml").write_text(text[start:end] + "\n[[event\n", encoding="utf-8")  # broken
    events.write_text(text[:start] + text[end:], encoding="utf-8")  # 'measures' still schedules it
    content, problems = load_content(folder)
    assert content is None
    found = _text(problems)
    assert "zz_inflation.toml:24: not valid TOML" in found  # the line of the broken header
    assert "unknown event" not in found
    assert "because 1 file(s) could not be read: fix those first" in found


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_zero_weight_is_warned_as_never_drawn(folder):
    _replace(folder / "events.toml", "weight = 5", "weight = 0")
    content, problems = load_content(folder)
    assert content is not None
    assert "event riot: weight: warning: is 0, so the event is never drawn" in _text(problems)


def test_a_short_text_is_warned(folder):
    _replace(folder / "events.toml", 'text = "A crowd gathers.', 'text = "A crowd gathers."\n# the rest: ')
    content, problems = load_content(folder)
    assert content is not None, _text(problems)
    assert "event riot: text: warning: 3 words; the text of an event is 60-180" in _text(problems)


EXTRA_METERS = """
[[meter]]
id = "tension"
name = "Tension"
description = "Foreign threat."
good = "up"
essay = "P25"

[[meter]]
id = "loyalty"
name = "Loyalty"
description = "The cadres."
good = "up"
essay = "P25"

[[meter]]
id = "awareness"
name = "Awareness"
description = "What people know."
good = "down"
essay = "P13"
"""


def test_the_essays_laws_and_flags_nobody_reads_are_warned_for_every_folder(folder):
    (folder / "more_meters.toml").write_text(EXTRA_METERS, encoding="utf-8")
    _replace(folder / "events.toml", "effects = { unrest = -10, fear = 5, economy = -2 }",
             'effects = { unrest = -10, fear = 5, economy = -2, tension = 2, loyalty = -1 }\nset_flags = ["unread_flag"]')
    _replace(folder / "events.toml", "effects = { unrest = -3, fear = -3 }", "effects = { unrest = -3, fear = -3, awareness = -10 }")
    content, problems = load_content(folder)
    found = _text(problems)
    assert content is not None, found
    assert "event riot: options[0].effects: warning: raises tension and lowers loyalty: the essay's P25" in found
    assert "event riot: options[1].effects: warning: lowers awareness by more than 2" in found
    assert "event riot: options[0].set_flags: warning: sets flag 'unread_flag', which no condition reads" in found
    assert all(p.level == "warning" for p in problems)


def test_a_dominated_option_is_warned(folder):
    _replace(folder / "events.toml", "effects = { unrest = -3, fear = -3 }", "effects = { unrest = -12, fear = 6, economy = -2 }")
    content, problems = load_content(folder)
    assert content is not None, _text(problems)
    assert ("event riot: options: warning: option 'talk' is at least as good as 'shoot' on every meter, "
            "so 'shoot' is never worth choosing") in _text(problems)


A_SECOND_ROAD = """
[[transition]]
id = "panic"
from = ["entrenched"]
when = "fear <= 5"
to = "crisis"
reason = "Fear ran out"
"""


def test_two_roads_the_panel_would_show_alike_are_warned_until_one_is_named(folder):
    with (folder / "core.toml").open("a", encoding="utf-8") as core:
        core.write(A_SECOND_ROAD)
    content, problems = load_content(folder)
    assert content is not None, _text(problems)
    assert ("core.toml:183: transition panic: road: warning: leads where 'to_crisis' leads, from the same phase, "
            "and the regime panel cannot tell them apart") in _text(problems)
    _replace(folder / "core.toml", 'reason = "Fear ran out"', 'reason = "Fear ran out"\nroad = "in panic"')
    content, problems = load_content(folder)
    assert content is not None and "road" not in _text(problems), _text(problems)


# --- options where users put them ----------------------------------------------------------

def test_content_before_check_checks_that_folder(folder, capsys):
    (folder / "zz_bad.toml").write_text("[[evnet]]\n", encoding="utf-8")
    assert main(["--content", str(folder), "check"]) == 1
    assert "did you mean [[event]]" in capsys.readouterr().out


def test_content_before_simulate_simulates_that_folder(capsys):
    assert main(["--content", str(MINIMAL), "simulate", "--runs", "3", "--json"]) == 0
    assert '"runs": 3' in capsys.readouterr().out
    assert main(["simulate", "--content", str(MINIMAL), "--runs", "3", "--json"]) == 0


def test_two_different_folders_or_a_play_option_before_a_command_are_refused(folder, capsys):
    assert main(["--content", str(folder), "check", str(MINIMAL)]) == 2
    assert "two content folders given" in capsys.readouterr().err
    assert main(["--seed", "3", "simulate", "--runs", "1"]) == 2
    assert "--seed before 'simulate' is an option of play" in capsys.readouterr().err


# --- quotes against an essay the author gives ------------------------------------------------

def _essay(tmp_path: Path, policy_paragraph: str) -> Path:
    lines = [f"**P{n}.** x marks the spot in paragraph {n}." for n in range(1, 27) if n != 14]
    lines.append(f"**P14.** {policy_paragraph}")
    path = tmp_path / "essay.md"
    path.write_text("# An essay\n\n" + "\n\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_check_essay_passes_quotes_found_word_for_word(tmp_path, capsys):
    essay = _essay(tmp_path, "In the North \u201cEconomic   reforms are unthinkable\u201d, they say.")
    content, problems = load_content(MINIMAL, essay=essay)
    assert content is not None and problems == []
    assert main(["check", str(MINIMAL), "--essay", str(essay)]) == 0


def test_check_essay_names_a_quote_not_in_its_paragraph(tmp_path, capsys):
    essay = _essay(tmp_path, "Reforms are thinkable.")
    content, problems = load_content(MINIMAL, essay=essay)
    assert content is None
    assert ("core.toml:32: policy markets: quote: not found word for word in P14 of the essay: "
            "\"Economic reforms are unthinkable\"") in _text(problems)
    assert main(["check", str(MINIMAL), "--essay", str(essay)]) == 1


def test_check_essay_names_a_missing_paragraph_and_a_file_that_is_no_essay(tmp_path):
    essay = tmp_path / "essay.md"
    essay.write_text("**P14.** Economic reforms are unthinkable.\n", encoding="utf-8")
    _, problems = load_content(MINIMAL, essay=essay)
    assert "event measures: essay: the essay file has no paragraph P6" in _text(problems)
    essay.write_text("Just prose.\n", encoding="utf-8")
    _, problems = load_content(MINIMAL, essay=essay)
    assert "essay.md: no numbered paragraphs" in _text(problems)
    _, problems = load_content(MINIMAL, essay=tmp_path / "absent.md")
    assert "absent.md: cannot be read" in _text(problems)


# --- what an author reads back ----------------------------------------------------------------

def test_game_new_with_a_path_loads_once_while_the_files_are_unchanged(folder):
    from game.api import Game
    from game.content.loader import load_cached

    first = Game.new(folder, seed=1).content
    assert Game.new(folder, seed=2).content is first
    _replace(folder / "events.toml", "weight = 5", "weight = 6")
    again = load_cached(folder)
    assert again is not first
    assert again.events["riot"].weight == 6 and Game.new(folder).content is again


def test_simulate_counts_runs_per_ending_id(capsys):
    import json

    assert main(["simulate", "--content", str(MINIMAL), "--runs", "30", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    ids = report["ending_ids"]
    assert sum(ids.values()) == 30
    assert {"survived_poor", "survived", "landed", "uprising", "fell"} <= set(ids)
    assert main(["simulate", "--content", str(MINIMAL), "--runs", "30"]) == 0
    table = capsys.readouterr().out
    assert "ending id" in table and "survived_poor" in table


def test_an_unknown_meter_in_effects_a_scenario_or_a_drift_gets_a_did_you_mean(folder):
    _replace(folder / "events.toml", "effects = { unrest = -3, fear = -3 }", "effects = { unrest = -3, feer = -3 }")
    _replace(folder / "core.toml", 'meter = "unrest"', 'meter = "unrrest"')
    _, problems = load_content(folder)
    found = _text(problems)
    assert "event riot: options[1].effects: unknown meter 'feer' (did you mean 'fear'?)" in found
    assert "meter: unknown meter 'unrrest' (did you mean 'unrest'?)" in found


def test_the_content_remembered_is_read_again_in_another_language():
    """An app's language can change mid-session (l on the title screen): the folder remembered in English
    is not handed back to a Korean game, nor the Korean read to an English one."""
    from game import i18n
    from game.content.loader import load_cached

    folder = Path(__file__).resolve().parents[1] / "content"
    english = load_cached(folder)
    i18n.use("ko")
    korean = load_cached(folder)
    assert korean is not english and korean.events["koizumi_summit"].title == "도쿄에서 온 손님"
    i18n.use("en")
    assert load_cached(folder) is english and english.events["koizumi_summit"].title == "A Guest from Tokyo"
