"""The allowlist every HTML fragment of a page passes before it is written (defence in depth).

Text from the data is escaped where it is written (:func:`lkjip_nb.present.md_text`,
:mod:`markupsafe`) and the agency's Markdown is made safe where it is read
(:func:`lkjip_nb.narrative.safe_markdown`); this is the last line: an HTML fragment of a
notebook (a Markdown cell or ``text/markdown`` output after its conversion, a ``text/html``
output) or the front matter keeps only the markup lkjip_nb's own code emits — tables with
captions, figures, lists, emphasis, MathML, links within the page or to http(s)/mailto, images
embedded as PNG or JPEG — through `nh3 <https://nh3.readthedocs.io>`_ (Ammonia). Scripts,
styles sheets, event handlers, ``javascript:`` and other addresses, styles with anything but
plain values are removed.

nbconvert's own ``clean_html`` (bleach with a small allowlist) would strip our tables' classes
and styles; it is not used.
"""

from __future__ import annotations

import re

import nh3

#: HTML elements: what lkjip_nb.present, the chapters, the render preprocessors, the narrative
#: placeholders and nbconvert's Markdown renderer (tables, lists, code, strikethrough,
#: definition lists) emit.
HTML_TAGS = frozenset({
    "a", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "div", "dl",
    "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "img", "li",
    "ol", "p", "pre", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "u", "ul",
})
#: MathML elements latex2mathml writes (lkjip_nb.render.mathml).
MATH_TAGS = frozenset({
    "math", "menclose", "mfrac", "mi", "mn", "mo", "mover", "mpadded", "mphantom", "mroot",
    "mrow", "mspace", "msqrt", "mstyle", "msub", "msubsup", "msup", "mtable", "mtd", "mtext",
    "mtr", "munder", "munderover",
})
TAGS = HTML_TAGS | MATH_TAGS
#: Attributes any allowed element may carry.
COMMON_ATTRIBUTES = frozenset({"class", "id", "title", "style"})
#: Attributes per element (besides :data:`COMMON_ATTRIBUTES`).
ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "ol": frozenset({"type", "start"}),
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan"}),
    "col": frozenset({"span", "width"}),
    "colgroup": frozenset({"span", "width"}),
    # the tables' and figures' keys and the references' of lkjip_nb.present
    "figure": frozenset({"data-key"}),
    "p": frozenset({"data-key"}),
    "span": frozenset({"data-key", "data-kind", "data-ref", "data-aside"}),
    "math": frozenset({"display", "xmlns"}),
}
#: MathML presentation attributes latex2mathml writes, allowed on each of :data:`MATH_TAGS`
#: (not ``href``: a formula links nowhere).
MATH_ATTRIBUTES = frozenset({
    "accent", "accentunder", "columnalign", "columnlines", "columnspacing", "columnspan",
    "depth", "displaystyle", "fence", "form", "frame", "height", "largeop", "linebreak",
    "linethickness", "lspace", "mathsize", "mathvariant", "maxsize", "minsize",
    "movablelimits", "notation", "rowlines", "rowspacing", "rowspan", "rspace", "scriptlevel",
    "separator", "stretchy", "symmetric", "voffset", "width",
})
#: Style properties our markup sets (table alignment, small print, indentation, list style).
STYLE_PROPERTIES = frozenset({
    "text-align", "white-space", "font-size", "font-weight", "font-style", "color",
    "padding-left", "list-style-type", "vertical-align",
})
#: Where a link may lead: a place in the page, or the web and mail.
LINK_PREFIXES = ("#", "http://", "https://", "mailto:")
#: What an image may show: a PNG or JPEG embedded in the page (nothing is fetched).
IMAGE_PREFIXES = ("data:image/png;base64,", "data:image/jpeg;base64,")
_STYLE_VALUE = re.compile(r"^[#a-zA-Z0-9.%\s-]+$")
_URL_JUNK = re.compile(r"[\x00-\x20\x7f]+")


def _url(value: str) -> str:
    """An address as a browser reads it: without the blanks and control characters it
    ignores, in lower case (for the checks only)."""
    return _URL_JUNK.sub("", value).lower()


def _style(value: str) -> str | None:
    """``value`` when each declaration sets an allowed property to a plain value (no
    ``url()``, no escapes, no expressions), else None."""
    for declaration in value.split(";"):
        if not declaration.strip():
            continue
        name, colon, setting = declaration.partition(":")
        if (not colon or name.strip().lower() not in STYLE_PROPERTIES
                or not _STYLE_VALUE.match(setting)):
            return None
    return value


def _attribute(element: str, attribute: str, value: str) -> str | None:
    """The value an allowed attribute keeps (None: the attribute is removed)."""
    if attribute == "href":
        return value if _url(value).startswith(LINK_PREFIXES) else None
    if attribute == "src":
        return value if element == "img" and _url(value).startswith(IMAGE_PREFIXES) else None
    if attribute == "style":
        return _style(value)
    return value


_CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    attributes={"*": set(COMMON_ATTRIBUTES),
                **{tag: set(MATH_ATTRIBUTES) for tag in MATH_TAGS},
                **{k: set(v) | (MATH_ATTRIBUTES if k in MATH_TAGS else set())
                   for k, v in ATTRIBUTES.items()}},
    attribute_filter=_attribute,
    url_schemes={"http", "https", "mailto", "data"},
    link_rel=None,  # links within the page keep their markup
    strip_comments=True,
)


def sanitize_html(fragment: str | list[str]) -> str:
    """``fragment`` with only the allowed markup (:data:`TAGS`, :data:`ATTRIBUTES`, links and
    images as :data:`LINK_PREFIXES` and :data:`IMAGE_PREFIXES` allow); the text stays. An
    output's text kept as a list of lines (nbformat) is joined first."""
    text = "".join(fragment) if isinstance(fragment, list) else str(fragment or "")
    return _CLEANER.clean(text) if text else ""
