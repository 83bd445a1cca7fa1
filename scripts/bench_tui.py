"""Benchmark the terminal game in a real pseudo-terminal and print the numbers.

1. ``launch``: from spawning a fresh interpreter in a pty to the first interactive screen, the
   game's title screen against a bare Textual app launched the same way, alternated, median of N.
2. ``key_to_screen`` at 120x40 and 80x24: press 1 on a dilemma and time until the result is on the
   terminal. The baseline is a bare Textual app that swaps a card's text on the same key, pressed
   with the same pause before each key (a player reads before pressing): a key pressed with no pause
   lands in the middle of the previous frame and is not a fair comparison. Both run in one process
   of this script, one after the other, so a busy machine weighs on both.
   CPU time of the app's process per key (all its threads) comes from /proc/PID/task/*/schedstat, in
   nanoseconds; the median is printed. On a shared machine the CPU time and the ratio to the bare app
   say more than the wall time, which waits for the other processes.
3. ``--against DIR``: the game of another checkout (``git worktree add /tmp/before HEAD~3``, or an
   unpacked ``git archive``) measured in the same run, between this checkout's game and the bare app,
   for before/after numbers under the same load.

    .venv/bin/python scripts/bench_tui.py [--runs 5] [--presses 12] [--pause 0.3] [--keys-only] [--against DIR]

The machine's load is printed too: on a busy 2-core machine every number grows.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = ((40, 120), (24, 80))  # rows, columns
TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

BARE = """
import time
START = time.perf_counter()
from textual.app import App
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Static

class Bare(App):
    CSS = "#side { width: 31; border: round $primary; } #card { width: 1fr; border: round $primary; }"
    BINDINGS = [("1", "press", "Choose"), ("enter", "back", "Next")]
    def compose(self):
        with Horizontal():
            yield Static("bare app ready", id="side")
            with Vertical(id="card"):
                yield Static("dilemma", id="title")
                yield Static("the situation " * 40, id="story")
        yield Footer()
    def action_press(self):
        self.count = getattr(self, "count", 0) + 1
        self.query_one("#title", Static).update(f"pressed {self.count} times")
        self.query_one("#story", Static).update("the result " * 40)
        self.query_one("#side", Static).update(f"meters {self.count}")
    def action_back(self):
        self.query_one("#title", Static).update("dilemma")
        self.query_one("#story", Static).update("the situation " * 40)

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


def spawn(args: list[str], size: tuple[int, int] = SIZES[0], tree: Path | None = None):
    """``tree``: a checkout whose ``game`` package is imported instead of this one's."""
    import pexpect

    environment = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(size[1]), "LINES": str(size[0])}
    if tree is not None:
        environment["PYTHONPATH"] = os.pathsep.join([str(tree), *filter(None, [os.environ.get("PYTHONPATH")])])
    child = pexpect.spawn(args[0], args[1:], dimensions=size, env=environment, encoding="utf-8",
                          codec_errors="replace", timeout=60, cwd=str(ROOT))
    child.delaybeforesend = None  # pexpect sleeps 50 ms before each send by default
    return child


def cpu_seconds(pid: int) -> float:
    """CPU time of a process so far, all its threads (Linux /proc), 0 where there is no /proc.

    From each thread's schedstat (nanoseconds); from the process's stat (10 ms ticks) where the
    kernel keeps no schedstat."""
    try:
        return sum(int((task / "schedstat").read_text().split()[0])
                   for task in Path(f"/proc/{pid}/task").iterdir()) / 1e9
    except (OSError, ValueError, IndexError):
        pass
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def quit_child(child) -> None:
    import pexpect

    child.sendcontrol("q")
    if child.expect_exact(["Quit (y)", pexpect.EOF], timeout=20) == 0:  # asks if a choice is unsaved
        child.send("y")
        child.expect(pexpect.EOF, timeout=20)
    child.close()


def launch(args: list[str], marker: str) -> float:
    """Seconds from spawning a process to ``marker`` appearing on its terminal; then quit it."""
    started = time.perf_counter()
    child = spawn(args)
    child.expect_exact(marker)
    elapsed = time.perf_counter() - started
    quit_child(child)
    return elapsed


def bench_launch(runs: int, saves: Path) -> dict[str, list[float]]:
    python = sys.executable
    found: dict[str, list[float]] = {"bare": [], "game": []}
    for _ in range(runs):
        found["bare"].append(launch([python, str(saves / "bare.py")], "bare app ready"))
        found["game"].append(launch([python, str(saves / "game_app.py"), str(saves)], "New game"))
    return found


