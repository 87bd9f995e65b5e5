"""Strip what document-sharing sites add to a text, and mend paragraphs their page breaks split.

What counts as noise is listed here, pattern by pattern, each with an example from a real scraped file:
site banners, 来源/作者/更新时间 and uploader/format lines, ``[bookmark: …]`` markers, Office smart-tag
debris, download prompts, disclaimers and "more on this site" lines, "相关范文推荐" lists, a truncated
teaser repeating the first paragraph, and page numbers ("—2—", "第 1 页 共 5 页") that cut a paragraph — or
a heading, mid-phrase — in two. Everything else is kept exactly, in order.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Final

from generator.importers.blocks import Block
from generator.importers.lines import PART_MARKER, TERMINAL, is_date_line

# Inline fragments removed wherever they stand.
_INLINE: Final = (
    re.compile(r"\[bookmark:[^\]]*\]"),  # [bookmark: _Toc1]在全市…
    re.compile(r"[<《]\?xml:namespace[^>]*?/>"),  # 《?xml:namespace prefix = st1 ns = "urn:…" />
    # 公务员之家版权所有一是… (named sites only: a looser pattern would eat the speaker's own words before it)
    re.compile(r"(?:公务员之家|范文网|范文大全|文库|本站|本网)版权所有[，,。.]?"),
    re.compile("\ufffd"),  # the site cut a character in half
)
# A whole line that is site furniture: the site's name, its address, its "latest news" strip.
_SITE_NAMES: Final = (
    r"范文网|文库|文档网|公文网|文秘网|范文大全|资料网|道客巴巴|豆丁|个人图书馆|原创力文档|"
    r"360doc|docin|doc88|book118"
)
_BANNER: Final = (
    re.compile(rf"^\S{{0,12}}(?:{_SITE_NAMES})\S{{0,6}}(?:\s+\S+)?$", re.I),
    re.compile(
        r"^(?:https?://\S+|(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:cn|com|net|org|cc|top|vip)(?:/\S*)?)$", re.I
    ),
    re.compile(r"^\S{1,12}\s+[\w-]*\.(?:cn|com|net|org|cc|top|vip)$", re.I),  # 范文网 028GTXX.CN
    re.compile(r"^\S{2,8}\s*/\s*NEWS$", re.I),  # 最近更新/ NEWS
)
# A labelled line about the page, not the text: who posted it, when, in what format, how often it was read.
_META: Final = re.compile(
    r"^(?:来源|作者|更新时间|发布时间|发表时间|发布日期|网站|浏览|阅读|点击|编辑|责任编辑|字数|"
    r"上传者|上传人|上传用户|上传时间|上传日期|贡献者|贡献时间|分享者|发布者|发布人|来自|所属分类|分类|"
    r"标签|关键词|关键字|文档格式|文档页数|文档大小|文件格式|文件大小|页数|下载次数|下载积分|所需积分|"
    r"收藏|评分|阅读量|浏览量|浏览次数)\s*[:：]"
)
_META_TIME: Final = re.compile(
    r"^时间\s*[:：]\s*\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?|\s+(?:网站|来源|作者))"
)
# Download prompts, disclaimers, notes on the file format, "more on this site" lines: wherever they stand in a
# short line. Words a speech may use itself ("PDF格式", "分享到", "献花", "阅读全文") count only in the site's
# own phrasing or place.
_FOOTER: Final = re.compile(
    r"免责声明|版权声明|^声明\s*[:：]|转载分享请保留|转载请注明|由互联网用户整理|仅限学习分享|不代表本站观点|"
    r"原创文章可咨询|如有侵权|侵权请|联系删除|请联系我们及时删除|版权归原作者|"
    r"下载本文|本文下载|点击下载|文档下载|下载文档|全文下载|^免费下载|免费下载$|word版下载|查找使用更方便|"
    r"下载后(?:即)?可(?:自由)?(?:编辑|修改|复制|打印)|"
    r"本文(?:档)?(?:为|是)\s*[【\[(（]?\s*(?:word|docx?|wps|pdf)|可(?:自由|任意)编辑|"
    r"本文档由.{0,12}上传|^\S{1,16}\s*上传于\s*\d{4}|仅供(?:学习|个人)(?:参考|交流|使用)|仅供参考学习|"
    r"还剩\s*\d+\s*页未读|继续阅读[>》»]*$|(?:展开|阅读|查看)全文[>》»]*$|^(?:分享到|转藏|献花)|"
    r"更多(?:精彩|相关)?(?:内容|资料|文章|范文|好文)?[，,]?\s*(?:请|敬请|欢迎)(?:访问|关注|登录|进入|点击)|"
    r"更多精彩尽在|(?:访问|登录|关注|收藏)(?:本站|本网站)|^导语\s*[:：]",
    re.I,
)
_RECOMMEND: Final = re.compile(
    r"^(?:相关范文推荐|相关推荐|热门推荐|猜你喜欢|相关文章|延伸阅读|推荐阅读|精选范文)"
)
# A page counter on a line of its own: "—2—", "- 3 -", "第 1 页 共 5 页", "共5页 第1页", "1/5", "4".
_PAGE_ONLY: Final = re.compile(
    r"^(?:[—－\-–]{1,2}\s*\d{1,4}\s*[—－\-–]{1,2}|第\s*\d+\s*页(?:\s*[/,，]?\s*共\s*\d+\s*页)?|"
    r"共\s*\d+\s*页\s*[/,，]?\s*第\s*\d+\s*页|(?:page\s*)?\d{1,4}\s*(?:/|of)\s*\d{1,4}|\d{1,3})$",
    re.I,
)
_PAGE_TAIL: Final = re.compile(r"\s*[—－–]{1,2}\s*\d{1,4}\s*[—－–]{1,2}\s*$")
_PAGE_HEAD: Final = re.compile(r"^\s*[—－–]{1,2}\s*\d{1,4}\s*[—－–]{1,2}\s*")
_TEASER_END: Final = re.compile(r"(?:\.{3,}|…+)$")
_ISO_DATE: Final = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_STRIP: Final = " \t\u3000\xa0"
# An official heading or a compilation marker never continues the line before it.
_HEADING_START: Final = re.compile(
    r"^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百\d]+[）)]|\d+[.．、])"
)
# Nor does an enumerated point ("一是…", "第二，…"), though it may follow a heading whose words it is not.
_POINT_START: Final = re.compile(
    r"^(?:[一二三四五六七八九十]+是|第[一二三四五六七八九十]+[，,、]|首先|其次|最后)"
)
_SENTENCE_STOP: Final = "。！？!?；;"
_LONG_LINE: Final = 40
_MAX_HEADING: Final = 60
# The rest of a heading cut mid-phrase is a fragment: a few characters after a bare line break, more when a
# page break or the line's own length shows the cut. A whole first sentence is longer than the shortest rest.
_HEADING_REST: Final = 6
_HEADING_REST_AFTER_BREAK: Final = 20
_HEADING_REST_WITH_STOP: Final = 4
_OPENS_SPEECH: Final = re.compile(r"^(?:同志们|各位|尊敬的)")
_ENDS_TITLE: Final = re.compile(r"(?:讲话|发言|致辞|报告|纪要|记录|总结|小结|汇报|讲稿|主持词)(?:范文)?$")
_ENDS_SALUTATION: Final = re.compile(r"(?:同志们|朋友们|先生们|女士们|各位领导|大家好)$")


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
    page_break = False  # a page counter was dropped since the last kept block
    for block in blocks:
        line = block.text.strip(_STRIP)
        if in_recommendations and _recommended_title(line):
            result.dropped.append(line)
            continue
        in_recommendations = bool(_RECOMMEND.match(line))
        if in_recommendations or _is_noise_line(line, result):
            result.dropped.append(line)
            page_break = page_break or bool(_PAGE_ONLY.match(line))
            continue
        kept.append(dataclasses.replace(block, after_page_break=True) if page_break else block)
        page_break = False
    return kept


def _recommended_title(line: str) -> bool:
    """A line of a "相关推荐" list: a short title, until the text or the compilation's next part resumes."""
    return len(line) <= _LONG_LINE and not line.endswith("。") and not PART_MARKER.match(line)


