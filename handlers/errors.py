"""Turning failures into HTTP answers: client faults name the field, internal ones give only the request id."""

from botocore.exceptions import BotoCoreError, ClientError, ConnectionError as BotoConnectionError, ReadTimeoutError
from pydantic import ValidationError

from domain.errors import DomainError, InvalidField, PayloadTooLarge, UnknownUser, UnsupportedContentType

STATUS_BY_ERROR = {InvalidField: 400, UnknownUser: 404, PayloadTooLarge: 413, UnsupportedContentType: 415}

_UNAVAILABLE_CODES = {
    "ThrottlingException",
    "ProvisionedThroughputExceededException",
    "RequestLimitExceeded",
    "SlowDown",
    "ServiceUnavailable",
    "InternalServerError",
    "InternalError",
    "TransactionConflictException",
}


def domain_error_body(error: DomainError) -> tuple[int, dict]:
    status = STATUS_BY_ERROR.get(type(error), 400)
    return status, {"message": error.message, "errors": [{"field": error.field, "message": error.message}]}


def validation_error_body(error: ValidationError) -> tuple[int, dict]:
    errors = []
    for item in error.errors(include_url=False, include_input=False):
        field = ".".join(str(part) for part in item["loc"]) or "body"
        errors.append({"field": field, "message": item["msg"]})
    fields = ", ".join(sorted({entry["field"] for entry in errors}))
    return 400, {"message": f"invalid request body: {fields}", "errors": errors}


def is_unavailable(error: Exception) -> bool:
    """A dependency is throttling, failing or unreachable: worth a 503 (retry later), not a 500."""
    if isinstance(error, ClientError):
        code = error.response.get("Error", {}).get("Code", "")
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        return code in _UNAVAILABLE_CODES or status >= 500
    return isinstance(error, (BotoConnectionError, ReadTimeoutError)) or isinstance(error, BotoCoreError) and "timeout" in type(error).__name__.lower()


def internal_error_body(error: Exception, request_id: str | None) -> tuple[int, dict]:
    if is_unavailable(error):
        return 503, {"message": "service temporarily unavailable, try again", "errors": [], "requestId": request_id}
    return 500, {"message": "internal error", "errors": [], "requestId": request_id}
