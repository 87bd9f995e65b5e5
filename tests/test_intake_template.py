"""`dossier template`: the workbook a unit fills in — drop-downs, date formats, notes, instructions — imports
back with no error, filled with openpyxl and after LibreOffice saved it; legacy .xls through LibreOffice."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from generator.importers.readers import soffice_path
from tests.conftest import CliResult
from tests.intake_sheets import framework_sheet, photo, units_sheet

Dossier = Callable[..., CliResult]
needs_libreoffice = pytest.mark.skipif(soffice_path() is None, reason="libreoffice not installed")


@pytest.fixture
def office(tmp_path: Path, dossier: Dossier) -> Path:
    data = tmp_path / "archive"
    dossier("new", str(data), "--period", "2024-01-01", "2026-12-31", "--window", "2024-08-01", "2025-07-31")
    dossier("import", str(units_sheet(tmp_path / "units.xlsx")), "--data", str(data))
    dossier("import", str(framework_sheet(tmp_path / "framework.xlsx")), "--data", str(data))
    # a title that would be a formula if it were written as one
    text = (
        (data / "indicators.yml")
        .read_text(encoding="utf-8")
        .replace("title: 占道经营", "title: =HYPERLINK(1)")
    )
    (data / "indicators.yml").write_text(text, encoding="utf-8")
    return data


def libreoffice_copy(path: Path, out_dir: Path, target: str = "xlsx") -> Path:
    """``soffice --headless --convert-to`` with a profile of its own, as a person saving the file would."""
    office = soffice_path()
    assert office is not None
    profile = (out_dir / "profile").absolute().as_uri()
    subprocess.run(
        [office, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", target,
         "--outdir", str(out_dir), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return out_dir / f"{path.stem}.{target.split(':', maxsplit=1)[0]}"


def test_template_lists_the_units_indicators_with_dropdowns_notes_and_instructions(
    office: Path, tmp_path: Path, dossier: Dossier
) -> None:
    out = tmp_path / "城管局报送表.xlsx"
    result = dossier("template", "--data", str(office), "--unit", "城管局", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    book = load_workbook(out)
    assert book.sheetnames == ["填写说明", "报送表", "本单位指标", "选项"]
    assert book["选项"].sheet_state == "hidden"
    entry = book["报送表"]
    assert entry["A2"].value == "填报单位：测试市城市管理局"
    header = [cell.value for cell in entry[3]]
    assert header[:4] == ["测评标准编号", "日期", "标题", "类别"]
    assert all(cell.comment is not None and cell.comment.text for cell in entry[3] if cell.value)
    assert entry["B4"].number_format == "yyyy-mm-dd"
    lists = {str(v.sqref): v.formula1 for v in entry.data_validations.dataValidation}
    assert lists["A4:A503"] == "'选项'!$A$1:$A$2" and "D4:D503" in lists
    assert [c.value for c in book["选项"]["A"] if c.value] == ["A.1.1 门前三包", "A.1.2 =HYPERLINK(1)"]
    reference = book["本单位指标"]
    rows = [[c.value for c in row] for row in reference.iter_rows(min_row=2)]
    assert rows == [
        ["A.1.1", "公共秩序", "市容环境", "门前三包", "沿街商户落实门前三包责任制", 2],
        ["A.1.2", "公共秩序", "市容环境", "=HYPERLINK(1)", "城区主次干道无占道经营", 2],
    ]
    assert reference["D3"].data_type == "s"  # text, not a formula
    assert "测评材料时间范围：2024年8月1日至2025年7月31日" in "".join(
        str(c.value) for c in book["填写说明"]["A"]
    )
    again = tmp_path / "again.xlsx"
    dossier("template", "--data", str(office), "--unit", "cgj", "--out", str(again))
    assert again.read_bytes() == out.read_bytes()  # same archive, same bytes
    refused = dossier("template", "--data", str(office), "--out", str(out))
    assert refused.exit_code == 2 and "--force" in refused.stderr


def fill(template: Path, out: Path, files_dir: Path) -> Path:
    """What a liaison does: rows typed in, photos put beside the sheet."""
    photo(files_dir / "签约1.jpg", dt.date(2024, 9, 8), (200, 10, 10))
    photo(files_dir / "签约2.jpg", dt.date(2024, 9, 8), (10, 200, 10))
    book = load_workbook(template)
    entry = book["报送表"]
    entry.append([])  # nothing: rows are typed into the formatted rows below the header
    values = [
        ["A.1.1 门前三包", dt.datetime(2024, 9, 8), "幸福路门前三包签约", "照片", "幸福路", "张三、李四", "签约1.jpg、签约2.jpg", "商户签约", None, "公开"],
        ["A.1.2 =HYPERLINK(1)", "2024年9月20日", "占道经营整治方案", "文件", None, None, None, None, "公安局", None],
    ]  # fmt: skip
    for r, row in enumerate(values, start=4):
        for c, value in enumerate(row, start=1):
            entry.cell(row=r, column=c, value=value)
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return out


def imported_records(office: Path) -> dict[str, dict[str, object]]:
    return {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((office / "evidence").glob("*.yml"))
    }


def test_filled_template_imports_back_without_a_problem(
    office: Path, tmp_path: Path, dossier: Dossier
) -> None:
    template = tmp_path / "t.xlsx"
    dossier("template", "--data", str(office), "--unit", "城管局", "--out", str(template))
    filled = fill(template, tmp_path / "城管局" / "报送表.xlsx", tmp_path / "城管局")
    result = dossier("import", str(filled), "--data", str(office))
    assert result.exit_code == 0 and "warning" not in result.stderr and "error" not in result.stderr
    records = imported_records(office)
    assert records["evidence-20240908"]["access"] == "public"
    assert records["evidence-20240920"]["units"] == ["gaj"]
    assert records["evidence-20240920"]["indicators"] == ["A.1.2"]
    assert dossier("check", "--data", str(office)).exit_code == 0


@needs_libreoffice
def test_template_saved_by_libreoffice_imports_back_without_a_problem(
    office: Path, tmp_path: Path, dossier: Dossier
) -> None:
    template = tmp_path / "t.xlsx"
    dossier("template", "--data", str(office), "--unit", "城管局", "--out", str(template))
    filled = fill(template, tmp_path / "filled" / "报送表.xlsx", tmp_path / "saved")
    saved = libreoffice_copy(filled, tmp_path / "saved")
    book = load_workbook(saved)
    assert book["报送表"].data_validations.dataValidation  # the drop-downs survive LibreOffice
    result = dossier("import", str(saved), "--data", str(office))
    assert result.exit_code == 0 and "warning" not in result.stderr and "error" not in result.stderr
    assert set(imported_records(office)) == {"evidence-20240908", "evidence-20240920"}


@needs_libreoffice
def test_legacy_xls_and_ods_are_read_through_libreoffice(
    office: Path, tmp_path: Path, dossier: Dossier
) -> None:
    template = tmp_path / "t.xlsx"
    dossier("template", "--data", str(office), "--unit", "城管局", "--out", str(template))
    filled = fill(template, tmp_path / "old" / "报送表.xlsx", tmp_path / "old")
    legacy = libreoffice_copy(filled, tmp_path / "old", "xls:MS Excel 97")
    filled.unlink()
    result = dossier("import", str(legacy), "--data", str(office), "--dry-run", "--format", "json")
    assert result.exit_code == 0, result.stdout
    assert '"evidence-20240908"' in result.stdout and '"evidence-20240920"' in result.stdout
