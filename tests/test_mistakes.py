"""The mistakes a content writer makes that a parser alone lets through, each planted under
tests/data/mistakes/ and caught with its file, line, item, field and a suggested fix.

A file ``x.toml`` is added to a copy of tests/data/minimal as ``zz_bad.toml``; a folder is a mod laid
over that copy (``check --mod``), and an ``essay.md`` in it is the essay its quotes are checked against
(``check --essay``)."""

import re
import shutil
from pathlib import Path

import pytest

from game.cli import main
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
    "policy_named_turn.toml": ("error", "zz_bad.toml:2: policy turn: id: 'turn' is a date part in conditions: a policy of "
                                        "that name would be confused with it; choose another id, such as 'turn_policy'"),
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
    "one_bad_field.toml": ("error", "zz_bad.toml:8: event opener: weight: expected float, got str 'heavy': write a number, "
                                    "without quotes"),
    # the file and its tables
    "table_typo.toml": ("error", "zz_bad.toml:1: event harvest: unknown top-level table 'evnet' (did you mean [[event]]?)"),
    "options_single_bracket.toml": ("error", "zz_bad.toml:16: not valid TOML: [event.options] is written twice; a table "
                                             "that comes more than once is one of a list: write [[event.options]], with "
                                             "two brackets, over each"),
    "latin1_text.toml": ("error", "zz_bad.toml:7: not UTF-8 text: invalid continuation byte at byte 121: save the file as "
                                  "UTF-8"),
    "bom.toml": ("warning", "zz_bad.toml: warning: the file starts with a byte order mark (BOM): save it as UTF-8 without "
                            "a BOM"),
    "tab_in_text.toml": ("warning", "zz_bad.toml:7: event tabbed: text: warning: line 2 of the text holds only white space "
                                    "(a tab): a paragraph break is an empty line, so the paragraphs around it run together "
                                    "in the reports; empty the line"),
    # fields and values
    "unknown_meter_effect.toml": ("error", "zz_bad.toml:13: event grain_tax: options[0].effects: unknown meter 'econmy' "
                                           "(did you mean 'economy'?) (meters: economy, fear, unrest)"),
    "key_typo.toml": ("error", "zz_bad.toml:14: event seizure: options[0].set_flag: unknown key (did you mean "
                               "'set_flags'?)"),
    "outcome_typo.toml": ("error", "zz_bad.toml:3: ending grain_collapse: outcome: must be one of 'survival', "
                                   "'soft_landing', 'collapse', not 'colapse' (did you mean 'collapse'?)"),
    "option_no_label.toml": ("error", "zz_bad.toml:15: event unlabelled: options[1].label: is required but missing: add "
                                      "label = ... to the table"),
    "same_option_id.toml": ("error", "zz_bad.toml:16: event twins: options[1].id: option id 'one' is used 2 times: give "
                                     "each option of a dilemma its own id"),
    "policy_level_from_one.toml": ("error", "zz_bad.toml:14: event grain_policy: options[0].policies.markets: level 3 does "
                                            "not exist (0 to 2): levels count from 0, so the last of 3 is 2"),
    "date_month.toml": ("error", "zz_bad.toml:8: event monthly: pinned: a date is written as YEAR-Q1..Q4, such as 2004-Q2, "
                                "not '2009-13': a year has four quarters, \"2009-Q1\" (winter) to \"2009-Q4\" (autumn)"),
    "paragraph_p27.toml": ("error", "zz_bad.toml:4: event far_paragraph: essay: no essay paragraph P27 (P1-P26, N1-N2): "
                                    "cite one of those"),
    "single_equals.toml": ("error", "zz_bad.toml:8: event equals: when: does not parse: invalid syntax at column 16 in "
                                    "'policy.markets = 2': compare with '==' (a single '=' is not a comparison)"),
    "double_ampersand.toml": ("error", "zz_bad.toml:8: event ampersands: when: does not parse: invalid syntax at column 16 "
                                       "in 'flag.measures && unrest > 40': write 'and', not '&&'"),
    "weight_zero.toml": ("warning", "zz_bad.toml:29: event reaping: weight: warning: is 0, so the event is never drawn (pin "
                                    "it or make it follow-up only)"),
    "history_without_sources.toml": ("error", "zz_bad.toml:23: event unsourced: sources: the history note names no source "
                                              "(sources = [\"https://...\"])"),
    # scenarios, endings and roads
    "scenario_backwards.toml": ("error", "zz_bad.toml:6: scenario grain_year: end: 2009-Q1 is before the start 2011-Q4: "
                                         "start is the first season played and end the last; swap them?"),
    "force_unknown.toml": ("error", "zz_bad.toml:7: scenario grain_year: force: unknown event 'radio' (did you mean "
                                    "'radios'?)"),
    "collapse_kind_no_ending.toml": ("warning", "zz_bad.toml:7: transition grain_riots: kind: warning: collapse kind "
                                                "'grain_riots' has no ending text of its own: add an [[ending]] with "
                                                "outcome = \"collapse\" and kind = \"grain_riots\""),
    # what is written but never shown or never read
    "variant_never_chosen.toml": ("error", "zz_bad.toml:26: event told_twice: variants[1].when: its text is never shown: "
                                           "wherever 'policy.markets == 0' holds, variants[0] ('policy.markets <= 1') "
                                           "holds too, and the first variant that holds wins; put this one before it"),
    "flag_never_read.toml": ("warning", "zz_bad.toml:14: event hoarding: options[0].set_flags: warning: sets flag "
                                        "'grain_hoarded', which no condition reads: read it (flag.grain_hoarded in a "
                                        "when) or drop it"),
    # mods laid over the content (folders)
    "mod_empty": ("error", "mod: no .toml content files found: a mod holds the *.toml files of what it adds"),
    "mod_near_miss": ("warning", "mod/events.tml: warning: is not read: only files ending in .toml are content files "
                                 "(rename it events.toml?)"),
    "mod_replace_missing": ("error", "mod/events.toml:2: event measure: replace: replace = true, but the content has no "
                                     "event 'measure' to replace (did you mean 'measures'?)"),
    "mod_remove_missing": ("warning", "mod/rules.toml:2: remove: warning: removes event 'radio', which the content does "
                                      "not have (did you mean 'radios'?)"),
    "mod_duplicate_across_files": ("error", "mod/b_grain.toml:2: event grain_tax: id: duplicate id: event 'grain_tax' is "
                                            "also in mod/a_grain.toml:1 of the same mod: keep one of them, or give this "
                                            "one another id"),
    "mod_followup_to_removed": ("error", "content/events.toml:16: event measures: options[0].followups[0].event: unknown "
                                         "event 'inflation': mod/rules.toml:2 removes it (remove = [\"event.inflation\"]); "
                                         "replace this event too (replace = true), or keep the event"),
    "mod_ending_same_priority": ("error", "mod/endings.toml:5: ending survived_starving: when: wherever 'economy < 20' "
                                          "holds, an ending of the same outcome tried before it holds too "
                                          "('survived_poor'), so this one is never chosen: give it a priority above "
                                          "theirs, such as priority = 1, to be tried first"),
    "quote_not_in_paragraph": ("error", "mod/events.toml:5: event quoted: quote: not found word for word in P6 of the "
                                        "essay: \"The regime has good reasons to be afraid of any change.\": it is in "
                                        "P12, so cite essay = \"P12\""),
}


