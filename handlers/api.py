"""`POST /profile/image`: issue a presigned upload URL to the authenticated user."""

import logging
import uuid

from pydantic import ValidationError

from domain.errors import DomainError
from domain.models import UploadRequest
from handlers.schemas import UploadRequestBody, UploadUrlResponse
from handlers.container import build_container
from handlers.errors import domain_error_body, internal_error_body, validation_error_body
from handlers.http import body_of, cors_headers, headers_of, identity_of, json_response, method_of
from handlers.observability import configure_logging, set_request_id

configure_logging()
container = build_container()
logger = logging.getLogger("open_update_image.api")


def handler(event, context):
    request_id = getattr(context, "aws_request_id", None) or _event_request_id(event) or str(uuid.uuid4())
    set_request_id(request_id)
    settings = container.settings()
    event = event if isinstance(event, dict) else {}
    cors = cors_headers(headers_of(event).get("origin"), settings.allowed_origins)
    try:
        status, body = _handle(event, settings.user_id_claim)
    except Exception as error:  # noqa: BLE001 - the one place that turns any failure into a 5xx
        status, body = internal_error_body(error, request_id)
        logger.exception("upload url failed", extra={"event": "upload_url_failed", "status": status})
        return json_response(status, body, cors)
    if status == 204:
        return {"statusCode": 204, "headers": cors, "body": ""}
    if isinstance(body, UploadUrlResponse):  # pydantic writes the JSON in one step (compact, same fields)
        key, fields, body = body.key, [], body.model_dump_json()
    else:
        key, fields = None, _fields(body)
    logger.info("upload url answered", extra={"event": "upload_url", "status": status, "key": key, "errorFields": fields})
    return json_response(status, body, cors)


def _handle(event: dict, claim: str) -> tuple[int, dict | UploadUrlResponse]:
    method = method_of(event)
    if method == "OPTIONS":
        return 204, {}
    if method and method != "POST":
        return 405, {"message": "method not allowed: use POST", "errors": [{"field": None, "message": "use POST"}]}
    user_id = identity_of(event, claim)
    if user_id is None:
        return 401, {"message": "not authenticated", "errors": [{"field": "Authorization", "message": "no identity from the authorizer"}]}
    try:
        payload = body_of(event)
        if not isinstance(payload, dict):
            return 400, {"message": "request body must be a JSON object", "errors": [{"field": "body", "message": "must be a JSON object"}]}
        body = UploadRequestBody.model_validate(payload)
        ticket = container.request_upload()(
            UploadRequest(user_id=user_id, file_name=body.fileName, content_type=body.contentType, content_length=body.contentLength)
        )
    except ValidationError as error:
        return validation_error_body(error)
    except DomainError as error:
        return domain_error_body(error)
    return 200, UploadUrlResponse(
        imageUrl=ticket.image_url,
        uploadURL=ticket.upload_url,
        method="PUT",
        headers=ticket.headers,
        key=ticket.key,
        expiresAt=ticket.expires_at,
        expiresIn=ticket.expires_in,
    )


def _event_request_id(event) -> str | None:
    context = event.get("requestContext") if isinstance(event, dict) else None
    return context.get("requestId") if isinstance(context, dict) else None


def _fields(body: dict) -> list:
    return [error.get("field") for error in body.get("errors", []) if isinstance(error, dict)]
