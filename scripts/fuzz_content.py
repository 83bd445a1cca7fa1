"""Fuzz the content loader and the game with mutants of the real content.

Each mutant changes one thing in one file of the game's content folder (a number made hostile, a
condition replaced, a line dropped, a file made a folder or a loop ...). The loader must either
refuse it with problems or accept it; accepted content must play a few campaigns to their end
without an exception, a hang or a non-finite meter or indicator. Prints the counts; asserts
nothing. The suite runs a small fixed sample of the same (tests/test_content_fuzz.py).

Run: .venv/bin/python scripts/fuzz_content.py [--mutants N] [--seed S] [--campaigns K]
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HOSTILE_NUMBERS = ["nan", "inf", "-inf", "+nan", "1e308", "-1e308", "0", "-0.0", "1e9", "-5", "100000", "0.5",
                   "1e-300", "-1", "2007-06-01", '"text"', "true", "[]", "{ x = 1 }", "[" * 300 + "1" + "]" * 300]
HOSTILE_EXPRESSIONS = [
    "0 ** -1 > 0", "(treasury - treasury) ** -1", "(unrest - 200) ** 0.5", "((1e9 ** 4) ** 4) ** 4",
    "round(unrest, 0.5)", "round(unrest, economy)", "round(unrest / 0.0000001)", "-" * 490 + "1",
    "((((((((9 ** 4) ** 4) ** 4) ** 4) ** 4) ** 4) ** 4) ** 4) * 0 > 1", "unrest / (economy - economy)",
    "exp(unrest) ** 4", "1e9 * 1e9 * 1e9 * 1e9", "log(0) ** -1", "sqrt(unrest - 100) ** -2", "unrest % 0",
    "turn ** 4 * year ** 4", "clamp(unrest, 100, 0) ** 0.5", "abs(economy - 50) ** -0.5", "unrst > 5",
    "flag.nobody_knows", "policy.nothing > 1", "__import__('os')", "economy if unrest else tension",
    "min(unrest)", "max(unrest, economy) ** 4 ** 4", "(economy - 50) ** 3 / (unrest - 50)",
]
HOSTILE_STRINGS = ["", "x" * 5000, "nowhere", "P99", "2007-Q5", "2002-Q1", "2099-Q4", "a" + "-" * 3, "Economy"]
CONDITION_KEYS = ("when", "amount", "value")
NUMBER = re.compile(r"(?<![\w.])-?\d+(\.\d+)?([eE][-+]?\d+)?(?![\w-])")
STRING_VALUE = re.compile(r'^(\s*)([a-z_]+)(\s*=\s*)"((?:[^"\\]|\\.)*)"\s*$')


class Hang(Exception):
    """A mutant that took too long to load or to play."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise Hang after ``seconds`` (Unix only; elsewhere no limit)."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def stop(signum, frame):
        raise Hang(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _mutate_line(line: str, rng: random.Random) -> str | None:
    numbers = list(NUMBER.finditer(line))
    match = STRING_VALUE.match(line)
    choices = []
    if numbers:
        choices.append("number")
    if match and match.group(2) in CONDITION_KEYS:
        choices += ["expression", "expression"]
    if match:
        choices.append("string")
    if "=" in line:
        choices.append("value")
    if not choices:
        return None
    kind = rng.choice(choices)
    if kind == "number":
        found = rng.choice(numbers)
        return line[:found.start()] + rng.choice(HOSTILE_NUMBERS) + line[found.end():]
    if kind == "expression":
        assert match
        return f'{match.group(1)}{match.group(2)}{match.group(3)}"{rng.choice(HOSTILE_EXPRESSIONS)}"'
    if kind == "string":
        assert match
        return f'{match.group(1)}{match.group(2)}{match.group(3)}"{rng.choice(HOSTILE_STRINGS)}"'
    key = line.split("=", 1)[0]
    return f"{key}= {rng.choice(HOSTILE_NUMBERS)}"


def mutate(text: str, rng: random.Random) -> str:
    """One change to a TOML text: a value made hostile, a line dropped or doubled, a cut, a BOM."""
    lines = text.split("\n")
    roll = rng.random()
    if roll < 0.06:
        return "\ufeff" + text
    if roll < 0.10:
        return text[:rng.randrange(len(text))]
    if roll < 0.18:
        del lines[rng.randrange(len(lines))]
        return "\n".join(lines)
    if roll < 0.22:
        at = rng.randrange(len(lines))
        lines.insert(at, lines[at])
        return "\n".join(lines)
    for _ in range(50):
        at = rng.randrange(len(lines))
        changed = _mutate_line(lines[at], rng)
        if changed is not None:
            lines[at] = changed
            return "\n".join(lines)
    return text


def _finite(value: object) -> bool:
    return isinstance(value, bool) or (isinstance(value, int | float) and math.isfinite(value))


def play_some(content, campaigns: int, seed: int) -> None:
    """Play campaigns with the random strategy; raise on a non-finite meter, indicator or change."""
    from game.sim.simulate import play
    from game.sim.strategies import load_strategy

    strategy = load_strategy("random")
    for scenario in list(content.scenarios)[:2]:
        for n in range(campaigns):
            game = play(content, strategy, seed + n, seed * 31 + n, scenario)
            state = game.state
            bad = {m: v for m, v in state.meters.items() if not _finite(v)}
            bad.update({f"indicator {k}": v for k, v in game.indicators().items() if not _finite(v)})
            for record in state.history:
                bad.update({f"turn {record.turn} {c.cause}": c.delta for c in record.changes if not _finite(c.delta)})
                bad.update({f"turn {record.turn} {m}": v for m, v in record.meters.items() if not _finite(v)})
            if bad:
                raise ArithmeticError(f"non-finite values in a campaign: {dict(list(bad.items())[:3])}")


def run(mutants: int, seed: int, campaigns: int, source: Path, verbose: bool = False,
        limit: float = 20.0) -> Counter[str]:
    """Make and try ``mutants`` mutants; returns the counts by result."""
    from game.content.loader import load_content

    rng = random.Random(seed)
    files = sorted(p for p in source.rglob("*.toml"))
    counts: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "content"
        shutil.copytree(source, folder)
        targets = [folder / p.relative_to(source) for p in files]
        for index in range(mutants):
            target = rng.choice(targets)
            original = target.read_bytes()
            special = rng.random()
            try:
                if special < 0.02:
                    target.unlink()
                    target.mkdir()
                    what = "made a folder"
                elif special < 0.04 and hasattr(os, "symlink"):
                    target.unlink()
                    target.symlink_to(target)
                    what = "made a symlink loop"
                elif special < 0.05 and hasattr(os, "mkfifo"):
                    target.unlink()
                    os.mkfifo(target)
                    what = "made a fifo"
                else:
                    mutated = mutate(original.decode("utf-8"), rng)
                    target.write_text(mutated, encoding="utf-8")
                    what = "text"
                counts["mutants"] += 1
                try:
                    with time_limit(limit):
                        content, _ = load_content(folder)
                except Exception as error:  # noqa: BLE001 - counting what escapes is the point
                    counts["loader crashed"] += 1
                    if verbose:
                        print(f"#{index} {target.name} ({what}): loader: {type(error).__name__}: {str(error)[:120]}")
                    continue
                if content is None:
                    counts["refused"] += 1
                    continue
                counts["accepted"] += 1
                try:
                    with time_limit(limit):
                        play_some(content, campaigns, seed + index)
                except Exception as error:  # noqa: BLE001
                    counts["broke in play"] += 1
                    if verbose:
                        where = traceback.extract_tb(error.__traceback__)[-1]
                        print(f"#{index} {target.name} ({what}): play: {type(error).__name__}: {str(error)[:120]} "
                              f"[{Path(where.filename).name}:{where.lineno}]")
            finally:
                if target.is_symlink():
                    target.unlink()
                elif target.is_dir():
                    target.rmdir()
                elif target.exists():
                    target.unlink()
                target.write_bytes(original)
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mutants", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--campaigns", type=int, default=2, help="campaigns per scenario (two scenarios)")
    parser.add_argument("--content", type=Path, default=None, help="the folder to mutate (default: the game's own)")
    parser.add_argument("--verbose", action="store_true", help="print every crash and break")
    args = parser.parse_args()
    from game.content.loader import DEFAULT_CONTENT

    started = time.perf_counter()
    counts = run(args.mutants, args.seed, args.campaigns, args.content or DEFAULT_CONTENT, args.verbose)
    print(f"{counts['mutants']} mutants in {time.perf_counter() - started:.0f} s: {counts['refused']} refused, "
          f"{counts['accepted']} accepted, {counts['broke in play']} of those broke in play, "
          f"{counts['loader crashed']} crashed the loader")
    return 0


if __name__ == "__main__":
    sys.exit(main())
