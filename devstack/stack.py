"""The whole local stack in one object: emulator, resources, handlers, gateway and event source."""

import os
import threading
from pathlib import Path

from boto3.dynamodb.types import TypeDeserializer

from api_contract.openapi import build_openapi, render
from api_contract.reference import reference_html
from devstack.config import DEV_AUDIENCE, DEV_ISSUER, DEV_JWT_SECRET, StackConfig
from devstack.emulator import MotoServer
from devstack.gateway import CDN_PATH, LocalGateway
from devstack.jwt import issue, verify
from devstack.lambda_runtime import SqsEventSource
from devstack.resources import Endpoints, Stack, add_user, create_stack, handler_environment

STATIC_DIR = Path(__file__).resolve().parent / "static"


def point_handlers_at(environment: dict[str, str]):
    """Set the handlers' environment in this process and rebuild their containers from it."""
    os.environ.update(environment)
    from handlers import api, events
    from handlers.container import wire

    for module in (api, events):
        module.container.reset_singletons()
        wire(module.container)
    return api, events


class LocalStack:
    def __init__(self, config: StackConfig | None = None, endpoints: Endpoints | None = None, log_dir: Path | None = None, **settings: str):
        self.config = config or StackConfig()
        self.endpoints = endpoints
        self.log_dir = log_dir
        self.settings = settings
        self.emulator: MotoServer | None = None
        self.stack: Stack | None = None
        self.gateway: LocalGateway | None = None
        self.event_source: SqsEventSource | None = None
        self._threads: list[threading.Thread] = []
        self._saved_environment: dict[str, str | None] = {}

    def start(self) -> "LocalStack":
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self) -> None:
        config = self.config
        if self.endpoints is None:
            log_path = str(self.log_dir / "emulator.log") if self.log_dir else None
            self.emulator = MotoServer(port=config.emulator_port or None, log_path=log_path).start()
            self.endpoints = Endpoints.single(self.emulator.url)
        self.stack = create_stack(
            self.endpoints,
            bucket=config.bucket,
            table=config.table,
            queue=config.queue,
            origins=config.allowed_origins,
            key_prefix=config.key_prefix,
            user_id_attribute=config.user_id_attribute,
            image_url_attribute=config.image_url_attribute,
        )
        for user_id in config.demo_users:
            add_user(self.endpoints, self.stack, user_id, name=user_id.title())
        settings = {"PUBLIC_BASE_URL": config.gateway_url + CDN_PATH.rstrip("/"), **self.settings}
        environment = handler_environment(self.endpoints, self.stack, config.allowed_origins, **settings)
        self._saved_environment = {name: os.environ.get(name) for name in environment}
        api, events = point_handlers_at(environment)
        dynamodb, s3 = self.endpoints.client("dynamodb"), self.endpoints.client("s3")
        self.gateway = LocalGateway(
            api_handler=api.handler,
            verify_token=lambda token: verify(token, DEV_JWT_SECRET, DEV_ISSUER, DEV_AUDIENCE),
            read_user=lambda user_id: self._read_user(dynamodb, user_id),
            read_object=lambda key: self._read_object(s3, key),
            issue_token=lambda user_id: issue(user_id, DEV_JWT_SECRET, DEV_ISSUER, DEV_AUDIENCE),
            allowed_origins=config.allowed_origins,
            static_dir=STATIC_DIR,
            host=config.gateway_host,
            port=config.gateway_port,
        )
        spec = build_openapi()
        self.gateway.extra_routes["/openapi.json"] = lambda: (200, "application/json", render(spec).encode())
        self.gateway.extra_routes["/api"] = lambda: (200, "text/html; charset=utf-8", reference_html(spec).encode())
        self.event_source = SqsEventSource(self.endpoints.client("sqs"), self.stack.queue_url, events.handler, self.endpoints.region)
        self.event_source.start()
        # Last: once the gateway answers (its health included), everything else is running.
        thread = threading.Thread(target=self.gateway.serve_forever, name="local-gateway", daemon=True)
        thread.start()
        self._threads.append(thread)

    def _read_user(self, dynamodb, user_id: str) -> dict | None:
        item = dynamodb.get_item(
            TableName=self.stack.table, Key={self.stack.user_id_attribute: {"S": user_id}}, ConsistentRead=True
        ).get("Item")
        if item is None:
            return None
        deserializer = TypeDeserializer()
        return {name: deserializer.deserialize(value) for name, value in item.items()}

    def _read_object(self, s3, key: str) -> tuple[str, bytes] | None:
        try:
            response = s3.get_object(Bucket=self.stack.bucket, Key=key)
        except s3.exceptions.NoSuchKey:
            return None
        return response.get("ContentType", "application/octet-stream"), response["Body"].read()

    def token(self, user_id: str) -> str:
        return issue(user_id, DEV_JWT_SECRET, DEV_ISSUER, DEV_AUDIENCE)

    def stop(self) -> None:
        if self.event_source:
            self.event_source.stop()
        if self.gateway:
            self.gateway.shutdown()
        if self.emulator:
            self.emulator.stop()
        for name, value in self._saved_environment.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        self._saved_environment = {}

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
