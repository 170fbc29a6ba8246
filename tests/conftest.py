"""Shared fixtures. Integration and end-to-end tests talk to a real AWS emulator over HTTP.

Backend switch: `--backend moto` (default: an embedded moto server on a free port) or
`--backend localstack` (or TEST_BACKEND=localstack), see tests/backends.py.
"""

import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

# The handlers build their container at import; give them a complete environment first.
for _name, _value in {
    "BUCKET_NAME": "unit-test-bucket",
    "TABLE_NAME": "unit-test-table",
    "AWS_REGION": "us-east-1",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_ACCESS_KEY_ID": "test",
    "AWS_SECRET_ACCESS_KEY": "test",
    "AWS_SESSION_TOKEN": "test",
}.items():
    os.environ.setdefault(_name, _value)
for _name in ("AWS_PROFILE", "AWS_ENDPOINT_URL"):
    os.environ.pop(_name, None)

from devstack.lambda_runtime import SqsEventSource  # noqa: E402
from devstack.resources import Endpoints, Stack, add_user, create_stack, handler_environment  # noqa: E402
from devstack.stack import point_handlers_at  # noqa: E402
from tests.aws_operations import record_handler_operations  # noqa: E402
from tests.backends import start_backend  # noqa: E402

record_handler_operations()

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT.parent / "shared" / "images"
ARTIFACTS = ROOT / "test-artifacts"
ORIGIN = "http://127.0.0.1:8080"


def pytest_addoption(parser):
    parser.addoption(
        "--backend",
        choices=("moto", "localstack"),
        default=os.environ.get("TEST_BACKEND", "moto"),
        help="AWS emulator for integration and end-to-end tests (default: moto, or $TEST_BACKEND)",
    )


@pytest.fixture(scope="session")
def backend(request):
    """The running emulator: `.name`, `.endpoints`, `.features` (what it enforces)."""
    running = start_backend(request.config.getoption("--backend"), ARTIFACTS)
    yield running
    running.stop()


def require(backend, feature: str) -> None:
    """Skip, naming the backend and the feature, when the backend cannot do what a test needs."""
    if feature not in backend.features:
        note = backend.notes.get(feature)
        pytest.skip(f"backend {backend.name!r} does not support {feature}" + (f" ({note})" if note else ""))


@pytest.fixture
def endpoints(backend) -> Endpoints:
    return backend.endpoints


@dataclass
class Deployed:
    endpoints: Endpoints
    stack: Stack
    environment: dict
    api: object
    events: object
    event_source: SqsEventSource

    def client(self, service: str):
        return self.endpoints.client(service)

    def add_user(self, user_id: str, **attributes: str) -> None:
        add_user(self.endpoints, self.stack, user_id, **attributes)

    def user_item(self, user_id: str) -> dict | None:
        item = self.client("dynamodb").get_item(
            TableName=self.stack.table, Key={self.stack.user_id_attribute: {"S": user_id}}, ConsistentRead=True
        ).get("Item")
        return None if item is None else {name: next(iter(value.values())) for name, value in item.items()}

    def object_keys(self) -> list[str]:
        listing = self.client("s3").list_objects_v2(Bucket=self.stack.bucket)
        return sorted(entry["Key"] for entry in listing.get("Contents", []))


def deploy(endpoints: Endpoints, monkeypatch, user_id_attribute="id", image_url_attribute="imageUrl", **settings) -> Deployed:
    """A fresh bucket, table and queue pair, as the module deploys them, with the handlers pointed at them."""
    suffix = uuid.uuid4().hex[:10]
    stack = create_stack(
        endpoints,
        bucket=f"test-bucket-{suffix}",
        table=f"test-users-{suffix}",
        queue=f"test-created-{suffix}",
        origins=(ORIGIN,),
        user_id_attribute=user_id_attribute,
        image_url_attribute=image_url_attribute,
        visibility_timeout=1,
    )
    environment = handler_environment(endpoints, stack, (ORIGIN,), **settings)
    for name in environment:
        monkeypatch.setenv(name, environment[name])
    api, events = point_handlers_at(environment)
    source = SqsEventSource(endpoints.client("sqs"), stack.queue_url, events.handler, endpoints.region)
    return Deployed(endpoints, stack, environment, api, events, source)


@pytest.fixture
def deployed(endpoints, monkeypatch) -> Deployed:
    deployment = deploy(endpoints, monkeypatch)
    deployment.add_user("demo")
    yield deployment
    for module in (deployment.api, deployment.events):
        module.container.reset_singletons()


@pytest.fixture(scope="session")
def images() -> Path:
    if not IMAGES.is_dir():
        pytest.skip(f"sample photos not found at {IMAGES} (the shared/images folder beside the repository)")
    return IMAGES


@pytest.fixture(scope="session")
def runtime_boto3() -> Path:
    """boto3 and what it needs, as the Lambda runtime provides them (pure Python: one tree serves every
    interpreter), copied from this environment as the benchmark does; kept in build/ for later sessions."""
    from benchmarks.environments import build_runtime

    target = ROOT / "build" / "test-runtime-boto3"
    if not (target / "boto3" / "__init__.py").is_file():
        partial = build_runtime(target.with_name(f"{target.name}.{uuid.uuid4().hex}"))
        try:
            partial.rename(target)
        except OSError:  # another session put it there first
            shutil.rmtree(partial)
    return target
