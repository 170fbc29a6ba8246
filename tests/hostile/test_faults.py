"""Faults: throttling, 5xx, timeouts and vanished objects. The API answers 503 after the SDK's retries;
the events handler reports only the failed messages; a poison message ends in the dead-letter queue."""

import json

import pytest
from botocore.exceptions import ReadTimeoutError
from dependency_injector import providers

from devstack.stack import point_handlers_at
from domain.ids import new_ulid
from domain.keys import build_key
from handlers.aws import RETRIES
from tests.events import http_api_event, s3_notification, s3_record, sqs_event
from tests.faults import DYNAMODB_INTERNAL, DYNAMODB_THROTTLING, S3_INTERNAL, S3_SLOW_DOWN, FaultyEndpoint
from tests.unit.fakes import PNG

GOOD = {"fileName": "me.png", "contentType": "image/png"}


def repoint(deployed, monkeypatch, **endpoints):
    environment = dict(deployed.environment, **endpoints)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    point_handlers_at(environment)


class Context:
    aws_request_id = "req-fault-1"


@pytest.mark.parametrize("fault", [DYNAMODB_THROTTLING, DYNAMODB_INTERNAL], ids=["throttling", "internal-error"])
def test_api_answers_503_with_request_id_after_the_sdk_retries(deployed, monkeypatch, fault):
    with FaultyEndpoint(*fault) as endpoint:
        repoint(deployed, monkeypatch, AWS_ENDPOINT_URL_DYNAMODB=endpoint.url)
        response = deployed.api.handler(http_api_event(GOOD, claims={"sub": "demo"}), Context())
    body = json.loads(response["body"])
    assert response["statusCode"] == 503
    assert body["requestId"] == "req-fault-1" and "Throttling" not in response["body"] and "Traceback" not in response["body"]
    assert len(endpoint.requests) == RETRIES["total_max_attempts"] == 3


def test_unreachable_dependency_is_503(deployed, monkeypatch):
    repoint(deployed, monkeypatch, AWS_ENDPOINT_URL_DYNAMODB="http://127.0.0.1:9")
    response = deployed.api.handler(http_api_event(GOOD, claims={"sub": "demo"}), Context())
    assert response["statusCode"] == 503 and json.loads(response["body"])["requestId"] == "req-fault-1"


def test_a_bug_is_500_with_request_id_and_no_internals(deployed):
    class Broken:
        def exists(self, user_id):
            raise KeyError("secret internal detail")

    deployed.api.container.user_repository.override(providers.Object(Broken()))
    deployed.api.container.request_upload.reset()
    try:
        response = deployed.api.handler(http_api_event(GOOD, claims={"sub": "demo"}), Context())
    finally:
        deployed.api.container.user_repository.reset_override()
        deployed.api.container.reset_singletons()
    assert response["statusCode"] == 500
    assert json.loads(response["body"]) == {"message": "internal error", "errors": [], "requestId": "req-fault-1"}


@pytest.mark.parametrize("fault", [S3_SLOW_DOWN, S3_INTERNAL], ids=["slow-down", "internal-error"])
def test_events_handler_reports_only_the_failed_message(deployed, monkeypatch, fault):
    ours = build_key("users/", "demo", new_ulid(), "png")
    with FaultyEndpoint(*fault) as endpoint:
        repoint(deployed, monkeypatch, AWS_ENDPOINT_URL_S3=endpoint.url)
        batch = sqs_event(
            s3_notification(s3_record(deployed.stack.bucket, "elsewhere/readme.txt")),
            s3_notification(s3_record(deployed.stack.bucket, ours)),
        )
        assert deployed.events.handler(batch, Context()) == {"batchItemFailures": [{"itemIdentifier": "m1"}]}
    assert len(endpoint.requests) == 3  # the SDK retried before giving up


def test_s3_timeout_fails_the_message_for_retry(deployed):
    class TimingOut:
        def describe(self, key, head_bytes):
            raise ReadTimeoutError(endpoint_url="https://s3")

    deployed.events.container.object_store.override(providers.Object(TimingOut()))
    deployed.events.container.confirm_upload.reset()
    try:
        key = build_key("users/", "demo", new_ulid(), "png")
        result = deployed.events.handler(sqs_event(s3_notification(s3_record(deployed.stack.bucket, key))), Context())
    finally:
        deployed.events.container.object_store.reset_override()
        deployed.events.container.reset_singletons()
    assert result == {"batchItemFailures": [{"itemIdentifier": "m0"}]}


def test_a_poison_message_ends_in_the_dead_letter_queue(deployed):
    sqs = deployed.client("sqs")
    sqs.send_message(QueueUrl=deployed.stack.queue_url, MessageBody="this is not an S3 notification")
    good = build_key("users/", "demo", new_ulid(), "png")
    deployed.client("s3").put_object(Bucket=deployed.stack.bucket, Key=good, Body=PNG, ContentType="image/png")

    deployed.event_source.drain(timeout=30, quiet_rounds=3)

    dead = sqs.receive_message(QueueUrl=deployed.stack.dead_letter_queue_url, WaitTimeSeconds=2).get("Messages", [])
    assert [message["Body"] for message in dead] == ["this is not an S3 notification"]
    assert deployed.user_item("demo")["imageKey"] == good  # the good message in the same queue went through
