"""The local stack of `make run` on free ports, for the frontend developer's tests (page, contract, CLI)."""

import os
import time
import uuid

import pytest
import requests

from devstack.config import StackConfig
from devstack.emulator import free_port
from devstack.stack import LocalStack
from tests.conftest import ARTIFACTS

USERS = ("demo", "alice", "bob", "carol", "dave")


@pytest.fixture(scope="module")
def stack():
    """A whole local stack with its own emulator; the allowed origins follow from its gateway URL."""
    saved_environment = dict(os.environ)
    suffix = uuid.uuid4().hex[:8]
    config = StackConfig(
        gateway_port=free_port(),
        emulator_port=free_port(),
        bucket=f"frontend-bucket-{suffix}",
        table=f"frontend-users-{suffix}",
        queue=f"frontend-created-{suffix}",
        demo_users=USERS,
    )
    ARTIFACTS.mkdir(exist_ok=True)
    with LocalStack(config, log_dir=ARTIFACTS) as running:
        yield running
    # LocalStack points the handlers at itself through os.environ; leave the next tests a clean slate.
    os.environ.clear()
    os.environ.update(saved_environment)
    from handlers import api, events

    for module in (api, events):
        module.container.reset_singletons()


def profile(stack, user_id: str) -> dict:
    response = requests.get(f"{stack.config.gateway_url}/_local/users/{user_id}", timeout=5)
    response.raise_for_status()
    return response.json()


def wait_until(predicate, timeout: float = 20.0, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")
