"""Mods as overlays: a folder laid over the content adds, replaces (when it says so) and removes items,
keeps the base content's play as it was, and reports each problem in the mod's own file and line."""

import shutil
from pathlib import Path

import pytest

from game.api import Game
from game.cli import main
from game.content.loader import load_content, load_or_raise
from game.sim.simulate import simulate
from game.sim.strategies import load_strategy

DATA = Path(__file__).parent / "data"
GRAIN = DATA / "mods" / "grain_year"
MINIMAL = DATA / "minimal"

pytestmark = pytest.mark.xdist_group("mods")  # in parallel, one worker loads the modded content once


@pytest.fixture(scope="module")
def base():
    return load_or_raise()


@pytest.fixture(scope="module")
def modded():
    return load_or_raise(None, mods=[GRAIN])


def test_the_guide_s_mod_checks_clean_over_the_game_s_content():
    content, problems = load_content(None, mods=[GRAIN])
    assert content is not None
    assert problems == []


def test_the_mod_alone_is_not_content_but_over_the_base_it_is(capsys):
    assert main(["check", str(GRAIN)]) == 1
    capsys.readouterr()
    assert main(["check", "--mod", str(GRAIN)]) == 0
    assert "ok: 79 dilemmas, 6 policies, 4 scenarios, 17 endings" in capsys.readouterr().out
    assert main(["--mod", str(GRAIN), "check"]) == 0  # written before the sub-command, as --content may be


def test_a_mod_adds_its_items_after_the_base_ones(base, modded):
    assert list(modded.events)[: len(base.events)] == list(base.events)
    assert list(modded.events)[len(base.events):] == ["failed_harvest", "hidden_grain", "seed_loans", "ration_cards"]
    assert "grain_year" in modded.scenarios and "grain" in modded.policies
    assert [t.id for t in modded.transitions][: len(base.transitions)] == [t.id for t in base.transitions]
    assert modded.transitions[-1].id == "grain_riots"


def test_a_priority_puts_the_mod_s_ending_first_and_keeps_the_rest_in_order(base, modded):
    ids = [e.id for e in modded.endings]
    assert ids[0] == "survival_fed"  # priority = 10
    assert ids[1:] == [e.id for e in base.endings] + ["collapse_grain_riots"]


def test_a_mod_s_run_codes_never_replay_on_the_base(base, modded):
    assert modded.fingerprint != base.fingerprint
    assert load_or_raise().fingerprint == base.fingerprint  # the base is untouched by having loaded a mod


def test_a_mod_that_changes_only_words_still_has_a_fingerprint_of_its_own(tmp_path, base):
    mod = tmp_path / "words"
    mod.mkdir()
    text = (Path("content/endings.toml") if Path("content/endings.toml").exists() else None)
    assert text is not None
    ending = base.endings[-1]
    (mod / "ending.toml").write_text(
        f'[[ending]]\nid = "{ending.id}"\nreplace = true\noutcome = "{ending.outcome}"\n'
        + (f'kind = "{ending.kind}"\n' if ending.kind else "")
        + f'title = "Another Title"\ntext = """{ending.text}"""\nverdict = """{ending.verdict}"""\n'
        + f'essay = {list(ending.essay)!r}\nquote = """{ending.quote}"""\n'.replace("'", '"'), encoding="utf-8")
    content, problems = load_content(None, mods=[mod])
    assert content is not None, problems
    assert content.endings[-1].title == "Another Title"
    assert content.fingerprint != base.fingerprint


def test_the_mod_plays_its_scenario_pinned_dilemma_policy_and_follow_up(modded):
    game = Game.new(modded, "grain_year", seed=4)
    assert game.state.date.code() == "2009-Q1"
    assert game.state.policies["grain"] == 1
    assert "failed_harvest" in game.state.pending  # pinned to the first season
    while game.dilemma is not None and game.dilemma.id != "failed_harvest":
        game.answer(game.options()[0].id)
    game.answer("seize_grain")
    assert game.state.policies["grain"] == 0 and "grain_seized" in game.state.flags
    met = []
    for _ in range(4):
        while game.dilemma is not None:
            met.append(game.dilemma.id)
            game.answer(game.options()[0].id)
        if game.over:
            break
        game.end_season()
    assert "hidden_grain" in met  # the follow-up, two seasons on


def test_the_mod_s_collapse_road_and_endings_are_reached_in_play(modded):
    seizing = simulate(modded, load_strategy("hardliner"), runs=40, seed=1, scenario="grain_year")
    assert seizing.ending_ids["collapse_grain_riots"] > 0
    assert seizing.collapse_kinds.get("grain_riots", 0) == seizing.ending_ids["collapse_grain_riots"]
    anyone = simulate(modded, load_strategy("random"), runs=60, seed=1, scenario="grain_year")
    assert anyone.ending_ids["survival_fed"] > 0
    drawn = {"seed_loans", "ration_cards"}
    assert all(anyone.events_seen[e] > 0 for e in drawn)


def test_the_base_scenarios_play_as_before_with_the_mod_laid_over(base, modded):
    """The mod's scenario and items are its own: a base game's first seasons draw the same dilemmas
    (the mod's drawn dilemmas open in 2009, after the default scenario's first seasons)."""
    a, b = Game.new(base, None, 11), Game.new(modded, None, 11)
    for _ in range(3):
        assert a.state.pending == b.state.pending
        for game in (a, b):
            while game.dilemma is not None:
                game.answer(game.options()[0].id)
            game.end_season()


# --- what a mod may get wrong ----------------------------------------------------------------

def _mod(tmp_path: Path, text: str, name: str = "mod.toml") -> Path:
    folder = tmp_path / "mod"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


