"""`dossier import` on pages saved from document sites other than the seeds' — texts written here, each in the
manner of one kind of site: its banner, its labels in front of the title, its uploader and format lines, its
page counters, and a speaker and date under the title in its own order and punctuation."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml

from generator.importers import plan_import
from tests.conftest import REPO, CliResult

# Words only a site puts in a page: none may reach a record.
SITE_WORDS = ("道客巴巴", "豆丁", "百度文库", "图书馆", "上传", "贡献者", "下载", "word", "编辑", "声明", "侵权",
              "更多范文", "更多精彩", "访问本站", "相关推荐", "分享到", "积分", "文档", "未读", "第 1 页", "页 共", "/6", "来自")  # fmt: skip

# 道客巴巴-style: site name, labelled title, uploader and format lines; speaker (role, space, name) above a
# full-width bracketed date; "第 N 页 共 M 页" counters and a "- 2 -" page number cutting a heading.
DOC88 = """道客巴巴
标题：在全市城乡环境卫生整治推进会上的讲话
上传者：江南布衣  上传时间：2023-04-18
本文档为【word格式】，下载后可编辑
市委副书记 王立新
（2023年4月10日）
同志们：
今天召开推进会，把城乡环境卫生整治再往前推一步。我讲两点意见。
一、认清形势，把整治工作摆上重要位置
过去一年，各区县在垃圾清运、污水收集方面做了大量工作，农村人居环境明显改善。
第 1 页 共 3 页
二、切实加强城市环境综合整
- 2 -
治工作
背街小巷、城中村和农贸市场是整治的重点，各责任单位要逐一建立台账，限期销号。
谢谢大家。
更多精彩内容请访问道客巴巴
"""
DOC88_BODY = """同志们：

今天召开推进会，把城乡环境卫生整治再往前推一步。我讲两点意见。

## 一、认清形势，把整治工作摆上重要位置

过去一年，各区县在垃圾清运、污水收集方面做了大量工作，农村人居环境明显改善。

## 二、切实加强城市环境综合整治工作

背街小巷、城中村和农贸市场是整治的重点，各责任单位要逐一建立台账，限期销号。

谢谢大家。
"""

# 360doc 个人图书馆-style: half-width colon after the label, the date first in half-width brackets, then
# "某某同志"; paragraphs separated by blank lines; a heading cut before its last word with only a blank between.
DOC360 = """360doc个人图书馆

文章标题:在创建国家卫生城市誓师大会上的讲话

(2022年8月26日)

刘海涛同志

同志们：

这次誓师大会是市委、市政府决定召开的，目的是动员全市上下再鼓干劲。

一、统一思想，坚定创卫必胜的信心

创卫是全市人民共同的事业，每个单位都要拿出过硬措施。

二、突出重点，全面补齐城市公共卫生设施

短板

农贸市场、小餐饮店和建筑工地要作为突破口，做到发现一处、整改一处。

来自：书香门第 > 《领导讲话》

免责声明：本站资料来源于网络，如有侵权请联系删除。
"""
DOC360_BODY = """同志们：

这次誓师大会是市委、市政府决定召开的，目的是动员全市上下再鼓干劲。

## 一、统一思想，坚定创卫必胜的信心

创卫是全市人民共同的事业，每个单位都要拿出过硬措施。

## 二、突出重点，全面补齐城市公共卫生设施短板

农贸市场、小餐饮店和建筑工地要作为突破口，做到发现一处、整改一处。
"""

# 百度文库-style: 题目：, 贡献者 and 文档格式 lines, a bare date then "区长 某某", "1/6" counters, a heading cut
# with a blank line and a line of spaces between, and the "还剩…页未读" prompt at the end.
WENKU = """百度文库
题目：在全区文明城市创建工作调度会上的讲话
贡献者：晨光微露   上传时间：2021-11-03
文档格式：.doc   文档页数：6页
2021年10月28日
区长 陈晓峰
同志们：
刚才几个街道作了发言，讲得都很实在，我都赞成。
1/6
一、对照测评体系查漏补缺
测评体系有几十个大项，每一项都要有人盯、有人管，不能留空白。

