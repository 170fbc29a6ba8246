import pytest
from hypothesis import given, strategies as st

from domain.ids import ULID_PATTERN, new_ulid, ulid_time_ms
from domain.keys import KEY_CHARACTERS, build_key, escape_user_id, parse_key, unescape_user_id

ULID = "01HZY00000000000000000000A"


@pytest.mark.parametrize(
    "user_id, escaped",
    [("demo", "demo"), ("a@b.c", "a.40b.2Ec"), ("../x", ".2E.2E.2Fx"), ("é", ".C3.A9"), ("a b", "a.20b")],
)
def test_user_ids_are_escaped_to_key_safe_text(user_id, escaped):
    assert escape_user_id(user_id) == escaped
    assert unescape_user_id(escaped) == user_id


@given(st.text(min_size=1, max_size=64))
def test_any_user_id_round_trips_through_a_key(user_id):
    key = build_key("users/", user_id, ULID, "png")
    assert KEY_CHARACTERS.fullmatch(key)
    assert key.count("/") == 2 and ".." not in key
    parsed = parse_key("users/", key)
    assert parsed.user_id == user_id and parsed.upload_id == ULID and parsed.content_type == "image/png"


@pytest.mark.parametrize(
    "key",
    [
        "other/demo/01HZY00000000000000000000A.png",  # outside the prefix
        "users/demo/01HZY00000000000000000000A.exe",  # unknown extension
        "users/demo/not-a-ulid.png",
        "users/demo/sub/01HZY00000000000000000000A.png",  # too deep
        "users/01HZY00000000000000000000A.png",  # no user part
        "users/de mo/01HZY00000000000000000000A.png",  # character outside the key alphabet
        "users/.2e/01HZY00000000000000000000A.png",  # non-canonical escape
        "users/.FF/01HZY00000000000000000000A.png",  # not UTF-8
    ],
)
def test_keys_this_service_did_not_make_are_not_parsed(key):
    assert parse_key("users/", key) is None


def test_ulids_are_time_ordered_and_well_formed():
    earlier, later = new_ulid(now_ms=1_700_000_000_000), new_ulid(now_ms=1_700_000_000_001)
    assert ULID_PATTERN.fullmatch(earlier) and ULID_PATTERN.fullmatch(later)
    assert earlier < later
    assert ulid_time_ms(later) == 1_700_000_000_001
    assert len({new_ulid() for _ in range(1000)}) == 1000
