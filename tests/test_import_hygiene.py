"""The rules never import the user interface: the headless modules load without textual or rich."""

import subprocess
import sys

HEADLESS = ["game.conditions", "game.content", "game.loader", "game.state", "game.dice", "game.engine",
            "game.regime", "game.api", "game.simulate", "game.strategies"]


def test_rules_import_neither_textual_nor_rich():
    code = (
        "import sys\n"
        f"for name in {HEADLESS!r}:\n"
        "    __import__(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
