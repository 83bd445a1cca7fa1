"""The game in a browser (``soft-landing serve``): one game process per browser session.

``server`` is the web server; ``guard`` says which pages and tokens it trusts and bounds what a
page may send; ``games`` starts and ends the game processes; ``folders`` keeps the session folders;
``teacher`` serves the teacher's live page of a class.
"""

from game.web.server import COOKIE, FULL, MAX_SESSIONS, SESSIONS_FOLDER, GameServer, game_command

__all__ = ["COOKIE", "FULL", "MAX_SESSIONS", "SESSIONS_FOLDER", "GameServer", "game_command"]
