"""Domain models: the upload policy, use-case inputs and results. Plain dataclasses."""

from dataclasses import dataclass, field
from typing import Literal

from domain.media import SUPPORTED_CONTENT_TYPES, normalize_content_type

MIB = 1024 * 1024


@dataclass(frozen=True)
class UploadPolicy:
    """The rules an upload must follow. Built once from settings."""

    key_prefix: str = "users/"
    max_upload_bytes: int = 5 * MIB
    allowed_content_types: frozenset[str] = frozenset(SUPPORTED_CONTENT_TYPES)
    url_expires_seconds: int = 60
    public_base_url: str | None = None

    def __post_init__(self) -> None:
        allowed = frozenset(normalize_content_type(value) for value in self.allowed_content_types)
        unsupported = allowed - set(SUPPORTED_CONTENT_TYPES)
        if unsupported:
            raise ValueError(f"unsupported content types: {', '.join(sorted(unsupported))}")
        object.__setattr__(self, "allowed_content_types", allowed)


@dataclass(frozen=True)
class UploadRequest:
    user_id: str
    file_name: str
    content_type: str
    content_length: int | None = None


@dataclass(frozen=True)
class PresignedUpload:
    url: str
    headers: dict[str, str]


@dataclass(frozen=True)
class UploadTicket:
    upload_url: str
    headers: dict[str, str]
    key: str
    image_url: str
    expires_at: str
    expires_in: int
    method: str = "PUT"


@dataclass(frozen=True)
class StoredObject:
    size: int
    content_type: str
    head: bytes


@dataclass(frozen=True)
class ProfileImage:
    key: str
    upload_id: str
    image_url: str


@dataclass(frozen=True)
class ImageChange:
    """What `UserRepository.set_image_if_newer` did."""

    outcome: Literal["updated", "stale", "unknown_user"]
    replaced: ProfileImage | None = None  # the image replaced, when updated
    current: ProfileImage | None = None  # the image kept, when stale


@dataclass(frozen=True)
class ConfirmResult:
    outcome: Literal["confirmed", "duplicate", "superseded", "rejected", "ignored", "gone", "unknown_user"]
    key: str
    reason: str = ""
    deleted_keys: tuple[str, ...] = field(default_factory=tuple)
