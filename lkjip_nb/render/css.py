"""Only the JupyterLab CSS rules a rendered page can use.

nbconvert's lab template embeds ~250 KB of JupyterLab CSS in every page, and Chromium parses
and matches all of it on every print. :func:`prune_page` keeps, of the stylesheets between the
template's markers, only what can apply to the page: style rules whose selectors need only the
classes, ids and element names found in the page, the ``@media``/``@supports`` blocks holding
such rules, ``@keyframes``/``@font-face`` that kept rules name, and the custom properties
(``--jp-*``) that kept rules or the rest of the page use, transitively.

It is conservative: pseudo-classes, attribute selectors, ``:not()``/``:is()``/``:has()`` and
the universal selector never drop a rule; anything it does not understand is kept. Selector
lists are never rewritten (an unsupported selector voids its whole list in Chromium, and keeping
the list as written keeps that behaviour), only whole rules and custom-property declarations
are dropped, so the page renders the same. The stylesheet is parsed once per process (and kept
in the user's cache between runs).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import tinycss2
from tinycss2 import ast

#: Markers around the lab stylesheets in the lkjip template (block ``notebook_css``).
BEGIN, END = "<!--lkjip:lab-css-->", "<!--/lkjip:lab-css-->"

_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)")
#: ``class``/``id`` attributes (a literal prefix is much faster than a case-insensitive
#: pattern, which is used only when a page spells them otherwise)
_VALUE = r"""\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+)"""
_CLASS, _ID = re.compile("class" + _VALUE), re.compile("id" + _VALUE)
_ATTR_I = re.compile("(class|id)" + _VALUE, re.I)
_NAMED = [(re.compile(rf"{a}\s*="), re.compile(rf"{a}\s*=".encode())) for a in ("class", "id")]
_VAR = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)")
#: At-rules whose block holds rules (filtered recursively); other at-rules with a block of
#: declarations (``@page``, ``@property``, ...) and those without one are kept as written.
_GROUPING = frozenset({"media", "supports", "layer", "container", "document", "scope"})


@dataclass(frozen=True)
class _Decl:
    """One declaration: its text, the custom property it defines, the ones it uses."""

    text: str
    defines: str | None
    uses: frozenset[str]
    idents: frozenset[str]


@dataclass(frozen=True)
class _StyleRule:
    """A style rule: kept if one of its selectors' requirements are all on the page.

    An empty requirement set (``*``, ``:root``, unsure) always matches."""

    prelude: str
    selectors: tuple[frozenset[str], ...]
    decls: tuple[_Decl, ...]


@dataclass(frozen=True)
class _Group:
    """``@media``/``@supports``/...: kept with its kept children, dropped when none is left."""

    prelude: str
    children: tuple[_Node, ...]


@dataclass(frozen=True)
class _Named:
    """``@keyframes``/``@font-face``: kept when a kept declaration names it."""

    text: str
    name: str
    uses: frozenset[str]


@dataclass(frozen=True)
class _Verbatim:
    """Anything else (``@page``, ``@import``, nested rules): always kept as written."""

    text: str
    uses: frozenset[str]


_Node = _StyleRule | _Group | _Named | _Verbatim


def _compact(tokens: Iterable[ast.Node]) -> list[ast.Node]:
    """``tokens`` with runs of whitespace as one space, none at the ends (recursively)."""
    out: list[ast.Node] = []
    for tok in tokens:
        if tok.type == "whitespace":
            if out and out[-1].type != "whitespace":
                out.append(ast.WhitespaceToken(tok.source_line, tok.source_column, " "))
            continue
        if tok.type == "comment":
            continue
        if tok.type == "function":
            tok = ast.FunctionBlock(tok.source_line, tok.source_column, tok.name,
                                    _compact(tok.arguments))
        elif tok.type in ("() block", "[] block", "{} block"):
            tok = type(tok)(tok.source_line, tok.source_column, _compact(tok.content))
        out.append(tok)
    while out and out[-1].type == "whitespace":
        out.pop()
    return out


def _text(tokens: Iterable[ast.Node]) -> str:
    return tinycss2.serialize(_compact(tokens))


def _walk(tokens: Iterable[ast.Node]) -> Iterator[ast.Node]:
    """Every token of ``tokens``, descending into blocks and functions."""
    for tok in tokens:
        yield tok
        if tok.type == "function":
            yield from _walk(tok.arguments)
        elif tok.type in ("() block", "[] block", "{} block"):
            yield from _walk(tok.content)


def _uses(tokens: Iterable[ast.Node]) -> frozenset[str]:
    """The custom properties that ``var()`` reads in ``tokens``."""
    names = set()
    for tok in _walk(tokens):
        if tok.type == "function" and tok.lower_name == "var":
            first = next((a for a in tok.arguments if a.type != "whitespace"), None)
            if first is not None and first.type == "ident" and first.value.startswith("--"):
                names.add(first.value)
    return frozenset(names)


def _idents(tokens: Iterable[ast.Node]) -> frozenset[str]:
    """Identifiers and strings of ``tokens`` (animation and font names)."""
    return frozenset(t.value for t in _walk(tokens) if t.type in ("ident", "string"))


def _requirements(selector: list[ast.Node]) -> frozenset[str]:
    """What an element chain needs for ``selector`` to match: ``.class``, ``#id`` and
    ``element`` names; empty (always matches) when the selector is not understood."""
    needs: set[str] = set()
    prev = None
    for tok in selector:
        kind = tok.type
        if kind == "literal" and tok.value in (".", ":", "*", ">", "+", "~"):
            pass
        elif kind == "ident":
            if prev is not None and prev.type == "literal" and prev.value == ".":
                needs.add("." + tok.value)
            elif not (prev is not None and prev.type == "literal" and prev.value == ":"):
                needs.add(tok.lower_value)
        elif kind == "hash":
            needs.add("#" + tok.value)
        elif kind in ("whitespace", "[] block") or (kind == "function" and prev is not None
                                                     and prev.type == "literal"
                                                     and prev.value == ":"):
            pass  # attribute selectors and :not()/:is()/:has()/... never drop a rule
        else:  # namespaces, nesting (&), anything unexpected: keep the rule
            return frozenset()
        prev = tok
    return frozenset(needs)


def _selectors(prelude: list[ast.Node]) -> tuple[frozenset[str], ...]:
    """Requirements of each selector of a selector list."""
    out, current = [], []
    for tok in prelude:
        if tok.type == "literal" and tok.value == ",":
            out.append(_requirements(current))
            current = []
        elif tok.type != "comment":
            current.append(tok)
    out.append(_requirements(current))
    return tuple(out)


def _declarations(content: list[ast.Node]) -> tuple[_Decl, ...] | None:
    """The declarations of a rule's block; None when it nests rules."""
    decls = []
    for item in tinycss2.parse_blocks_contents(content, skip_comments=True,
                                               skip_whitespace=True):
        if item.type != "declaration":
            return None
        value = _text(item.value)
        text = f"{item.name}:{value}{'!important' if item.important else ''}"
        defines = item.name if item.name.startswith("--") else None
        decls.append(_Decl(text, defines, _uses(item.value), _idents(item.value)))
    return tuple(decls)


