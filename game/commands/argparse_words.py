"""argparse's own words (its headings, the help of ``-h``, its errors) in the player's language.

argparse translates them through the ``gettext`` module's default domain, which knows nothing of the
game's catalog and reads the language from the environment, not from ``--lang``. :func:`speak` has it
ask the game's catalog instead. The words are marked below, so that extraction keeps them in the
catalog: they are Python 3.11's, word for word (its ``argparse.py``); a Python that words one
otherwise shows that one in English. The errors only a programmer can cause (a conflicting option
string, a missing ``dest=``) are left out: they stay English.
"""

from __future__ import annotations

from game.i18n import N_, _, ngettext

WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
)


def _plurals() -> tuple[str, ...]:
    """argparse's one message with a number, marked for extraction (never called)."""
    return (ngettext("expected %s argument", "expected %s arguments", 1),)


def speak() -> None:
    """From now on, argparse's words come from the game's catalog, in the language in use (English
    reads exactly as argparse writes it). argparse looks up its module's ``_`` and ``ngettext`` each time
    it words a message, so replacing those two names is enough."""
    import argparse

    argparse.__dict__.update(_=_, ngettext=ngettext)
