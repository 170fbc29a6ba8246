"""The demo page in headless Chromium against the local stack: a real upload, and the errors users meet.

Needs Debian's chromium and `npm ci` (playwright-core); `.ci/run` installs both. Screenshots of every
state land in test-artifacts/browser/.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import requests

from tests.conftest import ARTIFACTS, ROOT
from tests.e2e.conftest import user
from tests.frontend.foreign_origin import ForeignOrigin

DRIVER = Path(__file__).with_name("drive_demo_page.mjs")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = ARTIFACTS / "browser"


def missing_browser_tools() -> str | None:
    if shutil.which("node") is None:
        return "node is not installed (apt-get install nodejs npm; .ci/run does it)"
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium; .ci/run does it)"
    if not (ROOT / "node_modules" / "playwright-core").is_dir():
        return "node_modules/playwright-core is missing (run `npm ci` in the repository root; .ci/run does it)"
    return None


@pytest.fixture(autouse=True)
def browser_tools():
    missing = missing_browser_tools()
    if missing and os.environ.get("CI"):
        pytest.fail(f"browser tools missing in CI, where .ci/run installs them: {missing}")
    if missing:
        pytest.skip(f"BROWSER TEST SKIPPED: {missing}")


def drive(page_url: str, user_id: str, file: dict, name: str, storage_answer: dict | None = None) -> dict:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    scenario = {
        "pageUrl": page_url,
        "user": user_id,
        "file": file,
        "screenshots": {"dir": str(SCREENSHOTS), "prefix": name},
        "storageAnswer": storage_answer,
    }
    run = subprocess.run(
        ["node", str(DRIVER), json.dumps(scenario)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, CHROMIUM=CHROMIUM),
    )
    assert run.returncode == 0, f"browser driver failed:\n{run.stderr[-4000:]}"
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_uploading_a_photo_shows_the_confirmed_avatar(local_stack, images):
    photo = images / "astronaut.png"

    seen = drive(local_stack.config.gateway_url + "/", "demo", {"path": str(photo)}, "upload")

    assert seen["state"] == "done", seen
    assert seen["previewShown"]
    assert seen["progressShown"] and seen["progressValue"] == 100
    confirmed = user(local_stack, "demo")["imageUrl"]
    assert seen["avatarSrc"] == confirmed
    assert seen["avatarVisible"] and seen["avatarNaturalWidth"] > 0, "the avatar image did not load"
    assert requests.get(confirmed, timeout=10).content == photo.read_bytes()
    # The browser sent exactly the signed headers it was given (Content-Length is set by the browser itself).
    [put] = [request for request in seen["storageRequests"] if request["method"] == "PUT"]
    assert put["headers"]["content-type"] == "image/png"


def test_upload_from_an_origin_the_bucket_does_not_allow_fails_the_cors_check(local_stack, images):
    before = user(local_stack, "eve").get("imageUrl")
    with ForeignOrigin(local_stack.config.gateway_url) as foreign:
        assert foreign.url not in local_stack.config.allowed_origins

        seen = drive(foreign.url + "/", "eve", {"path": str(images / "astronaut.png")}, "cors-blocked")

    assert seen["pageOrigin"] == foreign.url
    assert seen["state"] == "error", seen
    assert "CORS" in seen["statusText"] and foreign.url in seen["statusText"]
    assert any("CORS policy" in line for line in seen["console"]), seen["console"]
    assert user(local_stack, "eve").get("imageUrl") == before


def test_a_file_that_is_not_an_image_is_refused_in_plain_words(local_stack):
    seen = drive(local_stack.config.gateway_url + "/", "demo", {"name": "notes.txt", "mimeType": "text/plain", "size": 200}, "wrong-type")

    assert seen["state"] == "error"
    assert "can't be a profile picture" in seen["statusText"] and "JPEG, PNG, WebP or GIF" in seen["statusText"]
    assert seen["storageRequests"] == []


def test_a_picture_over_the_limit_is_refused_before_uploading(local_stack):
    six_mib = 6 * 1024 * 1024
    seen = drive(local_stack.config.gateway_url + "/", "demo", {"name": "huge.png", "mimeType": "image/png", "size": six_mib}, "too-large")

    assert seen["state"] == "error"
    assert "too large (6.0 MB)" in seen["statusText"] and "limit is 5.0 MB" in seen["statusText"]
    assert seen["storageRequests"] == []


def test_an_expired_upload_url_is_explained(local_stack, images):
    # moto does not enforce expiry: answer the PUT the way S3 does once X-Amz-Expires has passed.
    expired = {
        "status": 403,
        "body": "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code>"
        "<Message>Request has expired</Message><X-Amz-Expires>60</X-Amz-Expires></Error>",
    }
    before = user(local_stack, "eve").get("imageUrl")
    seen = drive(local_stack.config.gateway_url + "/", "eve", {"path": str(images / "astronaut.png")}, "expired", expired)

    assert seen["state"] == "error"
    assert "upload link expired" in seen["statusText"]
    assert user(local_stack, "eve").get("imageUrl") == before
