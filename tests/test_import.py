"""`dossier import`: the real scraped seeds, Word files built here, encodings, and refusals that write nothing."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from PIL import Image as PILImage

from generator.importers import ImportFailed, apply_plan, plan_import
from generator.validate import load_archive
from tests.conftest import SEEDS, CliResult

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds absent")
SEED_000 = SEEDS / "000_fdea83f37b24adad.txt"
SEED_001 = SEEDS / "001_3b35e21f12c0deb3.txt"
SEED_002 = SEEDS / "002_6cf8fe5e6e26eccf.txt"
SEED_003 = SEEDS / "003_e9919b7379477254.txt"

# What a person reading each seed calls noise (1-based line numbers), the header lines that become fields
# (title, speaker, date, compilation markers), and noise inside lines. Everything else must reach the bodies.
SEED_NOISE: dict[str, dict[str, Any]] = {
    "000": {"drop": {1, 2, 3, 4}, "inline": [r"《\?xml:namespace[^>]*/>"]},
    "001": {"drop": {1, 2, 3, 5, 21, 24, 25, 26, 27, 28}, "inline": ["\ufffd"]},
    "002": {"drop": {1, 3, 5, 7}, "inline": ["公务员之家版权所有"]},
    "003": {"drop": {1, 2, 21, 22, 62, 63, 64, 65, 98, 102, 103}, "inline": [r"—\d+—"]},
}
NOISE_WORDS = ("范文网", "文库114", "来源", "更新时间", "bookmark", "xml:namespace", "免责声明", "NEWS", "http",
               "版权所有", "导语", "\ufffd", "—2—", "整理提供")  # fmt: skip


def records_of(plan: Any) -> list[dict[str, Any]]:
    return [yaml.safe_load(f.data) | {"_kind": f.kind} for f in plan.records]


def headings(body: str) -> list[tuple[int, str]]:
    return [(len(m.group(1)), m.group(2)) for m in re.finditer(r"^(#+) (.+)$", body, flags=re.MULTILINE)]


def body_chars(text: str) -> str:
    """The characters a reader sees: heading markers and all white space removed."""
    return re.sub(r"\s+", "", re.sub(r"^#+ ", "", text, flags=re.MULTILINE))


def source_chars(path: Path, noise: dict[str, Any]) -> str:
    lines = path.read_text(encoding="utf-8").split("\n")
    kept = "".join(line for number, line in enumerate(lines, 1) if number not in noise["drop"])
    for pattern in noise["inline"]:
        kept = re.sub(pattern, "", kept)
    return re.sub(r"\s+", "", kept)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOSSIER_LANG", "en")


@pytest.fixture
def data(archive_dir: Callable[..., Path]) -> Path:
    return archive_dir()


# ------------------------------------------------------------------------------------------ seeds
@needs_seeds
def test_seed_000_one_speech_with_title_occasion_and_headings(data: Path) -> None:
    [speech] = records_of(plan_import([SEED_000], data))
    assert speech["_kind"] == "speech"
    assert speech["title"] == "在全市“创优”责任单位主要负责人及联络员培训班的讲话"
    assert speech["occasion"] == "全市“创优”责任单位主要负责人及联络员培训班"
    assert headings(speech["body"]) == [
        (2, "一、提高认识，进一步增强搞好“创优”工作的责任感和紧迫感"),
        (2, "二、落实责任，一差不让地抓好各项“创优”工作"),
        (2, "三、强化检查，全面推动全市“创优”工作顺利发展"),
    ]
    # No date in the text: the page's posting date stands in, and the record says it must be checked.
    assert speech["date"] == dt.date(2025, 4, 14)
    assert "日期待核" in speech["tags"] and speech["speaker"] == "不详"
    assert speech["body"].startswith("同志们：\n\n根据市“创优”办安排")  # the "…" teaser is gone


@needs_seeds
def test_seed_001_footer_and_banner_are_stripped(data: Path) -> None:
    [speech] = records_of(plan_import([SEED_001], data))
    assert speech["title"] == "在创建全国县级文明城市迎检部署大会上的讲话"
    assert speech["occasion"] == "创建全国县级文明城市迎检部署大会"
    assert speech["body"].count("\n\n") == 6  # seven paragraphs, the repeated title not among them


@needs_seeds
def test_seed_002_is_a_work_summary_for_the_given_unit(data: Path) -> None:
    [summary] = records_of(plan_import([SEED_002], data, unit="wmb"))
    assert summary["_kind"] == "summary" and summary["unit"] == "wmb"
    assert summary["title"] == "市“创优办”城市功能组工作小结"
    assert [level for level, _ in headings(summary["body"])] == [2, 2, 2, 2]
    assert "一是城市旅游公厕的新建和改建工作" in summary["body"]


@needs_seeds
def test_seed_002_without_a_unit_is_refused_with_the_units_listed(data: Path) -> None:
    with pytest.raises(ImportFailed, match="--unit") as info:
        plan_import([SEED_002], data)
    assert "wmb" in info.value.format_message()


@needs_seeds
def test_seed_003_compilation_splits_into_five_speeches(data: Path) -> None:
    speeches = records_of(plan_import([SEED_003], data))
    assert [s["title"] for s in speeches] == [
        "2024年县委书记在文明城市创建工作会上的讲话",
        "书记在文明城市争创工作会讲话",
        "在深化创建“三优”文明城市工程动员会上的讲话",
        "公司党委书记在工作会上的讲话",
        "书记在思想动员工作会上讲话",
    ]
    third = speeches[2]
    assert (third["speaker"], third["date"]) == ("封殿辉", dt.date(2024, 8, 7))
    assert third["occasion"] == "深化创建“三优”文明城市工程动员会"
    assert speeches[0]["speaker_role"] == "县委书记"
    first = headings(speeches[0]["body"])
    assert [level for level, _ in first] == [2, 2, 3, 3, 3, 2]
    assert first[2] == (3, "（一）提升市民文明素质，建设崇德向善的城市。")
    # A paragraph cut by "—2—" page debris is one paragraph again.
    assert "坚持城市规划、城市建设、城市管理、城市经营统筹发展的原则" in third["body"]
    assert "规范市民文明行为,建立和谐的人际关系" in speeches[1]["body"]


@needs_seeds
@pytest.mark.parametrize("seed", ["000", "001", "002", "003"])
def test_seed_text_is_kept_exactly_apart_from_noise(seed: str, data: Path) -> None:
    [path] = SEEDS.glob(f"{seed}_*.txt")
    records = records_of(plan_import([path], data, unit="wmb"))
    produced = "".join(body_chars(r["body"]) for r in records)
    assert produced == source_chars(path, SEED_NOISE[seed])
    for record in records:
        assert not [word for word in NOISE_WORDS if word in record["body"]]


@needs_seeds
def test_cli_imports_the_seed_folder_and_the_archive_still_checks(
    data: Path, dossier: Callable[..., CliResult]
) -> None:
    result = dossier("import", str(SEEDS), "--data", str(data), "--unit", "wmb")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("created ") == 8
    assert "8 record(s) and 0 file(s) imported" in result.stdout
    assert "no date in the text" in result.stderr
    assert len(list((data / "speeches").glob("speech-*.yml"))) == 7
    archive, problems = load_archive(data)
    assert archive is not None, [p.format() for p in problems]
    imported = archive.get("speech-20240807")
    assert imported is not None and imported.source is not None  # type: ignore[attr-defined]
    assert imported.source.file == SEED_003.name  # type: ignore[attr-defined]


@needs_seeds
def test_dry_run_writes_nothing(data: Path, dossier: Callable[..., CliResult]) -> None:
    before = snapshot(data)
    result = dossier("import", str(SEED_000), "--data", str(data), "--dry-run")
    assert result.exit_code == 0
    assert "would create" in result.stdout and "nothing was written" in result.stdout
    assert snapshot(data) == before


@needs_seeds
def test_importing_twice_numbers_the_second_and_keeps_the_first(data: Path) -> None:
    apply_plan(plan_import([SEED_000], data), data)
    first = (data / "speeches" / "speech-20250414.yml").read_bytes()
    plan = plan_import([SEED_000], data)
    assert [f.relative.as_posix() for f in plan.files] == ["speeches/speech-20250414-2.yml"]
    apply_plan(plan, data)
    assert (data / "speeches" / "speech-20250414.yml").read_bytes() == first
    assert load_archive(data)[0] is not None


# ------------------------------------------------------------------------------------------ encodings
@needs_seeds
def test_gbk_text_imports_like_utf8(data: Path, tmp_path: Path) -> None:
    gbk = tmp_path / "讲话.txt"
    gbk.write_bytes(SEED_000.read_text(encoding="utf-8").encode("gbk"))
    [from_gbk] = records_of(plan_import([gbk], data))
    [from_utf8] = records_of(plan_import([SEED_000], data))
    assert from_gbk["body"] == from_utf8["body"] and from_gbk["title"] == from_utf8["title"]


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-16"])
def test_short_chinese_text_is_never_garbled(encoding: str, data: Path, tmp_path: Path) -> None:
    # A few GBK sentences are exactly what statistical detectors mistake for Korean.
    text = "在全市推进会上的讲话\n张三\n（2024年5月8日）\n同志们：\n今天开会，部署创建工作。\n"
    path = tmp_path / "short.txt"
    path.write_bytes(text.encode(encoding))
    [speech] = records_of(plan_import([path], data))
    assert (speech["title"], speech["speaker"], speech["date"]) == (
        "在全市推进会上的讲话",
        "张三",
        dt.date(2024, 5, 8),
    )
    assert speech["body"] == "同志们：\n\n今天开会，部署创建工作。\n"


def test_text_in_no_known_encoding_is_refused(data: Path, tmp_path: Path) -> None:
    path = tmp_path / "binary.txt"
    path.write_bytes(bytes(range(256)) * 8)
    before = snapshot(data)
    with pytest.raises(ImportFailed, match="encoding"):
        plan_import([path], data)
    assert snapshot(data) == before


# ------------------------------------------------------------------------------------------ Word files
def _speech_with_heading_styles(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("在全市创建工作推进会上的讲话", style="Title")
    speaker = document.add_paragraph("市长 张三")
    speaker.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("（2024年5月8日）")
    document.add_paragraph("同志们：")
    document.add_heading("一、提高认识", level=1)
    document.add_paragraph("创建工作是全市的大事。")
    document.add_heading("（一）统一思想", level=2)
    document.add_paragraph("要把思想统一到部署上来。")
    document.add_heading("1．抓好落实", level=3)
    document.add_paragraph("各单位要抓好落实。")
    document.add_heading("领导重视", level=2)  # no numbering: the style alone gives the level
    document.add_paragraph("主要领导亲自抓。")
    document.save(str(path))
    return path


def test_docx_heading_styles_become_markdown_levels(data: Path, tmp_path: Path) -> None:
    [speech] = records_of(plan_import([_speech_with_heading_styles(tmp_path / "speech.docx")], data))
    assert speech["title"] == "在全市创建工作推进会上的讲话"
    assert (speech["speaker"], speech["speaker_role"], speech["date"]) == (
        "张三",
        "市长",
        dt.date(2024, 5, 8),
    )
    assert speech["occasion"] == "全市创建工作推进会"
    assert headings(speech["body"]) == [
        (2, "一、提高认识"),
        (3, "（一）统一思想"),
        (4, "1．抓好落实"),
        (3, "领导重视"),
    ]
    assert "日期待核" not in speech.get("tags", [])


def test_docx_bold_numbered_lines_are_headings(data: Path, tmp_path: Path) -> None:
    document = docx.Document()
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("关于创建工作的讲话").font.size = Pt(22)
    document.add_paragraph("2024-06-01")
    document.add_paragraph("同志们：")
    document.add_paragraph().add_run("一、总体要求").bold = True
    document.add_paragraph("总的要求是对标对表。")
    run_in = document.add_paragraph()
    run_in.add_run("（一）工作目标。").bold = True
    run_in.add_run("年底前完成全部任务。")
    mixed = document.add_paragraph("要做到")
    mixed.add_run("底数清、情况明").bold = True
    mixed.add_run("。")
    document.save(str(tmp_path / "bold.docx"))
    [speech] = records_of(plan_import([tmp_path / "bold.docx"], data))
    assert speech["title"] == "关于创建工作的讲话" and speech["date"] == dt.date(2024, 6, 1)
    assert headings(speech["body"]) == [(2, "一、总体要求"), (3, "（一）工作目标。")]
    assert "年底前完成全部任务。" in speech["body"]
    assert "要做到**底数清、情况明**。" in speech["body"]


def test_docx_pictures_become_photo_evidence_linked_to_the_speech(data: Path, tmp_path: Path) -> None:
    picture = tmp_path / "photo.png"
    PILImage.new("RGB", (40, 30), (200, 30, 30)).save(picture)
    document = docx.Document()
    document.add_paragraph("在现场推进会上的讲话", style="Title")
    document.add_paragraph("（2024年7月1日）")
    document.add_paragraph("同志们：今天在现场开会。")
    document.add_picture(str(picture))
    document.add_paragraph("图为2024年7月1日幸福路背街小巷整治现场")
    document.add_paragraph("请大家看这张照片。")
    document.save(str(tmp_path / "with-photo.docx"))
    plan = plan_import([tmp_path / "with-photo.docx"], data)
    apply_plan(plan, data)
    archive, problems = load_archive(data)
    assert archive is not None, [p.format() for p in problems]
    speech = archive.get("speech-20240701")
    [evidence_id] = speech.evidence  # type: ignore[union-attr]
    photo = archive.get(evidence_id)
    assert photo is not None and photo.type == "photo"  # type: ignore[attr-defined]
    [attached] = photo.files  # type: ignore[attr-defined]
    assert (data / attached.path).read_bytes() == picture.read_bytes()
    assert attached.caption == "图为2024年7月1日幸福路背街小巷整治现场"
    assert attached.caption in speech.body  # type: ignore[union-attr]  # the caption stays in the text too


def test_minutes_become_a_meeting_with_people_agenda_and_decisions(data: Path, tmp_path: Path) -> None:
    text = """创文工作调度会会议纪要
