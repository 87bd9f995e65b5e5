"""Published photos say nothing of where, with what and by whom they were taken (issue 13, point 4).

A phone photo with GPS tags, camera make/model/serial number, owner, maker note, an XMP packet and an IPTC
block naming the place, a comment and a "motion photo" trailer is attached to a `public` evidence record of a
copy of the demo archive. Real `dossier site` builds for each audience are read back with Pillow: the
`public` and `internal` copies and every thumbnail carry none of it, keep orientation and capture date, and
have the original's pixels (the JPEG's compressed data is the original's, byte for byte); the `full` copy is
the original file. The site's EVIDENCE.sha256 names each derived copy and its source's hash.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import struct
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import DEMO, require_tool, write_archive
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from generator.cli import main
from generator.i18n import set_language

PHOTO = "files/photos/2024-08-21-gps.jpg"
TAKEN = "2024:08:21 09:30:00"
ORIENTATION = 6  # taken holding the phone upright: viewers turn the picture
GPS_IFD, EXIF_IFD = 0x8825, 0x8769
# Strings each kind of identifying metadata carries; none may be in a published copy.
MARKERS = {
    "make": b"QXMAKE-Canon",
    "model": b"QXMODEL-EOS",
    "artist": b"QXARTIST-Zhang",
    "serial": b"QXSERIAL-0423",
    "owner": b"QXOWNER-Li",
    "maker note": b"QXMAKERNOTE",
    "xmp": b"QXXMP-Xihu",
    "iptc": b"QXIPTC-Hangzhou",
    "comment": b"QXCOMMENT",
    "trailer": b"QXTRAILER-motion-photo",
}
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="30,15.375N" '
    b'exif:GPSLongitude="120,9.025E" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" '
    b'photoshop:City="QXXMP-Xihu"/></rdf:RDF></x:xmpmeta>'
)


def _exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = MARKERS["make"].decode()  # Make
    exif[0x0110] = MARKERS["model"].decode()  # Model
    exif[0x013B] = MARKERS["artist"].decode()  # Artist
    exif[0x0112] = ORIENTATION
    exif[0x0132] = TAKEN  # DateTime
    sub = exif.get_ifd(EXIF_IFD)
    sub[0x9003] = TAKEN  # DateTimeOriginal
    sub[0xA431] = MARKERS["serial"].decode()  # BodySerialNumber
    sub[0xA430] = MARKERS["owner"].decode()  # CameraOwnerName
    sub[0x927C] = MARKERS["maker note"]  # MakerNote
    gps = exif.get_ifd(GPS_IFD)  # N 30°15′22.5″, E 120°9′1.5″
    gps.update({1: "N", 2: (30.0, 15.0, 22.5), 3: "E", 4: (120.0, 9.0, 1.5)})
    return exif


def _picture() -> Image.Image:
    return Image.effect_mandelbrot((320, 240), (-2.0, -1.2, 0.8, 1.2), 64).convert("RGB")


def gps_photo() -> bytes:
    """A JPEG as a phone and an editor write it: an IPTC block (APP13) and a trailer after its end."""
    out = io.BytesIO()
    _picture().save(out, "JPEG", quality=90, exif=_exif().tobytes(), xmp=XMP, comment=MARKERS["comment"])
    data = out.getvalue()
    iptc = (
        b"Photoshop 3.0\0"
        + b"8BIM\x04\x04\0\0"
        + struct.pack(">I", 20)
        + b"\x1c\x02\x5a\x00\x0f"
        + MARKERS["iptc"]
    )
    app13 = b"\xff\xed" + struct.pack(">H", len(iptc) + 2) + iptc
    tables = data.index(b"\xff\xdb")  # after the APP segments, where editors put theirs
    return data[:tables] + app13 + data[tables:] + MARKERS["trailer"]


def _dossier(*args: str) -> None:
    try:
        main(["--lang", "en", *args])
    except SystemExit as exc:
        assert exc.code in (0, None), f"dossier {' '.join(args)} exited with {exc.code}"
    finally:
        set_language(None)


class Sites:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"
        self.cache = root / "cache"

    def site(self, audience: str) -> Path:
        return self.root / f"site-{audience}"

    def build(self, audience: str) -> Path:
        out = self.site(audience)
        _dossier("site", "--data", str(self.data), "--out", str(out), "--audience", audience,
                 "--cache", str(self.cache))  # fmt: skip
        return out


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sites]:
    """The demo archive with the phone photo on a public evidence record, built for every audience."""
    built = Sites(tmp_path_factory.mktemp("photo-metadata"))
    shutil.copytree(DEMO, built.data)
    (built.data / PHOTO).write_bytes(gps_photo())
    (built.data / "evidence" / "e-2024-08-21-gps.yml").write_text(
        f"title: 幸福路门前三包巡查照片\nkind: photo\ndate: 2024-08-21\naccess: public\n"
        f"files:\n  - path: {PHOTO}\n    caption: 2024年8月21日，幸福路，巡查门前三包\n",
        encoding="utf-8",
    )
    for audience in ("public", "internal", "full"):
        built.build(audience)
    yield built


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _scan(jpeg: bytes) -> bytes:
    """The compressed picture: from the first start-of-scan marker to the end-of-image marker."""
    return jpeg[jpeg.index(b"\xff\xda") : jpeg.rindex(b"\xff\xd9") + 2]


def _assert_no_identifying_metadata(data: bytes, what: str) -> Image.Image:
    found = [name for name, marker in MARKERS.items() if marker in data]
    assert found == [], f"{what} holds {found}"
    image = Image.open(io.BytesIO(data))
    exif = image.getexif()
    assert GPS_IFD not in exif and not exif.get_ifd(GPS_IFD), f"{what} has GPS tags"
    assert {0x010F, 0x0110, 0x013B} & set(exif) == set(), f"{what} names the camera or the artist"
    assert {0xA430, 0xA431, 0x927C} & set(exif.get_ifd(EXIF_IFD)) == set(), f"{what} has owner/serial tags"
    assert {"xmp", "comment", "photoshop"} & set(image.info) == set(), f"{what}: {sorted(image.info)}"
    return image


def _thumbnail(site: Path, original: bytes) -> Path:
    page = (site / "evidence" / "e-2024-08-21-gps.html").read_text(encoding="utf-8")
    thumbs = re.findall(r'<img src="\.\./(thumbs/[0-9a-f]+\.jpg)"', page)
    assert thumbs == [f"thumbs/{_sha256(original)[:24]}.jpg"]
    return site / thumbs[0]


@pytest.mark.parametrize("audience", ["public", "internal"])
def test_published_copy_has_no_location_device_or_owner(sites: Sites, audience: str) -> None:
    original = (sites.data / PHOTO).read_bytes()
    assert all(marker in original for marker in MARKERS.values())  # the test photo carries each of them
    copy = (sites.site(audience) / PHOTO).read_bytes()
    image = _assert_no_identifying_metadata(copy, f"the {audience} copy")
    exif = image.getexif()
    assert exif[0x0112] == ORIENTATION
    assert exif.get_ifd(EXIF_IFD)[0x9003] == TAKEN
    assert _scan(copy) == _scan(original)  # not re-encoded: the compressed picture is the original's
    with Image.open(io.BytesIO(original)) as source:
        assert image.tobytes() == source.tobytes()


@pytest.mark.parametrize("audience", ["public", "internal", "full"])
def test_thumbnails_carry_no_metadata(sites: Sites, audience: str) -> None:
    original = (sites.data / PHOTO).read_bytes()
    thumb = _thumbnail(sites.site(audience), original).read_bytes()
    image = _assert_no_identifying_metadata(thumb, f"the {audience} thumbnail")
    assert not image.getexif()  # none at all: the thumbnail is already upright
    assert image.size == (240, 320)  # turned as the orientation says (the photo is 320×240)


def test_full_build_keeps_the_original_bytes(sites: Sites) -> None:
    original = (sites.data / PHOTO).read_bytes()
    assert (sites.site("full") / PHOTO).read_bytes() == original
    assert "# derived" not in (sites.site("full") / "EVIDENCE.sha256").read_text(encoding="utf-8")


@pytest.mark.tools("sha256sum")
@pytest.mark.parametrize("audience", ["public", "internal"])
def test_evidence_manifest_names_each_derived_copy_and_its_source(sites: Sites, audience: str) -> None:
    site = sites.site(audience)
    evidence = (site / "EVIDENCE.sha256").read_text(encoding="utf-8")
    source = _sha256((sites.data / PHOTO).read_bytes())
    assert f"{source}  {PHOTO}\n" in evidence  # the archive's file, as before
    assert f"# derived {source}  {PHOTO}\n" in evidence  # the site's copy is made from it
    derived = re.findall(r"^# derived ([0-9a-f]{64})  (.+)$", evidence, re.MULTILINE)
    photos = {line.split("  ", 1)[1] for line in evidence.splitlines() if not line.startswith("#")}
    # photos and videos are published as copies without their tags
    assert {path for _, path in derived} == {
        p for p in photos if p.startswith(("files/photos/", "files/video/"))
    }
    manifest = (site / "MANIFEST.sha256").read_text(encoding="utf-8")
    assert f"{_sha256((site / PHOTO).read_bytes())}  {PHOTO}\n" in manifest  # the copy's own hash
    sha256sum = require_tool("sha256sum")
    for folder, listing in ((sites.data, site / "EVIDENCE.sha256"), (site, site / "MANIFEST.sha256")):
        done = subprocess.run([sha256sum, "--strict", "-c", str(listing)], cwd=folder, capture_output=True,
                              text=True, check=False)  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr


def test_a_rebuild_links_the_cached_copies(sites: Sites) -> None:
    """Nothing changed: no photo is cleaned again (the cached copies keep their time) and the site's copies
    are the previous build's files, linked."""
    site = sites.site("public")
    cached = sorted((sites.cache / "published").iterdir())
    assert cached
    before = {path: path.stat().st_mtime_ns for path in cached}
    inode = (site / PHOTO).stat().st_ino
    sites.build("public")
    assert {path: path.stat().st_mtime_ns for path in cached} == before
    assert (site / PHOTO).stat().st_ino == inode


