"""A 测评体系 sheet → indicators.yml: the tree from the numbering and the merged cells.

Two layouts are read, and any mix of them:

- hierarchy columns (版块 | 测评项目 | 测评内容, the first ones merged down over their rows), with or without
  an id column: a row is a leaf, its ancestors are the merged cells to its left. Without ids (or with a
  running 序号), ids are given in order: 版块 A, B, …; their items A.1, A.2, …; their contents A.1.1, …
  A cell may carry its own id ("A 公共秩序", "A.1 市容环境"); a Chinese ordinal ("一、", "（一）") is dropped.
- an id column with ids of every depth (A, A.1, A.1.1 — or A1.1, A-1-1) and one title column: each row is
  the node its id names, parents before or after their children.

测评内容 is a leaf's ``title`` and 测评标准 its ``standard``. A group's points may be written in its name
("公共秩序（10分）"); a group without points gets the sum of its children's when they all have some.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from generator.intake.problems import Place
from generator.intake.records import PlannedRecord
from generator.intake.run import Run, cell_text, header_text, place_of, sheet_place
from generator.intake.sheets import Table
from generator.intake.values import (
    IdMatcher,
    UnitMatcher,
    dotted,
    id_tokens,
    leading_id,
    parse_score,
    split_list,
    split_title_score,
)
from generator.schema import IndicatorSpec
from generator.validate.readers import INDICATORS_FILE

_LEVELS = ("level1", "level2", "level3")
_ORDINAL = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|\d+\s*[、．]|\d+\.(?!\d))\s*"
)
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass
class _Node:
    id: str
    place: Place
    title: str = ""
    title_place: Place | None = None
    score: float | None = None
    score_place: Place | None = None
    standard: str = ""
    methods: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    children: list[str] = field(default_factory=list)

    def as_data(self, nodes: dict[str, _Node]) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "title": self.title}
        kids = [nodes[c].as_data(nodes) for c in self.children]
        score = self.score
        if score is None and kids and all("score" in k for k in kids):
            score = sum(k["score"] for k in kids)
        if score is not None:
            data["score"] = int(score) if float(score).is_integer() else score
        if self.standard:
            data["standard"] = self.standard
        if self.methods:
            data["methods"] = self.methods
        if self.units:
            data["units"] = self.units
        if kids:
            data["children"] = kids
        return data


@dataclass
class _Tree:
    run: Run
    nodes: dict[str, _Node] = field(default_factory=dict)
    roots: list[str] = field(default_factory=list)
    by_path: dict[tuple[str, ...], str] = field(default_factory=dict)  # titles from the top → generated id

    def node(self, node_id: str, place: Place) -> _Node:
        found = self.nodes.get(node_id)
        if found is None:
            found = self.nodes[node_id] = _Node(node_id, place)
            parent = node_id.rpartition(".")[0]
            if parent:
                self.node(parent, place).children.append(node_id)
            else:
                self.roots.append(node_id)
        return found

    def titled(self, node_id: str, title: str, place: Place) -> _Node:
        node = self.node(node_id, place)
        name, score = split_title_score(title)
        if node.title and node.title != name:
            where = node.title_place.cell if node.title_place else ""
            self.run.error(place, "indicator-conflict", id=node_id, title=name, other=node.title, cell=where)
        elif not node.title:
            node.title, node.title_place = name, place
        if score is not None and node.score is None:
            node.score, node.score_place = score, place
        return node

    def child_id(self, parent: str, title: str) -> str:
        """The next id under ``parent`` ("" for the top), for a title met the first time."""
        siblings = len(self.nodes[parent].children) if parent else len(self.roots)
        if parent:
            return f"{parent}.{siblings + 1}"
        return _LETTERS[siblings] if siblings < len(_LETTERS) else f"Z{siblings - 24}"


def plan_indicators(tables: list[Table], run: Run) -> None:
    tree = _Tree(run)
    units = run.unit_matcher()
    for table in tables:
        running = _running_numbers(table)
        above: dict[str, str] = {}
        for row in table.rows:
            run.rows += 1
            _read_row(table, row, tree, units, running=running, above=above)
    for node in tree.nodes.values():
        if not node.title:
            run.error(node.place, "indicator-no-title", id=node.id)
    if not tree.nodes or run.failed:
        return
    _plan_file(tables[0], tree, run)


def _running_numbers(table: Table) -> bool:
    """Whether the id column is only a running 序号 (1, 2, 3 …), not the framework's numbering."""
    texts = [cell_text(table, row, "id") for row in table.rows]
    return all(text.isdigit() for text in texts if text)


