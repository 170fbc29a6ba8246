"""The Python client and its command line, end to end through the local stack."""

import os
import subprocess
import sys

import pytest
import requests

from client.api import storage_error
from tests.conftest import ROOT
from tests.e2e.conftest import user


def cli(*args: str) -> subprocess.CompletedProcess:
    environment = {name: value for name, value in os.environ.items() if not name.startswith("OPEN_UPDATE_IMAGE_")}
    return subprocess.run(
        [sys.executable, "-m", "client.cli", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_upload_against_the_local_stack_prints_the_confirmed_image_url(local_stack, images):
    photo = images / "chelsea.png"

    run = cli("upload", str(photo), "--user", "demo", "--api-url", local_stack.config.gateway_url)

    assert run.returncode == 0, run.stderr
    image_url = run.stdout.strip()
    assert image_url == user(local_stack, "demo")["imageUrl"]
    assert requests.get(image_url, timeout=10).content == photo.read_bytes()
    assert "100%" in run.stderr and "confirmed" in run.stderr


def test_upload_with_a_given_token_and_profile_url_as_for_a_deployed_api(local_stack, images):
    run = cli(
        "upload", str(images / "grace_hopper.jpg"),
        "--api-url", local_stack.config.gateway_url,
        "--token", local_stack.token("eve"),
        "--profile-url", f"{local_stack.config.gateway_url}/_local/users/eve",
    )  # fmt: skip

    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == user(local_stack, "eve")["imageUrl"]


def test_a_refused_upload_exits_1_with_the_apis_reason(local_stack):
    run = cli("upload", str(ROOT / "Makefile"), "--content-type", "text/plain", "--api-url", local_stack.config.gateway_url)

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
    assert hint in str(storage_error(answer))
