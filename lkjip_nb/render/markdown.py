"""The markdown filter of the exporter: nbconvert's renderer with math turned into MathML."""

from __future__ import annotations

from typing import Any

from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

from lkjip_nb.render.mathml import environment_to_mathml, to_mathml


class MathMLRenderer(IPythonRenderer):
    """IPythonRenderer whose math comes out as MathML instead of MathJax source."""

    def block_math(self, body: str) -> str:
        return f'<div class="lkjip-math">{to_mathml(body, display=True)}</div>'

    def inline_math(self, body: str) -> str:
        return to_mathml(body)

    def latex_environment(self, name: str, body: str) -> str:
        return f'<div class="lkjip-math">{environment_to_mathml(name, body)}</div>'


def markdown_to_html(source: str, **renderer_options: Any) -> str:
    """Render notebook markdown (with math) to HTML."""
    renderer = MathMLRenderer(escape=False, **renderer_options)
    return MarkdownWithMath(renderer=renderer).render(source)