def _node(rule: ast.Node) -> _Node | None:
    """The pruning view of one parsed rule (None for parse errors, dropped as Chromium does)."""
    if rule.type == "qualified-rule":
        decls = _declarations(rule.content)
        if decls is None:
            return _Verbatim(_text([rule]), _uses(rule.content))
        return _StyleRule(_text(rule.prelude), _selectors(rule.prelude), decls)
    if rule.type != "at-rule":
        return None
    keyword = rule.lower_at_keyword
    if keyword in _GROUPING and rule.content is not None:
        children = tuple(n for r in tinycss2.parse_rule_list(rule.content, skip_comments=True,
                                                             skip_whitespace=True)
                         if (n := _node(r)) is not None)
        return _Group(f"@{keyword} {_text(rule.prelude)}".rstrip(), children)
    if keyword.endswith("keyframes") and rule.content is not None:
        name = next((t.value for t in rule.prelude if t.type in ("ident", "string")), "")
        return _Named(_text([rule]), name, _uses(rule.content))
    if keyword == "font-face" and rule.content is not None:
        family = next((d for d in tinycss2.parse_blocks_contents(rule.content)
                       if d.type == "declaration" and d.lower_name == "font-family"), None)
        name = next(iter(_idents(family.value)), "") if family is not None else ""
        return _Named(_text([rule]), name, _uses(rule.content))
    return _Verbatim(_text([rule]), _uses(rule.content or []))


