"""The bucket's CORS rules as the emulator applies them to a browser's preflight before the PUT."""

import requests

from tests.conftest import ORIGIN


def preflight(deployed, origin: str) -> requests.Response:
    url = f"{deployed.endpoints.s3}/{deployed.stack.bucket}/users/demo/photo.png"
    return requests.options(
        url,
        headers={"Origin": origin, "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "content-type"},
        timeout=10,
    )


def test_preflight_from_an_allowed_origin_allows_the_put_with_its_headers(deployed):
    response = preflight(deployed, ORIGIN)

    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "PUT" in response.headers["Access-Control-Allow-Methods"].replace(" ", "").split(",")
    assert "content-type" in response.headers["Access-Control-Allow-Headers"].replace(" ", "").split(",")


def test_preflight_from_another_origin_is_refused(deployed):
    response = preflight(deployed, "http://127.0.0.1:1")

    assert response.status_code == 403
