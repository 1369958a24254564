"""LaTeX math to MathML at conversion time: no MathJax, no CDN, nothing fetched by the reader."""

from __future__ import annotations

import html
import re

_LATEX_ENV = re.compile(r"\\begin\{(?P<name>[a-zA-Z*]+)\}(?P<body>.*?)\\end\{(?P=name)\}", re.S)
# $$...$$ first, then $...$ (not followed by a digit after the closing $, pandoc's rule)
_DISPLAY = re.compile(r"\$\$(?P<tex>.+?)\$\$", re.S)
_INLINE = re.compile(r"(?<![\\$])\$(?!\s)(?P<tex>[^$\n]+?)(?<![\s\\])\$(?!\d)")


def to_mathml(tex: str, display: bool = False) -> str:
    """MathML for ``tex``; on a formula latex2mathml cannot read, the source in ``<code>``."""
    from latex2mathml.converter import convert

    tex = tex.strip()
    try:
        return convert(tex, display="block" if display else "inline")
    except Exception:  # latex2mathml raises many kinds; the reader still gets the formula
        return f'<code class="lkjip-math-error">{html.escape(tex)}</code>'


def environment_to_mathml(name: str, body: str) -> str:
    """A ``\\begin{name}...\\end{name}`` block as display MathML."""
    inner = body if name in {"equation", "equation*", "displaymath"} else (
        f"\\begin{{{name}}}{body}\\end{{{name}}}")
    return to_mathml(inner, display=True)


def replace_math(text: str) -> str:
    """Replace ``$$..$$`` and ``$..$`` in plain text/HTML (e.g. a text/latex output)."""
    text = _LATEX_ENV.sub(lambda m: environment_to_mathml(m["name"], m["body"]), text)
    text = _DISPLAY.sub(lambda m: to_mathml(m["tex"], display=True), text)
    return _INLINE.sub(lambda m: to_mathml(m["tex"]), text)
