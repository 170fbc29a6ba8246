"""Order, ownership and what never reaches a log."""

import json
import logging

import requests

from adapters.memory import InMemoryObjectStore, InMemoryUserRepository
from domain.ids import new_ulid
from domain.keys import build_key
from domain.models import UploadPolicy
from domain.use_cases import ConfirmUpload
from handlers.observability import JsonFormatter
from tests.conftest import deploy
from tests.events import http_api_event, s3_notification, s3_record, sqs_event
from tests.unit.fakes import PNG


class CheckingStore(InMemoryObjectStore):
    """Fails the test if an object is deleted while a profile still points at it."""

    def __init__(self, users):
        super().__init__()
        self.users = users

    def delete(self, key):
        pointing = [user for user, image in self.users.images.items() if image and image.key == key]
        assert not pointing, f"{key} deleted while {pointing} still point at it"
        super().delete(key)


def test_the_replaced_image_is_deleted_only_after_the_profile_moved():
    users = InMemoryUserRepository(("demo",))
    store = CheckingStore(users)
    confirm = ConfirmUpload(UploadPolicy(), store, users)
    keys = [build_key("users/", "demo", new_ulid(now_ms=1000 + index), "png") for index in range(5)]
    for key in keys:
        store.put(key, PNG, "image/png")
        confirm("bucket", key)
    assert store.deleted == keys[:-1] and users.images["demo"].key == keys[-1]


def test_reserved_word_attribute_names_work_end_to_end(endpoints, monkeypatch):
    deployed = deploy(endpoints, monkeypatch, user_id_attribute="name", image_url_attribute="url")
    deployed.add_user("demo")
    ticket = json.loads(deployed.api.handler(http_api_event({"fileName": "a.png", "contentType": "image/png"}, claims={"sub": "demo"}), None)["body"])
    assert requests.put(ticket["uploadURL"], data=PNG, headers=ticket["headers"], timeout=10).status_code == 200
    deployed.events.handler(sqs_event(s3_notification(s3_record(deployed.stack.bucket, ticket["key"]))), None)
    assert deployed.user_item("demo") == {"name": "demo", "url": ticket["imageUrl"], "imageKey": ticket["key"], "imageUploadId": ticket["key"].rsplit("/", 1)[1].split(".")[0]}
    status = deployed.api.handler(http_api_event({"fileName": "a.png", "contentType": "image/png"}, claims={"sub": "nobody"}), None)["statusCode"]
    assert status == 404 and deployed.user_item("nobody") is None


def test_an_object_under_a_users_prefix_counts_only_for_that_user(deployed):
    deployed.add_user("eve")
    key = build_key("users/", "demo", new_ulid(), "png")
    deployed.client("s3").put_object(Bucket=deployed.stack.bucket, Key=key, Body=PNG, ContentType="image/png")
    deployed.events.handler(sqs_event(s3_notification(s3_record(deployed.stack.bucket, key))), None)
    assert deployed.user_item("demo")["imageKey"] == key
    assert "imageKey" not in deployed.user_item("eve")


def test_upload_too_large_without_declared_length_is_deleted_on_arrival(endpoints, monkeypatch, images):
    deployed = deploy(endpoints, monkeypatch, MAX_UPLOAD_BYTES="100000")
    deployed.add_user("demo")
    photo = (images / "hubble_deep_field.jpg").read_bytes()  # 528 KB, over the 100 KB maximum
    ticket = json.loads(deployed.api.handler(http_api_event({"fileName": "big.jpg", "contentType": "image/jpeg"}, claims={"sub": "demo"}), None)["body"])
    assert requests.put(ticket["uploadURL"], data=photo, headers=ticket["headers"], timeout=10).status_code == 200
    deployed.events.handler(sqs_event(s3_notification(s3_record(deployed.stack.bucket, ticket["key"]))), None)
    assert deployed.object_keys() == [] and "imageKey" not in deployed.user_item("demo")


def test_logs_carry_no_token_signature_url_or_body(deployed, caplog):
    caplog.set_level(logging.DEBUG)
    token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZW1vIn0.c2lnbmF0dXJl"
    body = {"fileName": "private-name-4711.png", "contentType": "image/png"}
    event = http_api_event(body, claims={"sub": "demo"}, headers={"authorization": f"Bearer {token}"})
    response = json.loads(deployed.api.handler(event, None)["body"])
    deployed.api.handler(http_api_event("{bad json", claims={"sub": "demo"}, headers={"authorization": f"Bearer {token}"}), None)
    requests.put(response["uploadURL"], data=PNG, headers=response["headers"], timeout=10)
    deployed.events.handler(sqs_event(s3_notification(s3_record(deployed.stack.bucket, response["key"]))), None)

    ours = [record for record in caplog.records if record.name.startswith("open_update_image")]
    assert ours, "expected the handlers to log"
    text = "\n".join(JsonFormatter().format(record) for record in caplog.records)
    signature = response["uploadURL"].split("X-Amz-Signature=")[1]
    for secret in (token, signature, response["uploadURL"], "X-Amz-Signature", "X-Amz-Credential", "private-name-4711", "bad json"):
        assert secret not in text
    for record in ours:
        line = json.loads(JsonFormatter().format(record))
        assert line["requestId"] and "\n" not in JsonFormatter().format(record)
