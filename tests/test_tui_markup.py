"""Text from outside is never markup: no screen can build markup by formatting or escaping by hand.

The screens build every text with ``markup(template, **values)`` (a template written in the code,
values as plain text), ``plain(text)`` or ``styled(text, style)`` from ``game.tui.widgets.text``;
notifications are always plain. These checks read the source, so a new screen that formats a save
name into markup fails here before any player types ``[/]``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import game.tui

TUI = Path(game.tui.__file__).parent
SOURCES = sorted(p for p in TUI.rglob("*.py") if p.name != "textual_fixes.py")
# calls whose first argument Textual reads as markup when it is a str
SINKS = {"Static", "Label", "Button", "Option", "update", "show_text", "add_option", "markup", "tooltip"}


def calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            yield name, node


def formatted(node: ast.AST) -> bool:
    """An expression that formats text at run time: an f-string, ``+``/``%`` on strings, ``.format`` or ``.join``."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return True
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("format", "join"))


def written(node: ast.AST) -> bool:
    """A text written in the code: a string literal, its translation (``_("...")``: the game's own catalog),
    or a choice between two of them."""
    if isinstance(node, ast.IfExp):
        return written(node.body) and written(node.orelse)
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_"
            and len(node.args) == 1 and not node.keywords):
        return written(node.args[0])
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(TUI)))
def test_no_markup_is_built_from_formatted_text(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in ("textual.markup", "rich.markup"):
            problems.append(f"line {node.lineno}: escaping by hand ({node.module}); use markup()/plain()")
        if isinstance(node, ast.JoinedStr):
            literal = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
            if "[" in literal:
                problems.append(f"line {node.lineno}: an f-string with markup; use markup(template, **values)")
    for name, call in calls(tree):
        if name in SINKS and call.args and formatted(call.args[0]):
            problems.append(f"line {call.lineno}: {name}() of a formatted str is read as markup")
        if name == "markup" and call.args and not written(call.args[0]):
            problems.append(f"line {call.lineno}: markup() takes a template written in the code")
        if name == "notify" and any(k.arg == "markup" and not (isinstance(k.value, ast.Constant)
                                                               and k.value.value is False) for k in call.keywords):
            problems.append(f"line {call.lineno}: a notification read as markup")
    for node in ast.walk(tree):  # widget.tooltip = f"..." is read as markup too
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Attribute) and t.attr in ("tooltip", "border_title")
                                                for t in node.targets) and formatted(node.value):
            problems.append(f"line {node.lineno}: a formatted tooltip or border title is read as markup")
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


def test_the_checks_catch_what_they_forbid(tmp_path):
    """The source check itself: each forbidden form is found."""
    bad = ('from textual.markup import escape\nStatic(f"[b]{name}[/]")\nx.update("a" + name)\n'
           'markup(template)\nrow.tooltip = f"{name}"\nself.notify(name, markup=True)\n')
    tree = ast.parse(bad)
    found = [name for name, call in calls(tree) if name in SINKS and call.args and formatted(call.args[0])]
    assert found == ["Static", "update"]
    assert any(isinstance(n, ast.ImportFrom) and n.module == "textual.markup" for n in ast.walk(tree))
    templates = [call.args[0] for name, call in calls(ast.parse('markup(_("[b]$x[/]"))\nmarkup(_(name))\n'))
                 if name == "markup"]
    assert [written(t) for t in templates] == [True, False]  # a translated literal is a template; _(a value) is not


HOSTILE = ["v2 [/]", "[b]bold", "[/b]", "[$error]x", "\\[", "$accent", "[@click=app.quit]q[/]", "\ue000 0 \ue001", "]"]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_hostile_value_is_shown_as_written(text):
    from game.tui.widgets.text import lines, markup, plain, styled

    assert markup("[b]$name[/] saved", name=text).plain == f"{text} saved"
    assert plain(text).plain == text
    assert styled(text, "$error").plain == text
    assert lines([plain(text), text]).plain == f"{text}\n{text}"
    nested = markup("[dim]a $inner b[/] $tail", inner=styled("in", "$success"), tail=text)
    assert nested.plain.startswith("a in b ")


def test_a_content_value_keeps_its_styles_inside_the_template():
    from game.tui.widgets.text import markup, styled

    shown = markup("[dim]x $piece y[/]", piece=styled("hello", "$success"))
    assert shown.plain == "x hello y"
    styles = {(span.start, span.end, str(span.style)) for span in shown.spans}
    assert (2, 7, "$success") in styles  # its own colour
    assert any(s.start <= 2 and s.end >= 7 and str(s.style) == "dim" for s in shown.spans)  # and the template's


async def test_every_notification_is_plain_text(tmp_path):
    from game.tui.app import SoftLandingApp

    app = SoftLandingApp(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        for text in HOSTILE:
            app.notify(text, title=text, markup=True)
            app.screen.notify(text, severity="error")
        await pilot.pause()
        shown = [n.message for n in app._notifications]
        assert all(not n.markup for n in app._notifications)
        assert set(HOSTILE) <= set(shown)
    assert app._exception is None
