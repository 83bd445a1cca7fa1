"""Views: what the screens, the report files and the command line show, as plain Python.

The presenter turns the rules' state into labelled numbers and sentences; the report writes the
after-action report; nothing here imports Textual or Rich, so the terminal interface, the browser
and the command line all render the same words.
"""