二、加快推进老旧小区改造提
\u3000\u3000
升工作

改造工作既是民生工程，也是创建工作的重要得分项。
还剩5页未读，继续阅读
下载文档到电脑，查找使用更方便
本文档由用户上传，仅供学习参考
"""
WENKU_BODY = """同志们：

刚才几个街道作了发言，讲得都很实在，我都赞成。

## 一、对照测评体系查漏补缺

测评体系有几十个大项，每一项都要有人盯、有人管，不能留空白。

## 二、加快推进老旧小区改造提升工作

改造工作既是民生工程，也是创建工作的重要得分项。
"""

# 豆丁-style: 标题: (half-width), a role glued to the name, the date under it in half-width brackets, a bare
# page number between a heading's two halves, "第1页/共3页", "分享到：" and the download points at the foot.
DOCIN = """豆丁网
标题:在县创建省级园林城市推进会上的讲话
县委书记赵国庆
(2020年6月5日)
同志们：
园林城市创建已进入攻坚阶段，今天开会就是要查问题、压责任。
一、提高站位，增强创园工作的紧迫感
我们县的绿地率、人均公园绿地面积和省里的标准相比，还有不小的差距。
第1页/共3页
二、聚焦短板，抓好城区绿化提升和公园建
3
设工作
今年要新建口袋公园八处，改造街头绿地十二处，九月底前全部完工。
分享到：
下载积分：5
"""
DOCIN_BODY = """同志们：

园林城市创建已进入攻坚阶段，今天开会就是要查问题、压责任。

## 一、提高站位，增强创园工作的紧迫感

我们县的绿地率、人均公园绿地面积和省里的标准相比，还有不小的差距。

## 二、聚焦短板，抓好城区绿化提升和公园建设工作

