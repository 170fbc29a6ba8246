"""Reading object-created notifications in the three shapes they arrive in.

- SQS records whose body is an S3 notification (the production path) or an EventBridge event;
- S3 notification records delivered directly;
- EventBridge "Object Created" events.
Keys in S3 and EventBridge notifications are URL-encoded (`+` for a space, `%2F` for `/`).
"""

import json
from dataclasses import dataclass
from urllib.parse import unquote_plus


class MalformedNotification(ValueError):
    pass


@dataclass(frozen=True)
class CreatedObject:
    bucket: str
    key: str


def decode_key(encoded: str) -> str:
    return unquote_plus(encoded)


def objects_in_notification(notification) -> list[CreatedObject]:
    """Created objects in an S3 notification or EventBridge event; [] for test events and other kinds."""
    if not isinstance(notification, dict):
        raise MalformedNotification("notification is not a JSON object")
    if notification.get("Event") == "s3:TestEvent":
        return []
    if "detail-type" in notification:
        if notification.get("detail-type") != "Object Created":
            return []
        detail = notification.get("detail") or {}
        try:
            return [CreatedObject(detail["bucket"]["name"], decode_key(detail["object"]["key"]))]
        except (KeyError, TypeError):
            raise MalformedNotification("EventBridge event without bucket name or object key") from None
    records = notification.get("Records")
    if not isinstance(records, list):
        raise MalformedNotification("notification has no Records")
    created = []
    for record in records:
        if not isinstance(record, dict) or not str(record.get("eventName", "")).startswith("ObjectCreated"):
            continue
        try:
            created.append(CreatedObject(record["s3"]["bucket"]["name"], decode_key(record["s3"]["object"]["key"])))
        except (KeyError, TypeError):
            raise MalformedNotification("S3 record without bucket name or object key") from None
    return created


def is_sqs_batch(event: dict) -> bool:
    records = event.get("Records")
    return isinstance(records, list) and bool(records) and all(
        isinstance(record, dict) and record.get("eventSource") == "aws:sqs" for record in records
    )


def sqs_message(record: dict):
    try:
        return json.loads(record.get("body") or "")
    except (json.JSONDecodeError, TypeError):
        raise MalformedNotification("SQS message body is not JSON") from None