def _is_noise_line(line: str, result: Cleaned) -> bool:
    if _META.match(line) or _META_TIME.match(line):
        if result.page_date is None:
            result.page_date = _first_iso_date(line)
        return True
    if len(line) <= 60 and not _HEADING_START.match(line) and any(p.match(line) for p in _BANNER):
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
    body = text.strip(_STRIP)
    before = _PAGE_TAIL.sub("", previous.text).strip(_STRIP)
    if _kept_apart(previous) or _kept_apart(block) or not body or not before or _starts_own_line(body):
        return False
    page_cut = bool(_PAGE_TAIL.search(previous.text)) or leading_debris or block.after_page_break
    if _HEADING_START.match(before) and len(before) <= _MAX_HEADING:
        return _rest_of_heading(before, body, page_cut)  # "（三）活动记录" may go on: "不够完整"
    if before[-1] in TERMINAL or _ENDS_TITLE.search(before) or _ENDS_SALUTATION.search(before):
        return False  # the end of a sentence, a title ("…的讲话") or a salutation ("同志们")
    if page_cut or block.after_blank:
        return page_cut
    single_space = text.startswith(" ") and not text.startswith("  ")
    return single_space or len(before) >= _LONG_LINE


def _kept_apart(block: Block) -> bool:
    """A table, a picture or a Markdown heading ("## 一、…") is never part of another line."""
    return bool(block.table or block.image) or block.style_level is not None


def _starts_own_line(body: str) -> bool:
    """A heading, a compilation's part, the opening "同志们" or a date line: never the rest of a line."""
    return bool(
        _HEADING_START.match(body) or PART_MARKER.match(body) or _OPENS_SPEECH.match(body)
    ) or is_date_line(body)


def _rest_of_heading(heading: str, body: str, page_cut: bool) -> bool:
    """Whether ``body`` is the end of a heading cut mid-phrase ("二、切实加强城市环境综合整" / "治工作").

    A heading's own first paragraph is a sentence and an enumerated point starts its own line; the rest of a
    cut heading is a short fragment that keeps the whole within a heading's length.
    """
    if _HEADING_START.fullmatch(heading):  # "（四）" alone: its words are on the next line
        return True
    if heading[-1] in TERMINAL or len(heading) + len(body) > _MAX_HEADING or _POINT_START.match(body):
        return False
    if any(stop in body[:-1] for stop in _SENTENCE_STOP):
        return False
    if body[-1] in _SENTENCE_STOP:  # "市。" may end a heading; "思想是行动的先导。" is a sentence
        return len(body) <= _HEADING_REST_WITH_STOP
    wrapped = page_cut or len(heading) >= _LONG_LINE
    return len(body) <= (_HEADING_REST_AFTER_BREAK if wrapped else _HEADING_REST)
