"""API Gateway proxy events (REST payload 1.0 and HTTP API payload 2.0): reading them, answering them."""

import base64
import binascii
import json
from typing import Any

from domain.errors import InvalidField


def _mapping(value) -> dict:
    return value if isinstance(value, dict) else {}


def method_of(event: dict) -> str:
    http = _mapping(_mapping(event.get("requestContext")).get("http"))
    method = event.get("httpMethod") or http.get("method") or ""
    return method.upper() if isinstance(method, str) else "?"


def headers_of(event: dict) -> dict[str, str]:
    headers = event.get("headers") or {}
    if not isinstance(headers, dict):
        return {}
    return {str(name).lower(): str(value) for name, value in headers.items() if value is not None}


def body_of(event: dict) -> Any:
    """The JSON body, decoded from base64 when API Gateway encoded it. Raises InvalidField."""
    raw = event.get("body")
    if raw is None or raw == "":
        raise InvalidField("request body is required", field="body")
    if not isinstance(raw, str):
        raise InvalidField("request body must be JSON text", field="body")
    if event.get("isBase64Encoded"):
        try:
            raw = base64.b64decode(raw, validate=True).decode("utf-8")
        except (binascii.Error, ValueError):
            raise InvalidField("request body is not valid base64-encoded UTF-8", field="body") from None
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, RecursionError):
        raise InvalidField("request body is not valid JSON", field="body") from None


def identity_of(event: dict, claim: str) -> str | None:
    """The authenticated user id, from whichever authorizer API Gateway ran; None when there is none.

    HTTP API: JWT claims (`authorizer.jwt.claims`) or Lambda authorizer context (`authorizer.lambda`).
    REST API: Cognito claims (`authorizer.claims`), or a Lambda authorizer's context keys sitting
    directly in `authorizer`, falling back to its `principalId`.
    """
    authorizer = _mapping(event.get("requestContext")).get("authorizer")
    if not isinstance(authorizer, dict):
        return None
    for source in (
        _mapping(authorizer.get("jwt")).get("claims"),
        authorizer.get("lambda"),
        authorizer.get("claims"),
        authorizer,
    ):
        if isinstance(source, dict):
            value = source.get(claim)
            if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
                return str(value).strip()
    principal = authorizer.get("principalId")
    if isinstance(principal, str) and principal.strip():
        return principal.strip()
    return None


def cors_headers(origin: str | None, allowed_origins: tuple[str, ...]) -> dict[str, str]:
    if "*" in allowed_origins:
        allow = "*"
    elif origin and origin in allowed_origins:
        allow = origin
    else:
        return {}
    return {
        "Access-Control-Allow-Origin": allow,
        "Access-Control-Allow-Headers": "Authorization, Content-Type",
        "Access-Control-Allow-Methods": "POST, OPTIONS",
        "Access-Control-Max-Age": "600",
        "Vary": "Origin",
    }


def json_response(status: int, body: dict | str, extra_headers: dict[str, str] | None = None) -> dict:
    """body: a dict to encode, or JSON text already encoded (a response model's `model_dump_json()`)."""
    headers = {"Content-Type": "application/json", "Cache-Control": "no-store"}
    headers.update(extra_headers or {})
    text = body if isinstance(body, str) else json.dumps(body)
    return {"statusCode": status, "headers": headers, "body": text, "isBase64Encoded": False}
