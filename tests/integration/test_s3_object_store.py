"""The S3 adapter against the emulator over HTTP: presigned URLs that really upload, and describe/delete."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from adapters.s3_object_store import S3ObjectStore
from domain.media import SNIFF_BYTES
from handlers.aws import make_s3_client


@pytest.fixture
def store(deployed):
    client = make_s3_client(deployed.endpoints.region, deployed.endpoints.s3)
    return S3ObjectStore(client, deployed.stack.bucket, deployed.endpoints.region, deployed.endpoints.s3)


def query_of(url: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def test_presigned_put_is_sigv4_signs_content_type_and_uploads(store, deployed, images):
    photo = (images / "grace_hopper.jpg").read_bytes()
    presigned = store.presign_put("users/demo/photo.jpg", "image/jpeg", None, 60)

    query = query_of(presigned.url)
    assert query["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256"
    assert query["X-Amz-Expires"] == "60"
    assert "content-type" in query["X-Amz-SignedHeaders"].split(";")
    assert not any(name.lower().startswith("x-amz-checksum") or name.lower() == "x-amz-sdk-checksum-algorithm" for name in query)
    assert presigned.headers == {"Content-Type": "image/jpeg"}

    response = requests.put(presigned.url, data=photo, headers=presigned.headers, timeout=10)
    assert response.status_code == 200, response.text

    stored = store.describe("users/demo/photo.jpg", SNIFF_BYTES)
    assert stored.size == len(photo)
    assert stored.content_type == "image/jpeg"
    assert stored.head == photo[:SNIFF_BYTES]


def test_declared_length_is_signed_and_returned_as_header(store):
    presigned = store.presign_put("users/demo/photo.png", "image/png", 1234, 60)
    signed = query_of(presigned.url)["X-Amz-SignedHeaders"].split(";")
    assert {"content-length", "content-type", "host"} <= set(signed)
    assert presigned.headers == {"Content-Type": "image/png", "Content-Length": "1234"}


def test_describe_missing_and_empty_objects(store, deployed):
    assert store.describe("users/demo/none.png", SNIFF_BYTES) is None
    deployed.client("s3").put_object(Bucket=deployed.stack.bucket, Key="users/demo/empty.png", Body=b"", ContentType="image/png")
    stored = store.describe("users/demo/empty.png", SNIFF_BYTES)
    assert stored.size == 0 and stored.head == b""


def test_delete_is_idempotent(store, deployed):
    deployed.client("s3").put_object(Bucket=deployed.stack.bucket, Key="users/demo/x.png", Body=b"x")
    store.delete("users/demo/x.png")
    store.delete("users/demo/x.png")
    assert deployed.object_keys() == []


def test_public_url_is_path_style_on_an_emulator(store, deployed):
    assert store.public_url("users/demo/a b.png") == f"{deployed.endpoints.s3}/{deployed.stack.bucket}/users/demo/a%20b.png"
