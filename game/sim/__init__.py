"""The designer's tools: players that play many campaigns (``strategies``, ``personas``,
``planner``), the simulation that runs them (``simulate``), and the balance report with its
baseline comparison for mods (``balance``, ``baseline``).
"""
