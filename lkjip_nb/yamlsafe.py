"""``yaml.safe_load`` through libyaml's C loader when PyYAML was built with it (~8x faster),
with two rules of our own: no duplicate keys, and aliases within a small budget.

Both loaders resolve tags the same way (YAML 1.1: an unquoted ``no:`` key is still False);
only the wording of syntax errors differs (the C loader gives line and column, no excerpt).

* A key written twice in one mapping (a second ``sasaran:``) is an error naming the key and both
  lines; YAML itself would let the last one win silently. Keys merged in with ``<<`` may be
  overridden, as YAML intends.
* Aliases (``*name``) are counted before anything is built: more than :data:`ALIAS_BUDGET`
  uses, more than :data:`NODE_BUDGET` values once they are expanded, or an alias inside its own
  anchor is an error. An "alias bomb" (each level nine aliases of the previous one) is a few
  hundred bytes that expand to hundreds of millions of values; every check walking the loaded
  data would hang on it.
* Nesting deeper than Python's recursion allows is an error too, not a ``RecursionError``.

Every such error is a :class:`YamlRuleError`, a ``yaml.YAMLError`` whose ``problem`` is a
sentence in Bahasa Indonesia and whose ``problem_mark`` points at the offending line.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:
    BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML without libyaml
    BaseLoader = yaml.SafeLoader

#: Alias uses (``*name``) one document may hold.
ALIAS_BUDGET = 50
#: Values (scalars, lists, mappings) one document may hold once its aliases are expanded.
NODE_BUDGET = 200_000
_MERGE_TAG = "tag:yaml.org,2002:merge"


class YamlRuleError(ConstructorError):
    """The YAML is well-formed but breaks one of the rules above."""

    def __init__(self, problem: str, mark: Any = None) -> None:
        super().__init__(None, None, problem, mark)


def _line(node: Node | None) -> int | None:
    mark = getattr(node, "start_mark", None)
    return mark.line + 1 if mark is not None else None


def check_aliases(root: Node) -> None:
    """Raise :class:`YamlRuleError` when ``root`` uses aliases beyond the budgets, or an alias
    refers to a node that contains it."""
    sizes: dict[int, int] = {}  # id(node) -> expanded size, once known
    open_nodes: set[int] = set()
    uses = 0
    # (node, where it is used, children still to visit)
    stack: list[tuple[Node, Node, list[tuple[Node, Node]]]] = []

    def enter(node: Node, where: Node) -> None:
        nonlocal uses
        key = id(node)
        if key in open_nodes:
            raise YamlRuleError(f"alias melingkar: nilai pada baris {_line(node)} memuat "
                                "dirinya sendiri; hapus alias (*nama) itu",
                                getattr(where, "start_mark", None))
        if key in sizes:  # reached again: an alias use
            uses += 1
            if uses > ALIAS_BUDGET:
                raise YamlRuleError(f"terlalu banyak alias (*nama): lebih dari {ALIAS_BUDGET}; "
                                    "tulis nilainya langsung", getattr(where, "start_mark", None))
            return
        children: list[tuple[Node, Node]] = []
        if isinstance(node, SequenceNode):
            children = [(child, child if isinstance(child, ScalarNode) else where)
                        for child in node.value]
        elif isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                children += [(key_node, key_node), (value_node, key_node)]
        open_nodes.add(key)
        stack.append((node, where, children[::-1]))

    enter(root, root)
    while stack:
        node, _where, children = stack[-1]
        if children:
            child, where = children.pop()
            enter(child, where)
            continue
        stack.pop()
        open_nodes.discard(id(node))
        size = 1
        if isinstance(node, SequenceNode):
            size += sum(sizes[id(c)] for c in node.value)
        elif isinstance(node, MappingNode):
            size += sum(sizes[id(k)] + sizes[id(v)] for k, v in node.value)
        if size > NODE_BUDGET:
            raise YamlRuleError(f"terlalu banyak nilai setelah alias (*nama) diuraikan: lebih "
                                f"dari {NODE_BUDGET}; tulis nilainya langsung",
                                getattr(node, "start_mark", None))
        sizes[id(node)] = size


class SafeLoader(BaseLoader):  # type: ignore[misc,valid-type]
    """The fastest safe loader, refusing duplicate keys and aliases beyond the budgets."""

    def construct_document(self, node: Node) -> Any:
        """Check the aliases of the composed document, then build it."""
        check_aliases(node)
        return super().construct_document(node)

    def construct_mapping(self, node: Node, deep: bool = False) -> Any:
        """A mapping, refusing a key written twice (merged ``<<`` keys may be overridden)."""
        if isinstance(node, MappingNode):
            first: dict[Any, Node] = {}
            for key_node, _value in node.value:
                if key_node.tag == _MERGE_TAG:
                    continue
                key = self.construct_object(key_node, deep=True)
                try:
                    earlier = first.get(key)
                except TypeError:  # unhashable: PyYAML reports it below
                    continue
                if earlier is not None:
                    raise YamlRuleError(
                        f"kunci '{key}' ganda: sudah ada di baris {_line(earlier)}; setiap "
                        "kunci hanya boleh sekali dalam satu pemetaan (yang kedua tidak boleh "
                        "diam-diam menggantikan yang pertama)", key_node.start_mark)
                first[key] = key_node
        return super().construct_mapping(node, deep=deep)


def safe_load(stream: str | bytes) -> Any:
    """Like :func:`yaml.safe_load`, with the fastest safe loader and the rules above."""
    try:
        return yaml.load(stream, Loader=SafeLoader)
    except RecursionError as exc:
        raise YamlRuleError("struktur bersarang terlalu dalam") from exc
