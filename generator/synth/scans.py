"""Image-only scans of known text, for OCR benchmarks and tests: A4 pages at 200 dpi with Chinese text and
digits in 仿宋-like serif, turned by up to ±2°, with grey speckle noise, saved as PDFs without a text layer.
The text is returned too, so a benchmark can count the characters recognised right."""

from __future__ import annotations

import io
import random
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw

from generator.synth.media import _fixed_pdf_date, _font

DPI = 200
SCAN_PAGES = 2  # pages of each scan `dossier synth --scans` writes
_A4_PX = (round(210 / 25.4 * DPI), round(297 / 25.4 * DPI))
_CHARS_PER_LINE = 26
_LINES_PER_PAGE = 22

# Sentences written for this project (no real documents), with the digits and dates scans carry.
_SENTENCES = (
    "市创建办于{y}年{m}月{d}日召开第{n}次推进会议，部署下一阶段重点任务。",
    "各责任单位要对照测评体系逐项落实，确保每一项指标都有佐证材料。",
    "门前三包责任制覆盖率达到百分之{p}，主次干道沿街商铺全部签订责任书。",
    "问题整改台账每月更新一次，已整改问题{n}个，正在整改问题{k}个。",
    "志愿服务活动共开展{n}场次，参与志愿者{k}人次，群众满意度明显提升。",
    "农贸市场环境卫生专项整治行动持续推进，共清理乱堆乱放{n}处。",
    "公益广告宣传覆盖全市{k}个社区，新设宣传栏{n}块，更换破损广告牌若干。",
    "请各单位于{m}月{d}日前将本月自测打分表报送市创建办综合组。",
    "督查组采取明查暗访相结合的方式，对{k}个点位进行了实地检查。",
    "未成年人思想道德建设工作扎实开展，学校周边环境得到有效治理。",
    "交通秩序整治期间查处非机动车闯红灯等违法行为{n}起，教育劝导{k}人。",
    "档案资料要做到分类清楚、标注规范、数据一致，做到有据可查。",
)


def _sentence(rng: random.Random) -> str:
    template = rng.choice(_SENTENCES)
    return template.format(
        y=rng.randint(2023, 2025),
        m=rng.randint(1, 12),
        d=rng.randint(1, 28),
        n=rng.randint(2, 999),
        k=rng.randint(2, 99),
        p=rng.randint(90, 99),
    )


def scan_seed(archive_seed: int, number: int) -> int:
    """The seed of the scan ``number`` of the archive synthesised with ``archive_seed`` (its known text)."""
    return archive_seed * 100_000 + number


def page_lines(seed: int, page: int) -> list[str]:
    """The lines printed on page ``page`` of the scan with ``seed``: the known text."""
    rng = random.Random(f"scan:{seed}:{page}")
    text = "".join(_sentence(rng) for _ in range(40))
    lines = [text[i : i + _CHARS_PER_LINE] for i in range(0, len(text), _CHARS_PER_LINE)]
    return lines[:_LINES_PER_PAGE]


def scan_page(lines: Sequence[str], seed: int, *, angle: float | None = None, noise: int = 18) -> Image.Image:
    """One page image: ``lines`` on the official text block, turned and speckled like a flatbed scan."""
    rng = random.Random(f"turn:{seed}")
    image = Image.new("L", _A4_PX, 255)
    draw = ImageDraw.Draw(image)
    font = _font(round(16 / 72 * DPI), "Noto Serif CJK SC")
    left, top = round(28 / 25.4 * DPI), round(37 / 25.4 * DPI)
    leading = 225 / 22 / 25.4 * DPI
    for number, line in enumerate(lines):
        draw.text((left, top + number * leading), line, font=font, fill=25)
    turn = angle if angle is not None else rng.uniform(-2.0, 2.0)
    image = image.rotate(turn, resample=Image.Resampling.BICUBIC, fillcolor=255)
    return _speckle(image, seed, noise)


def _speckle(image: Image.Image, seed: int, noise: int) -> Image.Image:
    """Gaussian grey noise of standard deviation ``noise`` (deterministic: seeded)."""
    import numpy as np  # noqa: PLC0415 — comes with the OCR engine

    pixels = np.asarray(image, dtype=np.int16)
    pixels = pixels + np.random.default_rng(seed).normal(0, noise, pixels.shape).astype(np.int16)
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def write_scan_pdf(path: Path, seed: int, pages: int) -> list[list[str]]:
    """An image-only PDF of ``pages`` pages; returns each page's lines (the known text)."""
    texts = [page_lines(seed, page) for page in range(pages)]
    images = [scan_page(lines, seed * 1000 + page) for page, lines in enumerate(texts)]
    buffer = io.BytesIO()
    images[0].save(
        buffer,
        "PDF",
        save_all=True,
        append_images=images[1:],
        resolution=float(DPI),
        producer="dossier synth",
        creationDate=_fixed_pdf_date(),
        modDate=_fixed_pdf_date(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return texts
