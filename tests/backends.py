"""Emulator backends for the integration suite. Only fixtures differ between them; tests do not."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from devstack.emulator import MotoServer
from devstack.resources import Endpoints

# Features a test may require; a backend lists those it really has.
MOTO_FEATURES = frozenset({"s3", "dynamodb", "sqs", "s3-to-sqs-notifications", "bucket-cors"})


@dataclass
class RunningBackend:
    name: str
    endpoints: Endpoints
    features: frozenset[str]
    stop: Callable[[], None] = field(default=lambda: None)


def start_backend(name: str, state_dir: Path) -> RunningBackend:
    if name == "moto":
        state_dir.mkdir(parents=True, exist_ok=True)
        server = MotoServer(log_path=str(state_dir / "moto-tests.log")).start()
        return RunningBackend("moto", Endpoints.single(server.url), MOTO_FEATURES, server.stop)
    raise ValueError(f"unknown backend {name!r}")
