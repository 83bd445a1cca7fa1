"""The errors the session raises for the player to read, in a module that imports only the catalog.

Screens catch these without importing the session itself, which brings in the rules and the
content loader: the terminal interface imports those in a thread after its first frame.
"""

from game.i18n import N_


class SessionError(Exception):
    """Something the player asked for that cannot be done; the message says why, ready to show."""


class SaveExists(SessionError):
    """A save of that name exists; saving again with ``overwrite=True`` replaces it."""


class ContentProblem(SessionError):
    """The content cannot be loaded: the game cannot start."""


#: The one sentence with which a one-life game refuses rewind and branch (translated where it is said).
ONE_LIFE = N_("this is a one-life game: what is played stays played, so there is no going back")
