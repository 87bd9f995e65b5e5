"""Which records go into which binder: the ``binders:`` list of archive.yml, or the defaults."""

from __future__ import annotations

from generator.arrangement import Arrangement
from generator.model import Archive
from generator.schema import BinderSpec, Record


def default_specs(archive: Archive) -> list[BinderSpec]:
    """领导讲话汇编, 会议纪要汇编, 工作总结汇编, one evidence binder per top-level indicator, 归档文件目录."""
    specs = [
        BinderSpec(id="speeches", title="领导讲话汇编", kinds=["speech"]),
        BinderSpec(id="meetings", title="会议纪要汇编", kinds=["meeting"]),
        BinderSpec(id="summaries", title="工作总结汇编", kinds=["summary"]),
    ]
    specs += [
        BinderSpec(
            id=f"evidence-{node.id}", title=f"{node.title}佐证材料", kinds=["evidence"], indicators=[node.id]
        )
        for node in archive.indicators.top()
    ]
    specs.append(BinderSpec(id="catalogue", title="归档文件目录", catalogue_only=True))
    return specs


def binder_specs(archive: Archive) -> list[BinderSpec]:
    return list(archive.info.binders) or default_specs(archive)


def matches(archive: Archive, spec: BinderSpec, record: Record, subtree_ids: set[str]) -> bool:
    """Every criterion the spec names must hold; an empty criterion matches everything."""
    return (
        (not spec.kinds or record.kind in spec.kinds)
        and (not spec.indicators or bool(subtree_ids.intersection(record.indicators)))
        and (not spec.units or not set(spec.units).isdisjoint(record.owning_units))
        and (not spec.years or record.date.year in spec.years)
        and (not spec.retention or archive.retention_of(record) in spec.retention)
    )


def select_records(archive: Archive, spec: BinderSpec, arrangement: Arrangement) -> list[Record]:
    """The records of ``spec`` visible in ``archive``, in arrangement (件号) order."""
    tree = archive.indicators
    subtree_ids = {node.id for ind in spec.indicators if ind in tree for node in tree.subtree(ind)}
    chosen = [r for r in archive.records if matches(archive, spec, r, subtree_ids)]
    return arrangement.ordered(chosen)
