"""The rules never import the user interface, and the layers of pyproject.toml hold.

The layers are read from the import-linter contract in pyproject.toml, which must name every
module and subpackage of the package (``exhaustive``), so a new module is covered here as soon as it exists.
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


def modules(names: list[str]) -> list[str]:
    """The names with every module inside those that are packages."""
    out = []
    for name in names:
        out.append(name)
        folder = ROOT.joinpath(*name.split("."))
        if folder.is_dir():
            out += [f"{name}.{p.stem}" for p in sorted(folder.glob("*.py")) if p.stem != "__init__"]
    return out


BELOW_SCREENS = [name for layer in layers()[1:] for name in layer]  # session, views and the rules below them
HEADLESS = modules(BELOW_SCREENS)  # none of these may need a screen


def test_the_layers_show_the_rules_grouped_under_the_session():
    names = [set(layer) for layer in layers()]
    assert "game.tui" in names[0] and "game.session" in names[1] and "game.views" in names[1]
    below = [name for layer in layers()[2:] for name in layer]
    # the player's files, the designer's players, the game, reading content and the rules core, in that order
    assert below.index("game.files") < below.index("game.sim") < below.index("game.api") \
        < below.index("game.content") < below.index("game.rules")
    for name in ("game.rules.engine", "game.rules.state", "game.files.saves", "game.files.replay", "game.sim.simulate",
                 "game.content.loader"):
        assert name in HEADLESS, name
        assert ROOT.joinpath(*name.split(".")).with_suffix(".py").is_file(), name


def test_no_module_of_the_game_sits_outside_a_layer():
    named = set(BELOW_SCREENS) | set(layers()[0])
    top = {f"game.{p.stem}" for p in (ROOT / "game").glob("*.py") if p.stem != "__init__"}
    top |= {f"game.{p.parent.name}" for p in (ROOT / "game").glob("*/__init__.py")}
    assert top <= named, sorted(top - named)


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
