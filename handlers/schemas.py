"""The HTTP contract of `POST /profile/image`: request, success and error bodies (pydantic).

The API handler validates with these and `api_contract` generates the OpenAPI document from them.
Only the API function imports this module; the events function never loads pydantic.
"""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr


def _empty_list() -> list:
    """Default factory: a Python function, because pydantic inspects a factory's signature, and for a builtin
    such as `list` that parses its text signature with tokenize, whose first use compiles a large regex
    (several ms of every cold start)."""
    return []


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

    errors: list[str] = Field(default_factory=_empty_list, description="Always empty; kept for older clients.")
    imageUrl: str = Field(description="URL of the image once the upload is confirmed.")
    uploadURL: str = Field(description="Presigned S3 URL to PUT the file to.")
    method: Literal["PUT"] = "PUT"
    headers: dict[str, str] = Field(description="Exactly the headers the PUT must carry.")
    key: str = Field(description="Object key the service chose.")
    expiresAt: str = Field(description="When uploadURL expires (ISO 8601, UTC).")
    expiresIn: int = Field(description="Seconds until uploadURL expires.")


# The handler writes error bodies as dicts of this shape; these two models only document it (OpenAPI), so
# their validators are built when first used, not at every cold start of the API function.
ONLY_DOCUMENTED = ConfigDict(defer_build=True)


class FieldError(BaseModel):
    model_config = ONLY_DOCUMENTED

    field: str | None = Field(description="The request field at fault, when there is one.")
    message: str


class ErrorResponse(BaseModel):
    """Every non-2xx response."""

    model_config = ONLY_DOCUMENTED

    message: str
    errors: list[FieldError] = Field(default_factory=_empty_list)
    requestId: str | None = Field(default=None, description="Present on 5xx responses, for support.")