def _problems(tmp_path: Path, name: str) -> list[str]:
    folder = tmp_path / "content"
    shutil.copytree(MINIMAL, folder)
    planted = MISTAKES / name
    if planted.is_dir():  # a mod laid over the content: messages name the mod's files and the content's
        mod = tmp_path / "mod"
        shutil.copytree(planted, mod)
        essay = mod / "essay.md"
        _, problems = load_content(folder, essay=essay if essay.exists() else None, mods=[mod])
        return [f"{p.level}|{str(p).replace(str(tmp_path) + '/', '')}" for p in problems]
    shutil.copy(planted, folder / "zz_bad.toml")
    _, problems = load_content(folder)
    return [f"{p.level}|{str(p).split(str(folder) + '/')[-1]}" for p in problems]


def test_every_planted_mistake_has_a_case():
    assert sorted(p.name for p in MISTAKES.iterdir()) == sorted(CASES)
    assert len(CASES) >= 40


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_case_names_a_file_and_a_line_and_says_what_to_do(name):
    """The shape the guide promises, `file:line: kind id: field: what is wrong`, with a way out in the words;
    a problem of a whole file or folder (its encoding, its name, an empty mod) has no item to name."""
    message = CASES[name][1]
    whole_file = name in ("bom.toml", "mod_empty", "mod_near_miss")
    assert re.match(r"^[\w/.]+(\.toml|\.tml)?:\d+: ", message) or whole_file, message
    assert re.search(r"did you mean|[:;] (add|give|keep|write|save|cite|swap|read|put|choose|close|compare|empty|copy|"
                     r"replace|rename|schedule|check|pin)\b|levels count|never|such as|so cite|\(sources = |rename it|a mod holds|"
                     r"swap them", message), message


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


def test_check_on_the_command_line_prints_a_mod_s_mistake_at_its_place(capsys):
    """What the cases above read from load_content is what `check --mod` prints, and it fails."""
    mod = MISTAKES / "mod_duplicate_across_files"
    assert main(["check", str(MINIMAL), "--mod", str(mod)]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert ("mod_duplicate_across_files/b_grain.toml:2: event grain_tax: id: duplicate id: event 'grain_tax' is also "
            "in ") in out
    assert "mod_duplicate_across_files/a_grain.toml:1 of the same mod: keep one of them" in out
    assert "1 error(s)" in out