@pytest.mark.parametrize(
    "content",
    [b"\0\0\0\x18ftypheic\0\0\0\0mif1heic GPS 30.256N", b"\xff\xd8\xff\xe1\x7f\xff Exif GPS, cut short"],
    ids=["heic-named-jpg", "broken-jpeg"],
)
def test_an_image_that_cannot_be_cleaned_is_not_published(content: bytes, tmp_path: Path) -> None:
    """A ".jpg" that is a phone's HEIC renamed, or a JPEG cut short, could hold anything: the internal site
    lists its name without a link and copies nothing."""
    data = write_archive(tmp_path / "data", {"files/photo.jpg": content})
    out = tmp_path / "site"
    _dossier("site", "--data", str(data), "--out", str(out), "--cache", str(tmp_path / "cache"))
    assert not (out / "files").exists()
    page = (out / "evidence" / "e1.html").read_text(encoding="utf-8")
    assert '<span class="dossier-file">photo.jpg</span>' in page and "files/photo.jpg" not in page
    assert "files/photo.jpg" not in (out / "MANIFEST.sha256").read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------------ the binders
def _xmp_only_photo() -> bytes:
    """No EXIF, so WeasyPrint would embed the file's own bytes: its XMP and comment with them."""
    out = io.BytesIO()
    _picture().save(out, "JPEG", quality=90, xmp=XMP, comment=MARKERS["comment"])
    return out.getvalue() + MARKERS["trailer"]