def bare_keys(presses: int, pause: float, size: tuple[int, int], saves: Path) -> tuple[list[float], list[float]]:
    """Key to screen in the bare app, with ``pause`` before each key; and its CPU seconds for each key."""
    child = spawn([sys.executable, str(saves / "bare.py")], size)
    child.expect_exact("bare app ready")
    times: list[float] = []
    cpu: list[float] = []
    for n in range(1, presses + 1):
        time.sleep(pause)
        before = cpu_seconds(child.pid)
        started = time.perf_counter()
        child.send("1")
        child.expect_exact(f"pressed {n} times")
        times.append(time.perf_counter() - started)
        cpu.append(cpu_seconds(child.pid) - before)
        time.sleep(0.1)
        child.send("\r")
    quit_child(child)
    return times, cpu


# the result's title ends "· your decision"; a long title wraps it at 80x24, so the two words may come with the
# terminal's cursor moves, colours and the panels' borders between them
DECISION = re.compile(r"your(?:[^A-Za-z]|\x1b\[[0-9;?]*[A-Za-z]){0,400}?decision")


def game_keys(presses: int, pause: float, size: tuple[int, int], saves: Path,
              tree: Path | None = None) -> tuple[list[float], list[float]]:
    """Key 1 on a dilemma to its result on screen in the game, with ``pause`` before each key."""
    import pexpect

    child = spawn([sys.executable, str(saves / "game_app.py"), str(saves), "2002"], size, tree)
    child.expect_exact("Choose 1-", timeout=60)
    times: list[float] = []
    cpu: list[float] = []
    while len(times) < presses:
        time.sleep(pause)  # let the screen settle, as a player would read
        before = cpu_seconds(child.pid)
        started = time.perf_counter()
        child.send("1")
        child.expect(DECISION)
        times.append(time.perf_counter() - started)
        cpu.append(cpu_seconds(child.pid) - before)
        time.sleep(0.1)
        # on to the next dilemma: enter if another is waiting this season, else end the season
        child.send("\r")
        if child.expect_exact(["Choose 1-", pexpect.TIMEOUT], timeout=1) == 1:
            child.send("e")
            if child.expect_exact(["Choose 1-", "After-action report"], timeout=30) == 1:
                break
    quit_child(child)
    return times, cpu


def ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="launches of each app")
    parser.add_argument("--presses", type=int, default=12, help="keys pressed in each app at each size")
    parser.add_argument("--pause", type=float, default=0.3, help="seconds before each key, in both apps")
    parser.add_argument("--keys-only", action="store_true", help="skip the launch measurements")
    parser.add_argument("--against", type=Path, metavar="DIR",
                        help="another checkout of the game, measured in the same run (before/after)")
    args = parser.parse_args()
    if args.against is not None and not (args.against / "game" / "tui" / "app.py").is_file():
        parser.error(f"{args.against} is not a checkout of the game (no game/tui/app.py)")
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; "
          f"{args.presses} keys at each size, {args.pause:.2f} s before each, medians")
    with tempfile.TemporaryDirectory() as folder:
        saves = Path(folder)
        (saves / "bare.py").write_text(BARE)
        (saves / "game_app.py").write_text(GAME)
        for size in SIZES:
            name = f"{size[1]}x{size[0]}"
            game, game_cpu = game_keys(args.presses, args.pause, size, saves)
            if args.against is not None:
                other, other_cpu = game_keys(args.presses, args.pause, size, saves, args.against)
            bare, bare_cpu = bare_keys(args.presses, args.pause, size, saves)
            print(f"key_to_screen {name}: game {ms(game)}, bare {ms(bare)}  "
                  f"(game min {min(game) * 1000:.1f} max {max(game) * 1000:.1f}, n={len(game)}; "
                  f"cpu per key: game {ms(game_cpu)}, bare {ms(bare_cpu)})")
            if args.against is not None:
                print(f"key_to_screen {name}: against {ms(other)}  (min {min(other) * 1000:.1f} "
                      f"max {max(other) * 1000:.1f}, n={len(other)}; cpu per key {ms(other_cpu)}; {args.against})")
        if not args.keys_only:
            launched = bench_launch(args.runs, saves)
            print(f"launch: game {statistics.median(launched['game']) * 1000:.0f} ms, "
                  f"bare {statistics.median(launched['bare']) * 1000:.0f} ms  (to the first screen, n={args.runs})")
    print(f"load average {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
