"""schemathesis against the local API with a valid bearer token: every answer must fit openapi.json.

Which checks are off, and why, is in schemathesis.toml. The log is kept in test-artifacts/schemathesis.log.
"""

import subprocess
import sys
from pathlib import Path

import requests

from tests.conftest import ARTIFACTS, ROOT

MAX_EXAMPLES = "200"


def test_the_local_api_conforms_to_its_openapi_document(local_stack):
    schemathesis = Path(sys.executable).with_name("st")
    run = subprocess.run(
        [
            str(schemathesis),
            "--config-file",
            str(ROOT / "schemathesis.toml"),
            "run",
            f"{local_stack.config.gateway_url}/openapi.json",
            "--url",
            local_stack.config.gateway_url,
            "--header",
            f"Authorization: Bearer {local_stack.token('demo')}",
            "--max-examples",
            MAX_EXAMPLES,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=540,
    )
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "schemathesis.log").write_text(run.stdout + run.stderr, encoding="utf-8")
    exit_code, output = run.returncode, run.stdout  # not `run` itself: its args hold the token
    assert exit_code == 0, f"schemathesis found problems:\n{run.stdout[-6000:]}\n{run.stderr[-2000:]}"
    assert "No issues found" in output


def test_methods_without_a_route_get_api_gateways_404_json_not_a_501_page(local_stack):
    # Found by schemathesis: the local gateway answered TRACE and QUERY with the stdlib's 501 HTML page.
    for method in ("TRACE", "QUERY", "PUT", "DELETE"):
        response = requests.request(method, f"{local_stack.config.gateway_url}/profile/image", timeout=5)
        assert (response.status_code, response.json()) == (404, {"message": "Not Found"}), method
