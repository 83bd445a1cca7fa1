"""The interface's words in the player's language: ``gettext`` catalogs, and Babel's forms of numbers.

Interface strings are written in English in the code and wrapped in :func:`_` (or marked with
:func:`N_` where they are defined before a language is chosen, such as a key's description, and
translated where they are shown). ``pybabel extract`` (configured in pyproject.toml) gathers them into
``game/locale/messages.pot``; a translator's ``game/locale/<code>/LC_MESSAGES/soft_landing.po`` is
compiled to the ``.mo`` file beside it (``python scripts/catalogs.py compile``), and both are
committed, so an install needs no build step. A string a catalog lacks, or a language with no
catalog, reads in English: the game never fails for want of a translation.

The language is chosen once, before the interface starts: ``--lang CODE``, else ``SOFT_LANDING_LANG``,
else English. The rules never read it; only what is shown does. Content texts (dilemmas, endings ...)
are translated by :mod:`game.content.translations`, apart from these catalogs.
"""

from __future__ import annotations

import functools

import gettext
import os
import string
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale

DOMAIN = "soft_landing"
LOCALE_DIR = Path(__file__).parent / "locale"
ENGLISH = "en"
ENV = "SOFT_LANDING_LANG"

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = ENGLISH


def chosen(lang: str | None = None) -> str:
    """The language asked for: ``lang``, else the environment's, else English ("ko-KR" is read "ko_KR")."""
    code = (lang or os.environ.get(ENV, "") or ENGLISH).strip().replace("-", "_")
    return code or ENGLISH


def use(lang: str | None = None, extra: Iterable[Path] = ()) -> str:
    """Speak ``lang`` (see :func:`chosen`) from now on; ``extra`` folders of catalogs are searched before the
    game's own (a test's catalog, a mod's). Returns the language in use."""
    global _translations, _language
    code = chosen(lang)
    translations: gettext.NullTranslations = gettext.NullTranslations()
    for folder in [*map(Path, extra), LOCALE_DIR][::-1]:  # the first folder named speaks first
        found = gettext.translation(DOMAIN, folder, languages=[code], fallback=True)
        if type(found) is not gettext.NullTranslations:
            found.add_fallback(translations)
            translations = found
    _translations, _language = translations, code
    return code


def language() -> str:
    """The language in use, such as "en" or "ko"."""
    return _language


