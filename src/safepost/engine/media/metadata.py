"""What an image file says about itself (EXIF, XMP, IPTC): where it was taken, the camera's serial
number, its owner's or author's name. `read` lists them; `strip` re-encodes the pixels alone and
checks, by reading the result again, that nothing is left."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import ExifTags, Image, ImageOps, IptcImagePlugin

from safepost.engine.media.errors import MediaError

# EXIF tag → the Safe Harbor label of what it holds
EXIF_TAGS = {
    ExifTags.Base.Artist: "NAME",
    ExifTags.Base.CameraOwnerName: "NAME",
    ExifTags.Base.XPAuthor: "NAME",
    ExifTags.Base.Copyright: "NAME",
    ExifTags.Base.BodySerialNumber: "DEVICE",
    ExifTags.Base.LensSerialNumber: "DEVICE",
    ExifTags.Base.ImageUniqueID: "DEVICE",
}
IPTC_TAGS = {(2, 80): "NAME", (2, 85): "NAME", (2, 90): "LOCATION", (2, 92): "LOCATION", (2, 116): "NAME",
             (2, 118): "NAME"}
XMP_TAGS = {b"GPSLatitude": "LOCATION", b"GPSLongitude": "LOCATION", b"SerialNumber": "DEVICE",
            b"LensSerialNumber": "DEVICE", b"dc:creator": "NAME", b"photoshop:Author": "NAME",
            b"Iptc4xmpCore:Location": "LOCATION", b"photoshop:City": "LOCATION", b"OwnerName": "NAME"}
GPS_IFD = 0x8825
SAVE_FORMATS = {"JPEG": {"quality": 95}, "PNG": {}, "WEBP": {"quality": 95}}


@dataclass(frozen=True, slots=True)
class MetaField:
    """One identifying field: where it is (``EXIF Artist``), what it is (a label). The value itself
    is not kept here: it is PHI-bearing and the reviewer only needs to know it will be stripped."""

    field: str
    label: str


def _exif_fields(image: Image.Image) -> list[MetaField]:
    exif = image.getexif()
    found = []
    if exif.get_ifd(GPS_IFD) or GPS_IFD in exif:
        found.append(MetaField("EXIF GPSInfo", "LOCATION"))
    merged = dict(exif)
    merged.update(exif.get_ifd(ExifTags.IFD.Exif))
    for tag, label in EXIF_TAGS.items():
        if _present(merged.get(tag)):
            found.append(MetaField(f"EXIF {tag.name}", label))
    return found


def _present(value) -> bool:
    if isinstance(value, bytes):
        value = value.replace(b"\x00", b"").strip()
    return value not in (None, "", b"") and str(value).strip() != ""


def _iptc(image: Image.Image) -> dict:
    try:
        return IptcImagePlugin.getiptcinfo(image) or {}
    except (SyntaxError, ValueError, OSError):     # a damaged IPTC block is no reason to refuse the image
        return {}


def _xmp(image: Image.Image) -> bytes:
    xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp") or b""
    return xmp.encode("utf-8", "replace") if isinstance(xmp, str) else bytes(xmp)


def read(image: Image.Image) -> list[MetaField]:
    """Every identifying field in the file's EXIF, IPTC and XMP."""
    found = _exif_fields(image)
    iptc = _iptc(image)
    found += [MetaField(f"IPTC {a}:{b}", label) for (a, b), label in IPTC_TAGS.items() if _present(iptc.get((a, b)))]
    xmp = _xmp(image)
    found += [MetaField(f"XMP {tag.decode()}", label) for tag, label in XMP_TAGS.items() if tag in xmp]
    return found


def has_metadata(image: Image.Image) -> bool:
    """Any EXIF, XMP, IPTC or text chunk at all, identifying or not."""
    info_keys = set(image.info) - {"dpi", "jfif", "jfif_version", "jfif_unit", "jfif_density", "progressive",
                                   "progression", "loop", "background", "duration", "transparency", "gamma",
                                   "aspect", "adobe", "adobe_transform", "interlace", "srgb"}
    return bool(image.getexif()) or bool(_iptc(image)) or bool(info_keys)


def strip_image(image: Image.Image, fmt: str) -> bytes:
    """The pixels alone (turned upright first, so no orientation tag is needed), re-encoded as
    ``fmt``; raises MediaError if reading the result back still finds metadata."""
    if fmt not in SAVE_FORMATS:
        raise MediaError(f"cannot write {fmt} images; use one of {', '.join(SAVE_FORMATS)}")
    upright = ImageOps.exif_transpose(image)
    mode = upright.mode if upright.mode in ("L", "RGB", "RGBA") else ("RGBA" if "A" in upright.mode or
                                                                     "transparency" in upright.info else "RGB")
    if fmt == "JPEG" and mode == "RGBA":
        mode = "RGB"
    pixels = Image.frombytes(mode, upright.size, upright.convert(mode).tobytes())
    out = io.BytesIO()
    pixels.save(out, format=fmt, **SAVE_FORMATS[fmt])
    data = out.getvalue()
    with Image.open(io.BytesIO(data)) as check:
        if has_metadata(check):
            raise MediaError("the re-encoded image still carries metadata; it was not written")
    return data


def strip(source: bytes | str, fmt: str | None = None) -> bytes:
    """`source` (the bytes of an image, or a path to one) without EXIF, XMP, IPTC or text chunks,
    in its own format unless ``fmt`` is given."""
    if isinstance(source, str):
        with open(source, "rb") as f:
            source = f.read()
    from safepost.engine.media.load import open_image   # (load imports this module)
    image = open_image(source)
    return strip_image(image, fmt or image.format)
