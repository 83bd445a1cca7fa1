#!/usr/bin/env python3
"""The golden master: fixed seeds and moves, and the exact final state each must give.

    .venv/bin/python scripts/golden.py           # compare, print every difference (exit 1 if any)
    .venv/bin/python scripts/golden.py --write   # regenerate tests/data/golden.json

``tests/test_golden.py`` replays every recorded run and compares the final state exactly (meters
to the last bit, phase, ending, every regime transition and guard streak, the generator's state),
so a silent change to a rule constant fails it. When a rule or content change is *meant* to change
play, run ``--write`` and say so in the commit message.

The moves were chosen once by the strategies named in CASES; the test replays the recorded moves,
so a change to a strategy does not change the golden master, only a change to the rules or the
content does. Besides the final state, each run keeps a short hash of every turn's end (meters,
phase, guard streaks), so the first turn that differs is named.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.api import Game  # noqa: E402
from game.rules.model import Content  # noqa: E402
from game.content.loader import load_or_raise  # noqa: E402

GOLDEN = ROOT / "tests" / "data" / "golden.json"

#: (scenario, game seed, strategy that picked the moves, the strategy's seed)
CASES = [
    ("default", 1, "random", 11), ("default", 2, "random", 12), ("default", 3, "random", 13),
    ("default", 4, "hardliner", 0), ("default", 5, "reformer", 0), ("default", 6, "cautious", 0),
    ("default", 7, "opportunist", 0), ("default", 8, "first", 0), ("default", 9, "last", 0),
    ("default", 2002, "random", 7), ("after_the_stroke", 10, "random", 21), ("after_the_stroke", 11, "hardliner", 0),
    ("classroom", 12, "random", 31), ("classroom", 13, "cautious", 0), ("default", 14, "planner", 0),
    ("default", 15, "planner", 0),
]


def snapshot(game: Game) -> dict[str, Any]:
    """What the golden master pins down of a game's end: floats as their exact repr."""
    state = game.state
    return {
        "turn": state.turn, "date": state.date.code(), "phase": state.phase, "outcome": state.outcome,
        "collapse_kind": state.collapse_kind, "ending": state.ending, "rng": str(state.rng),
        "meters": {k: repr(v) for k, v in sorted(state.meters.items())},
        "policies": dict(sorted(state.policies.items())), "flags": sorted(state.flags),
        "streaks": dict(sorted(state.streaks.items())),
        "transitions": [[t.turn, t.source, t.target] for t in state.transitions],
        "changes": len([c for r in state.history for c in r.changes]),
    }


def _turn_hash(game: Game) -> str:
    """A short hash of a turn's end: meters, phase and every guard streak (which a phase change must reset)."""
    state = game.state
    text = json.dumps([state.phase, sorted(state.streaks.items()), [repr(v) for _, v in sorted(state.meters.items())]])
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def replay(content: Content, scenario: str, seed: int, moves: list[str]) -> tuple[Game, list[str]]:
    """The game the moves give, and the hash of every turn's end on the way."""
    game = Game.new(content, scenario, seed)
    trail = []
    for move in moves:
        game.play(move)
        if move == "end":
            trail.append(_turn_hash(game))
    return game, trail


def record(content: Content) -> list[dict[str, Any]]:
    from game.sim.simulate import play
    from game.sim.strategies import load_strategy

    runs = []
    for scenario, seed, strategy, strategy_seed in CASES:
        if scenario not in content.scenarios:
            continue
        moves = list(play(content, load_strategy(strategy), seed, strategy_seed, scenario).state.moves)
        game, trail = replay(content, scenario, seed, moves)
        runs.append({"scenario": scenario, "seed": seed, "picked_by": strategy, "moves": moves,
                     "final": snapshot(game), "trail": trail})
    return runs


def differences(content: Content, runs: list[dict[str, Any]]) -> list[str]:
    """Every way the replayed runs differ from the golden master, in words."""
    found = []
    for run in runs:
        label = f"{run['scenario']} seed {run['seed']} ({run['picked_by']})"
        try:
            game, trail = replay(content, run["scenario"], run["seed"], run["moves"])
        except Exception as error:  # noqa: BLE001 - a move that no longer applies is a difference too
            found.append(f"{label}: the moves no longer replay: {error}")
            continue
        final = snapshot(game)
        first = next((n for n, (a, b) in enumerate(zip(trail, run["trail"])) if a != b), None)
        if first is not None or len(trail) != len(run["trail"]):
            turn = first + 1 if first is not None else min(len(trail), len(run["trail"])) + 1
            found.append(f"{label}: the meters, phase or guard streaks first differ at the end of turn {turn}")
        for key, expected in run["final"].items():
            if final.get(key) != expected:
                found.append(f"{label}: {key}: golden {json.dumps(expected)[:300]}, now {json.dumps(final.get(key))[:300]}")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="regenerate the golden master from the current rules")
    args = parser.parse_args()
    content = load_or_raise()
    if args.write:
        runs = record(content)
        GOLDEN.write_text(json.dumps({"fingerprint": content.fingerprint, "runs": runs}, indent=1) + "\n", "utf-8")
        print(f"wrote {len(runs)} runs to {GOLDEN.relative_to(ROOT)}")
        return 0
    found = differences(content, json.loads(GOLDEN.read_text("utf-8"))["runs"])
    print("\n".join(found) or "the golden master holds")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
