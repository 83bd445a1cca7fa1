"""A normal install (a wheel, not an editable checkout) carries the content and plays from anywhere.

Builds the wheel, installs it into a fresh virtual environment and runs the installed command from
a folder far from the repository. Slow (a venv and a build): ``.ci/run`` runs it, the fast loop
(``pytest -m "not slow"``) does not.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("wheel")]  # in parallel, one worker builds and installs it once


def run(*argv: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in argv], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(the installed soft-landing command, a folder outside the repository, its environment)."""
    root = tmp_path_factory.mktemp("wheel")
    built = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", root / "dist", REPO, cwd=root)
    assert built.returncode == 0, built.stderr
    wheel = next((root / "dist").glob("soft_landing-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "game/data/scenarios.toml" in names and any(n.startswith("game/data/events/") for n in names)
    assert "game/locale/messages.pot" in names, "the wheel carries the interface catalogs (game/locale)"
    venv.EnvBuilder(with_pip=True).create(root / "venv")
    python = root / "venv" / "bin" / "python"
    done = run(python, "-m", "pip", "install", "-q", wheel, cwd=root)
    assert done.returncode == 0, done.stderr
    elsewhere = root / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SOFT_LANDING_SAVES", "VIRTUAL_ENV")}
    env["XDG_DATA_HOME"] = str(root / "data")
    return root / "venv" / "bin" / "soft-landing", elsewhere, env


def test_the_installed_game_checks_its_own_content(installed):
    command, elsewhere, env = installed
    result = run(command, "check", cwd=elsewhere, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok:" in result.stdout and "dilemmas" in result.stdout


def test_the_installed_game_simulates(installed):
    command, elsewhere, env = installed
    result = run(command, "simulate", "--runs", "20", "--json", cwd=elsewhere, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["runs"] == 20 and sum(report["endings"].values()) == 20


def test_the_installed_game_keeps_saves_in_the_players_data_folder(installed):
    command, elsewhere, env = installed
    result = run(command, "--help", cwd=elsewhere, env=env)
    assert result.returncode == 0
    assert str(Path(env["XDG_DATA_HOME"]) / "soft-landing" / "saves") in result.stdout.replace("\n", "").replace(" ", "") \
        or "data folder" in result.stdout
