"""From bytes to a decoded image, refusing what cannot or should not be decoded: not an image, a
format we do not take, a file or a pixel count past the limits (a "pixel bomb" of a few kilobytes
that decodes to gigabytes is refused from its header, before any pixel is decoded)."""

from __future__ import annotations

import io
import warnings

from PIL import Image

from safepost.engine.media.errors import MediaError

FORMATS = ("JPEG", "PNG", "WEBP")
MAX_BYTES = 50 * 1024 * 1024
MAX_MEGAPIXELS = 64                      # a 48-MP phone photo passes; 64 MP is ~190 MB decoded as RGB


def open_image(data: bytes) -> Image.Image:
    """The decoded image (its ``format`` kept), or MediaError saying what to fix."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise MediaError(f"image data must be bytes, not {type(data).__name__}")
    if len(data) == 0:
        raise MediaError("the image file is empty")
    if len(data) > MAX_BYTES:
        raise MediaError(f"the image file is {len(data) / 1e6:.1f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB: "
                         "export it smaller")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(bytes(data)))
    except Image.DecompressionBombError:
        raise MediaError(f"the image has more pixels than can be decoded safely; the limit is {MAX_MEGAPIXELS} MP: "
                         "resize it") from None
    except (OSError, SyntaxError, ValueError):
        raise MediaError(f"not an image that can be read: send a {', '.join(FORMATS)} file") from None
    if image.format not in FORMATS:
        raise MediaError(f"{image.format} images are not taken: convert it to {', '.join(FORMATS)}")
    width, height = image.size
    megapixels = width * height / 1e6
    if megapixels > MAX_MEGAPIXELS:
        raise MediaError(f"the image is {width}×{height} pixels ({megapixels:.0f} MP); the limit is "
                         f"{MAX_MEGAPIXELS} MP: resize it")
    if width < 1 or height < 1:
        raise MediaError("the image has no pixels")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            image.load()
    except (OSError, SyntaxError, ValueError):
        raise MediaError(f"the {image.format} file is damaged or cut short: export it again") from None
    return image
