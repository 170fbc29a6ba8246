"""The events handler with SQS-wrapped, direct and EventBridge notifications, against the emulator."""

import json

import pytest

from domain.ids import new_ulid
from domain.keys import build_key
from handlers.observability import JsonFormatter
from handlers.s3_events import decode_key
from tests.events import eventbridge_event, s3_notification, s3_record, sqs_event
from tests.unit.fakes import HTML, PNG


def land(deployed, user_id="demo", body=PNG, content_type="image/png", upload_id=None):
    key = build_key("users/", user_id, upload_id or new_ulid(), "png")
    deployed.client("s3").put_object(Bucket=deployed.stack.bucket, Key=key, Body=body, ContentType=content_type)
    return key


def image_key(deployed, user_id="demo"):
    return (deployed.user_item(user_id) or {}).get("imageKey")


@pytest.mark.parametrize("user_id", ["demo", "Zoë Smith", "ann+test@example.com"])
def test_sqs_wrapped_notification_confirms_the_upload(deployed, user_id):
    deployed.add_user(user_id)
    key = land(deployed, user_id=user_id)
    result = deployed.events.handler(sqs_event(s3_notification(s3_record(deployed.stack.bucket, key))), None)
    assert result == {"batchItemFailures": []}
    assert image_key(deployed, user_id) == key


def test_direct_s3_and_eventbridge_deliveries(deployed):
    first, second = land(deployed), land(deployed)
    assert deployed.events.handler(s3_notification(s3_record(deployed.stack.bucket, first)), None) is None
    assert image_key(deployed) == first
    deployed.events.handler(eventbridge_event(deployed.stack.bucket, second), None)
    assert image_key(deployed) == second
    assert deployed.object_keys() == [second]


@pytest.mark.parametrize(
    "encoded, real",
    [
        ("users%2Fdemo%2F01HZY0000000000000000000.png", "users/demo/01HZY0000000000000000000.png"),
        ("users/demo/my+photo.png", "users/demo/my photo.png"),
        ("users/demo/a%2Bb.png", "users/demo/a+b.png"),
        ("users/demo/caf%C3%A9.png", "users/demo/café.png"),
    ],
)
def test_event_keys_decode_to_the_real_key(encoded, real):
    assert decode_key(encoded) == real


def test_slash_encoded_key_from_an_emulator_is_confirmed(deployed):
    key = land(deployed)
    record = s3_record(deployed.stack.bucket, key.replace("/", "%2F"), encode=False)
    assert deployed.events.handler(sqs_event(s3_notification(record)), None) == {"batchItemFailures": []}
    assert image_key(deployed) == key


def test_test_events_and_other_buckets_are_ignored(deployed):
    key = land(deployed)
    test_event = {"Service": "Amazon S3", "Event": "s3:TestEvent", "Bucket": deployed.stack.bucket}
    other = s3_notification(s3_record("someone-elses-bucket", key))
    assert deployed.events.handler(sqs_event(test_event, other), None) == {"batchItemFailures": []}
    assert image_key(deployed) is None and deployed.object_keys() == [key]


def test_html_posing_as_png_is_deleted_and_profile_unchanged(deployed):
    good = land(deployed)
    deployed.events.handler(sqs_event(s3_notification(s3_record(deployed.stack.bucket, good))), None)
    bad = land(deployed, body=HTML, content_type="image/png")
    assert deployed.events.handler(sqs_event(s3_notification(s3_record(deployed.stack.bucket, bad))), None) == {"batchItemFailures": []}
    assert image_key(deployed) == good and deployed.object_keys() == [good]


def test_multipart_put_and_complete_events_for_one_key(deployed):
    key = land(deployed)
    records = [s3_record(deployed.stack.bucket, key, "ObjectCreated:Put"), s3_record(deployed.stack.bucket, key, "ObjectCreated:CompleteMultipartUpload")]
    assert deployed.events.handler(sqs_event(s3_notification(records[0]), s3_notification(records[1])), None) == {"batchItemFailures": []}
    assert deployed.events.handler(sqs_event(s3_notification(*records)), None) == {"batchItemFailures": []}
    assert image_key(deployed) == key and deployed.object_keys() == [key]


def test_only_failed_messages_are_reported(deployed):
    key = land(deployed)
    batch = sqs_event("not json", s3_notification(s3_record(deployed.stack.bucket, key)), {"Records": "nope"})
    result = deployed.events.handler(batch, None)
    assert result == {"batchItemFailures": [{"itemIdentifier": "m0"}, {"itemIdentifier": "m2"}]}
    assert image_key(deployed) == key


def test_an_event_for_an_object_already_gone_completes(deployed):
    key = build_key("users/", "demo", new_ulid(), "png")
    assert deployed.events.handler(sqs_event(s3_notification(s3_record(deployed.stack.bucket, key))), None) == {"batchItemFailures": []}
    assert image_key(deployed) is None


def test_logs_are_json_lines_with_request_id(deployed, caplog):
    key = land(deployed)

    class Context:
        aws_request_id = "req-123"

    deployed.events.handler(sqs_event(s3_notification(s3_record(deployed.stack.bucket, key))), Context())
    lines = [json.loads(JsonFormatter().format(record)) for record in caplog.records]
    confirmed = [line for line in lines if line.get("event") == "upload_confirmed"]
    assert confirmed and confirmed[0]["requestId"] == "req-123" and confirmed[0]["key"] == key
