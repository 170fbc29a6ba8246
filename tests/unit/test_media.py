from pathlib import Path

import pytest

from domain.media import normalize_content_type, sniff_content_type

IMAGES = Path(__file__).resolve().parents[3] / "shared" / "images"


@pytest.mark.parametrize(
    "head, expected",
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        (b"GIF89a\x01\x00", "image/gif"),
        (b"GIF87a\x01\x00", "image/gif"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", None),
        (b"<!doctype html><html>", None),
        (b"", None),
    ],
)
def test_sniffing_by_magic_number(head, expected):
    assert sniff_content_type(head) == expected


def test_sniffing_real_photos():
    if not IMAGES.is_dir():
        pytest.skip(f"sample photos not found at {IMAGES}")
    assert sniff_content_type((IMAGES / "grace_hopper.jpg").read_bytes()[:16]) == "image/jpeg"
    assert sniff_content_type((IMAGES / "hubble_deep_field.jpg").read_bytes()[:16]) == "image/jpeg"
    assert sniff_content_type((IMAGES / "astronaut.png").read_bytes()[:16]) == "image/png"


def test_content_types_compare_without_case_or_parameters():
    assert normalize_content_type(" Image/PNG; charset=binary") == "image/png"