def languages(folder: Path = LOCALE_DIR) -> list[str]:
    """The languages the interface can speak: English, then each with a compiled catalog, by code."""
    found = sorted(mo.parent.parent.name for mo in folder.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    return [ENGLISH, *(code for code in found if code != ENGLISH)]


def next_language(folder: Path = LOCALE_DIR) -> str:
    """The language after the one in use, round the list of :func:`languages` (English after the last)."""
    known = languages(folder)
    here = _language if _language in known else _language.split("_")[0]
    return known[(known.index(here) + 1) % len(known)] if here in known else known[0]


def language_name(code: str) -> str:
    """A language's name in that language, as a reader of it looks for it: "English", "한국어"; the code for a
    language Babel does not know."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(code).get_display_name(code)
    except (UnknownLocaleError, ValueError, TypeError):
        return code
    return name[:1].upper() + name[1:] if name else code


def _(message: str) -> str:
    """``message`` in the language in use (English where the catalog lacks it)."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or the plural of a message, as the language counts ``n``."""
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the name gettext's tools look for
    """Marks a message for the catalog where it is defined; it is translated with :func:`_` where shown."""
    return message


def locale() -> Locale:
    """Babel's locale of the language in use; English for a code Babel does not know (a test language)."""
    return _locale_of(_language)


@functools.lru_cache(maxsize=16)
def _locale_of(code: str) -> Locale:
    """Parsed once per language: parsing is most of the cost of a number, and a screen shows dozens a key."""
    from babel import Locale, UnknownLocaleError  # Babel's data loads when a number is first shown, not at start-up

    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale.parse(ENGLISH)


def number(value: float, decimals: int = 0) -> str:
    """A number as the language writes it (digit grouping, decimal sign)."""
    return _number(_language, value, decimals)


@functools.lru_cache(maxsize=4096)
def _number(code: str, value: float, decimals: int) -> str:
    """The same numbers come back key after key (meters, odds, years): each is formatted once per language."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(round(value, decimals) if decimals > 0 else round(value), format=pattern,
                          locale=_locale_of(code))


def percent(share: float) -> str:
    """A share (0.42) as the language writes a percentage ("42%", "42 %")."""
    from babel.numbers import format_percent

    return format_percent(share, locale=locale())


#: the seasons, quarters 1-4 of the calendar year, as they are named alone and within a date
SEASON_NAMES = (N_("Winter"), N_("Spring"), N_("Summer"), N_("Autumn"))
_SEASON_OF = (N_("the winter of {year}"), N_("the spring of {year}"), N_("the summer of {year}"),
              N_("the autumn of {year}"))


def season(quarter: int) -> str:
    """The name of a season (quarter 1-4) in the language in use."""
    return _(SEASON_NAMES[quarter - 1])


def date_text(year: int, quarter: int) -> str:
    """A turn's date as shown, "Spring 2004"."""
    return _("{season} {year}").format(season=season(quarter), year=year)


def season_of(year: int, quarter: int) -> str:
    """A run's last season as a sentence names it: "the spring of 2008", "the end of 2011"."""
    if quarter == 4:
        return _("the end of {year}").format(year=year)
    return _(_SEASON_OF[quarter - 1]).format(year=year)


def catalog_report(code: str, folder: Path = LOCALE_DIR) -> tuple[int, int, list[str]]:
    """How far the interface's catalog for ``code`` goes: (strings translated, strings in the template,
    problems), a problem being a missing catalog, a ``.mo`` that does not hold what its ``.po`` says (compile
    again), a translation that drops or adds a {placeholder}, a stale one (marked fuzzy: its English changed), or
    an extra one (a string the code no longer has: update the catalog)."""
    from babel.messages.pofile import read_po

    with open(folder / "messages.pot", "rb") as file:
        wanted = [m.id for m in read_po(file) if m.id]
    po = folder / code / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po.is_file():
        return 0, len(wanted), [f"{po}: no catalog yet (python scripts/catalogs.py init {code})"]
    with open(po, "rb") as file:
        catalog = read_po(file, locale=None)
    problems: list[str] = []
    said = {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}
    try:
        with open(po.with_suffix(".mo"), "rb") as file:
            compiled = gettext.GNUTranslations(file)
    except OSError:
        compiled = None
    for ident, text in said.items():
        singular = ident if isinstance(ident, str) else ident[0]
        shown = text if isinstance(text, str) else text[0]
        if compiled is None or compiled.gettext(singular) != shown:
            problems.append(f"{po.with_suffix('.mo')}: older than its .po (python scripts/catalogs.py compile)")
            break
    stale = [m.id for m in catalog if m.id and m.fuzzy]
    if stale:
        problems.append(f"{po}: {len(stale)} stale (fuzzy: the English changed), such as \"{_first(stale)}\": "
                        "translate them again and drop the fuzzy mark")
    extra = [ident for ident in said if ident not in set(wanted)]
    if extra:
        problems.append(f"{po}: {len(extra)} extra, no longer in the code, such as \"{_first(extra)}\" "
                        "(python scripts/catalogs.py update)")
    for ident, text in said.items():
        if isinstance(ident, str) and isinstance(text, str) and _names(ident) != _names(text):
            problems.append(f"{po}: \"{ident[:50]}\": keep the placeholders {sorted(_names(ident))} as they are")
    return sum(1 for m in wanted if m in said), len(wanted), problems


def _first(idents: Sequence[str | tuple[str, ...] | list[str]]) -> str:
    first = idents[0] if isinstance(idents[0], str) else idents[0][0]
    return first[:50]


def _names(text: str) -> set[str]:
    """The {placeholders} a message names."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError:
        return set()
