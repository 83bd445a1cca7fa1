"""Reading and checking content: the folders of TOML turned into the rules' model.

``loader`` structures and caches content (its files read by ``reading``, mods laid over it by
``overlay`` and translations by ``translations``); ``validate``, ``validate_design`` and
``validate_history`` check it and ``reach`` finds what can never happen; ``problem`` and ``positions`` say where a problem is; ``preview``
shows a dilemma as a player would meet it; ``fingerprint`` hashes what decides play.
"""
