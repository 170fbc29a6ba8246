"""Test data for use-case tests on the in-memory adapters."""

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 100
HTML = b"<!doctype html><html><script>alert(1)</script></html>"
