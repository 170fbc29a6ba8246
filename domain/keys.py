"""Object keys: `<prefix><url-safe user id>/<ULID>.<ext>`, made by the service and parsed back.

The user id is escaped so that the key holds only `[A-Za-z0-9/_.-]` and maps back to exactly
one user: every byte outside `[A-Za-z0-9_-]` (the dot included) becomes `.XX` (hex of its UTF-8
byte). `demo` stays `demo`; `a@b.c` becomes `a.40b.2Ec`. No escaped id contains `/` or `..`.
"""

import re
from dataclasses import dataclass

from domain.ids import ULID_PATTERN
from domain.media import CONTENT_TYPE_BY_KEY_EXTENSION

_PLAIN = re.compile(rb"[A-Za-z0-9_-]")
_ALL_PLAIN = re.compile(r"[A-Za-z0-9_-]+")  # ASCII only: such an id escapes to itself
_ESCAPED_ID = re.compile(r"(?:[A-Za-z0-9_-]|\.[0-9A-F]{2})+")
KEY_CHARACTERS = re.compile(r"[A-Za-z0-9/_.-]+")
MAX_USER_ID_LENGTH = 128


def escape_user_id(user_id: str) -> str:
    if _ALL_PLAIN.fullmatch(user_id):
        return user_id
    return "".join(
        chr(byte) if _PLAIN.fullmatch(bytes([byte])) else f".{byte:02X}"
        for byte in user_id.encode("utf-8")
    )


def unescape_user_id(escaped: str) -> str:
    out = bytearray()
    index = 0
    while index < len(escaped):
        if escaped[index] == ".":
            out.append(int(escaped[index + 1 : index + 3], 16))
            index += 3
        else:
            out.append(ord(escaped[index]))
            index += 1
    return out.decode("utf-8")


@dataclass(frozen=True)
class UploadKey:
    user_id: str
    upload_id: str
    extension: str
    key: str

    @property
    def content_type(self) -> str:
        return CONTENT_TYPE_BY_KEY_EXTENSION[self.extension]


def build_key(prefix: str, user_id: str, upload_id: str, extension: str) -> str:
    return f"{prefix}{escape_user_id(user_id)}/{upload_id}.{extension}"


def parse_key(prefix: str, key: str) -> UploadKey | None:
    """The upload a key names, or None when the key is not one this service makes."""
    if not key.startswith(prefix) or not KEY_CHARACTERS.fullmatch(key):
        return None
    parts = key[len(prefix) :].split("/")
    if len(parts) != 2:
        return None
    escaped_id, file_name = parts
    upload_id, _, extension = file_name.partition(".")
    if not _ESCAPED_ID.fullmatch(escaped_id) or not ULID_PATTERN.fullmatch(upload_id):
        return None
    if extension not in CONTENT_TYPE_BY_KEY_EXTENSION:
        return None
    try:
        user_id = unescape_user_id(escaped_id)
    except UnicodeDecodeError:
        return None
    if escape_user_id(user_id) != escaped_id:  # only the canonical spelling names a user
        return None
    return UploadKey(user_id=user_id, upload_id=upload_id, extension=extension, key=key)