class Stylesheet:
    """A parsed stylesheet that can be written out keeping only what a page uses."""

    def __init__(self, css: str):
        self.nodes = tuple(n for r in tinycss2.parse_stylesheet(css, skip_comments=True,
                                                                skip_whitespace=True)
                           if (n := _node(r)) is not None)
        flat = list(_flat(self.nodes))
        #: what can change the result: names in selectors, custom properties defined, named
        #: at-rules; pages alike in these share one pruned stylesheet (:attr:`_pruned`)
        self._names = frozenset(n for r in flat if isinstance(r, _StyleRule)
                                for sel in r.selectors for n in sel)
        self._vars = frozenset(d.defines for r in flat if isinstance(r, _StyleRule)
                               for d in r.decls if d.defines)
        self._named = frozenset(r.name for r in flat if isinstance(r, _Named) and r.name)
        self._pruned: dict[tuple[frozenset[str], ...], str] = {}

    def prune(self, present: set[str], used_outside: set[str] | None = None,
              text_outside: str = "") -> str:
        """The stylesheet with only the rules that can match elements made of ``present``
        (``.class``, ``#id``, lower-case element names) and the custom properties in use.

        ``used_outside`` are custom properties read elsewhere (other stylesheets, ``style``
        attributes); ``text_outside`` is searched for the names of ``@font-face`` fonts and
        ``@keyframes``.
        """
        key = (self._names.intersection(present), self._vars.intersection(used_outside or ()),
               frozenset(n for n in self._named if n in text_outside))
        css = self._pruned.get(key)
        if css is None:
            if len(self._pruned) >= 64:
                self._pruned.clear()
            css = self._pruned[key] = self._prune(*key)
        return css

    def _prune(self, present: frozenset[str], used_outside: frozenset[str],
               named_outside: frozenset[str]) -> str:
        kept = self._kept(self.nodes, present)
        defs: dict[str, set[str]] = {}
        need = set(used_outside)
        idents: set[str] = set()
        for node in _flat(kept):
            if isinstance(node, _StyleRule):
                for d in node.decls:
                    idents |= d.idents
                    if d.defines:
                        defs.setdefault(d.defines, set()).update(d.uses)
                    else:
                        need |= d.uses
            elif isinstance(node, _Verbatim):
                need |= node.uses
        named = {id(n) for n in _flat(kept) if isinstance(n, _Named)
                 and (n.name in idents or n.name in named_outside)}
        for node in _flat(kept):
            if id(node) in named:
                need |= node.uses
        todo = list(need)
        while todo:
            for ref in defs.get(todo.pop(), ()):
                if ref not in need:
                    need.add(ref)
                    todo.append(ref)
        return "\n".join(self._write(kept, need, named))

    def _kept(self, nodes: tuple[_Node, ...], present: frozenset[str]) -> list[_Node]:
        out: list[_Node] = []
        for node in nodes:
            if isinstance(node, _StyleRule):
                if any(sel <= present for sel in node.selectors):
                    out.append(node)
            elif isinstance(node, _Group):
                children = tuple(self._kept(node.children, present))
                if children:
                    out.append(_Group(node.prelude, children))
            else:
                out.append(node)
        return out

    def _write(self, nodes: Iterable[_Node], need: set[str], named: set[int]) -> Iterator[str]:
        for node in nodes:
            if isinstance(node, _StyleRule):
                decls = [d.text for d in node.decls if d.defines is None or d.defines in need]
                if decls:
                    yield f"{node.prelude}{{{';'.join(decls)}}}"
            elif isinstance(node, _Group):
                inner = "\n".join(self._write(node.children, need, named))
                if inner:
                    yield f"{node.prelude}{{\n{inner}\n}}"
            elif isinstance(node, _Named):
                if id(node) in named:
                    yield node.text
            else:
                yield node.text


