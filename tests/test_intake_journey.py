"""The office's whole intake without a line of YAML: `dossier new`, the 测评体系 and units sheets, three units'
报送表 in three messy styles with their photo folders, a photo folder, a 问题整改台账 — then `dossier check`,
`dossier site` and `dossier binders` build from it."""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

from tests.conftest import CliResult
from tests.intake_sheets import framework_sheet, photo, units_sheet, workbook

Dossier = Callable[..., CliResult]


def cgj_sheet(folder: Path) -> Path:
    """城管局: title rows merged across, the unit in the title, Excel dates, files separated by 、, notes."""
    photo(folder / "照片" / "IMG_0001.jpg", dt.date(2024, 9, 8), (200, 30, 30))
    photo(folder / "照片" / "IMG_0002.jpg", dt.date(2024, 9, 8), (30, 200, 30))
    photo(folder / "照片" / "夜查.jpg", dt.date(2024, 10, 11), (30, 30, 200))
    (folder / "整治方案.pdf").write_bytes(b"%PDF-1.4\n% a scan stands in here\n")
    return workbook(
        folder / "城管局2024年报送表.xlsx",
        "报送表",
        ["序号", "测评标准编号", "日期", "材料名称", "类别", "地点", "人物", "文件名", "图片说明"],
        [
            [1, "A1.1", dt.datetime(2024, 9, 8), "幸福路门前三包签约", "照片", "幸福路", "张三、李四", "IMG_0001.jpg、IMG_0002.jpg", "商户签订门前三包责任书"],
            [2, "A-1-2", dt.datetime(2024, 10, 11), "夜间占道经营巡查", None, "人民路", "王五", "夜查.jpg", None],
            [3, "A.1.2", 45580, "占道经营整治方案", "文件", None, None, "整治方案.pdf", None],
        ],
        titles=["测试市城市管理局创文材料报送表", "填报单位：测试市城市管理局（盖章）"],
        notes=["注：1. 照片放在“照片”文件夹。", "填表人：张三    审核人：赵局长"],
    )  # fmt: skip


def wmb_sheet(folder: Path) -> Path:
    """文明办: its own header words, the date merged down over two rows of one event, files on lines."""
    photo(folder / "活动照片" / "志愿者1.jpg", dt.date(2024, 9, 5), (120, 60, 10))
    photo(folder / "活动照片" / "志愿者2.jpg", dt.date(2024, 9, 5), (10, 60, 120))
    photo(folder / "活动照片" / "注册.jpg", dt.date(2024, 11, 2), (60, 120, 10))
    book = Workbook()
    ws = book.active
    ws.title = "9月"
    ws.append(["文明办创建材料汇总"])
    ws.merge_cells("A1:H1")
    ws.append(["指标编号", "活动时间", "事由", "活动地点", "参加人员", "附件", "说明", "单位"])
    ws.append(
        [
            "B1.2",
            "2024年9月5日",
            "学雷锋志愿服务",
            "中心广场",
            "志愿者30人",
            "志愿者1.jpg",
            "志愿者清扫广场",
            "文明办",
        ]
    )
    ws.append(["B1.2", None, "学雷锋志愿服务", "中心广场", None, "志愿者2.jpg\n", None, "文明办"])
    ws.merge_cells("B3:B4")
    ws.append(["B.1.1", "2024.11.2", "志愿者注册推进会", "文明办会议室", None, "注册", None, "测试市文明办"])
    ws.append([])
    ws.append(["说明：本表按月报送。"])
    book.save(folder / "文明办报送表.xlsx")
    return folder / "文明办报送表.xlsx"


def gaj_sheet(folder: Path) -> Path:
    """公安局: a CSV saved by WPS on a Chinese Windows (GBK), slashed dates, the unit by id, files split by ;"""
    photo(folder / "路口1.jpg", dt.date(2024, 9, 12), (90, 90, 20))
    photo(folder / "路口2.jpg", dt.date(2024, 9, 12), (20, 90, 90))
    path = folder / "公安局报送表.csv"
    with path.open("w", encoding="gbk", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["测评指标", "日期", "标题", "地点", "文件", "备注", "责任单位", "公开范围"])
        writer.writerow(
            [
                "A-2-1",
                "2024/9/12",
                "文明交通劝导",
                "解放路口",
                "路口1.jpg;路口2.jpg",
                "交警劝导行人",
                "gaj",
                "公开",
            ]
        )
    return path


