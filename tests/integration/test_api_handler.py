"""The API handler with realistic REST (1.0) and HTTP API (2.0) events, against the emulator."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from domain.keys import parse_key
from tests.events import http_api_event, rest_api_event

GOOD = {"fileName": "grace hopper é.jpg", "contentType": "image/jpeg"}


def call(deployed, event):
    response = deployed.api.handler(event, None)
    return response["statusCode"], json.loads(response["body"] or "{}"), response["headers"]


def test_http_api_jwt_user_gets_a_working_upload_url(deployed, images):
    status, body, headers = call(deployed, http_api_event(GOOD, claims={"sub": "demo"}))
    assert status == 200, body
    assert set(body) == {"errors", "imageUrl", "uploadURL", "method", "headers", "key", "expiresAt", "expiresIn"}
    assert body["errors"] == [] and body["method"] == "PUT" and body["expiresIn"] == 60
    assert parse_key("users/", body["key"]).user_id == "demo"
    query = parse_qs(urlsplit(body["uploadURL"]).query)
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"] and query["X-Amz-Expires"] == ["60"]
    assert "content-type" in query["X-Amz-SignedHeaders"][0].split(";")
    assert headers["Content-Type"] == "application/json"
    assert headers["Access-Control-Allow-Origin"] == "http://127.0.0.1:8080"

    photo = (images / "grace_hopper.jpg").read_bytes()
    assert requests.put(body["uploadURL"], data=photo, headers=body["headers"], timeout=10).status_code == 200
    assert body["key"] in deployed.object_keys()


def test_rest_api_cognito_claims(deployed):
    status, body, _ = call(deployed, rest_api_event(GOOD, authorizer={"claims": {"sub": "demo", "email": "d@example.com"}}))
    assert status == 200, body


def test_rest_api_lambda_authorizer_context_key_is_configurable(deployed, monkeypatch):
    monkeypatch.setenv("USER_ID_CLAIM", "id")
    deployed.api.container.reset_singletons()
    status, body, _ = call(deployed, rest_api_event(GOOD, authorizer={"id": "demo", "principalId": "someone-else"}))
    assert status == 200, body
    assert parse_key("users/", body["key"]).user_id == "demo"


def test_rest_api_token_authorizer_with_only_principal_id(deployed):
    status, body, _ = call(deployed, rest_api_event(GOOD, authorizer={"principalId": "demo"}))
    assert status == 200, body
    assert parse_key("users/", body["key"]).user_id == "demo"


def test_http_api_lambda_authorizer_context(deployed):
    status, body, _ = call(deployed, http_api_event(GOOD, lambda_context={"sub": "demo"}))
    assert status == 200, body


@pytest.mark.parametrize(
    "event",
    [
        http_api_event(GOOD),
        http_api_event(GOOD, claims={}),
        http_api_event(GOOD, claims={"sub": ""}),
        rest_api_event(GOOD),
        rest_api_event(GOOD, authorizer={}),
    ],
    ids=["http-no-authorizer", "http-no-claims", "http-empty-sub", "rest-no-authorizer", "rest-empty-authorizer"],
)
def test_no_identity_is_401_even_with_a_valid_body(deployed, event):
    status, body, _ = call(deployed, event)
    assert status == 401 and body["errors"][0]["field"] == "Authorization"
    assert deployed.object_keys() == []


def test_base64_encoded_body_is_decoded(deployed):
    status, body, _ = call(deployed, http_api_event(GOOD, claims={"sub": "demo"}, base64_body=True))
    assert status == 200, body


@pytest.mark.parametrize(
    "payload, field",
    [
        ("{not json", "body"),
        (None, "body"),
        ("[1, 2]", "body"),
        ({"contentType": "image/png"}, "fileName"),
        ({"fileName": "a.png"}, "contentType"),
        ({"fileName": 12, "contentType": "image/png"}, "fileName"),
        ({"fileName": "a.png", "contentType": "image/png", "contentLength": "12"}, "contentLength"),
        ({"fileName": "a.png", "contentType": "image/png", "contentLength": 0}, "contentLength"),
        ({"fileName": "   ", "contentType": "image/png"}, "fileName"),
        ({"fileName": "a.gif", "contentType": "image/png"}, "fileName"),
    ],
)
def test_bad_requests_are_400_naming_the_field(deployed, payload, field):
    status, body, _ = call(deployed, http_api_event(payload, claims={"sub": "demo"}))
    assert status == 400, body
    assert field in [error["field"] for error in body["errors"]] and body["message"]


def test_unknown_user_is_404_and_no_item_appears(deployed):
    status, body, _ = call(deployed, http_api_event(GOOD, claims={"sub": "stranger"}))
    assert status == 404 and body["errors"][0]["message"]
    assert deployed.user_item("stranger") is None


def test_declared_size_over_the_maximum_is_413(deployed):
    status, body, _ = call(deployed, http_api_event({**GOOD, "contentLength": 6 * 1024 * 1024}, claims={"sub": "demo"}))
    assert status == 413 and body["errors"][0]["field"] == "contentLength"


def test_unsupported_type_is_415(deployed):
    status, body, _ = call(deployed, http_api_event({"fileName": "x.svg", "contentType": "image/svg+xml"}, claims={"sub": "demo"}))
    assert status == 415 and body["errors"][0]["field"] == "contentType"


def test_cors_headers_only_for_allowed_origins(deployed):
    _, _, headers = call(deployed, http_api_event(GOOD, claims={"sub": "demo"}, headers={"origin": "https://evil.example"}))
    assert "Access-Control-Allow-Origin" not in headers


def test_preflight_is_answered_without_identity(deployed):
    event = http_api_event(None)
    event["requestContext"]["http"]["method"] = "OPTIONS"
    response = deployed.api.handler(event, None)
    assert response["statusCode"] == 204
    assert response["headers"]["Access-Control-Allow-Origin"] == "http://127.0.0.1:8080"
