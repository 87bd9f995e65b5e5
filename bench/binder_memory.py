"""Peak memory of laying out one binder, in one piece or in parts (generator/binders/parts.py), in a fresh
process so that its peak is that binder's alone.

    python bench/binder_memory.py ARCHIVE BINDER_ID PART_CHARS   # prints {"pages", "seconds", "peak_mb"}

PART_CHARS 0 lays the binder out in one piece; bench/run.py runs both on the archive's largest binder.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from generator.binders.build import BuildOptions, documents
from generator.binders.media import MEDIA_CACHE, prepare_media
from generator.binders.render import render_binder
from generator.validate import require_archive


def main(archive_dir: Path, binder_id: str, part_chars: int) -> dict[str, float]:
    archive, _warnings = require_archive(archive_dir)
    media = prepare_media(archive, archive_dir.parent / f"{archive_dir.name}-bench" / MEDIA_CACHE, 1)
    doc = next(
        d for d in documents(archive, BuildOptions(only=(binder_id,)), media) if d.binder_id == binder_id
    )
    start = time.perf_counter()
    rendered = render_binder(doc, part_chars=part_chars or 10**15)
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"pages": rendered.pages, "seconds": round(seconds, 1), "peak_mb": round(peak_kb / 1024, 1)}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]))))