时间：2024年6月3日上午9:00
地点：市政府第三会议室
主持人：李某
出席：王某、赵某、孙某
列席：周某
请假：吴某
记录人：钱某
议题：1．通报5月测评情况；2．部署迎检工作
会议听取了各组汇报。
一、测评情况
5月测评得分较上月提高。
议定事项
1．城管局6月10日前完成背街小巷整治。
2．各单位6月15日前报送佐证材料。
"""
    path = tmp_path / "纪要.txt"
    path.write_text(text, encoding="utf-8")
    [meeting] = records_of(plan_import([path], data))
    assert meeting["_kind"] == "meeting" and meeting["title"] == "创文工作调度会会议纪要"
    assert (meeting["date"], meeting["time"]) == (dt.date(2024, 6, 3), "上午9:00")
    assert (meeting["location"], meeting["host"], meeting["recorder"]) == ("市政府第三会议室", "李某", "钱某")
    assert meeting["attendees"] == ["王某", "赵某", "孙某"]
    assert (meeting["observers"], meeting["absent"]) == (["周某"], ["吴某"])
    assert meeting["agenda"] == ["通报5月测评情况", "部署迎检工作"]
    assert meeting["decisions"] == ["城管局6月10日前完成背街小巷整治。", "各单位6月15日前报送佐证材料。"]
    assert meeting["minutes"] == "会议听取了各组汇报。\n\n## 一、测评情况\n\n5月测评得分较上月提高。\n"


# ------------------------------------------------------------------------------------------ refusals
def test_corrupt_docx_is_refused_and_nothing_is_written(
    data: Path, tmp_path: Path, dossier: Callable[..., CliResult]
) -> None:
    good = _speech_with_heading_styles(tmp_path / "good.docx")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(good.read_bytes()[:3000])  # a download cut short
    before = snapshot(data)
    result = dossier("import", str(good), str(broken), "--data", str(data))
    assert result.exit_code == 1
    assert "broken.docx: not a readable Word .docx file" in result.stderr
    assert snapshot(data) == before  # the good file before it was not written either


def test_docx_with_damaged_xml_is_refused(data: Path, tmp_path: Path) -> None:
    good = _speech_with_heading_styles(tmp_path / "good.docx")
    damaged = tmp_path / "damaged.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(damaged, "w") as target:
        for info in source.infolist():
            body = source.read(info)
            target.writestr(info, body[: len(body) // 2] if info.filename == "word/document.xml" else body)
    with pytest.raises(ImportFailed, match=r"not a readable Word \.docx"):
        plan_import([damaged], data)


def test_zip_bomb_is_refused_before_decompressing(
    data: Path, tmp_path: Path, dossier: Callable[..., CliResult]
) -> None:
    good = _speech_with_heading_styles(tmp_path / "good.docx")
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        with target.open("word/media/padding.bin", "w") as padding:
            chunk = bytes(1 << 20)
            for _ in range(40):  # 40 MB of zeros in ~40 KB
                padding.write(chunk)
    before = snapshot(data)
    result = dossier("import", str(bomb), "--data", str(data))
    assert result.exit_code == 1
    assert "bomb.docx: refused" in result.stderr and "unreasonable size" in result.stderr
    assert snapshot(data) == before


def test_unsupported_file_type_is_named(data: Path, tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(ImportFailed, match=r"cannot import \.pdf files"):
        plan_import([path], data)


def test_doc_without_libreoffice_names_the_package(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dossier: Callable[..., CliResult]
) -> None:
    legacy = tmp_path / "old.doc"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0 legacy Word")
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))  # no soffice on this PATH
    result = dossier("import", str(legacy), "--data", str(data))
    assert result.exit_code == 1
    assert "libreoffice-writer-nogui" in result.stderr


def test_markdown_file_headings_are_read_as_headings(data: Path, tmp_path: Path) -> None:
    path = tmp_path / "speech.md"
    path.write_text(
        "# 在推进会上的讲话\n\n（2024年5月8日）\n\n同志们：\n\n## 一、提高认识\n\n要提高认识。\n",
        encoding="utf-8",
    )
    [speech] = records_of(plan_import([path], data))
    assert speech["title"] == "在推进会上的讲话" and speech["date"] == dt.date(2024, 5, 8)
    assert speech["body"] == "同志们：\n\n## 一、提高认识\n\n要提高认识。\n"


@needs_seeds
def test_a_name_taken_while_importing_rolls_the_whole_run_back(data: Path) -> None:
    plan = plan_import([SEED_000, SEED_001], data)
    before = snapshot(data)
    late = data / plan.files[1].relative  # someone else creates the second file after planning
    late.write_text("title: 别人的记录\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="already exists"):
        apply_plan(plan, data)
    assert snapshot(data) == before | {late.relative_to(data).as_posix(): late.read_bytes()}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2011年3月18日", dt.date(2011, 3, 18)),
        ("(2011年3月18日)", dt.date(2011, 3, 18)),
        ("（2011年3月18日）", dt.date(2011, 3, 18)),
        ("2019-05-15", dt.date(2019, 5, 15)),
        ("2019.5.15", dt.date(2019, 5, 15)),
        ("二〇一一年三月十八日", dt.date(2011, 3, 18)),
        ("二〇二四年十二月三十一日", dt.date(2024, 12, 31)),
    ],
)
def test_dates_in_common_forms_are_read(text: str, expected: dt.date) -> None:
    from generator.importers.structure import is_date_line, parse_date

    assert parse_date(text) == expected and is_date_line(text)


def test_download_footers_page_numbers_and_recommendation_lists_are_dropped(
    data: Path, tmp_path: Path
) -> None:
    text = """www.example-fanwen.com
