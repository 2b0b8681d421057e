"""EXIF/XMP/IPTC: GPS, serial numbers and owners' names are found; `strip` leaves none, which is
checked by reading the stripped file again."""
from __future__ import annotations

import io

import pytest
from PIL import ExifTags, Image, PngImagePlugin

from media_images import encode, photo_background
from safepost.engine.media import MediaError, strip
from safepost.engine.media.load import open_image
from safepost.engine.media.metadata import has_metadata, read

XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Nurse Example</dc:creator>'
       b'</rdf:Description></rdf:RDF></x:xmpmeta>')


def phone_photo_with_gps() -> bytes:
    """A JPEG as a phone writes it: GPS position, the owner's name, the camera's serial number."""
    exif = Image.Exif()
    exif[ExifTags.Base.Artist] = "Pat Example"
    exif[ExifTags.Base.Orientation] = 1
    exif.get_ifd(ExifTags.IFD.GPSInfo).update({
        ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (41.0, 52.0, 30.0),
        ExifTags.GPS.GPSLongitudeRef: "W", ExifTags.GPS.GPSLongitude: (87.0, 37.0, 12.0)})
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.BodySerialNumber] = "SN-4471-0092"
    return encode(photo_background(320, 240, seed=2), "JPEG", exif=exif, xmp=XMP)


def _fields(data: bytes) -> dict[str, str]:
    return {m.field: m.label for m in read(open_image(data))}


def test_gps_owner_and_serial_number_are_found_with_their_labels():
    fields = _fields(phone_photo_with_gps())
    assert fields["EXIF GPSInfo"] == "LOCATION"
    assert fields["EXIF Artist"] == "NAME"
    assert fields["EXIF BodySerialNumber"] == "DEVICE"
    assert fields["XMP dc:creator"] == "NAME"


def test_a_field_holds_where_the_identifier_is_never_its_value():
    assert all("Pat Example" not in repr(m) and "SN-4471" not in repr(m) for m in read(open_image(phone_photo_with_gps())))


def test_a_photo_without_metadata_has_no_fields():
    assert _fields(encode(photo_background(200, 100), "PNG")) == {}


def test_stripped_jpeg_has_no_metadata_when_read_again_and_keeps_its_pixels():
    original = phone_photo_with_gps()
    stripped = strip(original)
    with Image.open(io.BytesIO(stripped)) as img:
        assert img.format == "JPEG" and img.size == (320, 240)
        assert not has_metadata(img) and not img.getexif()
    assert b"Pat Example" not in stripped and b"SN-4471" not in stripped and b"xmpmeta" not in stripped
    assert _fields(stripped) == {}


def test_stripped_png_loses_its_text_chunks():
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Pat Example")
    data = encode(photo_background(120, 80), "PNG", pnginfo=info)
    assert has_metadata(Image.open(io.BytesIO(data)))
    stripped = strip(data)
    assert b"Pat Example" not in stripped and not has_metadata(Image.open(io.BytesIO(stripped)))


def test_a_sideways_photo_is_stripped_upright():
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6          # rotate 90° clockwise to display
    data = encode(photo_background(300, 100), "JPEG", exif=exif)
    with Image.open(io.BytesIO(strip(data))) as img:
        assert img.size == (100, 300)


def test_strip_takes_a_path(tmp_path):
    path = tmp_path / "photo.webp"
    exif = Image.Exif()
    exif[ExifTags.Base.Artist] = "Pat"
    path.write_bytes(encode(photo_background(64, 64), "WEBP", exif=exif))
    stripped = strip(str(path))
    assert Image.open(io.BytesIO(stripped)).format == "WEBP" and b"Pat" not in stripped


def test_strip_refuses_what_is_not_an_image():
    with pytest.raises(MediaError, match="not an image"):
        strip(b"%PDF-1.7 not a picture")


def test_a_palette_png_keeps_its_colours_when_stripped():
    img = photo_background(80, 60, seed=5).quantize(16)
    stripped = Image.open(io.BytesIO(strip(encode(img, "PNG"))))
    assert list(stripped.convert("RGB").getdata()) == list(img.convert("RGB").getdata())


def test_pillow_keeps_its_own_pixel_bomb_check_for_the_rest_of_the_service():
    import safepost.engine.media.load  # noqa: F401
    assert Image.MAX_IMAGE_PIXELS is not None
