"""OCR speed and accuracy (`bench/run.py --ocr`, or alone): pages per second of `dossier ocr` on A4 scans at
200 dpi — one process, a process pool (`--workers 2`) and a local Dask cluster (a scheduler and two
one-thread workers, `--scheduler`) — and the characters recognised right against the scans' known text.

Each run starts from the same archive without recognised text and an empty cache, so every page is read; the
three runs' text files must be the same bytes (the cluster's promise), else the bench fails.

    python bench/ocr.py [--scans 2] [--work bench/work/ocr]
"""

from __future__ import annotations

import argparse
import difflib
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))  # the same local cluster the OCR tests start
from dask_cluster import local_cluster  # noqa: E402

BIN = Path(sys.executable).parent
DOSSIER = str(BIN / "dossier")
SEED = 1


def synth_scans(work: Path, scans: int) -> Path:
    source = work / f"scans-{scans}"
    if not (source / "archive.yml").is_file():
        shutil.rmtree(source, ignore_errors=True)
        command = [DOSSIER, "synth", "--records", "1", "--photos", "1", "--scans", str(scans)]
        subprocess.run([*command, "--seed", str(SEED), "--out", str(source)], check=True)
    return source


def recognise(source: Path, folder: Path, *extra: str) -> dict[str, object]:
    """`dossier ocr` on a fresh copy of ``source`` with an empty cache: its JSON summary and wall time."""
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(source, folder / "data")
    started = time.perf_counter()
    done = subprocess.run(
        [
            DOSSIER,
            "ocr",
            "--data",
            str(folder / "data"),
            "--cache",
            str(folder / "cache"),
            "--format",
            "json",
            *extra,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"bench: dossier ocr {' '.join(extra)} failed:\n{done.stderr[-4000:]}")
    summary = json.loads(done.stdout)
    return {
        "pages": summary["pages"],
        "seconds": summary["seconds"],
        "pages_per_s": summary["pages_per_second"],
        "wall_seconds": round(wall, 2),  # with the command's start-up (imports, loading the archive)
    }


def texts(folder: Path) -> dict[str, bytes]:
    data = folder / "data"
    return {p.relative_to(data).as_posix(): p.read_bytes() for p in sorted(data.rglob("*.ocr.*"))}


def char_accuracy(folder: Path, scans: int) -> float:
    """Characters of the known text found in order in the recognised text (difflib alignment)."""
    from generator.synth.scans import SCAN_PAGES, page_lines, scan_seed  # noqa: PLC0415

    right = total = 0
    for n in range(scans):
        found = (folder / "data" / f"files/scans/ocr/s{n:04d}.pdf.ocr.txt").read_text(encoding="utf-8")
        for page, text in enumerate(found.rstrip("\n").split("\f")[:SCAN_PAGES]):
            expected = "".join(page_lines(scan_seed(SEED, n), page))
            matcher = difflib.SequenceMatcher(None, expected, text.replace("\n", ""), autojunk=False)
            right += sum(block.size for block in matcher.get_matching_blocks())
            total += len(expected)
    return round(100 * right / total, 2)


def bench_ocr(work: Path, scans: int) -> dict[str, object]:
    source = synth_scans(work, scans)
    result: dict[str, object] = {"scans": scans}
    result["serial"] = recognise(source, work / "serial")
    result["accuracy_percent"] = char_accuracy(work / "serial", scans)
    result["pool_2"] = recognise(source, work / "pool", "--workers", "2")
    with local_cluster(work / "dask") as address:
        result["dask_2"] = recognise(source, work / "cluster", "--scheduler", address)
    reference = texts(work / "serial")
    same = all(texts(work / name) == reference for name in ("pool", "cluster"))
    if not same:
        raise SystemExit("bench: the pool's or the cluster's text files differ from the one-process run's")
    result["same_bytes"] = same
    return result


def print_ocr(result: dict[str, object]) -> None:
    for name, label in (("serial", "one process"), ("pool_2", "--workers 2"), ("dask_2", "Dask, 2 workers")):
        run = result[name]
        assert isinstance(run, dict)
        figures = f"{run['pages']:>4} pages {run['seconds']:>8.1f} s {run['pages_per_s']:>6.2f} pages/s"
        print(f"ocr {label:18} {figures}")
    print(f"ocr character accuracy {result['accuracy_percent']} %, same bytes: {result['same_bytes']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scans", type=int, default=2, help="two-page scans to read (default 2: 4 pages)")
    parser.add_argument("--work", type=Path, default=REPO / "bench" / "work" / "ocr")
    options = parser.parse_args()
    options.work.mkdir(parents=True, exist_ok=True)
    print_ocr(bench_ocr(options.work, options.scans))


if __name__ == "__main__":
    main()
