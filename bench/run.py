"""`make bench`: time our build against a bare MkDocs + Material build of the same texts, in the same run.

Builds synthetic archives (``dossier synth``) of 1,000 and 10,000 records under bench/work/, then measures:
validation, the full site build (cold cache) against the bare baseline, a rebuild after editing one record,
the binders (pages per second), the search payload of a first query in headless Chromium, and peak memory.
Prints a table and writes bench/results.json. Not part of `make test`: it takes several minutes.

The modules are compiled to bytecode first, as a user's first run leaves them (without it, on a machine that
sets PYTHONDONTWRITEBYTECODE, each command compiles every module again). The sub-second figures (nothing
changed, one edit, `mkdocs serve` after one edit) are each the best of three runs.

With ``--ocr``, also `dossier ocr` (bench/ocr.py): pages per second on A4 scans at 200 dpi, one process,
``--workers 2`` and a local two-worker Dask cluster, and the characters recognised right; ``--sizes ''`` runs
only that.

    python bench/run.py [--sizes 1000,2000,10000] [--skip-baseline] [--skip-binders] [--ocr [--ocr-scans 2]]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import sysconfig
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml
from playwright.sync_api import sync_playwright
from pypdf import PdfReader

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))  # programs.py: where the outside programs are, as the tests find them
from programs import find_program, missing_message  # noqa: E402

from generator.binders.parts import PART_CHARS  # noqa: E402

sys.path.insert(0, str(REPO / "bench"))
from ocr import bench_ocr, print_ocr  # noqa: E402

WORK = REPO / "bench" / "work"
BIN = Path(sys.executable).parent
DOSSIER = str(BIN / "dossier")
MKDOCS = str(BIN / "mkdocs")
QUICK_RUNS = 3  # the nothing-changed, one-edit and serve figures are the best of this many
QUERIES = ("门前三包", "志愿服务", "家庭教育工作必须坚持")


@dataclass
class Run:
    seconds: float
    peak_mb: float
    stages: dict[str, float] | None = None  # `--verbose` stage times, when the command printed them


STAGE_LINE = re.compile(r"^\s+(\d+\.\d+) s  (.+)$", re.MULTILINE)


def timed(args: list[str], cwd: Path = REPO, env: dict[str, str] | None = None) -> Run:
    """Wall time and peak RSS of one command, via GNU time (and its stage times, with --verbose)."""
    stats = WORK / "time.txt"
    start = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%M", "-o", str(stats), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"bench: {' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    peak_kb = int(stats.read_text().strip().splitlines()[-1])
    stages = {name: float(value) for value, name in STAGE_LINE.findall(done.stderr)} or None
    return Run(round(seconds, 2), round(peak_kb / 1024, 1), stages)


def best_of(run: Callable[[], Run], times: int = QUICK_RUNS) -> Run:
    """The fastest of ``times`` runs of a sub-second build: a single run of under a second on a shared
    2-core machine is mostly noise."""
    return min((run() for _ in range(times)), key=lambda done: done.seconds)


def compile_bytecode() -> None:
    """Compile the package's and the libraries' modules first, as Python does on a user's first run: where
    bytecode is never written (PYTHONDONTWRITEBYTECODE, as on the CI machine), every command would
    otherwise compile each module it imports again, and a rebuild's figure would be mostly compiling."""
    for folder in (REPO / "generator", Path(sysconfig.get_paths()["purelib"])):
        subprocess.run([sys.executable, "-m", "compileall", "-q", "-j", "0", str(folder)], check=False)


def synth(records: int) -> Path:
    out = WORK / f"archive-{records}"
    if not (out / "archive.yml").exists():
        shutil.rmtree(out, ignore_errors=True)
        subprocess.run([DOSSIER, "synth", "--records", str(records), "--out", str(out)], check=True)
    return out


