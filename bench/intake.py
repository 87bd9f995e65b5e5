"""Time `dossier import` of a 2,000-row 报送表 with 2,000 photos, made from `dossier synth` material.

Synthesises an archive (`dossier synth`), makes a new archive with its campaign, units and framework, and
writes a 报送表 of ROWS rows — one per synthetic photo, with its indicator, date, title, place, people,
unit and caption — beside a folder holding the photos. Then measures, with /usr/bin/time:

1. the import (sheet read, 2,000 photos hashed and EXIF-read, records checked by the validator, files copied);
2. the same import again (everything already present: nothing written).

    python bench/intake.py [--rows 2000] [--work bench/work/intake]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from openpyxl import Workbook

REPO = Path(__file__).resolve().parent.parent
DOSSIER = str(Path(sys.executable).parent / "dossier")


def synth(work: Path, records: int) -> Path:
    source = work / "synth"
    if not (source / "archive.yml").is_file():
        shutil.rmtree(source, ignore_errors=True)
        subprocess.run([DOSSIER, "synth", "--records", str(records), "--out", str(source)], check=True)
    return source


def photos_of(source: Path, rows: int) -> list[dict[str, object]]:
    """The synthetic evidence records that attach a photo, one row per photo, ROWS of them."""
    found: list[dict[str, object]] = []
    for path in sorted((source / "evidence").rglob("*.yml")):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        for attached in record.get("files", []):
            if attached["path"].lower().endswith(".jpg") and len(found) < rows:
                found.append({**record, "photo": attached})
    if len(found) < rows:
        raise SystemExit(f"only {len(found)} photos in {source}: synthesise more records")
    return found


def write_sheet(source: Path, inbox: Path, rows: list[dict[str, object]]) -> Path:
    photos = inbox / "照片"
    photos.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    sheet = book.active
    sheet.title = "报送表"
    sheet.append(["2024年度创文材料报送表"])
    sheet.merge_cells("A1:I1")
    sheet.append(
        ["测评标准编号", "日期", "材料名称", "地点", "人物", "文件名", "图片说明", "责任单位", "公开范围"]
    )
    access = {"public": "公开", "internal": "内部", "restricted": "受限"}
    for number, row in enumerate(rows, start=1):
        attached = row["photo"]
        assert isinstance(attached, dict)
        name = f"{number:04d}-{Path(attached['path']).name}"
        target = photos / name
        if not target.exists():
            os.link(source / attached["path"], target)
        sheet.append([
            ",".join(row.get("indicators", [])) or None, row["date"], row["title"], row.get("location"),
            "、".join(row.get("people", [])) or None, name, attached.get("caption"),
            ",".join(row.get("units", [])) or None, access[str(row.get("access", "internal"))],
        ])  # fmt: skip
    sheet.append(["注：照片在“照片”文件夹。"])
    path = inbox / "报送表.xlsx"
    book.save(path)
    return path


def fresh_archive(source: Path, data: Path) -> None:
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True)
    for name in ("archive.yml", "units.yml", "indicators.yml"):
        shutil.copy(source / name, data / name)


def timed(args: list[str]) -> tuple[float, int, str]:
    """Seconds, peak resident kB and the last line of output of one run."""
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%e %M", DOSSIER, *args], capture_output=True, text=True, check=False
    )
    seconds, peak = re.findall(r"([\d.]+) (\d+)\s*$", done.stderr)[-1]
    last = (done.stdout.strip().splitlines() or [""])[-1]
    if done.returncode != 0:
        raise SystemExit(f"exit {done.returncode}: {done.stderr[-2000:]}")
    return float(seconds), int(peak), last


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--records", type=int, default=4500, help="records to synthesise (photos ≈ half)")
    parser.add_argument("--work", type=Path, default=REPO / "bench" / "work" / "intake")
    args = parser.parse_args()
    source = synth(args.work, args.records)
    rows = photos_of(source, args.rows)
    inbox = args.work / "inbox"
    shutil.rmtree(inbox, ignore_errors=True)
    sheet = write_sheet(source, inbox, rows)
    data = args.work / "data"
    fresh_archive(source, data)
    command = ["import", str(sheet), "--data", str(data), "--cache", str(args.work / "cache")]
    print("command: /usr/bin/time -f '%e s %M kB' dossier " + " ".join(command))
    for label in ("first import", "again (all present)"):
        seconds, peak, last = timed(command)
        print(f"{label}: {seconds:.1f} s, peak {peak / 1024:.0f} MB — {last}")


if __name__ == "__main__":
    main()
