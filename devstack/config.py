"""Names, ports and the development-only signing key of the local stack."""

import os
from dataclasses import dataclass, field

# Development only: signs local tokens, never used by the deployed module.
DEV_JWT_SECRET = b"open-update-image-local-dev-key-not-for-production"
DEV_ISSUER = "http://127.0.0.1:8080/_local"
DEV_AUDIENCE = "open-update-image"
DEMO_USER = "demo"
REGION = "us-east-1"


@dataclass(frozen=True)
class StackConfig:
    gateway_host: str = "127.0.0.1"
    gateway_port: int = 8080
    emulator_port: int = 4567
    bucket: str = "open-update-image-local"
    table: str = "open-update-image-users"
    queue: str = "open-update-image-object-created"
    dead_letter_queue: str = "open-update-image-object-created-dlq"
    key_prefix: str = "users/"
    user_id_attribute: str = "id"
    image_url_attribute: str = "imageUrl"
    demo_users: tuple[str, ...] = (DEMO_USER,)
    extra_origins: tuple[str, ...] = field(default_factory=tuple)

    @property
    def gateway_url(self) -> str:
        return f"http://{self.gateway_host}:{self.gateway_port}"

    @property
    def allowed_origins(self) -> tuple[str, ...]:
        return (self.gateway_url, f"http://localhost:{self.gateway_port}", *self.extra_origins)

    @classmethod
    def from_env(cls) -> "StackConfig":
        return cls(
            gateway_port=int(os.environ.get("GATEWAY_PORT", "8080")),
            emulator_port=int(os.environ.get("EMULATOR_PORT", "4567")),
            # Your own dev server, e.g. LOCAL_ORIGINS=http://localhost:5173 (comma-separated).
            extra_origins=tuple(o.strip().rstrip("/") for o in os.environ.get("LOCAL_ORIGINS", "").split(",") if o.strip()),
        )
