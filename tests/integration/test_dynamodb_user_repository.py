"""The DynamoDB adapter against the emulator: conditional writes, reserved words, no ghost items."""

import pytest

from adapters.dynamodb_user_repository import DynamoDbUserRepository
from domain.models import ProfileImage
from handlers.aws import make_dynamodb_client
from tests.conftest import deploy


def image(upload_id: str) -> ProfileImage:
    return ProfileImage(key=f"users/demo/{upload_id}.png", upload_id=upload_id, image_url=f"https://cdn/{upload_id}.png")


OLDER, NEWER = "01HZY00000000000000000000A", "01HZY00000000000000000000B"


@pytest.fixture(params=[("id", "imageUrl"), ("name", "url")], ids=["default-names", "reserved-words"])
def repository(request, endpoints, monkeypatch):
    id_attribute, image_attribute = request.param
    deployment = deploy(endpoints, monkeypatch, user_id_attribute=id_attribute, image_url_attribute=image_attribute)
    deployment.add_user("demo")
    client = make_dynamodb_client(endpoints.region, endpoints.dynamodb)
    repository = DynamoDbUserRepository(client, deployment.stack.table, id_attribute, image_attribute)
    return repository, deployment, image_attribute


def test_exists(repository):
    repo, _, _ = repository
    assert repo.exists("demo") and not repo.exists("nobody")


def test_update_then_replace_reports_the_replaced_image(repository):
    repo, deployment, image_attribute = repository
    first = repo.set_image_if_newer("demo", image(OLDER))
    assert first.outcome == "updated" and first.replaced is None
    second = repo.set_image_if_newer("demo", image(NEWER))
    assert second.outcome == "updated" and second.replaced == image(OLDER)
    item = deployment.user_item("demo")
    assert item[image_attribute] == image(NEWER).image_url and item["imageUploadId"] == NEWER


def test_adversarial_order_older_after_newer_is_refused(repository):
    repo, deployment, image_attribute = repository
    repo.set_image_if_newer("demo", image(NEWER))
    late = repo.set_image_if_newer("demo", image(OLDER))
    assert late.outcome == "stale" and late.current == image(NEWER)
    assert deployment.user_item("demo")[image_attribute] == image(NEWER).image_url


def test_same_upload_twice_is_stale_with_itself_current(repository):
    repo, _, _ = repository
    repo.set_image_if_newer("demo", image(OLDER))
    again = repo.set_image_if_newer("demo", image(OLDER))
    assert again.outcome == "stale" and again.current == image(OLDER)


def test_unknown_user_creates_no_ghost_item(repository):
    repo, deployment, _ = repository
    assert repo.set_image_if_newer("ghost", image(NEWER)).outcome == "unknown_user"
    assert deployment.user_item("ghost") is None


def test_a_legacy_item_with_only_an_image_url_is_updated(repository):
    repo, deployment, image_attribute = repository
    deployment.add_user("legacy", **{image_attribute: "https://old.example/pic.png"})
    change = repo.set_image_if_newer("legacy", image(OLDER))
    assert change.outcome == "updated" and change.replaced is None  # the old object is not ours to delete
    assert deployment.user_item("legacy")[image_attribute] == image(OLDER).image_url
