"""The 交接登记表 (电子档案移交与接收登记表) as a PDF/A to print and sign, and as an XLSX to fill in.

Both carry the same rows: the package's figures filled in, the checks and signatures left blank. Every
spreadsheet cell is written as text (``text_cell``), so nothing a record says can become a formula.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping

from generator.binders.html import ASSETS, BinderDocument
from generator.binders.html import TEMPLATES as BINDER_TEMPLATES
from generator.binders.render import render_binder
from generator.reproducible import fixed_zip

from .description import Figures
from .templates import TEMPLATES, environment

TITLE = "电子档案移交与接收登记表"
CHECKS = ("真实性", "完整性", "可用性", "安全性", "病毒检测")
METHOD = "dossier verify（DA/T 70 四性检测），MANIFEST.sha256、MANIFEST.sm3 逐个文件校验"


def rows(f: Figures) -> list[tuple[str, str]]:
    """(label, value) of the register's upper part; an empty value is a blank to fill in by hand."""
    return [
        ("交接工作名称", f"{f.fonds_name}{f.years_text}年度电子档案移交"),
        ("内容描述", f"{f.title}；全宗号 {f.fonds}；移交范围：{f.audience_text}"),
        (
            "移交电子档案数量",
            f"{f.items} 件，电子文件 {f.files} 个（PDF/A {f.item_pdfs} 个，原件 {f.originals} 个）",
        ),
        ("移交数据量", f.size_text),
        ("移交日期", f.date_text),
        ("载体起止顺序号", ""),
        ("移交载体类型、规格", ""),
        ("生成软件", f.software),
    ]


def register_pdf(figures: Figures, fonts: Mapping[str, str], created: dt.datetime) -> bytes:
    """The register as a PDF/A-3b page, rendered as the binders are."""
    html = (
        environment()
        .get_template("register.html.j2")
        .render(
            f=figures,
            rows=rows(figures),
            checks=CHECKS,
            method=METHOD,
            fonts=fonts,
            created=created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
    )
    doc = BinderDocument(
        binder_id="register",
        title=TITLE,
        layout_shell=("", ""),
        final_html=html,
        fragments=(),
        scan_slots=(),
        base_url=TEMPLATES.as_uri() + "/",
        allowed_roots=(str(TEMPLATES), str(BINDER_TEMPLATES), str(ASSETS)),
        pdfa=True,
        key=figures.catalogue_sha256,  # the PDF's identifier: the same package gives the same bytes
    )
    return render_binder(doc).pdf


def text_cell(sheet: object, row: int, column: int, value: str) -> None:
    """Write ``value`` as a text cell whatever it looks like ("=…" stays text, never a formula)."""
    cell = sheet.cell(row=row, column=column)  # type: ignore[attr-defined]
    cell.value = value
    cell.data_type = "s"


def register_xlsx(figures: Figures, created: dt.datetime) -> bytes:
    """The register as one sheet: the figures, the checks with blank result columns, the signatures."""
    from openpyxl import Workbook  # noqa: PLC0415 — only the handover needs it
    from openpyxl.styles import Alignment, Font  # noqa: PLC0415

    book = Workbook()
    sheet = book.active
    sheet.title = "交接登记表"
    bold = Font(bold=True)
    lines: list[list[str]] = [[TITLE]]
    lines += [[label, value] for label, value in rows(figures)]
    lines += [["文件目录.xml SHA-256", figures.catalogue_sha256], ["文件目录.xml SM3", figures.catalogue_sm3]]
    lines += [[], ["检验项目", "移交单位检验结果", "接收单位检验结果", "备注"]]
    lines += [[check, "", "", ""] for check in CHECKS]
    lines += [["检验方法", METHOD], [], ["", "移交单位", "接收单位"], ["单位名称", figures.fonds_name, ""]]
    lines += [[label, "", ""] for label in ("填表人", "审核人", "日期", "单位（印章）")]
    for r, line in enumerate(lines, start=1):
        for c, value in enumerate(line, start=1):
            text_cell(sheet, r, c, value)
            sheet.cell(row=r, column=c).alignment = Alignment(wrap_text=True, vertical="center")
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    for r, line in enumerate(lines, start=1):
        if line and line[0] in {"检验项目", ""} and len(line) > 2:
            for c in range(1, len(line) + 1):
                sheet.cell(row=r, column=c).font = bold
    for letter, width in zip("ABCD", (22, 60, 24, 24), strict=True):
        sheet.column_dimensions[letter].width = width
    book.properties.creator = figures.fonds_name
    book.properties.title = TITLE
    book.properties.created = book.properties.modified = created.replace(tzinfo=None)
    buffer = io.BytesIO()
    book.save(buffer)
    return fixed_zip(buffer.getvalue(), created)
