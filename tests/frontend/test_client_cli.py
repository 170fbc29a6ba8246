"""The Python client and its command line, end to end through the local stack."""

import os
import subprocess
import sys

import pytest
import requests

from client.api import _storage_error
from tests.conftest import ROOT
from tests.frontend.conftest import profile


def cli(*args: str) -> subprocess.CompletedProcess:
    environment = {name: value for name, value in os.environ.items() if not name.startswith("OPEN_UPDATE_IMAGE_")}
    return subprocess.run(
        [sys.executable, "-m", "client.cli", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_upload_against_the_local_stack_prints_the_confirmed_image_url(stack, images):
    photo = images / "chelsea.png"

    run = cli("upload", str(photo), "--user", "demo", "--api-url", stack.config.gateway_url)

    assert run.returncode == 0, run.stderr
    image_url = run.stdout.strip()
    assert image_url == profile(stack, "demo")["imageUrl"]
    assert requests.get(image_url, timeout=10).content == photo.read_bytes()
    assert "100%" in run.stderr and "confirmed" in run.stderr


def test_upload_with_a_given_token_and_profile_url_as_for_a_deployed_api(stack, images):
    run = cli(
        "upload", str(images / "grace_hopper.jpg"),
        "--api-url", stack.config.gateway_url,
        "--token", stack.token("alice"),
        "--profile-url", f"{stack.config.gateway_url}/_local/users/alice",
    )  # fmt: skip

    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == profile(stack, "alice")["imageUrl"]


def test_a_refused_upload_exits_1_with_the_apis_reason(stack):
    run = cli("upload", str(ROOT / "Makefile"), "--content-type", "text/plain", "--api-url", stack.config.gateway_url)

    assert run.returncode == 1 and run.stdout == ""
    assert "HTTP 415" in run.stderr and "image/png" in run.stderr


def s3_answer(status: int, code: str, message: str) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response._content = f"<Error><Code>{code}</Code><Message>{message}</Message></Error>".encode()
    return response


@pytest.mark.parametrize(
    "answer, hint",
    [
        (s3_answer(403, "SignatureDoesNotMatch", "The request signature we calculated does not match"), "send exactly the returned headers"),
        (s3_answer(403, "AccessDenied", "Request has expired"), "the upload URL expired"),
        (s3_answer(307, "TemporaryRedirect", "Please re-send this request to the specified temporary endpoint"), "regional endpoint"),
    ],
)
def test_s3_refusals_the_emulator_cannot_produce_are_explained(answer, hint):
    # moto checks neither signatures, expiry nor regions: these are S3's documented answers.
    assert hint in str(_storage_error(answer))
