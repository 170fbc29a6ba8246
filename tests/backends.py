"""Emulator backends for the integration suite. Only fixtures differ between them; tests do not.

moto: an embedded moto server on a free loopback port (the default).
localstack: S3 and SQS on LocalStack, DynamoDB on DynamoDB Local (which LocalStack's own DynamoDB also is):
  LOCALSTACK_ENDPOINT (and DYNAMODB_ENDPOINT, default the same) when set, else pytest-localstack's Docker
  session when a Docker engine answers. `make test-localstack` adds host mode (`make localstack`).
"""

import os
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import requests
from botocore.exceptions import BotoCoreError, ClientError

from devstack.emulator import MotoServer
from devstack.resources import Endpoints

# Features a test may require; a backend lists those it really has.
MOTO_FEATURES = frozenset({"s3", "dynamodb", "sqs", "s3-to-sqs-notifications", "bucket-cors"})
# DynamoDB Local serialises writes per item, so a condition and its update are one atomic step.
LOCALSTACK_FEATURES = MOTO_FEATURES | {"atomic-conditional-writes"}
# Checked at start, not assumed: LocalStack skips signature checks unless S3_SKIP_SIGNATURE_VALIDATION=0.
PRESIGNED_URL_ENFORCEMENT = "presigned-url-enforcement"
LOCALSTACK_VERSION = "4.9.2"  # the same release as host mode (devstack/localstack-requirements.txt)


@dataclass
class RunningBackend:
    name: str
    endpoints: Endpoints
    features: frozenset[str]
    stop: Callable[[], None] = field(default=lambda: None)
    notes: dict[str, str] = field(default_factory=dict)  # feature -> why it is missing, for skip reasons


def start_backend(name: str, state_dir: Path) -> RunningBackend:
    if name == "moto":
        state_dir.mkdir(parents=True, exist_ok=True)
        server = MotoServer(log_path=str(state_dir / "moto-tests.log")).start()
        return RunningBackend("moto", Endpoints.single(server.url), MOTO_FEATURES, server.stop)
    if name == "localstack":
        return start_localstack()
    raise ValueError(f"unknown backend {name!r}")


def docker_engine_answers() -> bool:
    """pytest-localstack's session errors (it does not skip) without an engine, so ask first."""
    try:
        import docker

        client = docker.from_env(timeout=3)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:  # noqa: BLE001 - no socket, no permission, no package: no engine for us
        return False


def start_localstack() -> RunningBackend:
    endpoint = os.environ.get("LOCALSTACK_ENDPOINT", "").strip().rstrip("/")
    stop: Callable[[], None] = lambda: None  # noqa: E731 - a LocalStack we did not start is not ours to stop
    if endpoint:
        dynamodb = os.environ.get("DYNAMODB_ENDPOINT", "").strip().rstrip("/") or endpoint
    elif docker_engine_answers():
        session = start_docker_session()
        endpoint, dynamodb, stop = session.endpoint_url("s3"), session.endpoint_url("dynamodb"), session.stop
    else:
        raise RuntimeError(
            "backend 'localstack' has no LocalStack: LOCALSTACK_ENDPOINT is not set and no Docker engine answers. "
            "Run `make test-localstack` (starts host-mode LocalStack), or `make localstack` and set "
            "LOCALSTACK_ENDPOINT=http://127.0.0.1:4566 DYNAMODB_ENDPOINT=http://127.0.0.1:8000."
        )
    endpoints = Endpoints(s3=endpoint, dynamodb=dynamodb, sqs=endpoint)
    try:
        wait_for_services(endpoints)
        features, notes = set(LOCALSTACK_FEATURES), {}
        if presigned_urls_enforced(endpoints):
            features.add(PRESIGNED_URL_ENFORCEMENT)
        else:
            notes[PRESIGNED_URL_ENFORCEMENT] = f"the LocalStack at {endpoint} accepts bad signatures: start it with S3_SKIP_SIGNATURE_VALIDATION=0"
    except BaseException:
        stop()
        raise
    return RunningBackend("localstack", endpoints, frozenset(features), stop, notes)


def start_docker_session():
    import docker
    from pytest_localstack.session import LocalstackSession

    session = LocalstackSession(
        docker.from_env(),
        services=["s3", "sqs", "dynamodb"],
        region_name="us-east-1",
        localstack_version=LOCALSTACK_VERSION,
        container_env={"S3_SKIP_SIGNATURE_VALIDATION": "0"},
    )
    session.start(timeout=180)  # its DynamoDB fetches DynamoDB Local at first use
    return session


def wait_for_services(endpoints: Endpoints, timeout: float = 60.0) -> None:
    checks = {
        "s3": lambda: endpoints.client("s3").list_buckets(),
        "sqs": lambda: endpoints.client("sqs").list_queues(),
        "dynamodb": lambda: endpoints.client("dynamodb").list_tables(Limit=1),
    }
    deadline = time.monotonic() + timeout
    for service, check in checks.items():
        while True:
            try:
                check()
                break
            except (BotoCoreError, ClientError) as error:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"backend 'localstack': {service} at {getattr(endpoints, service)} does not answer: {error}") from error
                time.sleep(0.5)


def presigned_urls_enforced(endpoints: Endpoints) -> bool:
    """A PUT whose Content-Type differs from the signed one must be refused, as real S3 refuses it."""
    s3 = endpoints.client("s3")
    bucket = f"signature-probe-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=bucket)
    try:
        url = s3.generate_presigned_url(
            "put_object", Params={"Bucket": bucket, "Key": "probe.png", "ContentType": "image/png"}, ExpiresIn=60, HttpMethod="PUT"
        )
        response = requests.put(url, data=b"probe", headers={"Content-Type": "text/plain"}, timeout=10)
        return response.status_code == 403
    finally:
        for entry in s3.list_objects_v2(Bucket=bucket).get("Contents", []):
            s3.delete_object(Bucket=bucket, Key=entry["Key"])
        s3.delete_bucket(Bucket=bucket)