def _flat(nodes: Iterable[_Node]) -> Iterator[_Node]:
    for node in nodes:
        if isinstance(node, _Group):
            yield from _flat(node.children)
        else:
            yield node


def page_names(html: str) -> set[str]:
    """Element names (lower case), ``.class`` and ``#id`` found anywhere in ``html``.

    A plain scan of tags and attributes: text that only looks like markup (or an attribute
    such as ``data-id``) adds names, which keeps more rules, never fewer."""
    names = {m.lower() for m in set(_TAG.findall(html))}
    classes, ids = set(_CLASS.findall(html)), set(_ID.findall(html))
    ascii_lower = html.encode("ascii", "replace").lower()
    if any(html.count(word) != ascii_lower.count(word.encode())  # Class, ID, ... somewhere
           and len(text.findall(html)) != len(data.findall(ascii_lower))  # CLASS=, Id=, ...
           for word, (text, data) in zip(("class", "id"), _NAMED, strict=True)):
        found = set(_ATTR_I.findall(html))
        classes = {v for a, v in found if a.lower() == "class"}
        ids = {v for a, v in found if a.lower() == "id"}
    names.update("#" + _unquote(i) for i in ids)
    names.update("." + c for value in classes for c in _unquote(value).split())
    return names


def _unquote(value: str) -> str:
    return value[1:-1] if value[:1] in ("'", '"') else value


def _without_data(html: str, pos: int = 0, stop: int | None = None) -> str:
    """``html[pos:stop]`` without the values of its ``="data:..."`` attributes (embedded
    images: most of a page's size, and no markup in them), so that scanning it is quick."""
    stop = len(html) if stop is None else stop
    parts = []
    while ((i := html.find('="data:', pos, stop)) >= 0
           and (end := html.find('"', i + 2, stop)) >= 0):
        parts.append(html[pos:i + 2])
        pos = end
    parts.append(html[pos:stop])
    return "".join(parts)


def _styles(html: str, start: int, stop: int) -> Iterator[str]:
    """The contents of the ``<style>`` elements of ``html[start:stop]``."""
    while (i := html.find("<style", start, stop)) >= 0:
        body = html.find(">", i, stop) + 1
        end = html.find("</style>", body, stop)
        if body <= 0 or end < 0:
            return
        yield html[body:end]
        start = end + len("</style>")


_sheets: dict[str, Stylesheet] = {}
_sheets_lock = threading.Lock()


def stylesheet(css: str) -> Stylesheet:
    """The parsed ``css``: parsed once per process, and kept between runs in the user's cache
    (:mod:`lkjip_nb.render.cache`, keyed by the CSS, this module's source and tinycss2's
    version)."""
    from pathlib import Path

    from lkjip_nb.render.cache import cached_pickle

    with _sheets_lock:
        sheet = _sheets.get(css)
        if sheet is None:
            parts = [css.encode(), Path(__file__).read_bytes(), tinycss2.__version__.encode()]
            sheet = _sheets[css] = cached_pickle("css", parts, lambda: Stylesheet(css))
        return sheet


def prune_page(html: str) -> str:
    """``html`` with the stylesheets between :data:`BEGIN` and :data:`END` replaced by one
    holding only what the page uses; unchanged when the markers are missing."""
    start = html.find(BEGIN)
    stop = html.find(END, start)
    if start < 0 or stop < 0:
        return html
    css = "\n".join(_styles(html, start, stop))
    rest = _without_data(html, 0, start) + _without_data(html, stop + len(END))
    pruned = stylesheet(css).prune(page_names(rest), set(_VAR.findall(rest)), rest)
    return f'{html[:start]}<style type="text/css">\n{pruned}\n</style>{html[stop + len(END):]}'
