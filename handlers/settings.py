"""Settings: every environment variable the service reads, and nothing else reads the environment."""

import os
from dataclasses import dataclass
from typing import Mapping

from domain.media import SUPPORTED_CONTENT_TYPES


class ConfigurationError(RuntimeError):
    pass


# Name -> default (None: required). The Terraform module sets exactly these (a test checks it).
SETTINGS = {
    "BUCKET_NAME": None,
    "TABLE_NAME": None,
    "USER_ID_ATTRIBUTE": "id",
    "IMAGE_URL_ATTRIBUTE": "imageUrl",
    "KEY_PREFIX": "users/",
    "UPLOAD_URL_EXPIRES_SECONDS": "60",
    "MAX_UPLOAD_BYTES": "5242880",
    "ALLOWED_CONTENT_TYPES": ",".join(SUPPORTED_CONTENT_TYPES),
    "PUBLIC_BASE_URL": "",
    "ALLOWED_ORIGINS": "",
    "USER_ID_CLAIM": "sub",
}


def _list(value: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in value.split(",") if item.strip())


def _int(name: str, value: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except ValueError:
        raise ConfigurationError(f"setting {name} must be a whole number, got {value!r}") from None
    if not low <= number <= high:
        raise ConfigurationError(f"setting {name} must be between {low} and {high}, got {number}")
    return number


@dataclass(frozen=True)
class Settings:
    bucket_name: str
    table_name: str
    user_id_attribute: str
    image_url_attribute: str
    key_prefix: str
    upload_url_expires_seconds: int
    max_upload_bytes: int
    allowed_content_types: tuple[str, ...]
    public_base_url: str | None
    allowed_origins: tuple[str, ...]
    user_id_claim: str
    region: str
    s3_endpoint_url: str | None
    dynamodb_endpoint_url: str | None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Settings":
        env = os.environ if environ is None else environ
        values = {}
        for name, default in SETTINGS.items():
            value = env.get(name, "").strip()
            if not value:
                if default is None:
                    raise ConfigurationError(f"missing required setting {name}")
                value = default
            values[name] = value
        unsupported = set(ct.lower() for ct in _list(values["ALLOWED_CONTENT_TYPES"])) - set(SUPPORTED_CONTENT_TYPES)
        if unsupported:
            raise ConfigurationError(f"setting ALLOWED_CONTENT_TYPES has unsupported types: {sorted(unsupported)}")
        prefix = values["KEY_PREFIX"]
        if not prefix.endswith("/") or prefix.startswith("/"):
            raise ConfigurationError("setting KEY_PREFIX must end with '/' and not start with it")
        # AWS_* below are set by the Lambda runtime or by an emulator set-up; boto3 reads the same names.
        general_endpoint = env.get("AWS_ENDPOINT_URL") or None
        return cls(
            bucket_name=values["BUCKET_NAME"],
            table_name=values["TABLE_NAME"],
            user_id_attribute=values["USER_ID_ATTRIBUTE"],
            image_url_attribute=values["IMAGE_URL_ATTRIBUTE"],
            key_prefix=prefix,
            upload_url_expires_seconds=_int("UPLOAD_URL_EXPIRES_SECONDS", values["UPLOAD_URL_EXPIRES_SECONDS"], 1, 604800),
            max_upload_bytes=_int("MAX_UPLOAD_BYTES", values["MAX_UPLOAD_BYTES"], 1, 5 * 1024**3),
            allowed_content_types=_list(values["ALLOWED_CONTENT_TYPES"]),
            public_base_url=values["PUBLIC_BASE_URL"] or None,
            allowed_origins=_list(values["ALLOWED_ORIGINS"]),
            user_id_claim=values["USER_ID_CLAIM"],
            region=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1",
            s3_endpoint_url=env.get("AWS_ENDPOINT_URL_S3") or general_endpoint,
            dynamodb_endpoint_url=env.get("AWS_ENDPOINT_URL_DYNAMODB") or general_endpoint,
        )
