"""The class debrief: ``soft-landing debrief FILE`` on a class's codes, with bad lines and hostile names."""

from __future__ import annotations

import html

import pytest

from game.files import classroom
from game.cli import main
from game.files.replay import encode_run
from game.sim.simulate import play
from game.sim.strategies import load_strategy
from game.views import debrief
from tests.test_report_html import check_page

HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def class_codes(content) -> list[str]:
    """Twelve students of one class, each playing with a strategy's own dice."""
    code = classroom.class_code(content, "default", 31)
    run = classroom.read_code(code)
    strategies = ["random", "cautious", "reformer", "hardliner"]
    return [encode_run(play(content, load_strategy(strategies[n % 4]), run.seed, n, "default", run.deck))
            for n in range(12)]


@pytest.fixture()
def codes_file(tmp_path, class_codes):
    lines = ["# Period 3, Tuesday", ""]
    lines += [f"Student {chr(65 + n)}: {code}" for n, code in enumerate(class_codes[:10])]
    lines += [f"{HOSTILE}: {class_codes[10]}", class_codes[11], "Bob: SL1-NOT-A-CODE", "nothing here at all",
              "Eve: " + class_codes[0][:-3]]
    path = tmp_path / "codes.txt"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def test_the_debrief_reads_the_class_and_lists_the_bad_lines(content, codes_file):
    entries, bad = classroom.read_codes_file(codes_file, content)
    assert len(entries) == 12 and [b.line for b in bad] == [15, 16, 17]
    result = debrief.build(entries, bad, content)
    # two of the reformers of the class (C and G) played the same run: the second is flagged and counted once
    assert [(c.line, c.same_as) for c in result.copies] == [(9, "Student C")]
    assert sum(n for _, n in result.outcomes) == len(result.entries) == 11
    assert result.decks == ((classroom.deck_for("default", 31), 11),)
    met = {e for entry in entries for r in entry.game.state.history for e in (d.event for d in r.decisions)}
    assert {s.dilemma_id for s in result.splits} == met
    for split in result.splits:
        assert sum(len(g.students) for g in split.groups) == split.met  # each student once, by the first answer
        for group in split.groups:
            assert sum(n for _, n in group.endings) == len(group.students)


def test_the_html_debrief_parses_escapes_names_and_holds_every_dilemma(content, codes_file, tmp_path):
    out = tmp_path / "debrief.html"
    md = tmp_path / "debrief.md"
    assert main(["debrief", str(codes_file), "--html", str(out), "--md", str(md)]) == 0
    page = out.read_text("utf-8")
    checker = check_page(page)
    text = " ".join(" ".join(checker.text).split())
    assert HOSTILE not in page and html.escape(HOSTILE, quote=True) in page
    assert HOSTILE in text  # shown as text, not run
    entries, bad = classroom.read_codes_file(codes_file, content)
    for split in debrief.build(entries, bad, content).splits:
        assert " ".join(split.title.split()) in text
    assert "Line 15" in text and "Line 17" in text and "<svg" in page
    assert "Student A" in md.read_text("utf-8")


def test_the_decisions_that_separate_compare_takers_with_the_others(content, class_codes):
    entries, _ = classroom.read_codes(class_codes, content)
    result = debrief.build(entries, [], content)
    for s in result.separators:
        assert s.takers >= 5 and s.others >= 5 and 0 <= s.good_takers <= 1 and 0 <= s.good_others <= 1
    gaps = [abs(s.gap) for s in result.separators]
    assert gaps == sorted(gaps, reverse=True)


def test_prompts_come_from_where_the_class_disagreed(content, class_codes):
    entries, _ = classroom.read_codes(class_codes, content)
    result = debrief.build(entries, [], content)
    contested = [s for s in result.splits if len(s.groups) >= 2 and s.met >= 2]
    assert result.prompts and len(result.prompts) <= 5
    assert all(any(p.startswith(s.title) for s in contested) for p in result.prompts)


def test_every_student_is_on_the_chart_of_the_chosen_meter(content, class_codes):
    entries, _ = classroom.read_codes(class_codes, content)
    result = debrief.build(entries, [], content, "unrest")
    assert result.meter == "unrest" and len(result.series) == 11  # the two identical runs are one
    assert all(len(values) == len(result.labels) for _, _, values in result.series)
    page = debrief.to_html(result)
    assert page.count("<polyline") + page.count("<circle") >= 11


@pytest.mark.parametrize("lines, status, words", [
    (["# nothing but comments", "", "junk"], 1, "no run code could be read"),
])
def test_a_file_with_no_readable_code_is_refused(capsys, tmp_path, lines, status, words):
    path = tmp_path / "codes.txt"
    path.write_text("\n".join(lines), "utf-8")
    assert main(["debrief", str(path)]) == status
    out = capsys.readouterr().out
    assert words in out and "Traceback" not in out


def test_a_missing_or_binary_file_is_a_message(capsys, tmp_path):
    assert main(["debrief", str(tmp_path / "missing.txt")]) == 1
    binary = tmp_path / "codes.bin"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    assert main(["debrief", str(binary)]) == 1
    out = capsys.readouterr().out
    assert "missing.txt" in out and "codes.bin" in out and "Traceback" not in out


def test_an_unknown_meter_is_refused(capsys, codes_file):
    assert main(["debrief", str(codes_file), "--meter", "happiness"]) == 2
    assert "no meter 'happiness'" in capsys.readouterr().out


def test_simulate_writes_every_runs_code_for_a_debrief(capsys, content, tmp_path):
    path = tmp_path / "runs.txt"
    assert main(["simulate", "--runs", "5", "--strategy", "cautious", "--codes", str(path)]) == 0
    lines = path.read_text("utf-8").splitlines()
    assert len(lines) == 5 and all(line.startswith(f"Run {n + 1}: SL1-") for n, line in enumerate(lines))
    entries, bad = classroom.read_codes(lines, content)
    assert len(entries) == 5 and not bad
    class_path = tmp_path / "class.txt"
    code = classroom.class_code(content, "default", 9)
    assert main(["simulate", "--runs", "4", "--codes", str(class_path), "--class", code]) == 0
    entries, _ = classroom.read_codes(class_path.read_text("utf-8").splitlines(), content)
    assert {e.game.state.deck for e in entries} == {classroom.deck_for("default", 9)}
    assert len({e.game.state.history[0].drawn for e in entries}) == 1  # one class: the same first dilemmas


@pytest.mark.parametrize("kind", ["fifo", "zero", "huge"])
def test_a_codes_file_that_is_no_regular_file_or_too_large_is_refused_at_once(tmp_path, kind):
    """``debrief FIFO`` waited for a writer for ever and ``debrief /dev/zero`` read until memory ran out (issue 28):
    run in a process of its own with a time limit, so a hang fails the test instead of stopping it."""
    import os
    import subprocess
    import sys

    if kind == "fifo":
        path = tmp_path / "codes.fifo"
        os.mkfifo(path)
        words = "named pipe"
    elif kind == "zero":
        path, words = "/dev/zero", "device"
    else:
        path = tmp_path / "codes.txt"
        with open(path, "wb") as out:
            out.truncate(classroom.MAX_CODES_BYTES + 1)  # sparse: large to stat, nothing to write
        words = "too large"
    done = subprocess.run([sys.executable, "-m", "game", "debrief", str(path)], capture_output=True, text=True,
                          timeout=60, env=os.environ | {"SOFT_LANDING_SAVES": str(tmp_path / "saves"), "COLUMNS": "200"})
    assert done.returncode == 1
    assert "cannot read the codes" in done.stdout and words in done.stdout and "Traceback" not in done.stdout + done.stderr
