"""The player's files: saves and their format, autosaves, run codes (``replay``), class codes
(``classroom``) and a live class's records (``lesson``), the player's settings and endings gallery
(``player``), each written whole or not at all (``atomic``).
"""
