"""LaTeX math to MathML at conversion time: no MathJax, no CDN, nothing fetched by the reader."""

from __future__ import annotations

import html
import re
from xml.etree.ElementTree import Element, tostring

#: The math of a text: an environment, ``$$...$$``, or ``$...$`` (not followed by a digit after
#: the closing ``$``, pandoc's rule); a backslash-escaped character (``\\$``) never ends one.
_MATH = re.compile(
    r"\\begin\{(?P<name>[a-zA-Z*]+)\}(?P<body>.*?)\\end\{(?P=name)\}"
    r"|\$\$(?P<display>(?:\\.|[^\\$]|\$(?!\$))+?)\$\$"
    r"|(?<![\\$])\$(?!\s)(?P<inline>(?:\\[^\n]|[^$\n\\])+?)(?<!\s)\$(?!\d)", re.S)
#: A character reference as latex2mathml writes one into an element's text ("&#x0003C;").
_CHAR_REF = re.compile(r"&#(?:[xX](?P<hex>[0-9A-Fa-f]+)|(?P<dec>[0-9]+));")


def to_mathml(tex: str, display: bool = False) -> str:
    """MathML for ``tex``; on a formula latex2mathml cannot read, the source in ``<code>``.

    The text of every element is text, whatever ``\\text{}`` held: ``\\text{<b>x</b>}`` shows
    ``<b>x</b>``, it does not make a ``<b>`` element."""
    from latex2mathml.converter import convert_to_element

    tex = tex.strip()
    try:
        tree = convert_to_element(tex, display="block" if display else "inline")
    except Exception:  # latex2mathml raises many kinds; the reader still gets the formula
        return f'<code class="lkjip-math-error">{html.escape(tex)}</code>'
    return _serialized(tree)


def _serialized(tree: Element) -> str:
    """``tree`` as markup. latex2mathml keeps a character reference ("&#x0003C;") in an
    element's text, meant to be written as it is, beside characters it means as text; its own
    serialiser therefore unescapes everything, a ``<`` of a ``\\text{}`` too. Here the
    references become the characters they stand for and the serialiser escapes all text."""
    for element in tree.iter():
        if element.text:
            element.text = _characters(element.text)
        if element.tail:
            element.tail = _characters(element.tail)
        for name, value in element.attrib.items():
            element.set(name, _characters(value))
    return tostring(tree, encoding="unicode")


def _characters(text: str) -> str:
    def char(match: re.Match) -> str:
        code = int(match["hex"], 16) if match["hex"] else int(match["dec"])
        valid = 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF
        return chr(code) if valid else match.group(0)
    return _CHAR_REF.sub(char, text)


def environment_to_mathml(name: str, body: str) -> str:
    """A ``\\begin{name}...\\end{name}`` block as display MathML."""
    inner = body if name in {"equation", "equation*", "displaymath"} else (
        f"\\begin{{{name}}}{body}\\end{{{name}}}")
    return to_mathml(inner, display=True)


def replace_math(text: str) -> str:
    """A LaTeX text (e.g. a ``text/latex`` output) as HTML: its ``$$..$$``, ``$..$`` and
    environments as MathML, everything else as escaped text."""
    out, last = [], 0
    for match in _MATH.finditer(text):
        out.append(html.escape(text[last:match.start()], quote=False))
        if match["name"]:
            out.append(environment_to_mathml(match["name"], match["body"]))
        elif match["display"] is not None:
            out.append(to_mathml(match["display"], display=True))
        else:
            out.append(to_mathml(match["inline"]))
        last = match.end()
    out.append(html.escape(text[last:], quote=False))
    return "".join(out)
