"""Write the bad save files of this folder (run from the repository root when their form changes).

    .venv/bin/python tests/data/saves/make_fixtures.py

Each file is a real save of a short game, then damaged one way; ``tests/test_saves_files.py`` lists
the words each one's error must contain. None of them depends on the content staying the same:
every fault is one that is found before a save is compared with the content.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from game.api import Game
from game.files.saves import _text, document

HERE = Path(__file__).resolve().parent


def base() -> dict:
    game = Game.new(seed=11)
    for _ in range(2):
        while game.dilemma:
            game.answer(game.options()[0].id)
        game.end_season()
    return document(game, "Fixture", now=datetime(2026, 1, 1, tzinfo=timezone.utc))


def write(name: str, data: str | bytes) -> None:
    path = HERE / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


def main() -> None:
    doc = base()
    text = _text(doc)

    def edited(change) -> str:
        copy = json.loads(text)
        change(copy)
        return _text(copy) if "state" in copy else json.dumps(copy, indent=1)

    write("empty.json", b"")
    write("truncated.json", text[: len(text) // 2])
    write("binary.json", bytes(range(256)) * 4)
    write("not-json.json", "Saved on Tuesday: turn 3, going well.\n")
    write("not-a-save.json", json.dumps({"name": "My game", "turn": 3}))
    write("list.json", json.dumps([1, 2, 3]))
    write("newer-format.json", edited(lambda d: d.update(format=99)))
    write("format-zero.json", edited(lambda d: d.update(format=0)))
    write("format-text.json", edited(lambda d: d.update(format="two")))
    write("turn-as-text.json", edited(lambda d: d["state"].update(turn="three")))
    write("missing-meters.json", edited(lambda d: d["state"].pop("meters")))
    write("missing-state.json", edited(lambda d: d.pop("state")))
    write("extra-key.json", edited(lambda d: d["state"].update(cheat=True)))
    write("meter-out-of-range.json", edited(lambda d: d["state"]["meters"].update(economy=250.0)))
    write("turn-ahead.json", edited(lambda d: d["state"].update(turn=30)))
    write("moves-differ.json", edited(lambda d: d.update(moves=d["moves"][:-1])))
    write("delta-as-text.json", edited(lambda d: d["state"]["history"][1]["changes"][2].__setitem__(1, "x")))
    write("seed-as-float.json", edited(lambda d: d.update(seed=11.5)))
    write("nan.json", text.replace('"seed": 11', '"seed": NaN', 1))
    write("bad-date.json", edited(lambda d: d["state"].update(date="summer of 2003")))
    write("unknown-scenario.json", edited(lambda d: (d.update(scenario="moon_base"), d["state"].update(scenario="moon_base"))))

    def other_content(d: dict) -> None:
        d.update(content="0000000000000000", moves=["no_such_event:no_such_option"])
        d["state"].update(moves=["no_such_event:no_such_option"], turn=1, history=[])
    write("other-content.json", edited(other_content))

    # Format 1: the moves only inside the state, no name, autosave flag or summary. No moves, so it
    # loads on any content that has the scenario.
    fresh = document(Game.new(seed=3), "x", now=datetime(2025, 6, 1, tzinfo=timezone.utc))
    old = {key: fresh[key] for key in ("game", "game_version", "saved_at", "content", "scenario", "seed", "state")}
    old["format"] = 1
    write("format-1.json", json.dumps(old, indent=1))

    # Format 2: no session record (the season last rewound, a branch's main line). No moves either.
    write("format-2.json", _text(format_2(document(Game.new(seed=5), "Before rewinds were saved",
                                                    now=datetime(2026, 3, 1, tzinfo=timezone.utc)))))


def format_2(doc: dict) -> dict:
    """A document as format 2 wrote it: without the keys format 3 added."""
    old = {key: value for key, value in doc.items() if key not in ("rewound", "main_line")}
    old["format"] = 2
    return old


if __name__ == "__main__":
    main()