@pytest.fixture(scope="module")
def binders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Every binder PDF of a small archive whose photo has only XMP, comment and trailer, per audience."""
    root = tmp_path_factory.mktemp("photo-binders")
    data = write_archive(root / "data", {"files/photo.jpg": _xmp_only_photo()})
    made = {}
    for audience in ("internal", "full"):
        out = root / audience
        _dossier("binders", "--data", str(data), "--out", str(out), "--audience", audience, "--jobs", "1")
        made[audience] = b"".join(p.read_bytes() for p in sorted((out / "binders").glob("*.pdf")))
    return made


def test_internal_binders_embed_the_photo_without_its_metadata(binders: dict[str, bytes]) -> None:
    found = [name for name in ("xmp", "comment", "trailer") if MARKERS[name] in binders["internal"]]
    assert found == []
    assert MARKERS["xmp"] in binders["full"]  # the full binder embeds the file as it is


# ------------------------------------------------------------------------------------------ Word export
@pytest.mark.parametrize("audience", ["public", "full"])
def test_word_export_embeds_the_photo_as_its_audience_may_see_it(
    sites: Sites, audience: str, tmp_path: Path
) -> None:
    """A `public` (or `internal`) Word file holds the clean photo; a `full` one the archive's own file."""
    out = tmp_path / "e.docx"
    _dossier("export", "docx", "e-2024-08-21-gps", "--data", str(sites.data), "--out", str(out),
             "--audience", audience)  # fmt: skip
    with zipfile.ZipFile(out) as docx:
        [media] = [docx.read(name) for name in docx.namelist() if name.startswith("word/media/")]
    original = (sites.data / PHOTO).read_bytes()
    if audience == "full":
        assert media == original
    else:
        _assert_no_identifying_metadata(media, "the Word file's picture")
        assert _scan(media) == _scan(original)


# ------------------------------------------------------------------------------------------ other formats
def test_a_png_keeps_its_pixels_and_loses_its_text_and_exif() -> None:
    from generator.image_metadata import clean_image

    info = PngInfo()
    info.add_text("Author", MARKERS["artist"].decode())
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    out = io.BytesIO()
    _picture().save(out, "PNG", pnginfo=info, exif=_exif())
    original = out.getvalue()
    image = _assert_no_identifying_metadata(clean_image(original), "the PNG copy")
    assert image.getexif()[0x0112] == ORIENTATION
    with Image.open(io.BytesIO(original)) as source:
        assert image.tobytes() == source.tobytes()
