"""The golden master: recorded runs replay to exactly the final state recorded for them.

A change to a rule constant (rounding random effects, a guard streak not reset, a drift rate)
changes some final meter or transition and fails this test. When the change is meant, regenerate
with ``.venv/bin/python scripts/golden.py --write`` and say so in the commit message.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("golden", ROOT / "scripts" / "golden.py")
assert _spec and _spec.loader
golden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(golden)


def test_recorded_runs_end_exactly_as_recorded(content):
    runs = json.loads(golden.GOLDEN.read_text("utf-8"))["runs"]
    assert len(runs) >= 10 and {r["scenario"] for r in runs} >= {"default"}
    found = golden.differences(content, runs)
    assert not found, ("the rules or content changed play; if that was meant, run "
                       "`.venv/bin/python scripts/golden.py --write` and say so in the commit:\n" + "\n".join(found[:20]))


def test_the_golden_master_covers_every_ending_kind_it_can(content):
    runs = json.loads(golden.GOLDEN.read_text("utf-8"))["runs"]
    outcomes = {r["final"]["outcome"] for r in runs}
    assert "collapse" in outcomes and "survival" in outcomes
    assert sum(len(r["final"]["transitions"]) for r in runs) >= 10
