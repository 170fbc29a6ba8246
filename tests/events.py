"""Realistic Lambda events, shaped as API Gateway, S3, SQS and EventBridge send them."""

import base64
import json
import uuid
from urllib.parse import quote_plus


def http_api_event(body, claims: dict | None = None, lambda_context: dict | None = None, base64_body=False, headers=None) -> dict:
    """API Gateway HTTP API, payload format 2.0."""
    raw = body if isinstance(body, str) or body is None else json.dumps(body)
    authorizer = None
    if claims is not None:
        authorizer = {"jwt": {"claims": claims, "scopes": None}}
    elif lambda_context is not None:
        authorizer = {"lambda": lambda_context}
    context = {
        "accountId": "123456789012",
        "apiId": "api",
        "http": {"method": "POST", "path": "/profile/image", "protocol": "HTTP/1.1", "sourceIp": "203.0.113.9", "userAgent": "test"},
        "requestId": str(uuid.uuid4()),
        "routeKey": "POST /profile/image",
        "stage": "$default",
    }
    if authorizer is not None:
        context["authorizer"] = authorizer
    event = {
        "version": "2.0",
        "routeKey": "POST /profile/image",
        "rawPath": "/profile/image",
        "rawQueryString": "",
        "headers": {"content-type": "application/json", "origin": "http://127.0.0.1:8080", **(headers or {})},
        "requestContext": context,
        "isBase64Encoded": base64_body,
    }
    if raw is not None:
        event["body"] = base64.b64encode(raw.encode()).decode() if base64_body else raw
    return event


def rest_api_event(body, authorizer: dict | None = None, headers=None) -> dict:
    """API Gateway REST API, payload format 1.0 (Lambda proxy integration)."""
    context = {"accountId": "123456789012", "resourcePath": "/profile/image", "httpMethod": "POST", "requestId": str(uuid.uuid4()), "stage": "prod"}
    if authorizer is not None:
        context["authorizer"] = authorizer
    return {
        "resource": "/profile/image",
        "path": "/profile/image",
        "httpMethod": "POST",
        "headers": {"Content-Type": "application/json", **(headers or {})},
        "multiValueHeaders": {},
        "queryStringParameters": None,
        "requestContext": context,
        "body": body if isinstance(body, str) or body is None else json.dumps(body),
        "isBase64Encoded": False,
    }


def s3_record(bucket: str, key: str, event_name="ObjectCreated:Put", size=1, encode=True) -> dict:
    return {
        "eventVersion": "2.1",
        "eventSource": "aws:s3",
        "awsRegion": "us-east-1",
        "eventName": event_name,
        "s3": {
            "s3SchemaVersion": "1.0",
            "bucket": {"name": bucket, "arn": f"arn:aws:s3:::{bucket}"},
            # S3 sends keys URL-encoded as in a form: space as '+', '+' as '%2B'.
            "object": {"key": quote_plus(key, safe="/") if encode else key, "size": size},
        },
    }


def s3_notification(*records) -> dict:
    return {"Records": list(records)}


def sqs_event(*bodies) -> dict:
    return {
        "Records": [
            {
                "messageId": f"m{index}",
                "receiptHandle": f"r{index}",
                "body": body if isinstance(body, str) else json.dumps(body),
                "attributes": {"ApproximateReceiveCount": "1"},
                "messageAttributes": {},
                "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:q",
                "awsRegion": "us-east-1",
            }
            for index, body in enumerate(bodies)
        ]
    }


def eventbridge_event(bucket: str, key: str) -> dict:
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Object Created",
        "source": "aws.s3",
        "detail": {"bucket": {"name": bucket}, "object": {"key": quote_plus(key, safe="/"), "size": 1}, "reason": "PutObject"},
    }
