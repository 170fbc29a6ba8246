"""Image types: which are supported, their file extensions, and sniffing the real type from bytes."""

SUPPORTED_CONTENT_TYPES: tuple[str, ...] = ("image/jpeg", "image/png", "image/webp", "image/gif")

# Extension the service gives the key, per content type.
KEY_EXTENSION = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/gif": "gif"}

# Extensions a client's file name may carry, per content type.
ACCEPTED_EXTENSIONS = {
    "image/jpeg": frozenset({"jpg", "jpeg", "jpe", "jfif"}),
    "image/png": frozenset({"png"}),
    "image/webp": frozenset({"webp"}),
    "image/gif": frozenset({"gif"}),
}

CONTENT_TYPE_BY_KEY_EXTENSION = {ext: content_type for content_type, ext in KEY_EXTENSION.items()}

# How many leading bytes `sniff_content_type` needs.
SNIFF_BYTES = 16


def normalize_content_type(value: str) -> str:
    """`Image/PNG; charset=x` -> `image/png`: media types compare case-insensitively, without parameters."""
    return value.split(";", 1)[0].strip().lower()


def sniff_content_type(head: bytes) -> str | None:
    """The image type the bytes really are, by magic number, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None
