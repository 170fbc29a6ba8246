"""The OpenAPI document: generated from the handler's models, checked in without drift, served locally."""

import json
import os
import subprocess
import sys

import requests
from openapi_spec_validator import validate

from api_contract.openapi import ERROR_STATUSES, SPEC_PATH, build_openapi, render
from handlers.schemas import ErrorResponse, UploadRequestBody, UploadUrlResponse
from tests.conftest import ROOT


def test_checked_in_openapi_json_matches_the_models():
    assert SPEC_PATH.is_file(), f"{SPEC_PATH} is missing: run `make openapi`"
    assert SPEC_PATH.read_text(encoding="utf-8") == render(build_openapi()), "openapi.json drifted: run `make openapi`"


def test_the_document_is_valid_openapi_3_1():
    spec = build_openapi()
    assert spec["openapi"].startswith("3.1")
    validate(spec)


def test_the_operation_uses_the_handlers_models_statuses_and_bearer_auth():
    spec = build_openapi()
    operation = spec["paths"]["/profile/image"]["post"]
    schemas = spec["components"]["schemas"]

    def schema_of(content: dict) -> dict:
        return schemas[content["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]]

    assert schema_of(operation["requestBody"]["content"]) == UploadRequestBody.model_json_schema(
        ref_template="#/components/schemas/{model}"
    )
    assert set(schema_of(operation["responses"]["200"]["content"])["properties"]) == set(UploadUrlResponse.model_fields)
    assert set(operation["responses"]) == {"200", "400", "401", "404", "413", "415", "500", "503"}
    for status in ERROR_STATUSES:
        assert set(schema_of(operation["responses"][str(status)]["content"])["properties"]) == set(ErrorResponse.model_fields)
    assert spec["security"] == [{"bearerAuth": []}]
    scheme = spec["components"]["securitySchemes"]["bearerAuth"]
    assert (scheme["type"], scheme["scheme"], scheme["bearerFormat"]) == ("http", "bearer", "JWT")


def test_the_lambda_handlers_do_not_import_the_contract_tooling():
    probe = "import sys, handlers.api, handlers.events; print(sorted(m for m in sys.modules if m.startswith('api_contract')))"
    environment = dict(os.environ, BUCKET_NAME="b", TABLE_NAME="t")
    run = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def test_the_local_stack_serves_the_document_and_a_self_contained_reference_page(local_stack):
    served = requests.get(f"{local_stack.config.gateway_url}/openapi.json", timeout=5)
    assert served.status_code == 200 and served.headers["Content-Type"] == "application/json"
    assert served.json() == json.loads(SPEC_PATH.read_text(encoding="utf-8"))

    page = requests.get(f"{local_stack.config.gateway_url}/api", timeout=5)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    html = page.text
    assert "/profile/image" in html and "UploadRequestBody" in html and "UploadUrlResponse" in html
    for status in ERROR_STATUSES:
        assert f'<td class="status">{status}</td>' in html
    # Offline: nothing is loaded from anywhere else.
    assert "<script" not in html and "<link" not in html and "src=" not in html
