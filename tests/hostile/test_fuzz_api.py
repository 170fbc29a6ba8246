"""Fuzzing the API handler: no 5xx for client faults, JSON errors that name the problem, nothing written,
and no body, header, path or query can choose whose prefix a URL writes under."""

import base64
import json

import pytest
from dependency_injector import providers
from hypothesis import HealthCheck, given, settings, strategies as st

from adapters.memory import InMemoryObjectStore, InMemoryUserRepository
from domain.keys import parse_key
from tests.events import http_api_event, rest_api_event

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)
field_values = st.one_of(json_values, st.sampled_from(["image/png", "IMAGE/JPEG", "a.png", "x.gif", "", " ", 0, -1, 10**12, True]))
bodies = st.one_of(
    st.fixed_dictionaries({}, optional={"fileName": field_values, "contentType": field_values, "contentLength": field_values, "userId": st.text(max_size=10), "key": st.text(max_size=20)}),
    json_values,
)
raw_bodies = st.one_of(bodies.map(json.dumps), st.text(max_size=80), st.none())


@pytest.fixture(scope="module")
def in_memory_api():
    from handlers import api

    store, users = InMemoryObjectStore(), InMemoryUserRepository(("alice", "bob"))
    api.container.reset_singletons()
    api.container.object_store.override(providers.Object(store))
    api.container.user_repository.override(providers.Object(users))
    yield api, store, users
    api.container.object_store.reset_override()
    api.container.user_repository.reset_override()
    api.container.reset_singletons()


def check_response(response):
    assert response["statusCode"] < 500, response
    body = json.loads(response["body"])
    if response["statusCode"] >= 400:
        assert body["message"] and isinstance(body["errors"], list)
        assert all("field" in error and error["message"] for error in body["errors"])
    return response["statusCode"], body


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=raw_bodies, as_base64=st.booleans(), shape=st.sampled_from(["http", "rest"]), user=st.sampled_from(["alice", "bob", "carol"]))
def test_arbitrary_bodies_never_cause_a_5xx(in_memory_api, raw, as_base64, shape, user):
    api, store, users = in_memory_api
    if shape == "http":
        event = http_api_event(raw, claims={"sub": user}, base64_body=as_base64 and raw is not None)
    else:
        event = rest_api_event(raw, authorizer={"claims": {"sub": user}})
        if as_base64 and raw is not None:
            event["body"], event["isBase64Encoded"] = base64.b64encode(raw.encode()).decode(), True
    status, body = check_response(api.handler(event, None))
    assert store.objects == {} and set(users.images) == {"alice", "bob"}
    if status == 200:
        assert parse_key("users/", body["key"]).user_id == user


event_shapes = st.dictionaries(
    st.sampled_from(["body", "headers", "requestContext", "isBase64Encoded", "httpMethod", "version", "queryStringParameters"]),
    json_values,
    max_size=6,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(event=st.one_of(event_shapes, json_values))
def test_arbitrary_event_shapes_never_cause_a_5xx(in_memory_api, event):
    api, store, _ = in_memory_api
    check_response(api.handler(event, None))
    assert store.objects == {}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    claimed=st.sampled_from(["bob", "bob/", "../bob", "users/bob", "bob%2F"]),
    headers=st.dictionaries(st.sampled_from(["x-user-id", "x-amz-meta-user", "cookie", "authorization"]), st.sampled_from(["bob", "Bearer bob"]), max_size=3),
)
def test_alice_never_gets_a_url_under_bobs_prefix(in_memory_api, claimed, headers):
    api, _, _ = in_memory_api
    body = {"fileName": f"{claimed}.png", "contentType": "image/png", "userId": claimed, "key": f"users/{claimed}/x.png", "user": claimed}
    event = http_api_event(body, claims={"sub": "alice"}, headers=headers)
    event["rawPath"] = f"/profile/image/{claimed}"
    event["rawQueryString"] = f"userId={claimed}&key=users/{claimed}/"
    event["queryStringParameters"] = {"userId": claimed}
    event["pathParameters"] = {"userId": claimed}
    status, response = check_response(api.handler(event, None))
    assert status == 200
    assert parse_key("users/", response["key"]).user_id == "alice"
    assert response["key"].startswith("users/alice/") and "bob" not in response["uploadURL"]
