"""The box spine label sheet (盒脊): one strip per 档案盒, as wide as the box's spine, to print and cut."""

from __future__ import annotations

from collections.abc import Mapping

from generator.arrangement import Arrangement, Box
from generator.model import Archive

from .html import ASSETS, TEMPLATES, BinderDocument, css_context, environment, metadata_date

LABEL_LENGTH_MM = 277  # an A4 page's height less margins; spines of 310 mm boxes take the strip centred


def visible_boxes(archive: Archive, arrangement: Arrangement) -> list[Box]:
    """Boxes holding at least one record this audience may see."""
    return [box for box in arrangement.boxes if any(item.record_id in archive for item in box.items)]


def spine_document(
    archive: Archive, arrangement: Arrangement, fonts: Mapping[str, str], *, pdfa: bool, epoch: int | None
) -> BinderDocument:
    when = metadata_date(archive, epoch)
    html = (
        environment()
        .get_template("spine.html.j2")
        .render(
            info=archive.info,
            boxes=visible_boxes(archive, arrangement),
            fonts=fonts,
            css=css_context(fonts),
            created=when.strftime("%Y-%m-%dT%H:%M:%SZ"),
            label_mm=LABEL_LENGTH_MM,
        )
    )
    return BinderDocument(
        binder_id="spine-labels",
        title="盒脊标签",
        layout_shell=("", ""),
        final_html=html,
        fragments=(),
        scan_slots=(),
        base_url=archive.root.resolve().as_uri() + "/",
        allowed_roots=(str(archive.root.resolve()), str(TEMPLATES), str(ASSETS)),
        pdfa=pdfa,
    )
