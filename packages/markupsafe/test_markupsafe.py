"""MarkupSafe in pyxis: its C speedups are the ones in use, and escaping
behaves as documented."""

import markupsafe
from markupsafe import Markup, escape


def test_the_c_speedups_are_used():
    import markupsafe._speedups as speedups

    assert speedups.__file__.endswith(".so")
    assert markupsafe._escape_inner is speedups._escape_inner


def test_escape():
    assert escape("<a href='x'>&\"</a>") == Markup("&lt;a href=&#39;x&#39;&gt;&amp;&#34;&lt;/a&gt;")
    assert escape(Markup("<b>")) == Markup("<b>")
    assert escape(3) == Markup("3")
    assert str(escape("ünïcödé <€>")) == "ünïcödé &lt;€&gt;"


def test_markup_formatting_escapes_arguments():
    assert Markup("<em>{}</em>").format("<script>") == Markup("<em>&lt;script&gt;</em>")
    assert Markup("<p>%s</p>") % "a & b" == Markup("<p>a &amp; b</p>")
    assert Markup("<i>x</i>").striptags() == "x"