def baseline_project(archive: Path, records: int) -> Path:
    """The same record texts as plain Markdown pages in a bare MkDocs + Material project."""
    project = WORK / f"baseline-{records}"
    if (project / "mkdocs.yml").exists():
        return project
    docs = project / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    for path in sorted(archive.glob("*/*.yml")):
        if path.parent.name == "files":
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        body = data.get("body") or data.get("minutes") or data.get("description") or data.get("problem") or ""
        page = docs / path.parent.name / f"{path.stem}.md"
        page.parent.mkdir(exist_ok=True)
        page.write_text(f"# {data['title']}\n\n{body}\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        "site_name: baseline\ntheme:\n  name: material\n  language: zh\n  features: [navigation.prune]\n"
        "plugins:\n  - search:\n      lang: zh\n",
        encoding="utf-8",
    )
    return project


def edit_one_record(archive: Path) -> Path:
    speeches = sorted((archive / "speeches").glob("*.yml"))
    speech = speeches[len(speeches) // 2]
    data = yaml.safe_load(speech.read_text(encoding="utf-8"))
    data["title"] = data["title"] + "（修订）"
    speech.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    return speech


SERVE_BUILT = re.compile(r"Documentation built in (\d+\.\d+) seconds")


def serve_one_edit(archive: Path, records: int) -> float:
    """`mkdocs serve` of the archive: the build time MkDocs reports for a rebuild after one edit, the best
    of ``QUICK_RUNS`` edits (the first build fills the caches and is not counted)."""
    project = WORK / f"serve-{records}"
    project.mkdir(exist_ok=True)
    config = project / "mkdocs.yml"
    # the repository's own mkdocs.yml, pointed at the synthetic archive and a cache of its own
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace(
        "docs_dir: generator/templates/site/pages", f"docs_dir: {REPO / 'generator/templates/site/pages'}"
    )
    text = text.replace(
        "      data_dir: archive_data",
        f"      data_dir: {archive}\n      cache_dir: {WORK / f'serve-cache-{records}'}",
    )
    config.write_text(text, encoding="utf-8")
    port = 8765 + records % 1000
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [MKDOCS, "serve", "-a", f"127.0.0.1:{port}", "-f", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert server.stderr is not None
        builds: list[float] = []
        for line in server.stderr:
            found = SERVE_BUILT.search(line)
            if found:
                builds.append(float(found.group(1)))
                if len(builds) <= QUICK_RUNS:
                    time.sleep(2.1)  # as a person would: the parse cache trusts files older than 2 s
                    edit_one_record(archive)
                else:
                    return min(builds[1:])
            if "Error" in line or "error" in line.split(" - ", 1)[0]:
                raise SystemExit(f"bench: mkdocs serve failed: {line}")
        raise SystemExit("bench: mkdocs serve ended before rebuilding")
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stderr is not None:
            server.stderr.close()


def pdf_pages(folder: Path) -> int:
    return sum(len(PdfReader(pdf).pages) for pdf in (folder / "binders").glob("*.pdf"))


ANSWERED = """() => {
  const status = document.getElementById('dossier-search-status').textContent;
  const shown = document.getElementById('dossier-search-results').children.length > 0;
  if (!status || status.includes('…') || (!shown && !status.match(/0|没有|No /))) return false;
  const nav = performance.getEntriesByType('navigation')[0];
  return performance.now() - nav.domContentLoadedEventStart;
}"""


def chromium_path() -> str:
    """Chromium on PATH under one of its names, or where DOSSIER_CHROMIUM says; the run stops without it."""
    chromium = find_program("chromium")
    if chromium is None:
        sys.exit(f"error: {missing_message('chromium')}")
    return chromium


def first_query(site: Path) -> dict[str, tuple[int, float]]:
    """Per query, from file://: the bytes a first query downloads (everything the search page loads) and
    the milliseconds from the search starting (DOMContentLoaded) to the first results shown."""
    args = [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
    ]
    found: dict[str, tuple[int, float]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=args)
        for query in QUERIES:
            page = browser.new_page()
            loaded: list[str] = []
            page.on("requestfinished", lambda request, seen=loaded: seen.append(request.url))
            page.goto(f"{site.as_uri()}/search.html?q={query}")
            answered = page.wait_for_function(ANSWERED, timeout=30_000, polling=5).json_value()
            total = 0
            for url in set(loaded):
                if url.startswith("file://"):
                    local = Path(re.sub(r"[?#].*$", "", url.removeprefix("file://")))
                    if local.is_file():
                        total += local.stat().st_size
            found[query] = (total, round(float(answered), 1))
            page.close()
        browser.close()
    return found


def bench_size(records: int, skip_baseline: bool, skip_binders: bool) -> dict[str, object]:
    archive = synth(records)
    result: dict[str, object] = {"records": records}
    check_cache = WORK / f"check-cache-{records}"
    shutil.rmtree(check_cache, ignore_errors=True)  # cold: every file parsed and hashed
    check = [DOSSIER, "check", "--data", str(archive), "--cache", str(check_cache)]
    result["check"] = asdict(timed(check))
    result["check_warm"] = asdict(timed(check))  # nothing changed: the parse cache answers
    site, cache = WORK / f"site-{records}", WORK / f"cache-{records}"
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(site, ignore_errors=True)  # cold: no previous output to link from either
    full = timed([DOSSIER, "site", "--data", str(archive), "--out", str(site), "--cache", str(cache)])
    result["site_full"] = asdict(full)
    result["site_pages"] = sum(1 for _ in site.rglob("*.html"))
    build = [DOSSIER, "--lang", "en", "site", "--data", str(archive), "--out", str(site)]
    build += ["--cache", str(cache)]
    result["site_unchanged"] = asdict(best_of(lambda: timed([*build, "--verbose"])))

    def one_edit() -> Run:
        edit_one_record(archive)
        time.sleep(2.1)  # past the parse cache's "racy" window, as an edit made by hand would be
        return timed([*build, "--verbose"])

    rebuild = best_of(one_edit)
    result["site_one_edit"] = asdict(rebuild)
    result["one_edit_ratio"] = round(rebuild.seconds / full.seconds, 3)
    result["serve_one_edit"] = serve_one_edit(archive, records)
    result["serve_one_edit_ratio"] = round(result["serve_one_edit"] / full.seconds, 3)
    index = site / "search"
    result["search_index_mb"] = round(
        sum(p.stat().st_size for p in index.rglob("*") if p.is_file()) / 2**20, 1
    )
    queries = first_query(site)
    result["first_query_kb"] = {q: round(n / 1024) for q, (n, _) in queries.items()}
    result["first_query_ms"] = {q: ms for q, (_, ms) in queries.items()}
    if not skip_baseline:
        project = baseline_project(archive, records)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        base = timed([MKDOCS, "build", "-q", "-f", str(project / "mkdocs.yml")], env=env)
        result["mkdocs_baseline"] = asdict(base)
        result["site_vs_baseline"] = round(full.seconds / base.seconds, 3)
    if not skip_binders:
        dist = WORK / f"dist-{records}"
        shutil.rmtree(dist, ignore_errors=True)  # every binder laid out: no earlier output to reuse
        binders = timed([DOSSIER, "binders", "--data", str(archive), "--out", str(dist)])
        pages = pdf_pages(dist)
        result["binders"] = {
            **asdict(binders),
            "pages": pages,
            "pages_per_s": round(pages / binders.seconds, 1),
        }
        again = timed([DOSSIER, "binders", "--data", str(archive), "--out", str(dist)])
        result["binders_unchanged"] = asdict(again)
        result["largest_binder"] = largest_binder_memory(archive, dist)
    return result


def largest_binder_memory(archive: Path, dist: Path) -> dict[str, object]:
    """Peak memory of laying out the largest binder in one piece and in parts (generator/binders/parts.py),
    each in a fresh process (bench/binder_memory.py)."""
    largest = max((dist / "binders").glob("*.pdf"), key=lambda pdf: len(PdfReader(pdf).pages)).stem
    figures: dict[str, object] = {"binder": largest}
    for label, part_chars in (("one_piece", 0), ("parts", PART_CHARS)):
        args = [
            sys.executable,
            str(REPO / "bench" / "binder_memory.py"),
            str(archive),
            largest,
            str(part_chars),
        ]
        done = subprocess.run(args, cwd=REPO, capture_output=True, text=True, check=True)
        figures[label] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def print_table(results: list[dict[str, object]]) -> None:
    rows = [
        ("dossier check, cold cache (s)", lambda r: r["check"]["seconds"]),
        ("dossier check, warm cache (s)", lambda r: r.get("check_warm", {}).get("seconds", "—")),
        ("dossier site, full, cold cache (s)", lambda r: r["site_full"]["seconds"]),
        ("bare mkdocs build, Material (s)", lambda r: r.get("mkdocs_baseline", {}).get("seconds", "—")),
        ("site / baseline (target ≤ 0.5 at 2k, ≤ 0.25 at 10k)", lambda r: r.get("site_vs_baseline", "—")),
        ("rebuild, nothing changed (s)", lambda r: r.get("site_unchanged", {}).get("seconds", "—")),
        ("rebuild after one edit (s)", lambda r: r["site_one_edit"]["seconds"]),
        ("one edit / full (target ≤ 0.1)", lambda r: r["one_edit_ratio"]),
        ("mkdocs serve: rebuild after one edit (s)", lambda r: r.get("serve_one_edit", "—")),
        ("serve one edit / full (target ≤ 0.1)", lambda r: r.get("serve_one_edit_ratio", "—")),
        ("site peak memory (MB, target < 2048)", lambda r: r["site_full"]["peak_mb"]),
        ("search index (MB)", lambda r: r["search_index_mb"]),
        ("first query download, max (KB, target ≤ 1024)", lambda r: max(r["first_query_kb"].values())),
        (
            "first query answered, max (ms, target < 300)",
            lambda r: max(r.get("first_query_ms", {"": "—"}).values()),
        ),
        ("binders pages/s (target ≥ 40)", lambda r: r.get("binders", {}).get("pages_per_s", "—")),
        ("binders peak memory (MB)", lambda r: r.get("binders", {}).get("peak_mb", "—")),
        (
            "binders, nothing changed (s, target < 3)",
            lambda r: r.get("binders_unchanged", {}).get("seconds", "—"),
        ),
        ("largest binder in one piece, peak (MB)", lambda r: _largest(r, "one_piece", "peak_mb")),
        ("largest binder in parts, peak (MB, target < 1536)", lambda r: _largest(r, "parts", "peak_mb")),
    ]
    header = f"{'':52}" + "".join(f"{r['records']:>12,}" for r in results)
    print(header)
    for label, get in rows:
        print(f"{label:52}" + "".join(f"{get(r)!s:>12}" for r in results))  # type: ignore[no-untyped-call]


def _largest(result: dict[str, object], how: str, key: str) -> object:
    figures = result.get("largest_binder")
    if not isinstance(figures, dict) or not isinstance(figures.get(how), dict):
        return "—"
    return figures[how].get(key, "—")


def _merged(fresh: list[dict[str, object]]) -> list[dict[str, object]]:
    """Earlier results of other sizes (or of parts skipped this time) are kept, newer figures win."""
    path = REPO / "bench" / "results.json"
    by_size: dict[object, dict[str, object]] = {}
    if path.exists():
        for entry in json.loads(path.read_text(encoding="utf-8")).get("results", []):
            by_size[entry["records"]] = entry
    for entry in fresh:
        by_size[entry["records"]] = {**by_size.get(entry["records"], {}), **entry}
    return [by_size[size] for size in sorted(by_size)]  # type: ignore[type-var]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,2000,10000")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--skip-binders", action="store_true")
    parser.add_argument("--ocr", action="store_true", help="also time dossier ocr (bench/ocr.py)")
    parser.add_argument("--ocr-scans", type=int, default=2, help="two-page scans to read (default 2)")
    options = parser.parse_args()
    sizes = [int(n) for n in options.sizes.split(",") if n.strip()]
    if sizes:
        chromium_path()  # before minutes of building, not after
    WORK.mkdir(parents=True, exist_ok=True)
    compile_bytecode()
    fresh = [bench_size(n, options.skip_baseline, options.skip_binders) for n in sizes]
    ocr = bench_ocr(WORK / "ocr", options.ocr_scans) if options.ocr else None
    path = REPO / "bench" / "results.json"
    earlier = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    report = {
        "machine": {"cores": os.cpu_count(), "python": platform.python_version()},
        "results": _merged(fresh),
        "ocr": ocr or earlier.get("ocr"),
    }
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if fresh:
        print_table(fresh)
    if ocr:
        print_ocr(ocr)


if __name__ == "__main__":
    main()
