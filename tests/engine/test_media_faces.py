"""Faces are found (count and boxes) with the Haar cascades that ship in opencv-python-headless 4.x."""
from __future__ import annotations

import numpy as np
import pytest

from media_images import patient_table, photo_background, text_on_photo, whiteboard
from safepost.engine.media.faces import find_faces

skimage_data = pytest.importorskip("skimage.data")


def _inside(box, region) -> bool:
    x, y, w, h = box
    cx, cy = x + w / 2, y + h / 2
    return region[0] <= cx <= region[2] and region[1] <= cy <= region[3]


ASTRONAUT_HEAD = (150, 40, 300, 200)     # x0, y0, x1, y1 of her head in data.astronaut() (512 × 512)


def test_the_astronaut_has_one_face_on_her_head():
    boxes = find_faces(skimage_data.astronaut())
    assert len(boxes) == 1 and _inside(boxes[0], ASTRONAUT_HEAD)


def test_a_mirrored_and_enlarged_astronaut_still_has_one_face():
    import cv2
    img = cv2.resize(skimage_data.astronaut()[:, ::-1], (1536, 1536))   # 3×: detected on a reduced copy
    boxes = find_faces(np.ascontiguousarray(img))
    assert len(boxes) == 1
    assert _inside(boxes[0], (3 * (512 - 300), 3 * 40, 3 * (512 - 150), 3 * 200))


def test_two_people_are_two_faces():
    face = skimage_data.astronaut()
    both = np.concatenate([face, face[:, ::-1]], axis=1)
    assert len(find_faces(both)) == 2


@pytest.mark.parametrize("make", [lambda: photo_background(900, 600, seed=1), lambda: text_on_photo(px=24),
                                  patient_table, whiteboard])
def test_no_face_in_text_tables_whiteboards_or_backgrounds(make):
    assert find_faces(np.asarray(make())) == []


def test_a_grayscale_image_is_taken():
    import cv2
    assert len(find_faces(cv2.cvtColor(skimage_data.astronaut(), cv2.COLOR_RGB2GRAY))) == 1


def test_a_12_megapixel_jpeg_with_a_face_and_large_text_has_one_face_not_two():
    import io
    from media_images import encode, twelve_megapixel_scene
    from PIL import Image
    jpeg = Image.open(io.BytesIO(encode(twelve_megapixel_scene(), "JPEG", quality=90))).convert("RGB")
    boxes = find_faces(np.asarray(jpeg))
    assert len(boxes) == 1 and _inside(boxes[0], (2600, 900, 3624, 1924))
