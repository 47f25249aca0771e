"""_pyxis.console's REPL (the Python side of console.html): statements run in
__main__, values echo, and a value with an HTML representation goes to
display_html as HTML and text, with a clear fallback when it has none or its
_repr_html_ fails."""

import sys

import pytest

from _pyxis.console import Console


class Table:
    def _repr_html_(self):
        return "<table><tr><td>1</td></tr></table>"

    def __repr__(self):
        return "Table()"


class Broken:
    def _repr_html_(self):
        raise ValueError("no html today")

    def __repr__(self):
        return "Broken()"


class NotText:
    def _repr_html_(self):
        return None

    def __repr__(self):
        return "NotText()"


@pytest.fixture
def shown():
    return []


@pytest.fixture
def con(shown):
    import __main__

    __main__.Table, __main__.Broken, __main__.NotText = Table, Broken, NotText
    saved = sys.displayhook
    yield Console(display_html=lambda html, text: shown.append((html, text)))
    sys.displayhook = saved


def run(con, line):
    assert con.push(line) == "complete"
    assert con.run() is None


def test_html_values_go_to_display_html(con, shown, capsys):
    run(con, "Table()")
    assert shown == [("<table><tr><td>1</td></tr></table>", "Table()")]
    assert capsys.readouterr().out == ""
    run(con, "type(_).__name__")  # _ is the value shown
    assert capsys.readouterr().out == "'Table'\n"


def test_plain_values_print_as_repr(con, shown, capsys):
    run(con, "1 + 1")
    run(con, "None")
    run(con, "Table")  # a class: its repr, not its (unbound) _repr_html_
    assert shown == []
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "2"
    assert out.splitlines()[1].startswith("<class ")


def test_failing_or_non_text_html_falls_back_to_repr(con, shown, capsys):
    run(con, "Broken()")
    run(con, "NotText()")
    assert shown == []
    assert capsys.readouterr().out == "Broken()\nNotText()\n"


def test_without_display_html_everything_is_text(capsys):
    import __main__

    __main__.Table = Table
    saved = sys.displayhook
    try:
        c = Console()
        run(c, "Table()")
    finally:
        sys.displayhook = saved
    assert capsys.readouterr().out == "Table()\n"
