"""Benchmark of the class debrief: 30 students' codes read, replayed and written as HTML and Markdown.

The target is under 2 s for 30 codes, for the whole command (start-up and content included) and
for the debrief itself. The codes are made first (not timed): a class of random players.

    .venv/bin/python scripts/bench_debrief.py            # 30 students
    .venv/bin/python scripts/bench_debrief.py --students 100
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.files import classroom
from game.content.loader import load_or_raise  # noqa: E402
from game.files.replay import encode_run, read_code  # noqa: E402
from game.sim.simulate import play  # noqa: E402
from game.sim.strategies import load_strategy  # noqa: E402
from game.views import debrief  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    args = parser.parse_args()
    content = load_or_raise()
    run = read_code(classroom.class_code(content, "default", 2004))
    names = ["random", "cautious", "reformer", "hardliner", "opportunist"]
    lines = [f"Student {n + 1}: {encode_run(play(content, load_strategy(names[n % len(names)]), run.seed, n, 'default', run.deck))}"
             for n in range(args.students)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "codes.txt"
        path.write_text("\n".join(lines) + "\n", "utf-8")
        started = time.perf_counter()
        entries, bad = classroom.read_codes_file(path, content)
        read = time.perf_counter()
        result = debrief.build(entries, bad, content)
        built = time.perf_counter()
        page = debrief.to_html(result)
        debrief.to_markdown(result)
        done = time.perf_counter()
        print(f"{len(entries)} codes: read and replayed {read - started:.3f} s, analysed {built - read:.3f} s, "
              f"written {done - built:.3f} s; debrief {done - started:.3f} s in all ({len(page) / 1024:.0f} KiB of HTML)")
        out = Path(folder) / "debrief.html"
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "game", "debrief", str(path), "--html", str(out)], check=True,
                       capture_output=True)
        print(f"the whole command (start-up, content, {len(entries)} codes, HTML): {time.perf_counter() - started:.3f} s")


if __name__ == "__main__":
    main()
