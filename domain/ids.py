"""Time-ordered unique ids (ULID): 48-bit millisecond time + 80 random bits, Crockford base32.

Two ids compare as strings in the order they were made (to the millisecond; within one
millisecond the order is random, which is as good as any for competing uploads).
"""

import os
import re
import time

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
ULID_PATTERN = re.compile(r"[0-9A-HJKMNP-TV-Z]{26}")


def new_ulid(now_ms: int | None = None) -> str:
    millis = int(time.time() * 1000) if now_ms is None else now_ms
    value = (millis << 80) | int.from_bytes(os.urandom(10), "big")
    chars = []
    for _ in range(26):
        chars.append(_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def ulid_time_ms(ulid: str) -> int:
    value = 0
    for char in ulid[:10]:
        value = value * 32 + _ALPHABET.index(char)
    return value
