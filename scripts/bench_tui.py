"""Benchmark the terminal game in a real pseudo-terminal and print the numbers.

1. Launch to first interactive screen: the game's title screen, against a bare Textual app launched
   the same way (a fresh interpreter running a script in a pty), alternated, median of N runs.
   The installed ``soft-landing`` command is measured too (it also validates the content first).
2. Key press to updated screen at 120x40: press 1 on a dilemma and time until the result is drawn
   on the terminal; a bare app redrawing a label on a key press is the baseline.

    .venv/bin/python scripts/bench_tui.py [--runs 5] [--presses 12]

The machine's load is printed too: on a busy 2-core machine every number grows.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZE = (40, 120)  # rows, columns

BARE = """
import time
START = time.perf_counter()
from textual.app import App
from textual.widgets import Footer, Static

class Bare(App):
    BINDINGS = [("1", "press", "Press")]
    def compose(self):
        yield Static("bare app ready", id="label")
        yield Footer()
    def action_press(self):
        self.count = getattr(self, "count", 0) + 1
        self.query_one("#label", Static).update(f"pressed {self.count} times")

Bare().run()
"""

GAME = """
import sys, time
START = time.perf_counter()
from pathlib import Path
from game.tui.app import SoftLandingApp
seed = int(sys.argv[2]) if len(sys.argv) > 2 else None
app = SoftLandingApp(saves_dir=Path(sys.argv[1]), seed=seed)
app.run()
Path(sys.argv[1], "ready.txt").write_text(f"{app.ready_seconds}")
"""


def spawn(args: list[str], env: dict[str, str] | None = None):
    import pexpect

    environment = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(SIZE[1]), "LINES": str(SIZE[0]), **(env or {})}
    child = pexpect.spawn(args[0], args[1:], dimensions=SIZE, env=environment, encoding="utf-8",
                          codec_errors="replace", timeout=60, cwd=str(ROOT))
    child.delaybeforesend = None  # pexpect sleeps 50 ms before each send by default
    return child


def launch(args: list[str], marker: str, env: dict[str, str] | None = None) -> float:
    """Seconds from spawning a process to ``marker`` appearing on its terminal; then quit it."""
    started = time.perf_counter()
    child = spawn(args, env)
    child.expect_exact(marker)
    elapsed = time.perf_counter() - started
    child.sendcontrol("q")
    child.expect(__import__("pexpect").EOF, timeout=20)
    child.close()
    return elapsed


def bench_launch(runs: int, saves: Path) -> dict[str, list[float]]:
    python = sys.executable
    bare_script = saves / "bare.py"
    game_script = saves / "game_app.py"
    bare_script.write_text(BARE)
    game_script.write_text(GAME)
    command = Path(python).parent / "soft-landing"
    found: dict[str, list[float]] = {"bare Textual app": [], "game (run entry)": [], "soft-landing command": []}
    ready: list[float] = []
    for _ in range(runs):
        found["bare Textual app"].append(launch([python, str(bare_script)], "bare app ready"))
        found["game (run entry)"].append(launch([python, str(game_script), str(saves)], "New game"))
        ready_file = saves / "ready.txt"
        if ready_file.exists():
            ready.append(float(ready_file.read_text()))
        if command.exists():
            found["soft-landing command"].append(
                launch([str(command), "--saves", str(saves)], "New game"))
    found["game: START_TIME to ready (in-app)"] = ready
    return found


def bench_keys(presses: int, saves: Path) -> dict[str, list[float]]:
    import pexpect

    python = sys.executable
    child = spawn([python, str(saves / "bare.py")])
    child.expect_exact("bare app ready")
    bare = []
    for n in range(1, presses + 1):
        started = time.perf_counter()
        child.send("1")
        child.expect_exact(f"pressed {n} times")
        bare.append(time.perf_counter() - started)
    child.sendcontrol("q")
    child.expect(pexpect.EOF)

    child = spawn([python, str(saves / "game_app.py"), str(saves), "2002"])
    child.expect_exact("Choose 1-", timeout=60)
    game = []
    while len(game) < presses:
        time.sleep(0.3)  # let the screen settle, as a player would read
        started = time.perf_counter()
        child.send("1")
        child.expect_exact("your decision")
        game.append(time.perf_counter() - started)
        time.sleep(0.1)
        # on to the next dilemma: enter if another is waiting this season, else end the season
        child.send("\r")
        index = child.expect_exact(["Choose 1-", pexpect.TIMEOUT], timeout=1)
        if index == 1:
            child.send("e")
            index = child.expect_exact(["Choose 1-", "After-action report"], timeout=30)
            if index == 1:
                break
    child.sendcontrol("q")
    if child.expect_exact(["Quit (y)", pexpect.EOF], timeout=20) == 0:  # asks if a choice is unsaved
        child.send("y")
        child.expect(pexpect.EOF, timeout=20)
    return {"bare app: key to redraw": bare, "game: choose an option to result drawn (120x40)": game}


def show(results: dict[str, list[float]]) -> None:
    for name, values in results.items():
        if values:
            print(f"  {name:52} median {statistics.median(values) * 1000:7.1f} ms   "
                  f"min {min(values) * 1000:7.1f}   max {max(values) * 1000:7.1f}   (n={len(values)})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--presses", type=int, default=12)
    parser.add_argument("--keys-only", action="store_true", help="skip the launch measurements")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as folder:
        saves = Path(folder)
        launched = bench_launch(0 if args.keys_only else args.runs, saves)
        if not args.keys_only:
            print("Launch to first interactive screen (120x40 pty):")
            show(launched)
            bare = statistics.median(launched["bare Textual app"])
            for name in ("game (run entry)", "soft-landing command"):
                if launched[name]:
                    print(f"  ratio {name} / bare: {statistics.median(launched[name]) / bare:.2f}x (target <= 1.5x)")
        print("Key press to updated screen:")
        keys = bench_keys(args.presses, saves)
        show(keys)
    print(f"load average {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
