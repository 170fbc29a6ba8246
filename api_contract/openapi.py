"""OpenAPI 3.1 for `POST /profile/image`, generated from the models the handler validates and answers with."""

import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from pydantic.json_schema import models_json_schema

from handlers.schemas import ErrorResponse, UploadRequestBody, UploadUrlResponse

SPEC_PATH = Path(__file__).resolve().parent.parent / "openapi.json"
PATH = "/profile/image"
SECURITY_SCHEME = "bearerAuth"

# Every status the API answers with besides 200, and when (the contract of issue 2).
ERROR_STATUSES = {
    400: "Bad JSON, or a missing or invalid field. Each entry of `errors` names its field.",
    401: "No valid bearer token (refused by the authorizer), or no user identity in it.",
    404: "The authenticated user has no profile: no URL is issued.",
    413: "`contentLength` is over the maximum upload size, or the request body is too large.",
    415: "`contentType` is not one of the allowed image types.",
    500: "Internal error. `requestId` identifies the request for support; no internals are shown.",
    503: "A dependency is throttling or unavailable: retry later. `requestId` identifies the request.",
}

DESCRIPTION = """\
Issues a presigned S3 URL for a new profile picture of the authenticated user.

1. `POST /profile/image` with the file's name, type and size.
2. `PUT` the file to `uploadURL` with exactly the `headers` returned (they are signed into the URL),
   before `expiresAt`.
3. The service checks the object when S3 reports it created; once it is a real image of the declared
   type and within the size limit, the user's profile `imageUrl` becomes the returned `imageUrl`.

The user is always the one in the bearer token; it is never read from the body.
"""

REQUEST_EXAMPLE = {"fileName": "grace_hopper.jpg", "contentType": "image/jpeg", "contentLength": 61483}


def _package_version() -> str:
    try:
        return version("open-update-image")
    except PackageNotFoundError:
        return "0.0.0"


def build_openapi() -> dict:
    schemas_by_model, definitions = models_json_schema(
        [(UploadRequestBody, "validation"), (UploadUrlResponse, "serialization"), (ErrorResponse, "serialization")],
        ref_template="#/components/schemas/{model}",
    )

    def body(model, mode: str) -> dict:
        return {"application/json": {"schema": schemas_by_model[(model, mode)]}}

    responses = {"200": {"description": "Where and how to upload the file.", "content": body(UploadUrlResponse, "serialization")}}
    for status, description in ERROR_STATUSES.items():
        responses[str(status)] = {"description": description, "content": body(ErrorResponse, "serialization")}

    request_content = body(UploadRequestBody, "validation")
    request_content["application/json"]["example"] = REQUEST_EXAMPLE
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "open-update-image",
            "version": _package_version(),
            "description": "Profile-picture uploads for AWS: presigned S3 uploads, checked and confirmed by Lambda.",
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "servers": [
            {"url": "http://127.0.0.1:8080", "description": "The local stack of `make run`."},
            {
                "url": "https://{apiId}.execute-api.{region}.amazonaws.com",
                "description": "A deployed HTTP API (the Terraform module's output).",
                "variables": {"apiId": {"default": "example"}, "region": {"default": "us-east-1"}},
            },
        ],
        "security": [{SECURITY_SCHEME: []}],
        "paths": {
            PATH: {
                "post": {
                    "operationId": "requestProfileImageUpload",
                    "summary": "Get a presigned URL to upload a new profile picture",
                    "description": DESCRIPTION,
                    "requestBody": {"required": True, "content": request_content},
                    "responses": responses,
                }
            }
        },
        "components": {
            "schemas": definitions["$defs"],
            "securitySchemes": {
                SECURITY_SCHEME: {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "JWT",
                    "description": "A JWT from the identity provider; the user id is its `sub` claim (configurable).",
                }
            },
        },
    }


def render(spec: dict) -> str:
    return json.dumps(spec, indent=2, ensure_ascii=False) + "\n"