在全市环境整治推进会上的讲话
发布时间：2024-03-02 08:10  浏览：1024
（2024年3月1日）
同志们：
今天召开推进会，主要是部署背街小巷整治工作。各区要在三月底前完成排查，建立问题台账，逐条销号，确保整治
- 2 -
取得实效，群众满意。
第2页 共3页
谢谢大家。
本文下载后可编辑，word版下载请点击这里
相关范文推荐
在全市创卫工作会议上的讲话
创建工作表态发言
"""
    path = tmp_path / "scraped.txt"
    path.write_text(text, encoding="utf-8")
    [speech] = records_of(plan_import([path], data))
    assert speech["title"] == "在全市环境整治推进会上的讲话" and speech["date"] == dt.date(2024, 3, 1)
    assert speech["body"] == (
        "同志们：\n\n今天召开推进会，主要是部署背街小巷整治工作。各区要在三月底前完成排查，建立问题台账，"
        "逐条销号，确保整治取得实效，群众满意。\n\n谢谢大家。\n"
    )


def test_a_file_without_text_is_reported_not_silently_skipped(
    data: Path, tmp_path: Path, dossier: Callable[..., CliResult]
) -> None:
    document = docx.Document()
    document.add_paragraph("   ")
    document.save(str(tmp_path / "blank.docx"))
    result = dossier("import", str(tmp_path / "blank.docx"), "--data", str(data))
    assert result.exit_code == 0
    assert "blank.docx: no text found" in result.stderr and "0 record(s)" in result.stdout
