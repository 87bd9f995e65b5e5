"""The OCR engine: RapidOCR (PP-OCRv4 models shipped inside the ``rapidocr-onnxruntime`` wheel) on
onnxruntime, with one thread per engine so that results do not depend on how many cores a machine has.

Nothing here downloads anything: the model files are package files, found by path.
"""

from __future__ import annotations

import hashlib
import math
import os
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from PIL import Image

# One intra-op thread: a worker's engine uses one core, parallelism comes from running several engines, and
# the floating-point sums (so the recognised text) are the same on every machine.
THREADS = 1
DPI = 200  # PDF pages are rendered at this resolution before recognition
ROUND = 4  # decimals of a box corner (as a fraction of the page): the same bytes on every machine
_SETTINGS = f"threads={THREADS};dpi={DPI};round={ROUND};text_score=0.5"


@dataclass(frozen=True)
class Line:
    """One recognised line: its corners (top-left, top-right, bottom-right, bottom-left) as fractions of the
    page's width and height from its top-left corner, and its text."""

    box: tuple[tuple[float, float], ...]
    text: str

    def as_json(self) -> dict[str, object]:
        return {"box": [list(point) for point in self.box], "text": self.text}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Line:
        return cls(tuple((float(x), float(y)) for x, y in data["box"]), str(data["text"]))


@dataclass(frozen=True)
class PageText:
    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def model_files() -> list[Path]:
    """The ONNX models the engine loads: files of the installed package, never fetched."""
    import rapidocr_onnxruntime  # noqa: PLC0415 — heavy; only OCR commands need it

    return sorted((Path(rapidocr_onnxruntime.__file__).parent / "models").glob("*.onnx"))


@cache
def engine_version() -> str:
    """What a result depends on: the packages' versions and our settings. A new version renews results."""
    packages = ("rapidocr-onnxruntime", "onnxruntime", "opencv-python")
    versions = " ".join(f"{name}=={metadata.version(name)}" for name in packages)
    return f"{versions} {_SETTINGS}"


def engine_key() -> str:
    return hashlib.sha256(engine_version().encode("utf-8")).hexdigest()[:16]


class Engine:
    """One loaded engine (about 0.5 s to load, ~100 MB): load it once per process or Dask worker."""

    def __init__(self) -> None:
        os.environ.setdefault("OMP_NUM_THREADS", str(THREADS))
        from rapidocr_onnxruntime import RapidOCR  # noqa: PLC0415 — heavy; only OCR commands need it

        self._ocr = RapidOCR(intra_op_num_threads=THREADS, inter_op_num_threads=THREADS)

    def recognise(self, image: Image.Image) -> PageText:
        import numpy as np  # noqa: PLC0415 — comes with the engine

        rgb = image.convert("RGB")
        pixels = np.asarray(rgb)[:, :, ::-1]  # the engine reads OpenCV's BGR order
        result, _elapsed = self._ocr(np.ascontiguousarray(pixels))
        width, height = rgb.size
        lines = [_line(box, text, width, height) for box, text, _score in result or ()]
        return PageText(tuple(lines))  # the engine's order: top to bottom, left to right


def _line(box: Any, text: str, width: int, height: int) -> Line:
    corners = tuple((round(float(x) / width, ROUND), round(float(y) / height, ROUND)) for x, y in box)
    return Line(corners, str(text))


def slope(line: Line, width: float, height: float) -> float:
    """The angle (radians) of the line's top edge on a page of that size, counter-clockwise positive."""
    (x0, y0), (x1, y1) = line.box[0], line.box[1]
    return math.atan2(-(y1 - y0) * height, (x1 - x0) * width)
