"""What `check` passes, the game can play: mutants of the real content are refused cleanly or play.

A fixed seed and a bounded number of mutants (scripts/fuzz_content.py makes them and runs many more):
each is either refused by the loader with problems, or loads and plays a few campaigns to their end
without an exception, a hang or a non-finite meter, change or indicator.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from game.content.loader import DEFAULT_CONTENT

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "fuzz_content.py"


def _fuzz():
    spec = importlib.util.spec_from_file_location("fuzz_content", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_mutants_of_the_real_content_are_refused_or_play(capsys):
    counts = _fuzz().run(mutants=40, seed=2015, campaigns=1, source=DEFAULT_CONTENT, verbose=True)
    printed = capsys.readouterr().out
    assert counts["mutants"] == 40
    assert counts["loader crashed"] == 0, printed
    assert counts["broke in play"] == 0, printed
    assert counts["accepted"] >= 5 and counts["refused"] >= 5, counts  # both sides are exercised


def test_the_mutations_are_hostile_enough_to_be_refused():
    fuzz = _fuzz()
    import random
    rng = random.Random(3)
    text = 'when = "unrest > 5"\nweight = 10\n'
    made = {fuzz.mutate(text, rng) for _ in range(200)}
    assert any("nan" in m for m in made) and any("** -1" in m for m in made)
