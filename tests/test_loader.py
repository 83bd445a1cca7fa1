"""Loading content: every bad file is named with the item and field that are wrong, never a traceback."""

import shutil
from pathlib import Path

import pytest

from game.cli import main
from game.content.loader import ContentError, load_content, load_or_raise

DATA = Path(__file__).parent / "data"
MINIMAL = DATA / "minimal"
BAD = DATA / "bad_content"

# Each bad file, dropped into a copy of the minimal content, with the words its error must contain.
CASES = {
    "broken_toml.toml": ["zz_bad.toml:3: not valid TOML"],
    "typo_key.toml": ["zz_bad.toml:8: event typo: wieght: unknown key (did you mean 'weight'?)"],
    "wrong_type.toml": ["event heavy: weight: expected float, got str 'heavy'"],
    "unknown_meter.toml": ["event misspelt: options[0].effects: unknown meter 'econmy'"],
    "out_of_range.toml": ["event huge: options[0].effects: economy: 500 is out of range"],
    "bad_range.toml": ["event backwards: options[0].effects: economy: the range [5, 1] has low above high"],
    "condition_call.toml": ["event importer: when: calls are allowed only to"],
    "condition_syntax.toml": ["event dangling: when: does not parse"],
    "condition_dunder.toml": ["event walker: when: names starting with '_' are not allowed"],
    "unknown_policy.toml": ["event nopolicy: when: unknown policy 'army'"],
    "bad_date.toml": ["event summer: earliest: a date is written as YEAR-Q1..Q4"],
    "bad_paragraph.toml": ["event cited: essay: no essay paragraph P99"],
    "duplicate_id.toml": ["event measures: id: duplicate id (also in", "events.toml"],
    "long_quote.toml": ["event shortquote: quote: 62 words; a quote is at most 60"],
    "missing_title.toml": ["event untitled: title: is required but missing"],
    "unknown_followup.toml": ["event lost: options[0].followups[0].event: unknown event 'nowhere'"],
    "unknown_table.toml": ["unknown top-level table 'evnt' (did you mean [[event]]?)"],
    "one_option.toml": ["event lonely: options: an event needs 2 to 4 options, not 1"],
    "policy_meter.toml": ["policy army: levels[0].effects: unknown meter 'morale'"],
    "scenario_meter.toml": ["scenario wrong: end: 2004-Q1 is before the start 2005-Q1",
                            "scenario wrong: meters.economy: 150 is out of range",
                            "scenario wrong: meters.hunger: unknown meter 'hunger'"],
    "transition_phase.toml": ["transition nowhere: to: unknown phase 'limbo'"],
    "meter_direction.toml": ["meter hunger: good: must be one of 'up', 'down', not 'sideways'"],
    "duplicate_option.toml": ["event dupopt: options[1].id: option id 'one' is used 2 times"],
    # numbers TOML allows that no meter can hold
    "nan_effect.toml": ["event nanfx: options[0].effects: economy: an amount must be a finite number"],
    "nan_range.toml": ["event nanrange: options[0].effects: economy: an amount must be a finite number"],
    "nan_weight.toml": ["event nanweight: weight: must be a finite number, not nan"],
    "inf_weight.toml": ["event infweight: weight: must be a finite number, not inf"],
    "huge_weight.toml": ["event hugeweight: weight: 1e+300 is above the most a weight may be"],
    "nan_factor.toml": ["event nanfactor: modifiers[0].factor: must be a finite number"],
    "nan_policy.toml": ["policy army: change: economy: an amount must be a finite number"],
    "nan_chance.toml": ["scenario nanchance: second_dilemma_chance: must be a finite number"],
    # expressions that would fail in play
    "zero_power.toml": ["event zeropower: when:", "negative power of a number that may be 0"],
    "zero_base_power.toml": ["event emptypower: when:", "negative power of a number that may be 0"],
    "negative_root.toml": ["event negroot: when:", "fractional power of a number that may be negative"],
    "power_tower.toml": ["event tower: when:", "can reach 1e+36", "within"],
    "integer_tower.toml": ["event inttower: when:", "can reach"],
    "round_digits.toml": ["event rounding: when: round()'s second argument is a whole number", "not '0.5'"],
    "round_meter_digits.toml": ["event roundmeter: when: round()'s second argument", "not 'unrest'"],
    "deep_expression.toml": ["event deep: when: is too deep"],
    "drift_overflow.toml": ["drift runaway: amount:", "can reach"],
    "drift_nan.toml": ["drift rootless: amount:", "fractional power"],
    "indicator_overflow.toml": ["indicator price: value:", "can reach"],
    "indicator_decimals.toml": ["indicator precise: decimals: must be 0 to 6"],
    # limits the guide states, and shapes a writer gets wrong
    "long_scenario.toml": ["scenario forever: end: the scenario lasts 1194 turns; at most 400"],
    "followup_far.toml": ["event far: options[0].followups[0].after: must be 1 to 400 turns"],
    "condition_meter_typo.toml": ["event typo: when: unknown name 'unrset' (did you mean 'unrest'?)"],
    "followup_string.toml": ["event shape: options[0].followups[0]: a follow-up is a table, written { event ="],
    "toml_date.toml": ["event dated: earliest: TOML read 2007-06-01 as a date", '"2007-Q2"'],
    "unknown_table_evnet.toml": ["unknown top-level table 'evnet' (did you mean [[event]]?)"],
    # what a telling takes for granted (content/README.md: "What a telling takes for granted")
    "presupposed.toml": ["zz_bad.toml:14: event thriving: text: assumes markets that trade openly (premise 'markets_open')",
                         "can be shown when it is false: policy.markets = 0", "add a variant"],
    "presupposed_option.toml": ["event stalls: options[0]: assumes markets that trade openly",
                                "policy.markets = 0"],
    "unknown_premise.toml": ["event misnamed: assumes: unknown premise 'market_open' (did you mean 'markets_open'?)"],
}


