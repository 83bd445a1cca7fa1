"""``soft-landing check [DIR]``: validate a content folder."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from game.i18n import N_, _
from game.commands.common import add_mod_argument, print_problems

if TYPE_CHECKING:
    from rich.console import Console

NAME = "check"
HELP = N_("validate a content folder")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", nargs="?", type=Path, default=None, help=_("content folder (default: the game's own)"))
    parser.add_argument("--essay", type=Path, default=None, metavar="FILE",
                        help=_("also check every quote word for word against this essay (paragraphs as **P12.** text)"))
    add_mod_argument(parser)
    parser.add_argument("--lang", default=None, metavar="CODE",
                        help=_("also check the translation into this language (lang/CODE/ of the content and each mod): "
                               "missing, extra and stale texts; the English-only text checks are skipped for it"))
    parser.add_argument("--template", type=Path, default=None, metavar="FILE",
                        help=_("with --lang: write every missing or stale text, with its English and hash, to FILE to translate"))
    parser.add_argument("--complete", action="store_true",
                        help=_("with --lang: a missing text fails the check too (for a language the game ships whole)"))


def run(args: argparse.Namespace, console: Console) -> int:
    """Every problem on its own line; exit 1 on any error."""
    from game.content.loader import load_content
    content, problems = load_content(args.dir, essay=args.essay, mods=args.mods)
    print_problems(problems, console)
    errors = sum(p.level == "error" for p in problems)
    warnings = len(problems) - errors
    if content is None:
        console.print(_("{errors} error(s), {warnings} warning(s)").format(errors=errors, warnings=warnings),
                      style="bold red", highlight=False)
        return 1
    if args.lang and args.lang.replace("-", "_") != "en":
        return _check_lang(args, console)
    console.print(
        _("ok: {dilemmas} dilemmas, {policies} policies, {scenarios} scenarios, {endings} endings, {transitions} transitions; "
          "{warnings} warning(s)").format(dilemmas=len(content.events), policies=len(content.policies),
                                          scenarios=len(content.scenarios), endings=len(content.endings),
                                          transitions=len(content.transitions), warnings=warnings),
        style="green", highlight=False)
    return 0


def _check_lang(args: argparse.Namespace, console: Console) -> int:
    """The translation into ``args.lang`` against the English: exit 1 on a stale, extra or broken text, 0 when
    only some are missing (they read in English)."""
    from game.content import translations
    from game.content.loader import DEFAULT_CONTENT, content_items
    code = args.lang.replace("-", "_")
    root = args.dir if args.dir is not None else DEFAULT_CONTENT
    items = content_items(root, args.mods)
    entries, unread = translations.read([root, *args.mods], code)
    report = translations.compare(items, entries)
    say = lambda where, line, text, style: console.print(
        f"{where}:{line}: {text}" if line else f"{where}: {text}", style=style, markup=False, highlight=False)
    for file, line, message in unread:
        say(file, line, message, "red")
    texts = translations.english(items)
    for entry in report.stale:
        say(entry.file, entry.line, _("{key}: stale: the English has changed since it was translated (source {old}, now {new})")
            .format(key=entry.key, old=entry.source or "-", new=translations.source_hash(texts[entry.key])), "red")
    for entry in report.extra:
        say(entry.file, entry.line, _("{key}: extra: no such text in the English").format(key=entry.key), "red")
    for entry in report.placeholders:
        say(entry.file, entry.line, _("{key}: keep the English placeholders ({{when}}, {{year}} ...) as they are")
            .format(key=entry.key), "red")
    shown = report.missing[:20]
    for key in shown:
        say(f"lang/{code}", 0, _("{key}: missing (reads in English)").format(key=key), "yellow")
    if len(report.missing) > len(shown):
        console.print(_("... and {count} more missing (--template FILE writes them all)").format(
            count=len(report.missing) - len(shown)), style="yellow", highlight=False)
    if args.template is not None:
        args.template.write_text(translations.template(items, entries), encoding="utf-8")
        console.print(_("wrote the texts to translate to {file}").format(file=args.template), highlight=False)
    from game import i18n
    done, wanted, catalog_problems = i18n.catalog_report(code)
    for problem in catalog_problems:
        console.print(problem, style="yellow" if "no catalog yet" in problem else "red", markup=False, highlight=False)
    has_catalog = not any("no catalog yet" in problem for problem in catalog_problems)
    console.print(_("{code}: {done} of {total} interface strings translated").format(code=code, done=done, total=wanted),
                  style="red" if has_catalog and done < wanted else None, highlight=False)
    bad = len(unread) + len(report.stale) + len(report.extra) + len(report.placeholders)
    bad += sum("no catalog yet" not in problem for problem in catalog_problems)
    bad += has_catalog and done < wanted  # a language with a catalog keeps up with the code's strings
    bad += bool(getattr(args, "complete", False) and report.missing)  # a shipped language lacks nothing
    console.print(_("{code}: {done} of {total} texts up to date; {missing} missing, {stale} stale, {extra} extra. "
                    "The English-only checks (word counts, dates, banned words, glossary plurals) ran on the English "
                    "and are skipped for this language.").format(
                        code=code, done=len(texts) - len(report.missing) - len(report.stale), total=len(texts),
                        missing=len(report.missing), stale=len(report.stale), extra=len(report.extra)),
                  style="red" if bad else "green", highlight=False)
    return 1 if bad else 0
