"""Object-created notifications: check each new object and, if it passes, make it the profile image."""

import logging
import uuid

from handlers.container import build_container
from handlers.observability import configure_logging, set_request_id
from handlers.s3_events import MalformedNotification, is_sqs_batch, objects_in_notification, sqs_message

configure_logging()
container = build_container()
logger = logging.getLogger("open_update_image.events")


def handler(event, context):
    set_request_id(getattr(context, "aws_request_id", None) or str(uuid.uuid4()))
    if not isinstance(event, dict):
        raise MalformedNotification("event is not a JSON object")
    if is_sqs_batch(event):
        return _handle_sqs_batch(event["Records"])
    # Direct S3 or EventBridge delivery: a failure raises, and Lambda's async retries take over.
    for created in objects_in_notification(event):
        _confirm(created.bucket, created.key)
    return None


def _handle_sqs_batch(records: list) -> dict:
    """Handle each message on its own; report only the failed ones so only they are retried."""
    failures = []
    for record in records:
        message_id = record.get("messageId")
        try:
            for created in objects_in_notification(sqs_message(record)):
                _confirm(created.bucket, created.key)
        except MalformedNotification as error:
            # Reported as failed too: after the queue's receive count it lands in the DLQ, not lost.
            logger.error("malformed message", extra={"event": "message_malformed", "messageId": message_id, "reason": str(error)})
            failures.append({"itemIdentifier": message_id})
        except Exception:  # noqa: BLE001 - any other failure is retried, then dead-lettered
            logger.exception("message failed", extra={"event": "message_failed", "messageId": message_id})
            failures.append({"itemIdentifier": message_id})
    return {"batchItemFailures": failures}


def _confirm(bucket: str, key: str) -> None:
    if bucket != container.settings().bucket_name:
        logger.warning("ignoring object in another bucket", extra={"event": "upload_ignored", "bucket": bucket, "key": key})
        return
    result = container.confirm_upload()(bucket, key)
    logger.info(
        "upload checked",
        extra={"event": "upload_" + result.outcome, "key": key, "reason": result.reason, "deletedKeys": list(result.deleted_keys)},
    )
