"""Domain models: the upload policy, the API's request and response bodies, and use-case results."""

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr

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


class UploadRequestBody(BaseModel):
    """Body of `POST /profile/image`. The user never comes from here: only from the authorizer."""

    model_config = ConfigDict(extra="ignore", json_schema_extra={"additionalProperties": True})

    fileName: StrictStr = Field(description="Name of the file on the client; only its extension is used.")
    contentType: StrictStr = Field(description="MIME type the client will upload, e.g. image/jpeg.")
    contentLength: StrictInt | None = Field(
        default=None, description="Exact size in bytes the client will upload; signed into the URL when given."
    )


class UploadUrlResponse(BaseModel):
    """200 response: where and how to PUT the file, and the URL it will have once confirmed."""

    errors: list[str] = Field(default_factory=list, description="Always empty; kept for older clients.")
    imageUrl: str = Field(description="URL of the image once the upload is confirmed.")
    uploadURL: str = Field(description="Presigned S3 URL to PUT the file to.")
    method: Literal["PUT"] = "PUT"
    headers: dict[str, str] = Field(description="Exactly the headers the PUT must carry.")
    key: str = Field(description="Object key the service chose.")
    expiresAt: str = Field(description="When uploadURL expires (ISO 8601, UTC).")
    expiresIn: int = Field(description="Seconds until uploadURL expires.")


class FieldError(BaseModel):
    field: str | None = Field(description="The request field at fault, when there is one.")
    message: str


class ErrorResponse(BaseModel):
    """Every non-2xx response."""

    message: str
    errors: list[FieldError] = Field(default_factory=list)
    requestId: str | None = Field(default=None, description="Present on 5xx responses, for support.")


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
