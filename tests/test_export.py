"""`dossier export docx`: GB/T 9704 layout checked by reading the .docx back, round trips through import,
binders with a table of contents, and LibreOffice opening the files."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from generator.docx_export import export_records, oxml, record_docx
from generator.importers import apply_plan, plan_import
from generator.validate import require_archive
from tests.conftest import EVIDENCE_YML, CliResult, require_tool

SPEECH = """\
title: 在全市创建工作推进会上的讲话
speaker: 王某
speaker_role: 市委书记
date: 2024-05-08
occasion: 全市创建工作推进会
access: public
body: |
  同志们：

  今天召开推进会，主要任务是**对标对表**、查漏补缺。

  ## 一、提高认识

  创建工作是全市的大事。

  ### （一）统一思想

  要把思想统一到市委的部署上来。

  #### 1．抓好落实

  各单位要抓好落实。

  ##### （1）明确责任

  责任到人。

  ## 二、强化督查

  督查组要每周通报。
"""

MEETING = """\
title: 创文工作调度会
date: 2024-06-03
time: 上午9:00
location: 市政府第三会议室
host: 李某
attendees: [王某, 赵某, 孙某]
observers: [周某]
absent: [吴某]
recorder: 钱某
agenda: [通报5月测评情况, 部署迎检工作]
decisions:
  - 城管局6月10日前完成背街小巷整治。
  - 各单位6月15日前报送佐证材料。
minutes: |
  会议听取了各组汇报。

  ## 一、测评情况

  5月测评得分较上月提高。
"""

SUMMARY = """\
title: 市城管局2024年上半年创建工作小结
date: 2024-07-05
unit: cgj
period: {start: 2024-01-01, end: 2024-06-30}
body: |
  上半年，我局围绕创建目标开展工作。

  ## 一、主要做法

  背街小巷整治全部完成。
"""

RESTRICTED = """\
title: 内部讲话
speaker: 王某
date: 2024-05-09
access: restricted
body: 内部。
"""

BINDER_ARCHIVE = """\
binders:
  - id: talks
    title: 领导讲话汇编
    kinds: [speech]