def ledger_sheet(folder: Path) -> Path:
    photo(folder / "销号" / "整改后.jpg", dt.date(2024, 9, 25), (150, 150, 150))
    return workbook(
        folder / "问题整改台账.xlsx",
        "台账",
        ["序号", "问题描述", "督查组", "发现日期", "责任单位", "完成时限", "整改状态", "完成时间", "销号材料"],
        [
            [1, "幸福路早市占道经营", "第一督查组", "2024.9.1", "城管局", "2024年9月30日", "已销号", "2024-09-25", "整改后.jpg"],
            [2, "解放路口行人闯红灯", "暗访组", dt.datetime(2024, 9, 3), "公安局", "2024-12-31", "整改中", None, None],
        ],
        titles=["问题整改台账（2024年9月）"],
    )  # fmt: skip


def test_new_archive_filled_from_sheets_builds_site_and_binders(tmp_path: Path, dossier: Dossier) -> None:
    data = tmp_path / "创文档案"
    inbox = tmp_path / "收件"
    steps = [
        ("new", str(data), "--title", "测试市创建全国文明城市工作档案", "--fonds-code", "Z109",
         "--fonds-name", "测试市创文办", "--period", "2024-01-01", "2026-12-31",
         "--window", "2024-08-01", "2025-07-31", "--max-score", "10"),
        ("import", str(units_sheet(inbox / "责任单位名单.xlsx")), "--data", str(data)),
        ("import", str(framework_sheet(inbox / "测评体系.xlsx")), "--data", str(data)),
        ("template", "--data", str(data), "--unit", "城管局", "--out", str(inbox / "城管局模板.xlsx")),
        ("import", str(cgj_sheet(inbox / "城管局")), "--data", str(data)),
        ("import", str(wmb_sheet(inbox / "文明办")), "--data", str(data)),
        ("import", str(gaj_sheet(inbox / "公安局")), "--data", str(data)),
        ("import", str(inbox / "教育局照片"), "--kind", "photos", "--unit", "教育局", "--indicator", "B.2.1",
         "--data", str(data)),
        ("import", str(ledger_sheet(inbox / "督查")), "--data", str(data)),
    ]  # fmt: skip
    photo(inbox / "教育局照片" / "2024-09-20 小小志愿者进社区" / "a.jpg", dt.date(2024, 9, 20), (5, 5, 250))
    for step in steps:
        result = dossier(*step)
        assert result.exit_code == 0, f"{step}: {result.stderr}"
        assert "error" not in result.stderr, f"{step}: {result.stderr}"
    assert not list(data.rglob("*.yml.import-*"))
    checked = dossier("check", "--data", str(data), "--format", "json")
    assert checked.exit_code == 0, checked.stdout
    assert '"evidence": 8' in checked.stdout and '"rectifications": 2' in checked.stdout
    # the same submissions again: nothing new
    again = dossier(
        "import", str(inbox / "城管局"), str(inbox / "文明办"), str(inbox / "公安局"), "--data", str(data)
    )
    assert again.exit_code == 0 and "nothing new" in again.stdout

    site = tmp_path / "site"
    built = dossier("site", "--data", str(data), "--out", str(site), "--cache", str(tmp_path / "cache"))
    assert built.exit_code == 0, built.stderr
    page = (site / "evidence" / "evidence-20240908.html").read_text(encoding="utf-8")
    assert "幸福路门前三包签约" in page and "商户签订门前三包责任书" in page
    binders = tmp_path / "dist"
    bound = dossier("binders", "--data", str(data), "--out", str(binders))
    assert bound.exit_code == 0, bound.stderr
    pdfs = sorted(binders.rglob("*.pdf"))
    text = "".join(
        subprocess.run(["pdftotext", str(p), "-"], capture_output=True, text=True, check=True).stdout
        for p in pdfs
    )
    assert "幸福路门前三包签约" in text and "文明交通劝导" in text and "幸福路早市占道经营" in text
