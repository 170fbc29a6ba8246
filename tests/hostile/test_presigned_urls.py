"""Cases 1-3: the URLs a browser gets are SigV4, on the regional virtual host, and say what they sign."""

from urllib.parse import parse_qs, urlsplit

import pytest

from adapters.s3_object_store import S3ObjectStore
from handlers.aws import make_s3_client


@pytest.fixture(autouse=True)
def real_aws_endpoints(monkeypatch):
    for name in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"):
        monkeypatch.delenv(name, raising=False)


def presign(region: str, content_length=None):
    client = make_s3_client(region, None)
    store = S3ObjectStore(client, "avatars-bucket", region)
    return store.presign_put("users/demo/01HZY00000000000000000000A.png", "image/png", content_length, 60)


@pytest.mark.parametrize("region", ["us-east-1", "eu-west-1", "eu-central-1", "ap-southeast-2"])
def test_every_region_gets_sigv4_on_the_regional_virtual_host(region):
    url = urlsplit(presign(region).url)
    query = parse_qs(url.query)
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert f"/{region}/s3/aws4_request" in query["X-Amz-Credential"][0]
    assert url.scheme == "https"
    assert url.netloc == f"avatars-bucket.s3.{region}.amazonaws.com"
    assert url.path == "/users/demo/01HZY00000000000000000000A.png"


@pytest.mark.parametrize("content_length", [None, 4096])
def test_returned_headers_are_exactly_the_signed_ones(content_length):
    presigned = presign("eu-central-1", content_length)
    signed = parse_qs(urlsplit(presigned.url).query)["X-Amz-SignedHeaders"][0].split(";")
    assert sorted(name.lower() for name in presigned.headers) == sorted(name for name in signed if name != "host")
    assert presigned.headers["Content-Type"] == "image/png"
    if content_length:
        assert presigned.headers["Content-Length"] == str(content_length)


def test_no_checksum_parameters_in_the_url():
    query = parse_qs(urlsplit(presign("us-east-1").url).query)
    assert not [name for name in query if "checksum" in name.lower()]