今年要新建口袋公园八处，改造街头绿地十二处，九月底前全部完工。
"""

# A 范文-site compilation: every part carries the site's label, uploader, format note, "更多范文" line and page
# counters; a "相关推荐" list runs straight into the next part; speaker and date come in three orders.
FANWEN = """第一范文网
第一篇：在全市创建工作点评会上的讲话
标题：在全市创建工作点评会上的讲话
上传者：文秘小王
张明同志
（2024年3月12日）
同志们：
今天的点评会开得很及时，把各单位的问题都摆到了桌面上。
一、正视问题，不回避不遮掩
对点评中指出的问题，各单位要照单全收，逐项制定整改措施。
第 1 页 共 2 页
二、切实加强城市环境综合整
- 2 -
治工作
马路市场、乱堆乱放要一抓到底，不留死角。
更多范文请访问本站
本文为word格式，下载后可编辑修改
第二篇：在城市管理工作会议上的讲话
题目：在城市管理工作会议上的讲话
上传者：文秘小王  上传时间：2024-04-02
(2024年3月28日)
副市长 孙丽
同志们：
城市管理是一门精细活，靠的是日积月累的功夫。
一、完善机制，让管理覆盖到每一条街巷
各街道要把网格员队伍配齐配强，做到每个网格都有人巡、有人管。
第 1 页 共 2 页
二、加大投入，补齐环卫设施建
- 2 -
设短板
今年新增的环卫车辆要在六月前全部投入使用。
更多范文请访问本站
本文为word格式，下载后可编辑修改
相关推荐
在全市环境卫生工作会议上的讲话
城管执法工作表态发言
第三篇：在全市志愿服务工作推进会上的讲话
文章标题：在全市志愿服务工作推进会上的讲话
2024年5月6日
市委常委、宣传部部长 李华
同志们：
志愿服务是文明城市的一张名片，也是测评的重要内容。
一、扩大队伍，让更多市民参与进来
各单位要动员在职党员到社区报到，每人每年服务不少于二十小时。
免责声明：本站文章均来自网络，如有侵权请联系删除
第 2 页 共 2 页
"""


def records_of(plan: Any) -> list[dict[str, Any]]:
    return [yaml.safe_load(f.data) for f in plan.records]


def import_text(text: str, data: Path, tmp_path: Path, name: str = "page.txt") -> list[dict[str, Any]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return records_of(plan_import([path], data))


def site_words_in(body: str) -> list[str]:
    return [word for word in SITE_WORDS if word.lower() in body.lower()]


@pytest.fixture
def data(archive_dir: Callable[..., Path]) -> Path:
    return archive_dir()


@pytest.mark.parametrize(
    ("text", "title", "speaker", "role", "date", "body"),
    [
        (
            DOC88,
            "在全市城乡环境卫生整治推进会上的讲话",
            "王立新",
            "市委副书记",
            dt.date(2023, 4, 10),
            DOC88_BODY,
        ),
        (DOC360, "在创建国家卫生城市誓师大会上的讲话", "刘海涛", None, dt.date(2022, 8, 26), DOC360_BODY),
        (WENKU, "在全区文明城市创建工作调度会上的讲话", "陈晓峰", "区长", dt.date(2021, 10, 28), WENKU_BODY),
        (DOCIN, "在县创建省级园林城市推进会上的讲话", "赵国庆", "县委书记", dt.date(2020, 6, 5), DOCIN_BODY),
    ],
    ids=["doc88", "360doc", "wenku", "docin"],
)
def test_a_site_page_becomes_one_clean_speech(  # noqa: PLR0917 - one parameter per column of the table above
    text: str,
    title: str,
    speaker: str,
    role: str | None,
    date: dt.date,
    body: str,
    data: Path,
    tmp_path: Path,
) -> None:
    [speech] = import_text(text, data, tmp_path)
    assert speech["title"] == title
    assert (speech["speaker"], speech.get("speaker_role"), speech["date"]) == (speaker, role, date)
    assert "tags" not in speech  # nothing left to check by hand: neither 日期待核 nor 讲话人待核
    assert speech["body"] == body


def test_every_part_of_a_compilation_loses_the_site_furniture(data: Path, tmp_path: Path) -> None:
    speeches = import_text(FANWEN, data, tmp_path)
    assert [(s["title"], s["speaker"], s.get("speaker_role"), s["date"]) for s in speeches] == [
        ("在全市创建工作点评会上的讲话", "张明", None, dt.date(2024, 3, 12)),
        ("在城市管理工作会议上的讲话", "孙丽", "副市长", dt.date(2024, 3, 28)),
        ("在全市志愿服务工作推进会上的讲话", "李华", "市委常委、宣传部部长", dt.date(2024, 5, 6)),
    ]
    for speech in speeches:
        assert site_words_in(speech["body"]) == [], speech["title"]
    assert speeches[1]["body"] == (
        "同志们：\n\n城市管理是一门精细活，靠的是日积月累的功夫。\n\n"
        "## 一、完善机制，让管理覆盖到每一条街巷\n\n"
        "各街道要把网格员队伍配齐配强，做到每个网格都有人巡、有人管。\n\n"
        "## 二、加大投入，补齐环卫设施建设短板\n\n今年新增的环卫车辆要在六月前全部投入使用。\n"
    )
    assert speeches[2]["body"] == (
        "同志们：\n\n志愿服务是文明城市的一张名片，也是测评的重要内容。\n\n"
        "## 一、扩大队伍，让更多市民参与进来\n\n"
        "各单位要动员在职党员到社区报到，每人每年服务不少于二十小时。\n"
    )
    assert speeches[0]["body"] == (
        "同志们：\n\n今天的点评会开得很及时，把各单位的问题都摆到了桌面上。\n\n## 一、正视问题，不回避不遮掩\n\n"
        "对点评中指出的问题，各单位要照单全收，逐项制定整改措施。\n\n## 二、切实加强城市环境综合整治工作\n\n"
        "马路市场、乱堆乱放要一抓到底，不留死角。\n"
    )


# Another 范文 site numbers its parts "篇一：" or puts "【篇二】" on a line of its own, the title under it.
PIANYI = """范文大全网
篇一：在全市文明交通劝导工作会议上的讲话
（2023年9月4日）
交警支队支队长 何志远
同志们：
文明交通劝导要做到路口有人、时段有人。
本文档由用户上传，仅供学习参考
【篇二】
文章标题：在全市文明餐桌行动推进会上的讲话
市商务局局长 罗敏
2023年9月18日
同志们：
文明餐桌行动要从公务接待做起。
第 3 页 共 3 页
"""


def test_parts_marked_pian_yi_or_alone_in_brackets_are_split(data: Path, tmp_path: Path) -> None:
    speeches = import_text(PIANYI, data, tmp_path)
    assert [(s["title"], s["speaker"], s["speaker_role"], s["date"], s["body"]) for s in speeches] == [
        ("在全市文明交通劝导工作会议上的讲话", "何志远", "交警支队支队长", dt.date(2023, 9, 4),
         "同志们：\n\n文明交通劝导要做到路口有人、时段有人。\n"),
        ("在全市文明餐桌行动推进会上的讲话", "罗敏", "市商务局局长", dt.date(2023, 9, 18),
         "同志们：\n\n文明餐桌行动要从公务接待做起。\n"),
    ]  # fmt: skip


def test_a_word_compilation_loses_the_site_furniture_in_every_part(data: Path, tmp_path: Path) -> None:
    document = docx.Document()
    for line in FANWEN.splitlines():
        document.add_paragraph(line)
    document.save(str(tmp_path / "汇编.docx"))
    speeches = records_of(plan_import([tmp_path / "汇编.docx"], data))
    assert [(s["speaker"], s["date"]) for s in speeches] == [
        ("张明", dt.date(2024, 3, 12)),
        ("孙丽", dt.date(2024, 3, 28)),
        ("李华", dt.date(2024, 5, 6)),
    ]
    for speech in speeches:
        assert site_words_in(speech["body"]) == [], speech["title"]


@pytest.mark.parametrize(
    ("header", "speaker", "role", "date"),
    [
        (["市委副书记 张明", "（2024年3月12日）"], "张明", "市委副书记", dt.date(2024, 3, 12)),
        (["（2024年3月12日）", "市委副书记 张明"], "张明", "市委副书记", dt.date(2024, 3, 12)),
        (["(2024年3月12日)", "张明同志"], "张明", None, dt.date(2024, 3, 12)),
        (["张明同志", "2024年3月12日"], "张明", None, dt.date(2024, 3, 12)),
        (["2024年3月12日", "市委副书记张明"], "张明", "市委副书记", dt.date(2024, 3, 12)),
        (["讲话人：张明", "( 2024年3月12日 )"], "张明", None, dt.date(2024, 3, 12)),
        (
            ["二〇二四年三月十二日", "市委常委、副市长 欧阳明远"],
            "欧阳明远",
            "市委常委、副市长",
            dt.date(2024, 3, 12),
        ),
    ],
)
def test_speaker_and_date_under_the_title_in_either_order(  # noqa: PLR0917 - one per column above
    header: list[str], speaker: str, role: str | None, date: dt.date, data: Path, tmp_path: Path
) -> None:
    text = "\n".join(["在全市创建工作推进会上的讲话", *header, "同志们：", "今天开个短会。"]) + "\n"
    [speech] = import_text(text, data, tmp_path)
    assert (speech["speaker"], speech.get("speaker_role"), speech["date"]) == (speaker, role, date)
    assert speech["body"] == "同志们：\n\n今天开个短会。\n"


@pytest.mark.parametrize(
    "lines",
    [
        ["标题：在全市创建工作推进会上的讲话"],
        ["文章标题:在全市创建工作推进会上的讲话"],
        ["题目：在全市创建工作推进会上的讲话"],
        ["文档标题 ： 在全市创建工作推进会上的讲话"],
        ["某某资料站", "标题：在全市创建工作推进会上的讲话"],  # a site name the importer does not know
        ["标题：", "在全市创建工作推进会上的讲话"],
    ],
)
def test_a_site_label_in_front_of_the_title_is_dropped(lines: list[str], data: Path, tmp_path: Path) -> None:
    text = "\n".join([*lines, "同志们：", "今天开个短会。"]) + "\n"
    [speech] = import_text(text, data, tmp_path)
    assert speech["title"] == "在全市创建工作推进会上的讲话"
    assert speech["occasion"] == "全市创建工作推进会"
    assert speech["body"] == "同志们：\n\n今天开个短会。\n"


HEADINGS_TEXT = """在全市创建工作推进会上的讲话
同志们：
下面讲几点意见。
一、总体要求
（一）指导思想
坚持以人民为中心，把创建工作落到群众身边。
（二）工作目标
今年完成二十项。
二、统一思想
思想是行动的先导。
三、落实责任
一是压实属地责任
各区要对辖区内的问题点位负总责。
四、严格督查
第 2 页 共 4 页
督查要动真格。
五、加强城市环境综合整
第 3 页 共 4 页
治工作
整治要突出重点。
六、抓好宣传
发动群众参与创建
"""


def test_a_heading_cut_mid_phrase_is_joined_but_real_headings_and_paragraphs_stay_apart(
    data: Path, tmp_path: Path
) -> None:
    [speech] = import_text(HEADINGS_TEXT, data, tmp_path)
    assert speech["body"] == (
        "同志们：\n\n下面讲几点意见。\n\n## 一、总体要求\n\n### （一）指导思想\n\n"
        "坚持以人民为中心，把创建工作落到群众身边。\n\n### （二）工作目标\n\n今年完成二十项。\n\n"
        "## 二、统一思想\n\n思想是行动的先导。\n\n## 三、落实责任\n\n一是压实属地责任\n\n"
        "各区要对辖区内的问题点位负总责。\n\n## 四、严格督查\n\n督查要动真格。\n\n"
        "## 五、加强城市环境综合整治工作\n\n整治要突出重点。\n\n## 六、抓好宣传\n\n发动群众参与创建\n"
    )


@pytest.mark.parametrize(
    "between",
    [["- 3 -"], ["—3—"], ["3"], ["第3页 共9页"], ["共9页 第3页"], [""], ["", "第 3 页 共 9 页", ""], ["3/9"]],
    ids=["dashes", "em-dashes", "bare-number", "page-of", "of-page", "blank", "blank-page-blank", "slash"],
)
def test_a_heading_cut_by_page_debris_or_a_blank_line_is_one_heading(
    between: list[str], data: Path, tmp_path: Path
) -> None:
    lines = ["在全市创建工作推进会上的讲话", "同志们：", "讲两点。", "一、切实加强城市环境综合整",
             *between, "治工作", "整治要突出重点。"]  # fmt: skip
    [speech] = import_text("\n".join(lines) + "\n", data, tmp_path)
    assert re.findall(r"^## .+$", speech["body"], flags=re.MULTILINE) == [
        "## 一、切实加强城市环境综合整治工作"
    ]
    assert speech["body"].endswith("## 一、切实加强城市环境综合整治工作\n\n整治要突出重点。\n")


def test_a_paragraph_cut_by_a_page_counter_between_blank_lines_is_one_paragraph(
    data: Path, tmp_path: Path
) -> None:
    text = "在全市创建工作推进会上的讲话\n\n同志们：\n\n各区要在三月底前完成排查，逐条销号，确保整治\n\n第 2 页 共 5 页\n\n取得实效。\n"
    [speech] = import_text(text, data, tmp_path)
    assert speech["body"] == "同志们：\n\n各区要在三月底前完成排查，逐条销号，确保整治取得实效。\n"


def test_a_salutation_or_a_markdown_heading_is_not_continued_across_a_page_counter(
    data: Path, tmp_path: Path
) -> None:
    text = "在全市创建工作推进会上的讲话\n同志们\n第 1 页 共 2 页\n今天开个短会。\n"
    [speech] = import_text(text, data, tmp_path)
    assert speech["body"] == "同志们\n\n今天开个短会。\n"
    # in Markdown a heading is marked up: a short line after it is its first paragraph, never its rest
    markdown = "# 在全市创建工作推进会上的讲话\n\n同志们：\n\n## 一、统一思想\n\n略\n"
    [speech] = import_text(markdown, data, tmp_path, name="page.md")
    assert speech["body"] == "同志们：\n\n## 一、统一思想\n\n略\n"


def test_a_speech_using_the_sites_words_itself_keeps_them(data: Path, tmp_path: Path) -> None:
    """Only the sites' own phrasing is noise: a speech may say 下载, 分享到, PDF格式, 献花 or 关注 in its text."""
    said = [
        "扫描件统一转为PDF格式，按件上传到档案系统。",
        "要把好的经验分享到每一个社区。",
        "清明节组织学生到烈士陵园献花。",
        "引导更多资料员关注档案质量。",
        "市民下载后可以随手拍举报问题。",
        "网格员要关注本网格内的每一处点位。",
        "全市共设立志愿服务站120个",
        "城市网",
    ]
    text = "\n".join(["在全市创建工作推进会上的讲话", "同志们：", *said]) + "\n"
    [speech] = import_text(text, data, tmp_path)
    assert speech["body"] == "\n\n".join(["同志们：", *said]) + "\n"


