"""A real photo through the local stack: token → API → HTTP PUT → S3 notification → SQS → confirm."""

import os
import signal
import subprocess
import sys

import pytest
import requests

from devstack.emulator import free_port, wait_until_up
from tests.conftest import ROOT
from tests.e2e.conftest import request_upload, user, wait_for
from tests.unit.fakes import HTML


@pytest.mark.parametrize("photo, content_type", [("grace_hopper.jpg", "image/jpeg"), ("astronaut.png", "image/png")])
def test_real_photo_becomes_the_profile_picture(local_stack, images, photo, content_type):
    data = (images / photo).read_bytes()
    response = request_upload(local_stack, "demo", photo, content_type, contentLength=len(data))
    assert response.status_code == 200, response.text
    ticket = response.json()

    put = requests.put(ticket["uploadURL"], data=data, headers=ticket["headers"], timeout=30)
    assert put.status_code == 200, put.text

    wait_for(lambda: user(local_stack, "demo").get("imageUrl") == ticket["imageUrl"])
    served = requests.get(ticket["imageUrl"], timeout=10)
    assert served.status_code == 200 and served.content == data


def test_fake_png_is_rejected_and_deleted(local_stack):
    before = user(local_stack, "eve").get("imageUrl")
    ticket = request_upload(local_stack, "eve", "evil.png", "image/png").json()
    assert requests.put(ticket["uploadURL"], data=HTML, headers=ticket["headers"], timeout=10).status_code == 200
    s3 = local_stack.endpoints.client("s3")

    def deleted():
        listing = s3.list_objects_v2(Bucket=local_stack.stack.bucket, Prefix=ticket["key"])
        return listing.get("KeyCount", 0) == 0

    wait_for(deleted)
    assert user(local_stack, "eve").get("imageUrl") == before


def test_gateway_refuses_requests_without_a_valid_token(local_stack):
    url = f"{local_stack.config.gateway_url}/profile/image"
    body = {"fileName": "a.png", "contentType": "image/png"}
    assert requests.post(url, json=body, timeout=5).status_code == 401
    assert requests.post(url, json=body, headers={"Authorization": "Bearer x.y.z"}, timeout=5).status_code == 401
    forged = local_stack.token("demo")[:-2] + "AA"
    assert requests.post(url, json=body, headers={"Authorization": f"Bearer {forged}"}, timeout=5).status_code == 401


def test_make_run_starts_and_ctrl_c_stops_everything(tmp_path):
    gateway, emulator = free_port(), free_port()
    env = dict(os.environ, GATEWAY_PORT=str(gateway), EMULATOR_PORT=str(emulator), PYTHONUNBUFFERED="1")
    process = subprocess.Popen(
        [sys.executable, "-m", "devstack"], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, start_new_session=True,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{gateway}/_local/health", timeout=60, process=process)
        wait_until_up(f"http://127.0.0.1:{emulator}/moto-api/data.json", timeout=5)
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, output
    assert "POST http://127.0.0.1:%d/profile/image" % gateway in output
    for port in (gateway, emulator):
        with pytest.raises(requests.ConnectionError):
            requests.get(f"http://127.0.0.1:{port}/", timeout=2)
