"""Read YAML files safely, keeping the line and column of every key and value.

The reader composes the YAML node graph with libyaml (when present) and builds plain Python values
itself, so that it can refuse what a record file must never contain: tags that construct objects, alias
expansion beyond a bound ("billion laughs"), duplicate keys, non-UTF-8 bytes and oversized files.
Every refusal is a ``Problem`` with a position; nothing here raises on bad input. A syntax error is placed
where the mistake is — the '[' or quote left open — rather than where the parser noticed it (see the end).
"""

from __future__ import annotations

import marshal
import sys
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import Problem

try:  # libyaml composes in C; the pure-Python loader gives the same nodes and marks, only slower.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES: Final = 4 * 1024 * 1024
MAX_VALUES: Final = 200_000
MAX_DEPTH: Final = 64

Loc = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS: Final = {_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp")}
_constructor = SafeConstructor()


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


class YamlDocument:
    """A YAML file's value with the positions of its keys and values, addressed by location tuples.

    The reader keeps the parser's own (0-based) marks as one list in the order it makes them — a value's mark,
    then for a mapping each key's mark before its value's, for a list each item in turn — so the value alone
    says where each one belongs. The marks are laid out by location only when a position is first asked for:
    few files ever have a problem, and every file's marks would cost more than parsing it."""

    def __init__(
        self, path: Path, data: Any, marks: Sequence[Any] = (), *, packed: PackedDocument | None = None
    ) -> None:
        self.path, self.data = path, data
        self._marks = marks
        self._packed = packed  # this document as bytes, when it came from them or was packed
        self._located: tuple[dict[Loc, Any], dict[Loc, Any]] | None = None

    def _locations(self) -> tuple[dict[Loc, Any], dict[Loc, Any]]:
        if self._located is None:
            marks = self._marks if self._marks or self._packed is None else self._packed.unpacked_marks()
            keys: dict[Loc, Any] = {}
            values: dict[Loc, Any] = {}
            if marks:
                _lay_out(self.data, (), keys, values, iter(marks))
            self._located = keys, values
        return self._located

    @property
    def raw_key_marks(self) -> dict[Loc, Any]:
        return self._locations()[0]

    @property
    def raw_value_marks(self) -> dict[Loc, Any]:
        return self._locations()[1]

    def key_mark(self, loc: Loc) -> Mark | None:
        raw = self.raw_key_marks.get(loc)
        return None if raw is None else Mark(raw.line + 1, raw.column + 1)

    def value_mark(self, loc: Loc) -> Mark | None:
        raw = self.raw_value_marks.get(loc)
        return None if raw is None else Mark(raw.line + 1, raw.column + 1)

    def position(self, loc: Loc, *, key: bool = False) -> Mark:
        """The mark of ``loc`` (its key when ``key``), else of its nearest ancestor, else line 1."""
        for end in range(len(loc), -1, -1):
            prefix = loc[:end]
            mark = (self.key_mark(prefix) if key else None) or self.value_mark(prefix)
            if mark is not None:
                return mark
        return Mark(1, 1)

    def problem(
        self, loc: Loc, code: str, *, key: bool = False, severity: str = "error", **params: object
    ) -> Problem:
        mark = self.position(loc, key=key)
        return Problem(self.path, mark.line, mark.column, severity, code, params)  # type: ignore[arg-type]

    def packed(self) -> PackedDocument:
        """Where each value of this document is written, as two byte strings (made once): what the model
        keeps, and the parse cache beside the value."""
        if self._packed is None:
            numbers = array("I", [n for mark in self._marks for n in (mark.line, mark.column)])
            self._packed = PackedDocument(self.path, marshal.dumps(shape_of(self.data)), numbers.tobytes())
        return self._packed


def shape_of(value: Any) -> Any:
    """``value`` without its values: each mapping's keys in order and each list's length, every scalar None.
    It places the marks as well as the value does, and a model can keep it for every file (the values
    themselves are in the model already)."""
    if type(value) is dict:
        return {key: shape_of(item) for key, item in value.items()}
    if type(value) is list:
        return [shape_of(item) for item in value]
    return None


class _PackedMark:
    """A parser mark's line and column (0-based), laid out again from a packed document."""

    __slots__ = ("column", "line")

    def __init__(self, line: int, column: int) -> None:
        self.line, self.column = line, column


class PackedDocument:
    """Where a document's values are written, as bytes: its shape (``shape_of``, marshal) and its marks as
    0-based (line, column) numbers in the reader's order. Holding no Python objects but two short byte
    strings, a model can keep one per file for as long as it lives; the shape is laid out again the first
    time a position is asked for, the file never parsed again. ``data`` is the shape: which keys the file
    wrote, not their values."""

    __slots__ = ("_document", "marks", "path", "shape")

    def __init__(self, path: Path, shape: bytes, marks: bytes) -> None:
        self.path, self.shape, self.marks = path, shape, marks
        self._document: YamlDocument | None = None

    def document(self) -> YamlDocument:
        if self._document is None:
            self._document = YamlDocument(self.path, marshal.loads(self.shape), packed=self)
        return self._document

    def unpacked_marks(self) -> list[_PackedMark]:
        numbers = array("I", self.marks)
        return [_PackedMark(numbers[i], numbers[i + 1]) for i in range(0, len(numbers), 2)]

    @property
    def data(self) -> Any:
        return self.document().data

    def position(self, loc: Loc, *, key: bool = False) -> Mark:
        return self.document().position(loc, key=key)

    def problem(
        self, loc: Loc, code: str, *, key: bool = False, severity: str = "error", **params: object
    ) -> Problem:
        return self.document().problem(loc, code, key=key, severity=severity, **params)


def _lay_out(
    value: Any, loc: Loc, keys: dict[Loc, Any], values: dict[Loc, Any], marks: Iterator[Any]
) -> None:
    """Give each location of ``value`` its mark from ``marks``, taken in the reader's order."""
    values[loc] = next(marks)
    if type(value) is dict:
        for key, item in value.items():
            here = (*loc, key)
            keys[here] = next(marks)
            _lay_out(item, here, keys, values, marks)
    elif type(value) is list:
        for i, item in enumerate(value):
            _lay_out(item, (*loc, i), keys, values, marks)


@dataclass(frozen=True, eq=False)
class Source:
    """Where a value was written: the document of its file and its location inside it."""

    doc: YamlDocument | PackedDocument
    prefix: Loc = ()

    @property
    def path(self) -> Path:
        return self.doc.path

    def packed(self) -> Source:
        """The same place in the packed document, to keep after validation (see ``PackedDocument``)."""
        return self if isinstance(self.doc, PackedDocument) else Source(self.doc.packed(), self.prefix)

    def position(self, loc: Loc = (), *, key: bool = False) -> Mark:
        """The line and column of ``loc`` under this value (see ``YamlDocument.position``)."""
        return self.doc.position((*self.prefix, *loc), key=key)

    def wrote(self, key: str) -> bool:
        """Whether the file wrote ``key`` in this mapping (rather than leaving it to its default)."""
        value: Any = self.doc.data
        for part in self.prefix:
            value = value[part]
        return isinstance(value, dict) and key in value

    def problem(
        self, loc: Loc, code: str, *, severity: str = "error", key: bool = False, **params: object
    ) -> Problem:
        return self.doc.problem((*self.prefix, *loc), code, severity=severity, key=key, **params)


class _Refused(Exception):
    def __init__(self, mark: Mark, code: str, **params: object) -> None:
        super().__init__(code)
        self.mark, self.code, self.params = mark, code, params


def _mark(node: Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    """Turns a node graph into Python values, recording marks and enforcing the bounds."""

    def __init__(self) -> None:
        self.marks: list[Any] = []  # in the order YamlDocument expects them
        self.values = 0

    def build(self, node: Node, depth: int = 0) -> Any:
        self.values += 1
        if self.values > MAX_VALUES:
            raise _Refused(_mark(node), "yaml-alias-bomb", limit=MAX_VALUES)
        if depth > MAX_DEPTH:
            raise _Refused(_mark(node), "yaml-too-deep", limit=MAX_DEPTH)
        self.marks.append(node.start_mark)
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode) and node.tag == _TAG + "seq":
            return [self.build(item, depth + 1) for item in node.value]
        if isinstance(node, MappingNode) and node.tag == _TAG + "map":
            return self.mapping(node, depth)
        raise _Refused(_mark(node), "yaml-tag", tag=node.tag.replace(_TAG, "!!"))

    def scalar(self, node: ScalarNode) -> Any:
        if node.tag not in _SCALAR_TAGS:
            raise _Refused(_mark(node), "yaml-tag", tag=node.tag.replace(_TAG, "!!"))
        kind = node.tag.removeprefix(_TAG)
        if kind in ("str", "timestamp"):  # dates stay text: the schema checks them and names bad ones
            return node.value
        return getattr(_constructor, f"construct_yaml_{kind}")(node)

    def mapping(self, node: MappingNode, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == _TAG + "merge":
                raise _Refused(
                    _mark(key_node), "yaml-tag", tag="<<" if key_node.tag.endswith("merge") else "?"
                )
            key = sys.intern(str(key_node.value))  # one string per field name: a smaller, faster cache
            if key in result:
                raise _Refused(_mark(key_node), "duplicate-key", key=key, first_line=first_line[key])
            first_line[key] = key_node.start_mark.line + 1
            self.marks.append(key_node.start_mark)
            result[key] = self.build(value_node, depth + 1)
        return result


def _decode(path: Path, raw: bytes) -> tuple[str | None, Problem | None]:
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, Problem(path, line, column, "error", "not-utf8", {"byte": raw[exc.start]})


def read_yaml(path: Path) -> tuple[YamlDocument | None, list[Problem]]:
    """Read one YAML file. Returns the document, or None and the problems that stopped it."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [
                Problem(path, 1, 1, "error", "file-too-large", {"size": size, "limit": MAX_FILE_BYTES})
            ]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(path, 0, 0, "error", "invalid", {"field": path.name, "detail": exc.strerror})]
    text, problem = _decode(path, raw)
    if problem or text is None:
        return None, [problem] if problem else []
    return parse_yaml(path, text)


def parse_yaml(path: Path, text: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse YAML text already in memory (the importer and tests use this directly)."""
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(path, text, exc)]
    except yaml.YAMLError as exc:
        return None, [Problem(path, 1, 1, "error", "yaml-syntax", {"detail": str(exc)})]
    if not nodes or nodes[0] is None:
        return None, [Problem(path, 1, 1, "error", "empty-file", {})]
    if len(nodes) > 1:
        second = _mark(nodes[1])
        return None, [
            Problem(
                path,
                second.line,
                second.column,
                "error",
                "bad-document",
                {"expected": "one YAML document", "got": f"{len(nodes)}"},
            )
        ]
    builder = _Builder()
    try:
        data = builder.build(nodes[0])
    except _Refused as refused:
        return None, [
            Problem(path, refused.mark.line, refused.mark.column, "error", refused.code, refused.params)
        ]
    return YamlDocument(path, data, builder.marks), []


# ------------------------------------------------------------------------------------------ syntax errors
# A YAML parser reports where it noticed a mistake (the problem mark): for a construct left open — a '[' or
# '{' never closed, a quote never ended, a line without its ':' — that is a later line with nothing wrong on
# it. PyYAML also gives where the construct began (the context mark); these name the constructs for which
# that is where the person should look.
_FLOW_CLOSERS: Final = {"[": "]", "{": "}"}
_QUOTES: Final = "'\""
_RUNS_TO_END: Final = ("found unexpected end of stream", "found unexpected document")
_COLON_IN_VALUE: Final = "mapping values are not allowed"
_Explained = tuple[Any, str, dict[str, object]]  # the parser's mark to report at, message key, its params


def _syntax_problem(path: Path, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    """A yaml-syntax problem at the mistake, the parser's own note kept in the message."""
    detail = exc.problem or exc.context or "unreadable"
    explained = _explain(text, exc, detail)
    if explained is None:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        key = "yaml-colon-in-value" if detail.startswith(_COLON_IN_VALUE) else ""
        return Problem(path, line, column, "error", "yaml-syntax", {"detail": detail}, key)
    at, key, params = explained
    params = {"detail": detail, **params}
    return Problem(path, at.line + 1, at.column + 1, "error", "yaml-syntax", params, key)


def _explain(text: str, exc: yaml.MarkedYAMLError, detail: str) -> _Explained | None:
    """Where the construct the parser was reading began, when that is where the mistake is."""
    opened, noticed = exc.context_mark, exc.problem_mark
    if noticed is None:
        return None
    if opened is None:
        return _runaway_quote(text, noticed)
    context = exc.context or ""
    opener = text[opened.index] if opened.index < len(text) else ""
    if "simple key" in context:
        return opened, "yaml-no-colon", _noticed_at(noticed)
    if "flow" in context and opener in _FLOW_CLOSERS:
        closed = _flow_closed(text, opened.index, noticed)
        return _left_open(opened, noticed, opener, _FLOW_CLOSERS[opener], closed=closed)
    if "quoted scalar" in context and opener in _QUOTES:
        return _left_open(opened, noticed, opener, opener, closed=not detail.startswith(_RUNS_TO_END))
    return _runaway_quote(text, noticed)


def _left_open(opened: Any, noticed: Any, opener: str, closer: str, *, closed: bool) -> _Explained:
    """An unclosed construct is reported where it opened; a mistake inside a closed one where it is."""
    shown = {"opener": _shown(opener), "closer": _shown(closer)}
    if closed:
        return noticed, "yaml-syntax-within", {**shown, **_noticed_at(opened)}
    return opened, "yaml-unclosed", {**shown, **_noticed_at(noticed)}


def _flow_closed(text: str, start: int, noticed: Any) -> bool:
    """Whether the '[' or '{' at ``start`` is closed by the end of the line where the parser stopped."""
    line_end = text.find("\n", noticed.index)
    depth, index, end = 0, start, len(text) if line_end < 0 else line_end
    while index < end:
        char = text[index]
        if char in _QUOTES and text[index - 1 : index].strip() in ("", "[", "{", ",", ":"):
            index = _quote_end(text, index, end)
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return True
        index += 1
    return False


def _quote_end(text: str, start: int, end: int) -> int:
    """The index of the quote that ends the quoted scalar opened at ``start`` (or ``end``)."""
    quote = text[start]
    index = start + 1
    while index < end:
        if text[index] == "\\" and quote == '"':
            index += 2
            continue
        if text[index] == quote:
            if quote == "'" and text[index + 1 : index + 2] == "'":  # '' is a quote inside '…'
                index += 2
                continue
            return index
        index += 1
    return end


def _runaway_quote(text: str, noticed: Any) -> _Explained | None:
    """A quote left open that the next value's quote closed, lines later: the mistake is where it opened."""
    last = None
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if token.start_mark.index >= noticed.index:
                break
            last = token
    except yaml.YAMLError:
        pass
    if not (
        isinstance(last, yaml.ScalarToken)
        and last.style in ("'", '"')
        and last.start_mark.line < last.end_mark.line == noticed.line
    ):
        return None
    quote = _shown(str(last.style))
    params = {"opener": quote, "end_line": last.end_mark.line + 1, "end_column": last.end_mark.column}
    return last.start_mark, "yaml-quote-runs-on", {**params, **_noticed_at(noticed)}


def _noticed_at(mark: Any) -> dict[str, object]:
    return {"line": mark.line + 1, "column": mark.column + 1}


def _shown(char: str) -> str:
    return f'"{char}"' if char == "'" else f"'{char}'"