def test_cli_imports_the_site_pages_and_the_archive_checks(
    data: Path, tmp_path: Path, dossier: Callable[..., CliResult]
) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for name, text in {
        "doc88": DOC88,
        "360doc": DOC360,
        "wenku": WENKU,
        "docin": DOCIN,
        "fanwen": FANWEN,
    }.items():
        (pages / f"{name}.txt").write_text(text, encoding="utf-8")
    result = dossier("import", str(pages), "--data", str(data))
    assert result.exit_code == 0, result.stderr
    assert "7 record(s) and 0 file(s) imported" in result.stdout
    assert result.stderr == ""  # no guessed date, no unknown speaker
    assert dossier("check", "--data", str(data)).exit_code == 0


# ------------------------------------------------------------------------------------------ the demo's speeches
DEMO_SPEECHES = sorted((REPO / "archive_data" / "speeches").glob("*.yml"))
assert DEMO_SPEECHES, "the demo archive's speeches are this module's material"  # never an empty, skipped set
HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")
DEBRIS = (["- 3 -"], ["第 2 页 共 5 页"], ["3"], [""], ["", "第 4 页 共 9 页", ""], ["—7—"])


def demo_speech_lines(path: Path) -> list[str]:
    """A demo speech as a plain text page: title, speaker, then its body one paragraph a line."""
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    body = [re.sub(r"^#+ ", "", line) for line in record["body"].splitlines() if line.strip()]
    return [record["title"], record["speaker"], *body]


