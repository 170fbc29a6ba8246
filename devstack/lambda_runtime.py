"""What Lambda does around our handlers, locally: invocation contexts and the SQS event source."""

import threading
import time
import uuid
from dataclasses import dataclass, field


@dataclass
class LambdaContext:
    function_name: str = "local"
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    memory_limit_in_mb: int = 256
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:123456789012:function:local"

    def get_remaining_time_in_millis(self) -> int:
        return 30_000


def sqs_event(messages: list[dict], queue_arn: str, region: str) -> dict:
    """The event Lambda's SQS event source builds from received messages."""
    return {
        "Records": [
            {
                "messageId": message["MessageId"],
                "receiptHandle": message["ReceiptHandle"],
                "body": message["Body"],
                "attributes": message.get("Attributes", {}),
                "messageAttributes": {},
                "md5OfBody": message.get("MD5OfBody", ""),
                "eventSource": "aws:sqs",
                "eventSourceARN": queue_arn,
                "awsRegion": region,
            }
            for message in messages
        ]
    }


class SqsEventSource:
    """Receives from a queue, invokes the handler with a batch, deletes what did not fail."""

    def __init__(self, sqs_client, queue_url: str, handler, region: str = "us-east-1", batch_size: int = 10):
        self._sqs = sqs_client
        self._queue_url = queue_url
        self._handler = handler
        self._region = region
        self._batch_size = batch_size
        self._queue_arn = sqs_client.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def poll_once(self, wait_seconds: int = 0) -> int:
        """One receive-invoke-delete round; returns how many messages were received."""
        messages = self._sqs.receive_message(
            QueueUrl=self._queue_url,
            MaxNumberOfMessages=self._batch_size,
            WaitTimeSeconds=wait_seconds,
            AttributeNames=["All"],
        ).get("Messages", [])
        if not messages:
            return 0
        try:
            response = self._handler(sqs_event(messages, self._queue_arn, self._region), LambdaContext(function_name="events"))
            failed = {item["itemIdentifier"] for item in (response or {}).get("batchItemFailures", [])}
        except Exception:  # noqa: BLE001 - as Lambda does: the whole batch becomes visible again
            failed = {message["MessageId"] for message in messages}
        done = [message for message in messages if message["MessageId"] not in failed]
        if done:
            self._sqs.delete_message_batch(
                QueueUrl=self._queue_url,
                Entries=[{"Id": str(index), "ReceiptHandle": message["ReceiptHandle"]} for index, message in enumerate(done)],
            )
        return len(messages)

    def drain(self, timeout: float = 10.0, quiet_rounds: int = 2) -> int:
        """Poll until the queue has given nothing `quiet_rounds` times in a row; returns messages handled."""
        deadline = time.monotonic() + timeout
        handled = quiet = 0
        while time.monotonic() < deadline and quiet < quiet_rounds:
            received = self.poll_once(wait_seconds=1)
            handled += received
            quiet = 0 if received else quiet + 1
        return handled

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="sqs-event-source", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.poll_once(wait_seconds=1)
            except Exception:  # noqa: BLE001 - keep polling, as the managed event source would
                if not self._stop.is_set():
                    time.sleep(1)

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)