THE_SAME_ID = '''
[[phase]]
id = "crisis"
name = "Crisis"
description = "Slipping, again."
'''


def test_an_id_already_there_is_an_error_naming_both_files_unless_it_says_replace(tmp_path):
    folder = _mod(tmp_path, THE_SAME_ID)
    content, problems = load_content(MINIMAL, mods=[folder])
    assert content is None
    text = "\n".join(map(str, problems))
    assert "mod/mod.toml:2: phase crisis: id: the content already has phase 'crisis' (in " in text
    assert "core.toml): write replace = true to replace it" in text


def test_replace_true_replaces_the_item_in_its_place(tmp_path):
    folder = _mod(tmp_path, THE_SAME_ID.replace('id = "crisis"', 'id = "crisis"\nreplace = true'))
    content, problems = load_content(MINIMAL, mods=[folder])
    assert content is not None, problems
    assert list(content.phases) == list(load_or_raise(MINIMAL).phases)
    assert content.phases["crisis"].description == "Slipping, again."


def test_replace_of_an_item_the_content_lacks_suggests_the_near_one(tmp_path):
    folder = _mod(tmp_path, THE_SAME_ID.replace('id = "crisis"', 'id = "crisi"\nreplace = true'))
    _, problems = load_content(MINIMAL, mods=[folder])
    assert "mod.toml:2: phase crisi: replace: replace = true, but the content has no phase 'crisi' to replace " \
           "(did you mean 'crisis'?)" in "\n".join(map(str, problems))


def test_remove_takes_a_base_item_out_and_names_a_misspelt_one(tmp_path):
    base = load_or_raise(MINIMAL)
    event = next(iter(base.events))
    folder = _mod(tmp_path, f'remove = ["event.{event}", "event.{event}x", "evnt.{event}"]\n')
    content, problems = load_content(MINIMAL, mods=[folder])
    text = "\n".join(map(str, problems))
    assert f"mod.toml:1: remove: warning: removes event '{event}x', which the content does not have " \
           f"(did you mean '{event}'?)" in text
    assert f"mod.toml:1: remove: 'evnt.{event}' names no kind of item (did you mean 'event.{event}'?)" in text


def test_remove_takes_an_item_out(tmp_path):
    base = load_or_raise(MINIMAL)
    ending = next(e for e in base.endings if e.when is not None)
    content, problems = load_content(MINIMAL, mods=[_mod(tmp_path, f'remove = ["ending.{ending.id}"]\n')])
    assert content is not None, problems
    assert ending.id not in [e.id for e in content.endings]


def test_remove_and_replace_belong_to_mods(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(MINIMAL, folder)
    (folder / "zz.toml").write_text('remove = ["event.x"]\n', encoding="utf-8")
    _, problems = load_content(folder)
    assert "zz.toml:1: remove: remove = [...] belongs in a mod (--mod DIR)" in "\n".join(map(str, problems))


def test_a_priority_is_a_whole_number(tmp_path):
    folder = _mod(tmp_path, '[[ending]]\nid = "early"\npriority = "high"\noutcome = "survival"\ntitle = "t"\n'
                            'text = "t"\nverdict = "v"\nessay = "P1"\nquote = ""\n')
    _, problems = load_content(MINIMAL, mods=[folder])
    assert "mod.toml:3: ending early: priority: a priority is a whole number from -1000 to 1000, not 'high'" \
           in "\n".join(map(str, problems))


def test_a_problem_of_the_mod_is_reported_in_the_mod_s_file_and_line(tmp_path):
    folder = tmp_path / "mod"
    shutil.copytree(GRAIN, folder)
    events = folder / "events.toml"
    events.write_text(events.read_text(encoding="utf-8").replace("after = 2", 'after = 2, evnt = "x"'), encoding="utf-8")
    _, problems = load_content(None, mods=[folder])
    wrong = [p for p in problems if p.level == "error"]
    assert [str(p).split(str(tmp_path))[-1] for p in wrong] == [
        "/mod/events.toml:29: event failed_harvest: options[0].followups[0].evnt: unknown key (did you mean 'event'?)"]


def test_a_missing_mod_folder_is_named(tmp_path, capsys):
    assert main(["check", "--mod", str(tmp_path / "nowhere")]) == 1
    assert "nowhere: no such mod folder" in capsys.readouterr().out


def test_the_content_guide_shows_the_mod_as_it_is():
    guide = (Path(__file__).parent.parent / "content" / "README.md").read_text(encoding="utf-8")
    for name in ("rules.toml", "events.toml"):
        assert (GRAIN / name).read_text(encoding="utf-8").strip("\n") in guide


async def test_play_lays_the_mod_over_the_content_and_starts_its_scenario(tmp_path):
    from game.tui.app import SoftLandingApp
    from test_tui_support import wait_for_content

    app = SoftLandingApp(saves_dir=tmp_path, scenario="grain_year", mods=(GRAIN,), force="seed_loans")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_content(pilot, app)
        for _ in range(100):
            if app.game is not None:
                break
            await pilot.pause(0.02)
        assert app.game is not None and app.game.state.scenario == "grain_year"
        assert {"failed_harvest", "seed_loans"} <= set(app.game.state.pending)  # pinned, and forced


def test_a_served_game_is_started_with_the_mods(tmp_path, capsys):
    from game.web.server import game_command

    command = game_command(Path("saves"), None, None, [GRAIN])
    assert command[-2:] == ["--mod", str(GRAIN)]
    assert main(["serve", "--mod", str(tmp_path / "nowhere")]) == 1  # refused before anything is served
    assert "nowhere: no such mod folder" in capsys.readouterr().out
