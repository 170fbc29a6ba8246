from datetime import datetime, timezone

import pytest

from adapters.memory import InMemoryObjectStore, InMemoryUserRepository
from domain.errors import InvalidField, PayloadTooLarge, UnknownUser, UnsupportedContentType
from domain.keys import KEY_CHARACTERS, parse_key
from domain.models import MIB, UploadPolicy, UploadRequest
from domain.use_cases import RequestUpload


@pytest.fixture
def store():
    return InMemoryObjectStore()


@pytest.fixture
def users():
    return InMemoryUserRepository(("demo", "ann@example.com"))


def request_upload(store, users, **policy):
    return RequestUpload(UploadPolicy(**policy), store, users)


def ask(use_case, user_id="demo", file_name="me.png", content_type="image/png", content_length=None):
    return use_case(UploadRequest(user_id, file_name, content_type, content_length))


def test_issues_a_url_for_a_key_the_service_chooses(store, users):
    ticket = request_upload(store, users)(
        UploadRequest("ann@example.com", "../../etc/passwd.png", "image/png"),
        now=datetime(2026, 1, 1, tzinfo=timezone.utc),
    )
    parsed = parse_key("users/", ticket.key)
    assert parsed.user_id == "ann@example.com" and parsed.extension == "png"
    assert KEY_CHARACTERS.fullmatch(ticket.key) and "passwd" not in ticket.key
    assert ticket.headers == {"Content-Type": "image/png"}
    assert ticket.expires_in == 60 and ticket.expires_at == "2026-01-01T00:01:00Z"
    assert ticket.image_url == store.public_url(ticket.key)
    assert store.objects == {}  # nothing written


@pytest.mark.parametrize("content_type, extension", [("IMAGE/JPEG", "jpg"), ("image/webp", "webp"), ("image/gif", "gif")])
def test_content_types_are_case_insensitive_and_set_the_extension(store, users, content_type, extension):
    ticket = ask(request_upload(store, users), file_name="photo", content_type=content_type)
    assert ticket.key.endswith("." + extension)
    assert ticket.headers["Content-Type"] == content_type.lower()


@pytest.mark.parametrize("file_name", ["photo.JPG", "photo.jpeg", "photo", "  photo.jpg  ", "dir\\photo.jpg", ".hidden"])
def test_file_name_extension_fits_or_is_absent(store, users, file_name):
    assert ask(request_upload(store, users), file_name=file_name, content_type="image/jpeg").key.endswith(".jpg")


@pytest.mark.parametrize("file_name", ["", "   ", "x" * 256, "photo.png", "photo.exe", "a\x00.jpg"])
def test_bad_file_names_are_refused(store, users, file_name):
    with pytest.raises(InvalidField) as error:
        ask(request_upload(store, users), file_name=file_name, content_type="image/jpeg")
    assert error.value.field == "fileName"


def test_file_name_of_255_characters_is_accepted(store, users):
    ask(request_upload(store, users), file_name="x" * 251 + ".png")


@pytest.mark.parametrize("content_type", ["image/svg+xml", "text/html", "application/octet-stream", ""])
def test_other_content_types_are_unsupported(store, users, content_type):
    with pytest.raises(UnsupportedContentType) as error:
        ask(request_upload(store, users), content_type=content_type)
    assert error.value.field == "contentType"


def test_allowed_types_can_be_narrowed(store, users):
    with pytest.raises(UnsupportedContentType):
        ask(request_upload(store, users, allowed_content_types=frozenset({"image/jpeg"})), content_type="image/png")


def test_declared_length_is_checked_and_signed(store, users):
    use_case = request_upload(store, users)
    assert ask(use_case, content_length=5 * MIB).headers["Content-Length"] == str(5 * MIB)
    with pytest.raises(PayloadTooLarge) as too_large:
        ask(use_case, content_length=6 * MIB)
    assert too_large.value.field == "contentLength"
    for bad in (0, -1):
        with pytest.raises(InvalidField) as error:
            ask(use_case, content_length=bad)
        assert error.value.field == "contentLength"


def test_unknown_user_gets_no_url_and_nothing_is_written(store, users):
    with pytest.raises(UnknownUser):
        ask(request_upload(store, users), user_id="mallory")
    assert "mallory" not in users.images and store.objects == {}


def test_public_base_url_makes_the_image_url(store, users):
    ticket = ask(request_upload(store, users, public_base_url="https://cdn.example.com/"))
    assert ticket.image_url == f"https://cdn.example.com/{ticket.key}"


def test_each_request_gets_a_new_time_ordered_key(store, users):
    use_case = request_upload(store, users)
    keys = [ask(use_case).key for _ in range(50)]
    assert len(set(keys)) == 50
