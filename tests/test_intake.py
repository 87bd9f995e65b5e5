"""`dossier new`, and `dossier import` of spreadsheets: units, 测评体系, 报送表, 台账, 自测打分, photo folders —
messy sheets read as offices write them, every wrong cell named, nothing written unless all is valid,
nothing imported twice."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from generator.intake.values import BadValue, id_tokens, parse_date, parse_month, split_list
from generator.validate import load_archive
from tests.conftest import CliResult
from tests.intake_sheets import framework_sheet, photo, units_sheet, workbook

Dossier = Callable[..., CliResult]
EVIDENCE_HEADER = ["序号", "测评标准编号", "日期", "材料名称", "地点", "人物", "文件名", "图片说明"]


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def office(tmp_path: Path, dossier: Dossier) -> Path:
    """A new archive with the units and the 测评体系 imported from their sheets; sheets live in tmp_path."""
    data = tmp_path / "archive"
    made = dossier(
        "new",
        str(data),
        "--period",
        "2024-01-01",
        "2026-12-31",
        "--window",
        "2024-08-01",
        "2025-07-31",
        "--max-score",
        "10",
    )
    assert made.exit_code == 0, made.stderr
    assert dossier("import", str(units_sheet(tmp_path / "单位名单.xlsx")), "--data", str(data)).exit_code == 0
    result = dossier("import", str(framework_sheet(tmp_path / "测评体系.xlsx")), "--data", str(data))
    assert result.exit_code == 0, result.stderr
    return data


# ------------------------------------------------------------------------------------------ values
@pytest.mark.parametrize(
    "value",
    [dt.datetime(2024, 5, 8), 45420, 45420.0, "45420", "2024.5.8", "2024/5/8", "2024-05-08", "2024年5月8日",
     "2024年05月08日", "20240508", "2024-05-08 09:30", "２０２４．５．８"],
)  # fmt: skip
def test_every_date_form_offices_write(value: object) -> None:
    assert parse_date(value) == dt.date(2024, 5, 8)


@pytest.mark.parametrize("value", ["2024.13.5", "2024-02-30", "5月8日", "下周", "12", 3.5])
def test_impossible_dates_are_refused(value: object) -> None:
    with pytest.raises(BadValue):
        parse_date(value)


def test_months_and_lists_and_ids() -> None:
    assert (
        parse_month("2024年5月")
        == parse_month(dt.datetime(2024, 5, 1))
        == parse_month("2024-05")
        == "2024-05"
    )
    assert split_list("a.jpg、b.jpg，c.jpg;d.jpg\ne.jpg") == ["a.jpg", "b.jpg", "c.jpg", "d.jpg", "e.jpg"]
    assert (
        id_tokens("A.1.1")
        == id_tokens("A1.1")
        == id_tokens("A-1-1")
        == id_tokens("ａ１．１")
        == ("A", "1", "1")
    )


# ------------------------------------------------------------------------------------------ new
def test_new_archive_passes_check_and_refuses_a_folder_in_use(tmp_path: Path, dossier: Dossier) -> None:
    result = dossier(
        "--lang", "zh", "new", str(tmp_path / "a"), "--title", "测试市创文档案", "--fonds-code", "Z900"
    )
    assert result.exit_code == 0
    info = yaml.safe_load((tmp_path / "a" / "archive.yml").read_text(encoding="utf-8"))
    assert info["title"] == "测试市创文档案" and info["fonds"]["code"] == "Z900"
    assert "# 测评材料时间范围" in (tmp_path / "a" / "archive.yml").read_text(encoding="utf-8")
    assert {"evidence", "rectifications", "files", "self_scores"} <= {
        p.name for p in (tmp_path / "a").iterdir()
    }
    assert dossier("check", "--data", str(tmp_path / "a")).exit_code == 0
    again = dossier("new", str(tmp_path / "a"))
    assert again.exit_code == 2 and "not empty" in again.stderr


# ------------------------------------------------------------------------------------------ units, indicators
def test_units_and_framework_from_messy_sheets(office: Path) -> None:
    units = yaml.safe_load((office / "units.yml").read_text(encoding="utf-8"))
    assert [u["id"] for u in units] == ["cgj", "wmb", "gaj", "jyj"]
    assert units[0] == {
        "id": "cgj",
        "name": "测试市城市管理局",
        "short": "城管局",
        "leader": "赵局长",
        "liaison": "张三",
        "phone": "13800000001",
    }
    tree = yaml.safe_load((office / "indicators.yml").read_text(encoding="utf-8"))
    assert [(n["id"], n["title"], n["score"]) for n in tree] == [("A", "公共秩序", 6), ("B", "志愿服务", 4)]
    a1 = tree[0]["children"][0]
    assert (a1["id"], a1["title"], a1["score"]) == ("A.1", "市容环境", 4)
    leaf = a1["children"][1]
    assert leaf == {
        "id": "A.1.2",
        "title": "占道经营",
        "score": 2,
        "standard": "城区主次干道无占道经营",
        "methods": ["实地考察"],
        "units": ["cgj", "gaj"],
    }
    archive, problems = load_archive(office)
    assert archive is not None and not [p for p in problems if p.severity == "error"]
    assert len(archive.indicators.leaves()) == 6


def test_same_framework_again_changes_nothing_and_another_needs_replace(
    office: Path, tmp_path: Path, dossier: Dossier
) -> None:
    before = snapshot(office)
    again = dossier("import", str(tmp_path / "测评体系.xlsx"), "--data", str(office))
    assert again.exit_code == 0 and "nothing to change" in again.stdout
    assert snapshot(office) == before
    sheet = tmp_path / "测评体系.xlsx"
    book = load_workbook(sheet)
    book.active["F4"] = 3  # A.1.1 now 3 points: the sheet no longer adds up
    book.save(sheet)
    refused = dossier("import", str(sheet), "--data", str(office))
    assert refused.exit_code == 1 and "--replace" in refused.stderr and "[not-empty]" in refused.stderr
    assert snapshot(office) == before
    replaced = dossier("import", str(sheet), "--data", str(office), "--replace")
    assert replaced.exit_code == 0
    # 版块 A is worth 6 (its cell says 公共秩序（6分）) but its items now add up to 7
    assert (
        "测评体系.xlsx:测评体系!A3: warning: score: children's scores add up to 7, but 'A' is worth 6 [child-score-sum]"
        in replaced.stderr
    )


def test_framework_naming_an_unknown_unit_names_the_cell(
    tmp_path: Path, dossier: Dossier, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "a"
    dossier("new", str(data))
    dossier("import", str(units_sheet(tmp_path / "u.xlsx")), "--data", str(data))
    workbook(
        tmp_path / "f.xlsx",
        "体系",
        ["编号", "测评内容", "测评标准", "分值", "责任单位"],
        [["A.1", "门前三包", "落实", 2, "城官局"]],
    )
    result = dossier("--lang", "zh", "import", "f.xlsx", "--data", str(data))
    assert result.exit_code == 1
    assert (
        "f.xlsx:体系!E2: 错误: 责任单位“城官局”不存在（您是否要写 城管局？） [unknown-unit]" in result.stderr
    )


# ------------------------------------------------------------------------------------------ 报送表
def evidence_sheet(folder: Path, rows: list[list[object]], name: str = "城管局报送表.xlsx") -> Path:
    return workbook(
        folder / name,
        "报送表",
        EVIDENCE_HEADER,
        rows,
        titles=["城管局2024年9月创文材料报送表", "填报单位：测试市城市管理局"],
        notes=["注：照片放在“照片”文件夹中。", "填表人：张三"],
    )


def test_every_wrong_cell_is_named_and_nothing_is_written(
    office: Path, tmp_path: Path, dossier: Dossier, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # paths are shown relative to where the command runs
    folder = tmp_path / "城管局"
    photo(folder / "照片" / "IMG_0001.jpg", dt.date(2024, 9, 8))
    sheet = evidence_sheet(
        folder,
        [
            [1, "A1.1", dt.datetime(2024, 9, 8), "门前三包签约", "幸福路", "张三", "IMG_0001.jpg", "签约"],
            [2, "B.9.9", "2024.9.9", "占道整治", "人民路", None, None, None],
            [3, "A.1.2", "2024.13.5", "占道整治", "人民路", None, "IMG_0009.jpg", None],
            [4, "A.1.2", "2024-09-10", None, "人民路", None, None, None],
        ],
    )
    before = snapshot(office)
    result = dossier("--lang", "zh", "import", str(sheet), "--data", str(office))
    assert result.exit_code == 1
    where = "城管局/城管局报送表.xlsx"
    lines = [line for line in result.stderr.splitlines() if "[" in line]
    assert f"{where}:报送表!B5: 错误: 指标“B.9.9”不存在（您是否要写 B.2.1？） [unknown-indicator]" in lines
    assert any(line.startswith(f"{where}:报送表!C6: 错误: “2024.13.5”不是有效日期") for line in lines)
    assert any(
        line.startswith(f"{where}:报送表!G6: 错误: 在 ") and "IMG_0009.jpg" in line and "IMG_0001.jpg" in line
        for line in lines
    )
    assert f"{where}:报送表!D7: 错误: “材料名称”未填写 [missing-value]" in lines
    assert snapshot(office) == before


def test_json_report_spells_cells_rows_and_columns(office: Path, tmp_path: Path, dossier: Dossier) -> None:
    sheet = evidence_sheet(tmp_path, [[1, "B.9.9", "2024-09-09", "占道整治", "人民路", None, None, None]])
    result = dossier("import", str(sheet), "--data", str(office), "--format", "json")
    report = json.loads(result.stdout)
    assert result.exit_code == 1 and report["ok"] is False and report["created"] == []
    [problem] = report["errors"]
    assert (problem["sheet"], problem["cell"], problem["row"], problem["column"]) == ("报送表", "B4", 4, 2)
    assert (problem["severity"], problem["code"]) == ("error", "unknown-indicator")
    assert set(problem) == {"path", "sheet", "cell", "row", "column", "severity", "code", "message"}
    assert report["counts"]["errors"] == 1


def test_rows_of_one_event_become_one_record_with_their_files(
    office: Path, tmp_path: Path, dossier: Dossier
) -> None:
    folder = tmp_path / "城管局"
    for n, colour in enumerate([(200, 0, 0), (0, 200, 0), (0, 0, 200)], start=1):
        photo(folder / "9月" / f"签约{n}.jpg", dt.date(2024, 9, 8), colour)
    sheet = evidence_sheet(
        folder,
        [
            [
                1,
                "A1.1",
                dt.datetime(2024, 9, 8),
                "门前三包签约",
                "幸福路",
                "张三、李四",
                "签约1.jpg、签约2.jpg",
                "商户签约",
            ],
            [2, "A-1-1", "2024年9月8日", "门前三包签约", "幸福路", None, "签约3", None],
            [3, "A.1.2", 45575, "占道整治", "人民路", None, None, None],
        ],
    )
    dry = dossier("import", str(sheet), "--data", str(office), "--dry-run", "--format", "json")
    planned = json.loads(dry.stdout)
    assert dry.exit_code == 0 and [c["kind"] for c in planned["created"]] == ["evidence", "evidence"]
    assert not (office / "evidence" / "evidence-20240908.yml").exists()
    result = dossier("import", str(sheet), "--data", str(office))
    assert result.exit_code == 0, result.stderr
    record = yaml.safe_load((office / "evidence" / "evidence-20240908.yml").read_text(encoding="utf-8"))
    assert record["kind"] == "photo" and record["units"] == ["cgj"] and record["indicators"] == ["A.1.1"]
    assert [f["caption"] for f in record["files"]] == [
        "商户签约",
        "商户签约",
        "2024年9月8日，幸福路，张三、李四，门前三包签约",
    ]
    assert all((office / f["path"]).is_file() for f in record["files"])
    assert record["source"]["sheet"] == "报送表" and record["source"]["rows"] == [4, 5]
    other = yaml.safe_load((office / "evidence" / "evidence-20241010.yml").read_text(encoding="utf-8"))
    assert other["date"] == dt.date(2024, 10, 10) and other["files"] == []  # 45575 is an Excel date
    assert dossier("check", "--data", str(office)).exit_code == 0


def test_importing_the_same_sheet_twice_creates_nothing_and_says_so(
    office: Path, tmp_path: Path, dossier: Dossier
) -> None:
    photo(tmp_path / "p.jpg", dt.date(2024, 9, 8))
    rows: list[list[object]] = [[1, "A.1.1", "2024-09-08", "门前三包签约", "幸福路", None, "p.jpg", None]]
    sheet = evidence_sheet(tmp_path, rows)
    assert dossier("import", str(sheet), "--data", str(office)).exit_code == 0
    before = snapshot(office)
    again = dossier("import", str(sheet), "--data", str(office))
    assert again.exit_code == 0 and "already imported as evidence-20240908" in again.stdout
    assert "nothing new" in again.stdout
    assert snapshot(office) == before
    # the same photo sent again in another unit's sheet is in the archive already
    copy = tmp_path / "other"
    copy.mkdir()
    (copy / "same.jpg").write_bytes((tmp_path / "p.jpg").read_bytes())
    resent = evidence_sheet(
        copy, [[1, "A.1.1", "2024-09-08", "门前三包签约活动", "幸福路", None, "same.jpg", None]], "x.xlsx"
    )
    assert (
        "already imported as evidence-20240908"
        in dossier("import", str(resent), "--data", str(office)).stdout
    )
    # a changed row is reported, not overwritten; --replace updates it
    rows[0][4] = "幸福路东段"
    rows[0][3] = "门前三包签约"
    changed = evidence_sheet(
        tmp_path, [[1, "A.1.1", "2024-09-08", "门前三包签约", "幸福路", "张三", "p.jpg", None]]
    )
    result = dossier("import", str(changed), "--data", str(office))
    assert result.exit_code == 0 and "[row-changed]" in result.stderr and "evidence-20240908" in result.stderr
    assert snapshot(office) == before
    updated = dossier("import", str(changed), "--data", str(office), "--replace")
    assert updated.exit_code == 0
    record = yaml.safe_load((office / "evidence" / "evidence-20240908.yml").read_text(encoding="utf-8"))
    assert record["people"] == ["张三"] and len(list((office / "evidence").iterdir())) == 1


def test_csv_in_gbk_names_cells_without_a_sheet(
    office: Path, tmp_path: Path, dossier: Dossier, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "报送表.csv"
    with path.open("w", encoding="gbk", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["测评标准编号", "日期", "标题", "责任单位"])
        writer.writerow(["A.1.1", "2024/9/8", "门前三包检查", "城管局"])
        writer.writerow(["A.1.1", "2024/9/9", "门前三包复查", "城关局"])
    result = dossier("--lang", "zh", "import", str(path), "--data", str(office), "--format", "json")
    [problem] = json.loads(result.stdout)["errors"]
    assert (problem["sheet"], problem["cell"], problem["code"]) == (None, "D3", "unknown-unit")
    text = dossier("--lang", "zh", "import", str(path), "--data", str(office))
    assert "报送表.csv:D3: 错误: 责任单位“城关局”不存在（您是否要写 城管局？） [unknown-unit]" in text.stderr


# ------------------------------------------------------------------------------------------ 台账, 自测打分
def test_ledger_statuses_in_words_and_closing_evidence(
    office: Path, tmp_path: Path, dossier: Dossier, monkeypatch: pytest.MonkeyPatch
) -> None:
    photo(tmp_path / "整改后.jpg", dt.date(2024, 9, 20))
    sheet = workbook(
        tmp_path / "整改台账.xlsx",
        "台账",
        [
            "序号",
            "存在问题",
            "督查组",
            "发现时间",
            "责任单位",
            "整改时限",
            "整改情况",
            "完成时间",
            "销号材料",
        ],
        [
            [
                1,
                "幸福路早市占道经营",
                "第一督查组",
                "2024.9.1",
                "城管局",
                "2024年9月30日",
                "已销号",
                "2024-09-20",
                "整改后.jpg",
            ],
            [
                2,
                "人民路护栏破损",
                "暗访组",
                dt.datetime(2024, 9, 2),
                "公安局",
                "2024-10-15",
                "整改中",
                None,
                None,
            ],
            [3, "校门口乱停车", "暗访组", "2024-09-03", "教育局", "2024-10-15", "差不多了", None, None],
        ],
        titles=["问题整改台账"],
    )
    monkeypatch.chdir(tmp_path)
    refused = dossier("--lang", "zh", "import", str(sheet), "--data", str(office))
    assert "整改台账.xlsx:台账!G5: 错误: “差不多了”不是可选值" in refused.stderr and refused.exit_code == 1
    book = load_workbook(sheet)
    book.active["G5"] = "未整改"
    book.save(sheet)
    assert dossier("import", str(sheet), "--data", str(office)).exit_code == 0
    records = {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in (office / "rectifications").glob("*.yml")
    }
    closed = records["rectification-20240901"]
    assert (closed["status"], closed["unit"], closed["deadline"]) == ("verified", "cgj", dt.date(2024, 9, 30))
    evidence = yaml.safe_load(
        (office / "evidence" / f"{closed['evidence'][0]}.yml").read_text(encoding="utf-8")
    )
    assert evidence["kind"] == "photo" and evidence["units"] == ["cgj"]
    assert records["rectification-20240902"]["status"] == "open"
    assert dossier("check", "--data", str(office)).exit_code == 0


def test_self_scores_one_file_per_unit_and_month(office: Path, tmp_path: Path, dossier: Dossier) -> None:
    sheet = workbook(
        tmp_path / "自评.xlsx",
        "自测",
        ["责任单位", "月份", "指标编号", "自评得分", "扣分原因"],
        [
            ["城管局", "2024年9月", "A1.1", 1.5, "缺照片"],
            ["城管局", "2024-09", "A.1.2", 2, None],
            ["文明办", "2024.9", "B.1.1", 2, None],
        ],
    )
    assert dossier("import", str(sheet), "--data", str(office)).exit_code == 0
    scores = yaml.safe_load((office / "self_scores" / "cgj-2024-09.yml").read_text(encoding="utf-8"))
    assert [(s["indicator"], s["score"]) for s in scores] == [("A.1.1", 1.5), ("A.1.2", 2)]
    archive, _ = load_archive(office)
    assert archive is not None and len(archive.self_scores) == 3


# ------------------------------------------------------------------------------------------ photo folders
def test_photo_folder_one_record_per_sub_folder_dated_from_exif(
    office: Path, tmp_path: Path, dossier: Dossier
) -> None:
    top = tmp_path / "城管局照片"
    photo(top / "2024-09-08 门前三包签约" / "IMG_0001.jpg", dt.date(2024, 9, 8), (10, 10, 200))
    photo(top / "2024-09-08 门前三包签约" / "商户签字.jpg", dt.date(2024, 9, 8), (10, 200, 10))
    photo(top / "夜间巡查" / "a.jpg", dt.date(2024, 9, 12), (200, 200, 10))
    photo(top / "夜间巡查" / "b.jpg", dt.date(2023, 5, 1), (200, 10, 200))
    workbook(top / "夜间巡查" / "说明.xlsx", "说明", ["文件名", "说明"], [["a.jpg", "9月12日夜间巡查幸福路"]])
    result = dossier(
        "--lang",
        "zh",
        "import",
        str(top),
        "--kind",
        "photos",
        "--indicator",
        "A1.1",
        "--unit",
        "城管局",
        "--data",
        str(office),
    )
    assert result.exit_code == 0, result.stderr
    assert "b.jpg" in result.stderr and "[photo-outside-window]" in result.stderr
    records = [
        yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((office / "evidence").glob("*.yml"))
    ]
    by_title = {r["title"]: r for r in records}
    signing = by_title["门前三包签约"]
    assert (
        signing["date"] == dt.date(2024, 9, 8)
        and signing["indicators"] == ["A.1.1"]
        and signing["units"] == ["cgj"]
    )
    assert [f["caption"] for f in signing["files"]] == ["2024年9月8日，门前三包签约", "商户签字"]
    patrol = by_title["夜间巡查"]
    assert patrol["date"] == dt.date(2023, 5, 1) and patrol["files"][0]["caption"] == "9月12日夜间巡查幸福路"
    again = dossier("import", str(top), "--kind", "photos", "--indicator", "A.1.1", "--data", str(office))
    assert again.exit_code == 0 and "nothing new" in again.stdout


# ------------------------------------------------------------------------------------------ unreadable input
def test_files_that_are_no_spreadsheets_are_refused_with_a_reason(
    office: Path, tmp_path: Path, dossier: Dossier, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "坏表.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "ansi.csv").write_bytes(bytes(range(128, 256)) * 4)
    (tmp_path / "旧表.xls").write_bytes(b"\xd0\xcf\x11\xe0 old")
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))  # no soffice on this PATH
    result = dossier("--lang", "zh", "import", "坏表.xlsx", "ansi.csv", "旧表.xls", "--data", str(office))
    assert result.exit_code == 1
    assert "坏表.xlsx: 错误: 不是可读取的 Excel 工作簿" in result.stderr and "[not-xlsx]" in result.stderr
    assert "[csv-encoding]" in result.stderr
    assert (
        "旧表.xls: 错误: .xls 文件需用 LibreOffice 转换" in result.stderr
        and "libreoffice-calc-nogui" in result.stderr
    )


def test_a_sheet_of_no_known_kind_lists_what_was_looked_for(
    office: Path, tmp_path: Path, dossier: Dossier
) -> None:
    sheet = workbook(tmp_path / "杂表.xlsx", "Sheet1", ["甲", "乙"], [["1", "2"]])
    result = dossier("import", str(sheet), "--data", str(office))
    assert result.exit_code == 1 and "[no-header]" in result.stderr
    bad = workbook(tmp_path / "x.xlsx", "报送", ["日期", "文件名", "随便"], [["2024-09-01", None, "x"]])
    missing = dossier("import", str(bad), "--data", str(office), "--kind", "evidence")
    assert "[missing-column]" in missing.stderr and "[column-ignored]" in missing.stderr
    assert dossier("import", str(sheet), "--data", str(tmp_path / "nowhere")).exit_code == 2
    (tmp_path / "empty").mkdir()
    not_archive = dossier("import", str(sheet), "--data", str(tmp_path / "empty"))
    assert not_archive.exit_code == 1 and "[not-an-archive]" in not_archive.stderr


def test_a_units_folder_with_its_photo_captions_sheet_and_no_repeated_warnings(
    office: Path, tmp_path: Path, dossier: Dossier
) -> None:
    folder = tmp_path / "城管局"
    photo(folder / "照片" / "old.jpg", dt.date(2023, 9, 8))  # outside the assessment window
    workbook(folder / "照片" / "说明.xlsx", "说明", ["文件名", "说明"], [["old.jpg", "去年的照片"]])
    evidence_sheet(folder, [[1, "A.1.1", "2024-09-08", "门前三包签约", "幸福路", None, "old.jpg", None]])
    first = dossier("import", str(folder), "--data", str(office))
    assert first.exit_code == 0, first.stderr
    assert "[photo-outside-window]" in first.stderr and "[photo-date]" in first.stderr
    assert "说明.xlsx: no table to import" in first.stdout
    again = dossier("import", str(folder), "--data", str(office))
    assert again.exit_code == 0 and again.stderr == "" and "nothing new" in again.stdout


def test_replacing_units_that_records_still_name_is_refused_at_the_record(
    office: Path, tmp_path: Path, dossier: Dossier
) -> None:
    sheet = evidence_sheet(tmp_path, [[1, "A.1.1", "2024-09-08", "门前三包签约", "幸福路", None, None, None]])
    assert dossier("import", str(sheet), "--data", str(office)).exit_code == 0
    fewer = workbook(
        tmp_path / "新名单.xlsx", "名单", ["单位名称", "简称", "联络员"], [["测试市文明办", "文明办", "李四"]]
    )
    before = snapshot(office)
    result = dossier("import", str(fewer), "--data", str(office), "--replace")
    assert result.exit_code == 1
    assert "evidence-20240908.yml:" in result.stderr and "[unknown-ref]" in result.stderr
    assert snapshot(office) == before


def test_a_folder_of_word_files_and_sheets_imports_both(
    office: Path, tmp_path: Path, dossier: Dossier
) -> None:
    inbox = tmp_path / "九月"
    evidence_sheet(inbox, [[1, "A.1.1", "2024-09-08", "门前三包签约", "幸福路", None, None, None]])
    (inbox / "讲话.txt").write_text(
        "在创文推进会上的讲话\n张三\n（2024年9月8日）\n同志们：\n今天开会。\n", encoding="utf-8"
    )
    result = dossier("import", str(inbox), "--data", str(office), "--format", "json")
    report = json.loads(result.stdout)
    assert result.exit_code == 0 and sorted(c["kind"] for c in report["created"]) == ["evidence", "speech"]
    assert dossier("check", "--data", str(office)).exit_code == 0


def test_a_changed_self_score_is_reported_and_replaced_only_when_asked(
    office: Path, tmp_path: Path, dossier: Dossier
) -> None:
    header = ["责任单位", "月份", "指标编号", "自评得分", "扣分原因"]
    sheet = workbook(
        tmp_path / "自评.xlsx",
        "自测",
        header,
        [["城管局", "2024-09", "A.1.1", 1, "缺照片"], ["城管局", "2024-09", "A.1.2", 2, None]],
    )
    assert dossier("import", str(sheet), "--data", str(office)).exit_code == 0
    sheet = workbook(
        tmp_path / "自评.xlsx",
        "自测",
        header,
        [["城管局", "2024-09", "A.1.1", 2, None], ["城管局", "2024-09", "A.1.2", 2, None]],
    )
    before = snapshot(office)
    changed = dossier("import", str(sheet), "--data", str(office))
    assert changed.exit_code == 0 and "[row-changed]" in changed.stderr and snapshot(office) == before
    assert dossier("import", str(sheet), "--data", str(office), "--replace").exit_code == 0
    scores = yaml.safe_load((office / "self_scores" / "cgj-2024-09.yml").read_text(encoding="utf-8"))
    assert [(s["indicator"], s["score"], s.get("note")) for s in scores] == [
        ("A.1.1", 2, None),
        ("A.1.2", 2, None),
    ]
    assert dossier("check", "--data", str(office)).exit_code == 0


def test_a_spreadsheet_zip_bomb_is_refused_before_it_is_inflated(
    office: Path, tmp_path: Path, dossier: Dossier
) -> None:
    import zipfile

    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (60 << 20))  # 60 MB that packs into ~60 kB
    assert bomb.stat().st_size < 1 << 20
    before = snapshot(office)
    result = dossier("import", str(bomb), "--data", str(office))
    assert result.exit_code == 1 and "bomb.xlsx" in result.stderr and "[not-xlsx]" in result.stderr
    assert snapshot(office) == before