def with_bad_file(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(MINIMAL, folder)
    shutil.copy(BAD / name, folder / "zz_bad.toml")
    return folder


def test_a_broken_meter_is_one_error_not_one_per_use(tmp_path):
    _, problems = load_content(with_bad_file(tmp_path, "meter_direction.toml"))
    assert [p.item for p in problems] == ["hunger"]


def test_content_must_say_how_survival_reads(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(MINIMAL, folder)
    core = folder / "core.toml"
    text = core.read_text(encoding="utf-8")
    start = text.index('[[transition]]\nid = "the_end"')
    core.write_text(text[:start] + text[text.index("[[drift]]", start):], encoding="utf-8")
    content, problems = load_content(folder)
    assert content is None
    assert 'no [[transition]] with outcome = "survival"' in str(problems[0])


def test_every_fixture_has_a_case():
    assert sorted(p.name for p in BAD.glob("*.toml")) == sorted(CASES)


def test_minimal_content_is_valid():
    content, problems = load_content(MINIMAL)
    assert content is not None
    assert problems == []


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_content_is_named_precisely(tmp_path, name):
    folder = with_bad_file(tmp_path, name)
    content, problems = load_content(folder)
    assert content is None
    text = "\n".join(map(str, problems))
    for words in CASES[name]:
        assert words in text
    with pytest.raises(ContentError) as error:
        load_or_raise(folder)
    assert CASES[name][0] in str(error.value)


@pytest.mark.parametrize("name", ["typo_key.toml", "broken_toml.toml"])
def test_check_command_prints_problems_and_exits_1(tmp_path, capsys, name):
    folder = with_bad_file(tmp_path, name)
    assert main(["check", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "zz_bad.toml" in out
    assert "Traceback" not in out


def test_check_command_passes_good_content(capsys):
    assert main(["check", str(MINIMAL)]) == 0
    assert "ok: 4 dilemmas" in capsys.readouterr().out


def test_missing_folder_and_empty_folder(tmp_path):
    _, problems = load_content(tmp_path / "nowhere")
    assert "no such content folder" in str(problems[0])
    _, problems = load_content(tmp_path)
    assert any("no .toml content files" in str(p) for p in problems)


def test_not_utf8(tmp_path):
    folder = with_bad_file(tmp_path, "typo_key.toml")
    (folder / "zz_bad.toml").write_bytes(b"[[event]]\nid = \"\xff\xfe\"\n")
    _, problems = load_content(folder)
    assert any("zz_bad.toml:2: not UTF-8" in str(p) for p in problems)


def test_warnings_for_flags_never_set_options_without_effect_and_unreachable_events(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(MINIMAL, folder)
    (folder / "zz_warn.toml").write_text('''
[[event]]
id = "odd"
title = "Odd"
essay = "P12"
quote = "x"
history = "x"
text = "x"
when = "flag.nobody_sets_this"

[[event.options]]
id = "nothing"
label = "Nothing"
result = "Nothing happens."

[[event.options]]
id = "something"
label = "Something"
result = "Something happens."
effects = { economy = 1 }

[[event]]
id = "orphan"
title = "Orphan"
followup_only = true
essay = "P12"
quote = "x"
history = "x"
text = "x"

[[event.options]]
id = "a"
label = "A"
result = "A."
effects = { economy = 1 }

[[event.options]]
id = "b"
label = "B"
result = "B."
effects = { economy = -1 }
''', encoding="utf-8")
    content, problems = load_content(folder)
    assert content is not None  # warnings do not stop the game
    text = "\n".join(map(str, problems))
    assert "event odd: when: warning: reads flag 'nobody_sets_this', which nothing sets" in text
    assert "event odd: options[0]: warning: option 'nothing' has no effect" in text
    assert "event orphan: followup_only: warning: no option schedules this event" in text
    assert all(p.level == "warning" for p in problems)


def test_fingerprint_changes_with_content(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(MINIMAL, folder)
    first = load_or_raise(folder).fingerprint
    assert load_or_raise(folder).fingerprint == first
    events = folder / "events.toml"
    events.write_text(events.read_text("utf-8").replace("weight = 10", "weight = 11", 1), "utf-8")
    assert load_or_raise(folder).fingerprint != first


def test_the_fingerprint_ignores_prose_comments_and_spacing(tmp_path):
    """What a reader reads (titles, texts, labels, comments, a condition's spacing) is not what decides play."""
    folder = tmp_path / "content"
    shutil.copytree(MINIMAL, folder)
    first = load_or_raise(folder)
    events = folder / "events.toml"
    text = events.read_text("utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title = "))
    text = text.replace(title, 'title = "A title in other words,  with one extra space"', 1) + "\n# a comment\n"
    events.write_text(text, "utf-8")
    second = load_or_raise(folder)
    assert second.text_fingerprint != first.text_fingerprint
    assert second.fingerprint == first.fingerprint


def test_the_game_content_is_valid(content):
    assert len(content.events) >= 12
    assert len(content.policies) >= 3
    assert {"survival", "soft_landing", "collapse"} <= {e.outcome for e in content.endings}
