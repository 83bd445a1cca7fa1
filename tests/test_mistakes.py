"""The mistakes a content writer makes that a parser alone lets through, each planted as a file under
tests/data/mistakes/ and caught with its file, line, item, field and a suggested fix."""

import shutil
from pathlib import Path

import pytest

from game.content.loader import load_content

DATA = Path(__file__).parent / "data"
MINIMAL = DATA / "minimal"
MISTAKES = DATA / "mistakes"
GRAIN = DATA / "mods" / "grain_year"

# file -> (level, the whole message as `check` prints it, after the folder)
CASES = {
    # conditions that can never hold
    "never_holds.toml": ("error", "zz_bad.toml:8: event contradiction: when: 'economy < 45 and economy > 60' can never "
                                  "hold: the dilemma never comes; check the numbers against the meters' 0-100 and the dates"),
    "past_the_meter.toml": ("error", "zz_bad.toml:8: event overflowing: when: 'economy > 100' can never hold: the dilemma "
                                     "never comes"),
    "pinned_out_of_season.toml": ("error", "zz_bad.toml:9: event too_early: when: 'year >= 2005' can never hold in 2002-Q3, "
                                           "its only season: the pinned dilemma never fires"),
    "unreachable_ending.toml": ("error", "zz_bad.toml:4: ending never_seen: when: 'fear < 10 and fear > 20' can never hold: "
                                         "no run reaches this ending"),
    "unreachable_road.toml": ("error", "zz_bad.toml:4: transition impossible: when: 'unrest > 90 and unrest < 5' can never "
                                       "hold: no run takes this road"),
    # the regime and the calendar
    "phase_trap.toml": ("error", "zz_bad.toml:2: phase mourning: id: no transition leads out of it (from = [\"mourning\"]): "
                                 "a run that enters it stays until a collapse or the campaign's end; add one, such as a "
                                 "transition to 'crisis'"),
    "followup_too_late.toml": ("warning", "zz_bad.toml:14: event late: options[0].followups[0].after: warning: 6 turns "
                                          "after 2004-Q1 (the earliest this dilemma can be met) is past the end of every "
                                          "scenario (2004-Q2): 'inflation' never arrives; schedule it at most 1 turn after"),
    # ids that take a name the condition language gives a meaning
    "meter_named_year.toml": ("error", "zz_bad.toml:2: meter year: id: 'year' is a date part in conditions: a meter of "
                                       "that name would be confused with it; choose another id, such as 'year_meter'"),
    "policy_named_turn.toml": ("error", "zz_bad.toml:2: policy turn: id: 'turn' is a date part in conditions"),
    "flag_named_quarter.toml": ("error", "zz_bad.toml:14: event quartered: options[0].set_flags: flag 'quarter' takes a "
                                         "name of the condition language: choose another, such as 'quarter_flag'"),
    # "did you mean" for every kind of id
    "event_typo.toml": ("error", "zz_bad.toml:14: event scheduler: options[0].followups[0].event: unknown event 'inflaton' "
                                 "(did you mean 'inflation'?)"),
    "flag_typo.toml": ("warning", "zz_bad.toml:8: event flagged: when: warning: reads flag 'mesures', which nothing sets "
                                  "(did you mean 'measures'?)"),
    "policy_typo.toml": ("error", "zz_bad.toml:14: event policer: options[0].policies.markts: unknown policy 'markts' "
                                  "(did you mean 'markets'?)"),
    "phase_typo.toml": ("error", "zz_bad.toml:8: event phased: when: unknown regime phase 'crisiss' (did you mean 'crisis'?)"),
    "phase_to_typo.toml": ("error", "zz_bad.toml:5: transition slide: to: unknown phase 'crisiss' (did you mean 'crisis'?)"),
    # the file itself
    "unclosed_string.toml": ("error", 'zz_bad.toml:4: not valid TOML: a multi-line string opened here with three quotation '
                                      'marks (""") is never closed: close it with """ on a line of its own'),
    # one bad field is one error: what the dilemma sets and schedules is not reported missing elsewhere
    "one_bad_field.toml": ("error", "zz_bad.toml:8: event opener: weight: expected float, got str 'heavy'"),
}


def _problems(tmp_path: Path, name: str) -> list[str]:
    folder = tmp_path / "content"
    shutil.copytree(MINIMAL, folder)
    shutil.copy(MISTAKES / name, folder / "zz_bad.toml")
    _, problems = load_content(folder)
    return [f"{p.level}|{str(p).split(str(folder) + '/')[-1]}" for p in problems]


def test_every_planted_mistake_has_a_case():
    assert sorted(p.name for p in MISTAKES.glob("*.toml")) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_mistake_is_named_with_file_line_item_field_and_fix(tmp_path, name):
    level, message = CASES[name]
    found = _problems(tmp_path, name)
    assert any(line.startswith(f"{level}|{message}") for line in found), "\n".join(found)


def test_one_bad_field_brings_no_follow_on_errors(tmp_path):
    assert _problems(tmp_path, "one_bad_field.toml") == [f"error|{CASES['one_bad_field.toml'][1]}"]


def test_a_reasoned_error_keeps_the_design_warnings_back(tmp_path):
    """Design warnings (word counts, dominated options) wait for content without errors, as before."""
    found = _problems(tmp_path, "never_holds.toml")
    assert [line for line in found if line.startswith("warning|")] == []


@pytest.mark.parametrize("name", ["events.tml", "events.toml.txt", "more.TOML", "old.toml~"])
def test_a_file_named_almost_toml_is_named_not_skipped(tmp_path, name):
    folder = tmp_path / "content"
    shutil.copytree(MINIMAL, folder)
    (folder / name).write_text("[[event]]\n", encoding="utf-8")
    _, problems = load_content(folder)
    text = "\n".join(map(str, problems))
    assert f"{name}: warning: is not read: only files ending in .toml are content files" in text


def test_files_of_other_kinds_are_left_alone(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(MINIMAL, folder)
    for name in ("README.md", "notes.txt", "draft.json"):
        (folder / name).write_text("x", encoding="utf-8")
    assert load_content(folder)[1] == []


def test_a_rule_the_format_gained_explains_itself_once(tmp_path):
    """The game's own dilemmas name their sources, so a mod's history notes must too: the first
    breach says why and what to add, the others only what is missing."""
    mod = tmp_path / "mod"
    shutil.copytree(GRAIN, mod)
    events = mod / "events.toml"
    events.write_text(events.read_text(encoding="utf-8").replace('history = ""', 'history = "In 2009 the harvest failed."'),
                      encoding="utf-8")
    _, problems = load_content(None, mods=[mod])
    about = [p for p in problems if p.field == "sources"]
    assert [p.item for p in about] == ["failed_harvest", "hidden_grain", "seed_loans", "ration_cards"]
    assert about[0].line == 5 and "events.toml" in about[0].file
    assert "once any dilemma of the content names its sources" in about[0].message
    assert "add sources = [\"https://...\"]" in about[0].message
    assert all("once any dilemma" not in p.message for p in about[1:])


def test_the_game_s_own_content_has_nothing_that_can_never_happen():
    content, problems = load_content()
    assert content is not None
    assert problems == []
