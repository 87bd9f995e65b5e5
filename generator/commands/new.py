"""`dossier new`: make a new archive folder that `dossier check` passes at once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator.i18n import t
from generator.intake.new_archive import NewArchive, create_new_archive, default_period, default_window


@click.command("new")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--title", default="创建全国文明城市工作档案", show_default=True, help="档案名称.")
@click.option("--campaign", default="创建全国文明城市", show_default=True, help="The campaign (创建项目).")
@click.option("--fonds-code", default="Z001", show_default=True, help="全宗号: starts every 档号.")
@click.option("--fonds-name", default="创建工作办公室", show_default=True, help="全宗名称 (the office).")
@click.option(
    "--period",
    nargs=2,
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Campaign period START END (default: this year and the next two).",
)
@click.option(
    "--window",
    nargs=2,
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Assessment window START END (default: last 1 August to this 31 July).",
)
@click.option("--max-score", type=float, default=100, show_default=True, help="满分.")
@click.option("--target-score", type=float, default=90, show_default=True, help="目标分.")
def command(
    *,
    folder: Path,
    title: str,
    campaign: str,
    fonds_code: str,
    fonds_name: str,
    period: tuple[dt.datetime, dt.datetime] | None,
    window: tuple[dt.datetime, dt.datetime] | None,
    max_score: float,
    target_score: float,
) -> None:
    """Make a new archive in FOLDER (which must not exist or be empty): archive.yml with the campaign,
    period, assessment window and scores (commented in Chinese), empty units.yml and indicators.yml, the
    record folders and files/."""
    today = dt.date.today()
    spec = NewArchive(
        title=title,
        campaign=campaign,
        fonds_code=fonds_code,
        fonds_name=fonds_name,
        period=(period[0].date(), period[1].date()) if period else default_period(today),
        window=(window[0].date(), window[1].date()) if window else default_window(today),
        max_score=max_score,
        target_score=target_score,
    )
    made = create_new_archive(folder, spec)
    for name in made:
        click.echo(t("new-created", path=(folder / name).as_posix()))
    click.secho(t("new-done", path=folder), fg="green", bold=True)
