"""Data text in generated TeX formulas: it reads exactly as typed, and never ends the formula."""

from __future__ import annotations

import re

#: Characters a ``\\text{}`` cannot hold as typed, and the TeX that shows each (``<``, ``>``
#: stay outside the text, where the MathML converter writes them as operators).
_SYMBOLS = {"{": r"\{", "}": r"\}", "$": r"\$", "\\": r"\backslash", "&": r"\&", "%": r"\%",
            "#": r"\#", "_": r"\_", "^": r"\hat{}", "~": r"\sim", "<": "<", ">": ">"}
_SPECIAL = re.compile("([" + re.escape("".join(_SYMBOLS)) + "])")


def tex_text(text: object) -> str:
    """``\\text{...}`` of plain text that reads as typed: TeX's special characters (and
    ``<``, ``>``) as symbols outside it, blanks folded (a ``$$`` or a blank line of the data
    never ends the formula)."""
    parts = _SPECIAL.split(" ".join(str(text).split()))
    return "".join(_SYMBOLS[part] if i % 2 else r"\text{" + part + "}"
                   for i, part in enumerate(parts) if part)