def _read_row(
    table: Table, row: int, tree: _Tree, units: UnitMatcher, *, running: bool, above: dict[str, str]
) -> None:
    typed = "" if running else cell_text(table, row, "id")
    levels = [name for name in _LEVELS if table.column(name) is not None]
    if typed:
        tokens = id_tokens(typed)
        if not tokens:
            tree.run.error(place_of(table, row, "id"), "bad-indicator-id", id=typed)
            return
        node = _by_id(table, row, tokens, levels, tree)
    else:
        node = _by_titles(table, row, levels, tree, above)
    if node is not None:
        _leaf_values(table, row, node, tree, units)


def _by_id(table: Table, row: int, tokens: tuple[str, ...], levels: list[str], tree: _Tree) -> _Node | None:
    depth = len(tokens)
    node = tree.node(dotted(tokens), place_of(table, row, "id"))
    for i, level in enumerate(levels):
        at = depth - len(levels) + i + 1  # title columns stand for the deepest levels
        text = cell_text(table, row, level)
        if at >= 1 and text:
            node_id = dotted(tokens[:at])
            tree.titled(node_id, _clean_title(text, node_id), place_of(table, row, level))
    return node


def _by_titles(table: Table, row: int, levels: list[str], tree: _Tree, above: dict[str, str]) -> _Node | None:
    texts = [cell_text(table, row, level) for level in levels]
    filled = [i for i, text in enumerate(texts) if text]
    if filled:  # a group column left blank under its first row (instead of merged) means the same group
        texts = [
            text or (above.get(level, "") if i < filled[-1] else "")
            for i, (level, text) in enumerate(zip(levels, texts, strict=True))
        ]
        above.update({level: text for level, text in zip(levels, texts, strict=True) if text})
    if not filled:
        tree.run.error(place_of(table, row, levels[-1] if levels else None), "indicator-no-title", id="")
        return None
    parent, path = "", tuple[str, ...]()
    node: _Node | None = None
    for i in range(filled[-1] + 1):
        place = place_of(table, row, levels[i])
        raw = texts[i]
        if not raw:
            tree.run.error(place, "missing-value", column=header_text(table, levels[i]))
            return None
        own, rest = leading_id(raw)
        path = (*path, raw)
        node_id = tree.by_path.get(path)
        if node_id is None:
            tokens = id_tokens(own) if own and rest else ()
            fits = tokens and len(tokens) == i + 1 and dotted(tokens[:-1]) == parent
            node_id = dotted(tokens) if fits else tree.child_id(parent, raw)
            tree.by_path[path] = node_id
        node = tree.titled(node_id, _clean_title(raw, node_id), place)
        parent = node_id
    return node


def _clean_title(text: str, node_id: str = "") -> str:
    """The name without the number it may start with: "A.1 市容环境", "A 公共秩序", "（一）市容环境"."""
    own, rest = leading_id(text)
    if own and rest and (any(ch.isdigit() for ch in own) or id_tokens(own) == id_tokens(node_id)):
        text = rest
    return _ORDINAL.sub("", text).strip()


def _leaf_values(table: Table, row: int, node: _Node, tree: _Tree, units: UnitMatcher) -> None:
    run = tree.run
    if cell_text(table, row, "score"):
        score = run.parsed(place_of(table, row, "score"), parse_score, table.value(row, "score"))
        if score is not None:
            node.score, node.score_place = score, place_of(table, row, "score")
    node.standard = node.standard or cell_text(table, row, "standard")
    node.methods = node.methods or split_list(table.value(row, "methods"))
    place = place_of(table, row, "units")
    for name in split_list(table.value(row, "units")):
        found = run.find_unit(place, name, units)
        if found is not None and found not in node.units:
            node.units.append(found)


def _plan_file(table: Table, tree: _Tree, run: Run) -> None:
    first = sheet_place(table)
    new = [tree.nodes[root].as_data(tree.nodes) for root in tree.roots]
    specs = [IndicatorSpec.model_validate(data) for data in new]
    if specs == run.state.indicators:
        run.note(first, "intake-indicators-unchanged", count=len(tree.nodes))
        return
    if not run.state.indicators_empty and not run.options.replace:
        run.error(
            first, "not-empty", file=INDICATORS_FILE, count=len(IdMatcher(run.state.indicator_ids()).ids)
        )
        return
    places = {node.id: node.title_place or node.place for node in tree.nodes.values()}
    run.planned.append(
        PlannedRecord(
            kind="indicators",
            id="",
            relative=INDICATORS_FILE,
            data=new,
            place=first,
            title=INDICATORS_FILE,
            replace=True,
            ids=[("indicator", node_id) for node_id in _depth_first(tree)],
            fields={f"indicator:{node_id}": place for node_id, place in places.items()}
            | {f"score:{n.id}": n.score_place or n.place for n in tree.nodes.values()},
        )
    )
    run.indicators = specs


def _depth_first(tree: _Tree) -> list[str]:
    order: list[str] = []

    def walk(node_id: str) -> None:
        order.append(node_id)
        for child in tree.nodes[node_id].children:
            walk(child)

    for root in tree.roots:
        walk(root)
    return order
