"""The rules never import the user interface, and the layers of pyproject.toml hold.

The rules layer is read from the import-linter contract in pyproject.toml, which must name every
module of the package (``exhaustive``), so a new rules module is covered here as soon as it exists.
"""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def layers() -> list[list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    contract = next(c for c in config["contracts"] if c["type"] == "layers")
    return [[f"game.{tail.strip().strip('()')}" for tail in layer.replace("|", ":").split(":")]
            for layer in contract["layers"]]


HEADLESS = layers()[-1] + layers()[-2]  # the rules, then the session and views: neither may need a screen


def test_the_rules_layer_names_the_core_modules():
    rules = layers()[-1]
    for name in ("game.rules.engine", "game.api", "game.rules.state", "game.files.saves", "game.files.replay", "game.sim.simulate"):
        assert name in rules
    assert "game.session" in layers()[-2] and "game.tui" in layers()[0]


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


def test_the_layers_contract_holds_and_there_are_no_import_circles():
    linter = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(linter), "--no-cache"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def test_the_terminal_interface_has_its_own_layers_with_the_app_above_its_parts():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    contract = next(c for c in config["contracts"] if c.get("containers") == ["game.tui"])
    names = [[tail.strip() for tail in layer.split(":")] for layer in contract["layers"]]
    assert contract["exhaustive"] is True
    assert names[0] == ["entry"] and names[1] == ["app"]
    assert {"intents", "palette", "crash", "signals", "startup"} <= set(names[2])


def test_the_command_line_loads_no_rules_before_a_command_runs():
    """`soft-landing` builds its parser from every command; the rules load only when one runs."""
    code = (
        "import sys\n"
        "import game.cli\n"
        "game.cli._parser()\n"
        "print(','.join(sorted(m for m in sys.modules if m in ('game.content.loader', 'game.sim.balance', 'game.rules.engine', 'rich'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
