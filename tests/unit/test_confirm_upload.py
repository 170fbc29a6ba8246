import threading

import pytest

from adapters.memory import InMemoryObjectStore, InMemoryUserRepository
from domain.ids import new_ulid
from domain.keys import build_key
from domain.models import UploadPolicy
from domain.use_cases import ConfirmUpload
from tests.unit.fakes import HTML, JPEG, PNG


@pytest.fixture
def store():
    return InMemoryObjectStore()


@pytest.fixture
def users():
    return InMemoryUserRepository(("demo",))


def confirm(store, users, **policy):
    return ConfirmUpload(UploadPolicy(**policy), store, users)


def land(store, body=PNG, content_type="image/png", user_id="demo", upload_id=None, extension="png"):
    key = build_key("users/", user_id, upload_id or new_ulid(), extension)
    store.put(key, body, content_type)
    return key


def test_a_good_upload_becomes_the_profile_image(store, users):
    key = land(store)
    result = confirm(store, users)("bucket", key)
    assert result.outcome == "confirmed"
    assert users.images["demo"].key == key
    assert users.images["demo"].image_url == store.public_url(key)


def test_the_replaced_image_is_deleted_after_the_profile_moves(store, users):
    use_case = confirm(store, users)
    first = land(store, upload_id=new_ulid(now_ms=1000))
    second = land(store, upload_id=new_ulid(now_ms=2000))
    use_case("bucket", first)
    result = use_case("bucket", second)
    assert result.deleted_keys == (first,)
    assert users.images["demo"].key == second and first not in store.objects and second in store.objects


def test_an_older_upload_never_overwrites_a_newer_one_and_is_deleted(store, users):
    use_case = confirm(store, users)
    older = land(store, upload_id=new_ulid(now_ms=1000))
    newer = land(store, upload_id=new_ulid(now_ms=2000))
    use_case("bucket", newer)
    result = use_case("bucket", older)
    assert result.outcome == "superseded"
    assert users.images["demo"].key == newer and older not in store.objects and newer in store.objects


def test_the_same_event_twice_gives_the_same_result(store, users):
    use_case = confirm(store, users)
    key = land(store)
    assert use_case("bucket", key).outcome == "confirmed"
    assert use_case("bucket", key).outcome == "duplicate"
    assert users.images["demo"].key == key and key in store.objects


@pytest.mark.parametrize(
    "body, content_type, extension, reason",
    [
        (HTML, "image/png", "png", "not an allowed image type"),
        (PNG, "image/jpeg", "jpg", "does not match"),
        (JPEG, "image/png", "png", "does not match"),
        (b"", "image/png", "png", "empty"),
        (PNG, "image/png", "gif", "key extension"),
    ],
)
def test_bad_objects_are_deleted_and_change_nothing(store, users, body, content_type, extension, reason):
    key = land(store, body=body, content_type=content_type, extension=extension)
    result = confirm(store, users)("bucket", key)
    assert result.outcome == "rejected" and reason in result.reason
    assert key not in store.objects and users.images["demo"] is None


def test_objects_over_the_maximum_are_deleted(store, users):
    key = land(store, body=PNG + b"\x00" * 1000)
    result = confirm(store, users, max_upload_bytes=500)("bucket", key)
    assert result.outcome == "rejected" and "over the 500-byte maximum" in result.reason
    assert key not in store.objects and users.images["demo"] is None


def test_disallowed_real_type_is_rejected_even_if_supported(store, users):
    key = land(store)
    result = confirm(store, users, allowed_content_types=frozenset({"image/jpeg"}))("bucket", key)
    assert result.outcome == "rejected" and key not in store.objects


def test_keys_outside_the_scheme_are_ignored_and_left_alone(store, users):
    store.put("avatars/readme.txt", b"hi", "text/plain")
    result = confirm(store, users)("bucket", "avatars/readme.txt")
    assert result.outcome == "ignored" and "avatars/readme.txt" in store.objects


def test_an_object_already_gone_completes_without_error(store, users):
    result = confirm(store, users)("bucket", build_key("users/", "demo", new_ulid(), "png"))
    assert result.outcome == "gone" and users.images["demo"] is None


def test_an_upload_for_a_user_without_profile_is_deleted(store, users):
    key = land(store, user_id="ghost")
    result = confirm(store, users)("bucket", key)
    assert result.outcome == "unknown_user" and key not in store.objects and "ghost" not in users.images


def test_an_object_counts_only_for_the_user_whose_prefix_it_is_under(store, users):
    users.add_user("eve")
    key = land(store, user_id="demo")
    confirm(store, users)("bucket", key)
    assert users.images["eve"] is None and users.images["demo"].key == key


def test_concurrent_confirms_end_on_the_newest_upload_with_no_orphans(store, users):
    use_case = confirm(store, users)
    keys = [land(store, upload_id=new_ulid(now_ms=1000 + index)) for index in range(40)]
    threads = [threading.Thread(target=use_case, args=("bucket", key)) for key in reversed(keys)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert users.images["demo"].key == keys[-1]
    assert list(store.objects) == [keys[-1]]
