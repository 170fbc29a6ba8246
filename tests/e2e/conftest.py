import time
import uuid

import pytest
import requests

from devstack.config import StackConfig
from devstack.emulator import free_port
from devstack.stack import LocalStack


@pytest.fixture(scope="module")
def local_stack(backend):
    """The whole local stack of `make run` on free ports, on the selected emulator backend."""
    suffix = uuid.uuid4().hex[:8]
    config = StackConfig(
        gateway_port=free_port(),
        emulator_port=0,
        bucket=f"e2e-bucket-{suffix}",
        table=f"e2e-users-{suffix}",
        queue=f"e2e-created-{suffix}",
        demo_users=("demo", "eve"),
    )
    stack = LocalStack(config, endpoints=backend.endpoints).start()
    yield stack
    stack.stop()


def wait_for(predicate, timeout=20.0, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")


def request_upload(stack, user_id, file_name, content_type, **extra):
    return requests.post(
        f"{stack.config.gateway_url}/profile/image",
        json={"fileName": file_name, "contentType": content_type, **extra},
        headers={"Authorization": f"Bearer {stack.token(user_id)}"},
        timeout=10,
    )


def user(stack, user_id):
    return requests.get(f"{stack.config.gateway_url}/_local/users/{user_id}", timeout=5).json()
