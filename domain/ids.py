"""Time-ordered unique ids (ULID): 48-bit millisecond time + 80 random bits, Crockford base32.

Two ids compare as strings in the order they were made (to the millisecond; within one
millisecond the order is random, which is as good as any for competing uploads).
"""

import os
import re
import time

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# Two digits per 10 bits: the 26 digits (130 bits) are 13 look-ups, most significant first.
_DIGIT_PAIRS = [high + low for high in _ALPHABET for low in _ALPHABET]
_PAIR_SHIFTS = tuple(range(120, -1, -10))
ULID_PATTERN = re.compile(r"[0-9A-HJKMNP-TV-Z]{26}")


def new_ulid(now_ms: int | None = None) -> str:
    millis = int(time.time() * 1000) if now_ms is None else now_ms
    value = (millis << 80) | int.from_bytes(os.urandom(10), "big")
    return "".join([_DIGIT_PAIRS[(value >> shift) & 1023] for shift in _PAIR_SHIFTS])


def ulid_time_ms(ulid: str) -> int:
    value = 0
    for char in ulid[:10]:
        value = value * 32 + _ALPHABET.index(char)
    return value
