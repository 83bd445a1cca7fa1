"""The interface's catalogs: extract the strings to translate, start a language, compile what is translated.

    python scripts/catalogs.py extract          # game/locale/messages.pot from the code (babel.cfg says where)
    python scripts/catalogs.py init ko          # game/locale/ko/LC_MESSAGES/soft_landing.po, to translate
    python scripts/catalogs.py update           # every .po brought up to the template (new strings, gone ones)
    python scripts/catalogs.py compile          # every .po to the .mo beside it (committed: an install builds nothing)

Each step runs Babel's own ``pybabel``; tests/test_i18n.py fails when the template or a .mo lags behind.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "game" / "locale"
TEMPLATE = LOCALE / "messages.pot"
DOMAIN = "soft_landing"


def pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def extract(target: Path = TEMPLATE) -> None:
    os.chdir(ROOT)  # the template names files from the repository's top
    pybabel("extract", "-F", str(ROOT / "babel.cfg"), "-k", "N_", "-k", "ngettext:1,2", "--add-location=file",
            "--sort-by-file", "--omit-header", "--project", "soft-landing", "-o", str(target), "game")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"extract", "init", "update", "compile"}:
        print(__doc__)
        return 2
    if argv[0] == "extract":
        extract()
    elif argv[0] == "init":
        if len(argv) != 2:
            print("name the language: python scripts/catalogs.py init ko")
            return 2
        pybabel("init", "-D", DOMAIN, "-i", str(TEMPLATE), "-d", str(LOCALE), "-l", argv[1])
    elif argv[0] == "update":
        if any(LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
            pybabel("update", "-D", DOMAIN, "-i", str(TEMPLATE), "-d", str(LOCALE))
    elif any(LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        pybabel("compile", "-D", DOMAIN, "-d", str(LOCALE), "--statistics")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