def import_lines(lines: list[str], data: Path, tmp_path: Path, name: str) -> list[dict[str, Any]]:
    """What a reader of the imported records sees (the source file's name and hash left out)."""
    records = import_text("\n".join(lines) + "\n", data, tmp_path, name)
    return [{key: value for key, value in record.items() if key != "source"} for record in records]


def cut_headings(lines: list[str]) -> tuple[list[str], int]:
    """Each heading cut a few characters before its end, with page debris or a blank line in the cut."""
    cut: list[str] = []
    count = 0
    for line in lines:
        if HEADING.match(line) and len(line) >= 8 and "。" not in line[:-1]:
            rest = 2 + count % 5  # the last two to six characters go on the next line
            debris = DEBRIS[count % len(DEBRIS)]
            cut += [line[:-rest], *debris, line[-rest:]]
            count += 1
        else:
            cut.append(line)
    return cut, count


@pytest.mark.parametrize("path", DEMO_SPEECHES, ids=[p.stem for p in DEMO_SPEECHES])
def test_every_heading_of_the_demo_speeches_cut_mid_phrase_is_mended(
    path: Path, data: Path, tmp_path: Path
) -> None:
    lines = demo_speech_lines(path)
    cut, count = cut_headings(lines)
    assert count >= 2  # the demo speeches have headings to cut
    assert import_lines(cut, data, tmp_path, "cut.txt") == import_lines(lines, data, tmp_path, "whole.txt")


@pytest.mark.parametrize("path", DEMO_SPEECHES, ids=[p.stem for p in DEMO_SPEECHES])
def test_page_counters_between_the_demo_speeches_lines_change_nothing(
    path: Path, data: Path, tmp_path: Path
) -> None:
    lines = demo_speech_lines(path)
    paged = [
        part
        for number, line in enumerate(lines)
        for part in ([line, f"第 {number} 页 共 99 页"] if number > 2 and number % 3 == 0 else [line])
    ]
    assert import_lines(paged, data, tmp_path, "paged.txt") == import_lines(
        lines, data, tmp_path, "whole.txt"
    )
