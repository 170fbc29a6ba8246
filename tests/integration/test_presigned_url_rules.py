"""The rules a presigned upload URL carries, enforced by an S3 that checks signatures as AWS does.

URLs come from the real API handler; uploads are real HTTP PUTs. moto accepts any PUT to a presigned URL,
so these run only on a backend with "presigned-url-enforcement" (LocalStack with S3_SKIP_SIGNATURE_VALIDATION=0).
"""

import json
import time
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests

from tests.conftest import deploy, require
from tests.events import http_api_event

EXPIRES_SECONDS = 3  # short, so the expiry test waits only a few seconds


@pytest.fixture
def short_lived(backend, monkeypatch):
    require(backend, "presigned-url-enforcement")
    deployment = deploy(backend.endpoints, monkeypatch, UPLOAD_URL_EXPIRES_SECONDS=str(EXPIRES_SECONDS))
    deployment.add_user("demo")
    deployment.add_user("mallory")
    yield deployment
    for module in (deployment.api, deployment.events):
        module.container.reset_singletons()


@pytest.fixture
def photo(images) -> bytes:
    return (images / "grace_hopper.jpg").read_bytes()


def ticket_for(deployed, user_id: str, **body) -> dict:
    request = {"fileName": "me.jpg", "contentType": "image/jpeg", **body}
    response = deployed.api.handler(http_api_event(request, claims={"sub": user_id}), None)
    assert response["statusCode"] == 200, response["body"]
    ticket = json.loads(response["body"])
    assert ticket["expiresIn"] == EXPIRES_SECONDS
    return ticket


def put(url: str, data: bytes, headers: dict) -> requests.Response:
    return requests.put(url, data=data, headers=headers, timeout=10)


def assert_refused(response: requests.Response, deployed) -> None:
    assert response.status_code == 403, f"expected 403, got {response.status_code}: {response.text[:300]}"
    assert deployed.object_keys() == [], "a refused PUT must not store anything"


def test_the_exact_returned_headers_succeed(short_lived, photo):
    ticket = ticket_for(short_lived, "demo", contentLength=len(photo))
    assert ticket["headers"] == {"Content-Type": "image/jpeg", "Content-Length": str(len(photo))}

    response = put(ticket["uploadURL"], photo, ticket["headers"])

    assert response.status_code == 200, response.text[:300]
    stored = short_lived.client("s3").head_object(Bucket=short_lived.stack.bucket, Key=ticket["key"])
    assert stored["ContentLength"] == len(photo) and stored["ContentType"] == "image/jpeg"


def test_a_put_after_expiry_is_refused(short_lived, photo):
    ticket = ticket_for(short_lived, "demo")
    time.sleep(EXPIRES_SECONDS + 2)  # S3 compares whole seconds: leave a margin past the expiry

    assert_refused(put(ticket["uploadURL"], photo, ticket["headers"]), short_lived)


def test_a_put_with_another_content_type_is_refused(short_lived, photo):
    ticket = ticket_for(short_lived, "demo")

    assert_refused(put(ticket["uploadURL"], photo, {**ticket["headers"], "Content-Type": "image/png"}), short_lived)
    assert_refused(put(ticket["uploadURL"], photo, {**ticket["headers"], "Content-Type": "text/html"}), short_lived)


def test_a_put_to_a_tampered_key_is_refused(short_lived, photo):
    ticket = ticket_for(short_lived, "mallory")
    parts = urlsplit(ticket["uploadURL"])
    assert parts.path.endswith(ticket["key"])
    # Mallory's URL, pointed at the key of another user's picture.
    victim_key = ticket["key"].replace("users/mallory/", "users/demo/")
    tampered = urlunsplit(parts._replace(path=parts.path[: -len(ticket["key"])] + victim_key))

    assert_refused(put(tampered, photo, ticket["headers"]), short_lived)


def test_a_body_longer_than_the_declared_length_is_refused(short_lived, photo):
    declared = 1000
    ticket = ticket_for(short_lived, "demo", contentLength=declared)
    assert ticket["headers"]["Content-Length"] == str(declared)

    # requests sends the body's real length, as any HTTP client must.
    assert_refused(put(ticket["uploadURL"], photo[: declared + 500], ticket["headers"]), short_lived)
