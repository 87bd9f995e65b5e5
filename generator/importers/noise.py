"""Strip what document-sharing sites add to a text, and mend paragraphs their page breaks split.

What counts as noise is listed here, pattern by pattern, each with an example from a real scraped file:
site banners, 来源/作者/更新时间 lines, ``[bookmark: …]`` markers, Office smart-tag debris, download and
copyright footers, "相关范文推荐" lists, a truncated teaser repeating the first paragraph, and page numbers
("—2—") that cut a paragraph in two. Everything else is kept exactly, in order.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Final

from generator.importers.blocks import Block

# Inline fragments removed wherever they stand.
_INLINE: Final = (
    re.compile(r"\[bookmark:[^\]]*\]"),  # [bookmark: _Toc1]在全市…
    re.compile(r"[<《]\?xml:namespace[^>]*?/>"),  # 《?xml:namespace prefix = st1 ns = "urn:…" />
    # 公务员之家版权所有一是… (named sites only: a looser pattern would eat the speaker's own words before it)
    re.compile(r"(?:公务员之家|范文网|范文大全|文库|本站|本网)版权所有[，,。.]?"),
    re.compile("\ufffd"),  # the site cut a character in half
)
# A whole line that is site furniture.
_BANNER: Final = (
    re.compile(r"^\S{0,12}(?:范文网|文库|文档网|公文网|文秘网|范文大全|资料网)\S{0,6}(?:\s+\S+)?$"),
    re.compile(
        r"^(?:https?://\S+|(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:cn|com|net|org|cc|top|vip)(?:/\S*)?)$", re.I
    ),
    re.compile(r"^\S{1,12}\s+[\w-]*\.(?:cn|com|net|org|cc|top|vip)$", re.I),  # 范文网 028GTXX.CN
    re.compile(r"^\S{2,8}\s*/\s*NEWS$", re.I),  # 最近更新/ NEWS
)
_META: Final = re.compile(
    r"^(?:来源|作者|更新时间|发布时间|发表时间|网站|浏览|阅读|点击|编辑|责任编辑|字数)\s*[:：]"
)
_META_TIME: Final = re.compile(
    r"^时间\s*[:：]\s*\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?|\s+(?:网站|来源|作者))"
)
_FOOTER: Final = re.compile(
    r"免责声明|转载分享请保留|转载请注明|由互联网用户整理|仅限学习分享|不代表本站观点|原创文章可咨询|"
    r"下载本文|本文下载|点击下载|文档下载|全文下载|word版下载|请联系我们及时删除|^导语\s*[:：]"
)
_RECOMMEND: Final = re.compile(
    r"^(?:相关范文推荐|相关推荐|热门推荐|猜你喜欢|相关文章|延伸阅读|推荐阅读|精选范文)"
)
_PAGE_ONLY: Final = re.compile(
    r"^(?:[—－\-–]{1,2}\s*\d{1,4}\s*[—－\-–]{1,2}|第\s*\d+\s*页(?:\s*[/,，]?\s*共\s*\d+\s*页)?|\d{1,4}\s*/\s*\d{1,4})$"
)
_PAGE_TAIL: Final = re.compile(r"\s*[—－–]{1,2}\s*\d{1,4}\s*[—－–]{1,2}\s*$")
_PAGE_HEAD: Final = re.compile(r"^\s*[—－–]{1,2}\s*\d{1,4}\s*[—－–]{1,2}\s*")
_TEASER_END: Final = re.compile(r"(?:\.{3,}|…+)$")
_ISO_DATE: Final = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_STRIP: Final = " \t\u3000\xa0"
# A line ending in one of these ends its sentence; anything else may continue on the next line.
TERMINAL: Final = "。！？!?；;：:…”’」』）)】》"
# An official heading or a compilation marker never continues the line before it.
_STARTS_OWN_LINE: Final = re.compile(
    r"^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百\d]+[）)]|\d+[.．、]|第[一二三四五六七八九十百\d]+篇)"
)
_LONG_LINE: Final = 40
_OPENS_SPEECH: Final = re.compile(r"^(?:同志们|各位|尊敬的)")
_ENDS_TITLE: Final = re.compile(r"(?:讲话|发言|致辞|报告|纪要|记录|总结|小结|汇报|讲稿|主持词)(?:范文)?$")


@dataclass
class Cleaned:
    blocks: list[Block]
    page_date: dt.date | None = None  # the site's posting date, a last resort for the record's date
    dropped: list[str] = field(default_factory=list)


def clean(blocks: list[Block], *, from_text: bool) -> Cleaned:
    """Remove site noise; for text files also join lines that page breaks or wrapping split."""
    result = Cleaned([])
    kept = [_clean_inline(block) for block in blocks]
    kept = _drop_noise_lines([b for b in kept if b.text.strip() or b.image or b.table], result)
    kept = _drop_teasers(kept, result)
    if from_text:
        kept = _join_broken(kept)
    result.blocks = [b.with_text(b.text.strip(_STRIP)) if not b.table else b for b in kept]
    return result


def _clean_inline(block: Block) -> Block:
    text = block.text
    for pattern in _INLINE:
        text = pattern.sub("", text)
    return block.with_text(text)


def _drop_noise_lines(blocks: list[Block], result: Cleaned) -> list[Block]:
    kept: list[Block] = []
    in_recommendations = False
    for block in blocks:
        line = block.text.strip(_STRIP)
        if in_recommendations and len(line) <= _LONG_LINE and not line.endswith("。"):
            result.dropped.append(line)
            continue
        in_recommendations = False
        if _RECOMMEND.match(line):
            in_recommendations = True
        if in_recommendations or _is_noise_line(line, result):
            result.dropped.append(line)
            continue
        kept.append(block)
    return kept


def _is_noise_line(line: str, result: Cleaned) -> bool:
    if _META.match(line) or _META_TIME.match(line):
        if result.page_date is None:
            result.page_date = _first_iso_date(line)
        return True
    if len(line) <= 60 and any(pattern.match(line) for pattern in _BANNER):
        return True
    return (bool(_FOOTER.search(line)) and len(line) <= 120) or bool(_PAGE_ONLY.match(line))


def _first_iso_date(line: str) -> dt.date | None:
    match = _ISO_DATE.search(line)
    if not match:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _drop_teasers(blocks: list[Block], result: Cleaned) -> list[Block]:
    """Drop a "…"-ended line that only repeats the start of the text after it (a site's summary)."""
    kept: list[Block] = []
    for i, block in enumerate(blocks):
        line = _squash(block.text)
        match = _TEASER_END.search(line)
        if match and len(line) >= 20:
            following = "".join(_squash(b.text) for b in blocks[i + 1 : i + 6])
            if following.startswith(line[: match.start()]):
                result.dropped.append(block.text.strip(_STRIP))
                continue
        kept.append(block)
    return kept


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _join_broken(blocks: list[Block]) -> list[Block]:
    """Join a line to the one before when a page break or a wrap cut the paragraph."""
    joined: list[Block] = []
    for block in blocks:
        text = block.text
        leading_debris = bool(_PAGE_HEAD.match(text))
        text = _PAGE_HEAD.sub("", text)
        if joined and _continues(joined[-1], block, text, leading_debris):
            previous = joined.pop()
            head = _PAGE_TAIL.sub("", previous.text).rstrip(_STRIP)
            joined.append(previous.with_text(head + text.lstrip(_STRIP)))
        else:
            joined.append(block.with_text(text))
    return [b.with_text(_PAGE_TAIL.sub("", b.text)) for b in joined]


def _continues(previous: Block, block: Block, text: str, leading_debris: bool) -> bool:
    if previous.table or previous.image or block.table or block.image or block.after_blank:
        return False
    body = text.strip(_STRIP)
    if not body or _STARTS_OWN_LINE.match(body) or _OPENS_SPEECH.match(body):
        return False
    before = _PAGE_TAIL.sub("", previous.text).rstrip(_STRIP)
    if not before or before[-1] in TERMINAL or _ENDS_TITLE.search(before):
        return False
    if _PAGE_TAIL.search(previous.text) or leading_debris:
        return True
    if _STARTS_OWN_LINE.match(before.lstrip(_STRIP)) and len(before) <= 60:
        return False  # a heading line, not a cut paragraph
    single_space = text.startswith(" ") and not text.startswith("  ")
    return single_space or len(before) >= _LONG_LINE