"""


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOSSIER_LANG", "en")


@pytest.fixture
def data(archive_dir: Callable[..., Path]) -> Path:
    from tests.conftest import ARCHIVE_YML

    return archive_dir(
        {
            "archive.yml": ARCHIVE_YML + BINDER_ARCHIVE,
            "speeches/talk.yml": SPEECH,
            "meetings/dispatch.yml": MEETING,
            "summaries/half-year.yml": SUMMARY,
            "speeches/secret.yml": RESTRICTED,
        }
    )


def exported(data: Path, record_id: str, out: Path) -> Path:
    archive, _ = require_archive(data)
    [result] = export_records(archive, [record_id], out / f"{record_id}.docx")
    return result.path


def reimported(data: Path, docx_path: Path, tmp_path: Path, **options: Any) -> dict[str, Any]:
    fresh = tmp_path / "fresh"
    shutil.copytree(data, fresh)
    [planned] = plan_import([docx_path], fresh, **options).records
    return dict(yaml.safe_load(planned.data))


def original(data: Path, relative: str) -> dict[str, Any]:
    return dict(yaml.safe_load((data / relative).read_text(encoding="utf-8")))


# ------------------------------------------------------------------------------------------ round trips
def test_speech_round_trip_keeps_fields_and_body(data: Path, tmp_path: Path) -> None:
    back = reimported(data, exported(data, "talk", tmp_path), tmp_path)
    source = original(data, "speeches/talk.yml")
    for key in ("title", "date", "speaker", "speaker_role", "occasion", "body"):
        assert back[key] == source[key], key


def test_meeting_round_trip_keeps_people_agenda_decisions_and_minutes(data: Path, tmp_path: Path) -> None:
    back = reimported(data, exported(data, "dispatch", tmp_path), tmp_path)
    source = original(data, "meetings/dispatch.yml")
    keys = ("title", "date", "time", "location", "host", "attendees", "observers", "absent", "recorder", "agenda",
            "decisions", "minutes")  # fmt: skip
    assert {k: back[k] for k in keys} == {k: source[k] for k in keys}


def test_summary_round_trip_finds_its_unit_from_the_signature(data: Path, tmp_path: Path) -> None:
    back = reimported(data, exported(data, "half-year", tmp_path), tmp_path)
    source = original(data, "summaries/half-year.yml")
    assert (back["title"], back["date"], back["unit"], back["body"]) == (
        source["title"], source["date"], source["unit"], source["body"]
    )  # fmt: skip


def test_imported_round_trip_file_passes_check(data: Path, tmp_path: Path) -> None:
    path = exported(data, "talk", tmp_path)
    apply_plan(plan_import([path], data), data)
    archive, _ = require_archive(data)
    assert [s.title for s in archive.speeches].count("在全市创建工作推进会上的讲话") == 2


# ------------------------------------------------------------------------------------------ GB/T 9704 layout
@pytest.fixture
def speech_docx(data: Path, tmp_path: Path) -> Any:
    return docx.Document(str(exported(data, "talk", tmp_path)))


def test_page_is_a4_with_official_margins(speech_docx: Any) -> None:
    section = speech_docx.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]


def test_document_grid_is_22_lines_of_28_characters(speech_docx: Any) -> None:
    grid = oxml.doc_grid(speech_docx.sections[0])
    assert grid == {"type": "linesAndChars", "linePitch": "579", "charSpace": "-842"}


def test_fonts_and_sizes_follow_the_heading_hierarchy(speech_docx: Any) -> None:
    paragraphs = [p for p in speech_docx.paragraphs if p.text.strip()]
    title = paragraphs[0]
    assert title.text == "在全市创建工作推进会上的讲话"
    assert (
        title.style.font.size == Pt(22)
        and title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    )
    expected = {"在全市创建工作推进会上的讲话": ("方正小标宋简体", Pt(22)), "一、提高认识": ("黑体", Pt(16)),
                "（一）统一思想": ("楷体", Pt(16)), "1．抓好落实": ("仿宋", Pt(16)), "（1）明确责任": ("仿宋", Pt(16)),
                "督查组要每周通报。": ("仿宋", Pt(16))}  # fmt: skip
    found = {}
    for text in expected:  # every heading level, the body and the title are there, each once
        matches = [p for p in paragraphs if p.text == text]
        assert len(matches) == 1, f"{text!r}: {len(matches)} paragraphs"
        paragraph = matches[0]
        fonts = {oxml.run_east_asian_font(run) for run in paragraph.runs}
        found[text] = (fonts, paragraph.style.font.size)
    assert found == {text: ({font}, size) for text, (font, size) in expected.items()}
    assert oxml.style_east_asian_font(speech_docx.styles["Normal"]) == "仿宋"


def test_page_numbers_are_page_fields_alternating_right_and_left(speech_docx: Any) -> None:
    section = speech_docx.sections[0]
    assert speech_docx.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    for paragraph, alignment in ((odd, WD_ALIGN_PARAGRAPH.RIGHT), (even, WD_ALIGN_PARAGRAPH.LEFT)):
        assert oxml.field_instructions(paragraph) == ["PAGE"]
        assert paragraph.text == "— 1 —" and paragraph.alignment == alignment
        assert {run.font.size for run in paragraph.runs if run.text.strip()} == {Pt(14)}
        assert {oxml.run_east_asian_font(run) for run in paragraph.runs if run.text} == {"宋体"}
    # The number's top edge sits 7 mm below the 35 mm bottom margin's text edge.
    assert round(section.footer_distance.mm + Pt(14).mm) == 28


def test_minutes_end_with_attendance_block_and_list_decisions(data: Path, tmp_path: Path) -> None:
    document = docx.Document(str(exported(data, "dispatch", tmp_path)))
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    assert texts[-3:] == ["出席：王某、赵某、孙某", "列席：周某", "请假：吴某"]
    at = texts.index("议定事项")
    assert texts[at + 1 : at + 3] == [
        "1．城管局6月10日前完成背街小巷整治。",
        "2．各单位6月15日前报送佐证材料。",
    ]
    label = next(p for p in document.paragraphs if p.text.startswith("出席"))
    assert [oxml.run_east_asian_font(r) for r in label.runs] == ["黑体", "仿宋"]


def test_export_is_byte_for_byte_repeatable(data: Path, tmp_path: Path) -> None:
    archive, _ = require_archive(data)
    record = archive.get("talk")
    assert record is not None
    assert record_docx(archive, record) == record_docx(archive, record)
    first = export_records(archive, ["talk"], tmp_path / "out")
    again = export_records(archive, ["talk"], tmp_path / "out")
    assert first[0].written and not again[0].written


# ------------------------------------------------------------------------------------------ CLI
def test_cli_exports_several_records_into_a_folder(
    data: Path, tmp_path: Path, dossier: Callable[..., CliResult]
) -> None:
    out = tmp_path / "word"
    result = dossier("export", "docx", "talk", "dispatch", "--data", str(data), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["dispatch.docx", "talk.docx"]
    assert "wrote" in result.stdout and "创文工作调度会" in result.stdout


def test_cli_binder_is_one_document_with_a_toc_field(
    data: Path, tmp_path: Path, dossier: Callable[..., CliResult]
) -> None:
    result = dossier("export", "docx", "--binder", "talks", "--data", str(data), "--out", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    document = docx.Document(str(tmp_path / "talks.docx"))
    instructions = [i for p in document.paragraphs for i in oxml.field_instructions(p)]
    assert any(i.startswith("TOC") and "Record Title" in i for i in instructions)
    titles = [p.text for p in document.paragraphs if p.style.name == "Record Title"]
    assert titles[0] == "领导讲话汇编" and "在全市创建工作推进会上的讲话" in titles
    assert "内部讲话" not in titles  # restricted: not for the default (internal) audience
    starts = [
        p
        for p in document.paragraphs
        if p.text == "在全市创建工作推进会上的讲话" and p.style.name == "Record Title"
    ]
    assert starts[0].paragraph_format.page_break_before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope"], "no record with id 'nope'"),
        (["secret"], "record 'secret' is restricted"),
        (["--binder", "nope"], "no binder 'nope'"),
        ([], "name record ids or --binder"),
        (["talk", "dispatch", "--out", "one.docx"], "names one .docx file"),
    ],
)
def test_cli_refusals_are_clear_and_write_nothing(  # noqa: PLR0917 - pytest passes fixtures by position
    args: list[str],
    message: str,
    data: Path,
    tmp_path: Path,
    dossier: Callable[..., CliResult],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    result = dossier("export", "docx", *args, "--data", str(data))
    assert result.exit_code == 1
    assert message in result.stderr
    assert not (tmp_path / "dist").exists() and not (tmp_path / "one.docx").exists()


# ------------------------------------------------------------------------------------------ LibreOffice
def _to_pdf(path: Path, out: Path) -> Path:
    office = require_tool("soffice")
    profile = (out / "profile").absolute().as_uri()
    done = subprocess.run(
        [office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(out), str(path)],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    pdf = out / f"{path.stem}.pdf"
    assert done.returncode == 0 and pdf.is_file(), done.stderr
    return pdf


@pytest.mark.tools("soffice", "pdftotext")
def test_libreoffice_opens_the_binder_and_converts_it_to_pdf(
    data: Path, tmp_path: Path, dossier: Callable[..., CliResult]
) -> None:
    assert (
        dossier("export", "docx", "--binder", "talks", "--data", str(data), "--out", str(tmp_path)).exit_code
        == 0
    )
    pdf = _to_pdf(tmp_path / "talks.docx", tmp_path)
    text = subprocess.run(
        [require_tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    squashed = "".join(text.split())
    assert "领导讲话汇编" in squashed and "在全市创建工作推进会上的讲话" in squashed
    assert "—1—" in squashed and "—2—" in squashed  # the PAGE field, counted


@pytest.mark.tools("soffice")
def test_legacy_doc_is_imported_through_libreoffice(data: Path, tmp_path: Path) -> None:
    source = exported(data, "talk", tmp_path)
    office = require_tool("soffice")
    profile = (tmp_path / "profile").absolute().as_uri()
    subprocess.run(
        [office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "doc:MS Word 97", "--outdir",
         str(tmp_path / "legacy"), str(source)],
        capture_output=True, timeout=180, check=True,
    )  # fmt: skip
    legacy = tmp_path / "legacy" / "talk.doc"
    back = reimported(data, legacy, tmp_path)
    source_record = original(data, "speeches/talk.yml")
    assert (back["title"], back["speaker"], back["date"]) == (
        source_record["title"],
        "王某",
        source_record["date"],
    )
    assert back["body"] == source_record["body"]
    assert back["source"]["file"] == "talk.doc"


# ------------------------------------------------------------------------------------------ demo archive
_MEETING_FIELDS = "title date time location host attendees observers absent recorder agenda decisions minutes"
ROUND_TRIP_FIELDS = {
    "speech": ("title", "date", "speaker", "speaker_role", "body"),
    "meeting": tuple(_MEETING_FIELDS.split()),
    "summary": ("title", "date", "unit", "body"),
}


def test_every_demo_speech_meeting_and_summary_survives_export_and_import(tmp_path: Path) -> None:
    from tests.conftest import DEMO

    archive, _ = require_archive(DEMO)
    records = [r for r in archive.records if r.kind in ROUND_TRIP_FIELDS]
    out = tmp_path / "docx"
    export_records(archive, [r.id for r in records], out)
    fresh = tmp_path / "data"
    shutil.copytree(DEMO, fresh)
    plan = plan_import([out], fresh)  # no --unit: summaries find their unit from the signature
    apply_plan(plan, fresh)
    again, _ = require_archive(fresh)
    by_source = {r.source.file: r for r in again.records if getattr(r, "source", None)}  # type: ignore[attr-defined]
    for record in records:
        back = by_source[f"{record.id}.docx"]
        assert back.kind == record.kind
        for key in ROUND_TRIP_FIELDS[record.kind]:
            assert getattr(back, key) == getattr(record, key), (record.id, key)


def test_evidence_photos_and_rectifications_export_with_their_fields(
    archive_dir: Callable[..., Path], tmp_path: Path
) -> None:
    import io

    from PIL import Image as PILImage

    picture = io.BytesIO()
    PILImage.new("RGB", (60, 40), (30, 120, 200)).save(picture, format="PNG")
    data = archive_dir({"files/photo.jpg": None, "files/photo.png": picture.getvalue(),
                        "evidence/e1.yml": EVIDENCE_PNG})  # fmt: skip
    archive, _ = require_archive(data)
    export_records(archive, ["e1", "r1"], tmp_path)
    photo = docx.Document(str(tmp_path / "e1.docx"))
    assert len(photo.inline_shapes) == 1 and round(photo.inline_shapes[0].width.mm) == 150
    texts = [p.text for p in photo.paragraphs if p.text]
    assert "类别：照片" in texts and "2024年5月9日，幸福路，城管局与商户签约" in texts
    rectification = [p.text for p in docx.Document(str(tmp_path / "r1.docx")).paragraphs if p.text]
    assert "状态：已整改（2024年6月20日）" in rectification and "责任单位：测试市城管局" in rectification


EVIDENCE_PNG = EVIDENCE_YML.replace("files/photo.jpg", "files/photo.png")
