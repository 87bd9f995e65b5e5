"""``dossier import`` of spreadsheets and photo folders: read everything, plan every record, check the
planned records as ``dossier check`` would, and only then write them all (or nothing)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from generator.importers.store import PlannedFile, write_all
from generator.intake.archive_state import read_state
from generator.intake.evidence import plan_evidence
from generator.intake.headers import REFERENCE_KINDS, REQUIRED, SHEET_KINDS, SheetKind
from generator.intake.indicators import plan_indicators
from generator.intake.photos import plan_photos
from generator.intake.problems import CellProblem, Place, error, from_problem
from generator.intake.rectifications import plan_rectifications
from generator.intake.run import Note, Options, Present, Run, header_text
from generator.intake.self_scores import plan_self_scores
from generator.intake.sheets import SHEET_SUFFIXES, SheetUnreadable, Table, find_table, read_grids
from generator.intake.units import plan_units
from generator.intake.verify import check_planned, yaml_text
from generator.validate.readers import ARCHIVE_FILE

PLANNERS = {
    "units": plan_units,
    "indicators": plan_indicators,
    "evidence": plan_evidence,
    "rectifications": plan_rectifications,
    "self-scores": plan_self_scores,
}


@dataclass(frozen=True)
class Created:
    kind: str
    id: str
    path: str  # relative to the data folder
    title: str


@dataclass
class IntakeResult:
    created: list[Created]
    files: list[PlannedFile]
    problems: list[CellProblem]
    present: list[Present]
    notes: list[Note]
    counts: dict[str, int]

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def is_sheet(path: Path) -> bool:
    return path.suffix.lower() in SHEET_SUFFIXES and not path.name.startswith(("~$", "."))


def sheet_files(paths: Iterable[Path]) -> list[Path]:
    """The spreadsheets given, and those inside the folders given (sorted)."""
    return [path for path, _given in _sheets(paths)]


def _sheets(paths: Iterable[Path]) -> list[tuple[Path, bool]]:
    """Each spreadsheet, and whether it was named (rather than found in a folder named)."""
    found: list[tuple[Path, bool]] = []
    for path in paths:
        if path.is_dir():
            found += sorted((p, False) for p in path.rglob("*") if p.is_file() and is_sheet(p))
        elif is_sheet(path):
            found.append((path, True))
    return found


def plan_intake(
    paths: list[Path], root: Path, options: Options, cache_dir: Path | None = None
) -> IntakeResult:
    state = read_state(root, cache_dir)
    run = Run(root, state, options)
    if state.info is None or state.problems:
        run.problems += [from_problem(p) for p in state.problems]
        if not (root / ARCHIVE_FILE).is_file():
            run.problems = [error(Place(root), "not-an-archive", data=str(root))]
        return _result(run)
    _resolve_flags(run)
    if run.failed:
        return _result(run)
    if options.kind == "photos":
        plan_photos(paths, run)
    else:
        _plan_sheets(_sheets(paths), run)
    if not run.failed and run.planned:
        run.problems += check_planned(root, run.planned, cache_dir)
    return _result(run)


def _resolve_flags(run: Run) -> None:
    """--unit and --indicator as ids, whichever way they were written (城管局, cgj; A1.1, A.1.1)."""
    options = run.options
    unit = indicator = None
    if options.unit:
        unit = run.find_unit(Place(Path("--unit")), options.unit, run.unit_matcher())
    if options.indicator:
        indicator = run.find_indicator(Place(Path("--indicator")), options.indicator, run.indicator_matcher())
    run.options = replace(options, unit=unit, indicator=indicator)


def _plan_sheets(files: list[tuple[Path, bool]], run: Run) -> None:
    if not files:
        run.error(Place(Path()), "no-sheets")
        return
    by_kind: dict[SheetKind, list[Table]] = {kind: [] for kind in SHEET_KINDS}
    for path, given in files:
        for table in _tables(path, run, given=given):
            by_kind[table.kind].append(table)
    for kind in SHEET_KINDS:  # units before the indicators that name them, both before the records
        tables = [t for t in by_kind[kind] if _columns_ok(t, run)]
        if tables and not run.failed:
            PLANNERS[kind](tables, run)


def _tables(path: Path, run: Run, *, given: bool) -> list[Table]:
    try:
        grids = read_grids(path)
    except SheetUnreadable as exc:
        run.error(Place(path), exc.code, **exc.params)
        return []
    wanted: tuple[SheetKind, ...] = SHEET_KINDS if run.options.kind == "auto" else (run.options.kind,)  # type: ignore[assignment]
    tables = [table for grid in grids if (table := find_table(grid, wanted)) is not None]
    reference = []
    if run.options.kind == "auto" and any(t.kind not in REFERENCE_KINDS for t in tables):
        reference = [t for t in tables if t.kind in REFERENCE_KINDS]
        for table in reference:  # a list for the person filling the 报送表 in, not to import
            run.note(Place(path, table.grid.sheet), "intake-reference-sheet")
        tables = [t for t in tables if t.kind not in REFERENCE_KINDS]
    if not tables and given:
        run.error(Place(path), "no-header", kinds=_kind_names(wanted))
    elif not tables:  # a sheet found in a folder: a photo folder's captions, a unit's own notes
        run.note(Place(path), "intake-file-skipped")
    for grid in grids:
        if tables and not any(t.grid is grid for t in (*tables, *reference)):
            run.note(Place(path, grid.sheet), "intake-sheet-skipped")
    return tables


def _kind_names(kinds: tuple[SheetKind, ...]) -> str:
    from generator.i18n import t  # noqa: PLC0415

    return "、".join(t(f"intake-kind-{kind}") for kind in kinds)


def _columns_ok(table: Table, run: Run) -> bool:
    header = Place(table.grid.path, table.grid.sheet, table.header_row + 1, 1)
    missing = [name for name in REQUIRED[table.kind] if table.column(name) is None]
    for name in missing:
        run.error(header, "missing-column", column=_synonyms(table.kind, name))
    for column, name in table.header.duplicates.items():
        run.warn(
            header.at(table.header_row + 1, column + 1), "duplicate-column", column=header_text(table, name)
        )
    for column, text in table.header.unknown.items():
        run.warn(header.at(table.header_row + 1, column + 1), "column-ignored", column=text)
    if not table.rows:
        run.warn(header, "no-rows")
    return not missing


def _synonyms(kind: SheetKind, name: str) -> str:
    from generator.intake.headers import SYNONYMS  # noqa: PLC0415

    return "/".join(SYNONYMS[kind][name][:4])


# ------------------------------------------------------------------------------------------ result
def _result(run: Run) -> IntakeResult:
    problems = sorted(run.problems, key=CellProblem.sort_key)
    created: list[Created] = []
    files: list[PlannedFile] = []
    if not any(p.severity == "error" for p in problems):
        for planned in run.planned:
            files.append(
                PlannedFile(
                    Path(planned.relative),
                    yaml_text(planned).encode("utf-8"),
                    planned.kind,
                    planned.title,
                    replace=planned.replace,
                )
            )
            entries = planned.ids or [(planned.kind, planned.id)]
            created += [Created(kind, ident, planned.relative, planned.title) for kind, ident in entries]
        files += [
            PlannedFile(
                Path(relative),
                b"",
                "file",
                source.path.name,
                copy_from=source.path,
                copy_sha256=source.sha256,
            )
            for relative, source in run.files.copies
        ]
    errors = sum(1 for p in problems if p.severity == "error")
    counts = {
        "rows": run.rows,
        "created": len(created),
        "present": len(run.present),
        "changed": run.changed,
        "updated": run.updated,
        "files": sum(1 for f in files if f.kind == "file"),
        "errors": errors,
        "warnings": len(problems) - errors,
    }
    return IntakeResult(created, files, problems, run.present, run.notes, counts)


def apply_intake(result: IntakeResult, root: Path) -> None:
    """Write every planned file, all or nothing (``importers.store``)."""
    if result.ok:
        write_all(root, result.files)
