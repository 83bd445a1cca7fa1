"""The rules: what a game is and how a season is played.

The content's model (``model``: meters, dilemmas, policies, endings, the regime; a dilemma and its
options in ``dilemma``), the condition language (``conditions``), a game's state (``state``), the
engine that plays a move and a season (``engine``), the regime state machine (``regime``), the dice,
and the text variants a state chooses (``variants``, ``premises``). Nothing here reads a file,
prints or draws.
"""
