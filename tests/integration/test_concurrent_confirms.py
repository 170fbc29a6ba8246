"""Many uploads of one user confirmed at the same moment: the newest wins, no older one overwrites it.

Real concurrency needs a DynamoDB whose conditional writes are atomic (DynamoDB Local, on the LocalStack
backend); moto checks the condition and writes in separate steps, so there these tests are skipped.
"""

import threading
import time

import pytest

from adapters.dynamodb_user_repository import DynamoDbUserRepository
from domain.ids import new_ulid
from domain.keys import build_key
from domain.models import ProfileImage
from handlers.aws import make_dynamodb_client
from tests.conftest import require
from tests.events import s3_notification, s3_record
from tests.unit.fakes import PNG

WRITERS = 24
ROUNDS = 3


@pytest.fixture
def atomic(backend):
    require(backend, "atomic-conditional-writes")


def ordered_upload_ids(count: int) -> list[str]:
    """Distinct ids in creation order (one millisecond apart), oldest first."""
    base = time.time_ns() // 1_000_000
    return [new_ulid(now_ms=base + index) for index in range(count)]


def run_together(tasks) -> list:
    """Run every task on its own thread, released at the same instant; re-raise the first failure."""
    barrier = threading.Barrier(len(tasks))
    results: list = [None] * len(tasks)
    errors: list = []

    def run(index, task):
        barrier.wait()
        try:
            results[index] = task()
        except BaseException as error:  # noqa: BLE001 - reported below, on the test's thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=(index, task)) for index, task in enumerate(tasks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if errors:
        raise errors[0]
    return results


def image(upload_id: str) -> ProfileImage:
    return ProfileImage(key=f"users/demo/{upload_id}.png", upload_id=upload_id, image_url=f"https://cdn/users/demo/{upload_id}.png")


@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_concurrent_conditional_writes_form_one_chain_ending_at_the_newest(atomic, deployed, round_number):
    ids = ordered_upload_ids(WRITERS)
    # Newest first, so older writes keep arriving after newer ones have landed.
    order = list(reversed(ids))
    local = threading.local()

    def repository():
        if not hasattr(local, "repository"):
            client = make_dynamodb_client(deployed.endpoints.region, deployed.endpoints.dynamodb)
            local.repository = DynamoDbUserRepository(client, deployed.stack.table)
        return local.repository

    changes = run_together([lambda upload_id=upload_id: repository().set_image_if_newer("demo", image(upload_id)) for upload_id in order])
    outcome_of = dict(zip(order, changes))

    assert deployed.user_item("demo")["imageUploadId"] == ids[-1]
    updated = sorted(upload_id for upload_id, change in outcome_of.items() if change.outcome == "updated")
    assert updated and updated[-1] == ids[-1]
    # Each successful write replaced exactly the one before it: no two writers saw the same old image.
    previous = None
    for upload_id in updated:
        replaced = outcome_of[upload_id].replaced
        assert (replaced.upload_id if replaced else None) == previous, f"{upload_id} replaced {replaced} instead of {previous}"
        previous = upload_id
    for upload_id, change in outcome_of.items():
        if change.outcome == "stale":
            assert change.current.upload_id > upload_id, "a write was refused for an image that was not newer"
        else:
            assert change.outcome == "updated"


def test_concurrent_confirms_leave_only_the_newest_object(atomic, deployed):
    ids = ordered_upload_ids(WRITERS)
    s3 = deployed.client("s3")
    keys = [build_key("users/", "demo", upload_id, "png") for upload_id in ids]
    for key in keys:
        s3.put_object(Bucket=deployed.stack.bucket, Key=key, Body=PNG, ContentType="image/png")

    run_together([
        lambda key=key: deployed.events.handler(s3_notification(s3_record(deployed.stack.bucket, key)), None)
        for key in reversed(keys)
    ])

    assert deployed.user_item("demo")["imageKey"] == keys[-1]
    assert deployed.object_keys() == [keys[-1]], "every older upload is deleted, the newest is kept"
