"""`examples/complete` applied for real to a moto server, a real photo through the deployed configuration,
and the contracts that tie the module to the code:

- every AWS operation the packaged handlers (and the SQS event source, for the events role) perform is
  allowed by that function's deployed IAM policy, and the policy grants nothing they do not perform;
- the module sets exactly the settings the container reads;
- every handler string the module deploys resolves to a callable in the package.

The package is built for this machine's CPU and the runtime's Python (python3.12) and run by that
interpreter with only the zip and boto3 on sys.path (tests/terraform/lambda_driver.py), as Lambda runs it.
moto stores the functions but cannot run them without Docker, so the test plays Lambda's part: it invokes
the driver for the API, and polls the queue for the events function as the event source mapping would.
"""

import base64
import fnmatch
import hashlib
import json
import os
import subprocess
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import boto3
import pytest
import requests
from botocore.config import Config

from devstack.emulator import FAKE_CREDENTIALS, MotoServer
from devstack.lambda_runtime import SqsEventSource
from domain.ids import new_ulid
from handlers.settings import SETTINGS
from tests.aws_operations import SUITE_OPERATIONS
from tests.events import http_api_event, s3_notification, s3_record
from tests.terraform.cli import Terraform, copy_module
from tools.package_lambda import build_package, find_interpreter, host_arch, runtime_version

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
RUNTIME = "python3.12"  # the module's default runtime
REGION = "eu-west-1"  # examples/complete's default region
SERVICES = ("apigateway", "apigatewayv2", "cloudfront", "logs", "dynamodb", "iam", "lambda", "s3", "sqs", "sts")

# IAM action per operation where the names differ (the rest are "<service>:<Operation>").
IAM_ACTION = {
    ("s3", "HeadObject"): "s3:GetObject",
    ("sqs", "DeleteMessageBatch"): "sqs:DeleteMessage",
}
# Granted without an operation of ours that names it, each for a reason the test states.
RUNTIME_LOGS = dict.fromkeys(("logs:CreateLogStream", "logs:PutLogEvents"), "the Lambda runtime writes the function's logs")
IMPLIED_GRANTS = {
    "api": RUNTIME_LOGS,
    "events": {
        **RUNTIME_LOGS,
        "s3:ListBucket": "without it S3 answers 403, not 404, for an object already gone (GetObject of a gone key is exercised)",
    },
}
# What moto does not answer back as it was sent, so a second plan differs though nothing changed in AWS terms.
EMULATOR_ROUND_TRIP_GAPS = {
    # moto's GetDistribution drops origin_access_control_id, returns the legacy forwarded_values beside
    # cache_policy_id and adds ssl_support_method to the default certificate.
    "aws_cloudfront_distribution": {"default_cache_behavior", "origin", "viewer_certificate"},
    # moto re-serialises the redrive policy with spaces after ',' and ':' (AWS returns it compact).
    "aws_sqs_queue": {"redrive_policy"},
}


def provider_override(endpoint: str) -> str:
    endpoints = "\n".join(f'    {service} = "{endpoint}"' for service in SERVICES)
    return f"""
provider "aws" {{
  region                      = var.region
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  s3_use_path_style           = true
  endpoints {{
{endpoints}
  }}
}}

# The package is built for this machine's CPU, so that the test can run what it deploys.
module "profile_images" {{
  architecture = "{host_arch()}"
}}
"""


class Driver:
    """The packaged handlers in a runtime interpreter (lambda_driver.py), one JSON line per invocation."""

    def __init__(self, interpreter: Path, package_dir: Path, boto3_dir: Path, environment: dict, handler_strings: list[str]):
        env = {
            "PATH": os.environ.get("PATH", ""),
            "PYTHONPATH": os.pathsep.join([str(package_dir), str(boto3_dir)]),
            "PYTHONDONTWRITEBYTECODE": "1",
            **environment,
        }
        self.log = open(ARTIFACTS / "terraform-apply-handlers.log", "w")
        self.process = subprocess.Popen(
            [str(interpreter), "-S", "-s", "-P", str(Path(__file__).with_name("lambda_driver.py")), *handler_strings],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, text=True, env=env, cwd=package_dir,
        )
        line = self.process.stdout.readline()
        if not line:
            raise AssertionError(f"the packaged handlers did not start; see {self.log.name}:\n{Path(self.log.name).read_text()}")
        self.ready = json.loads(line)
        self.operations: dict[str, list[dict]] = {name: [] for name in handler_strings}

    def invoke(self, handler: str, event: dict):
        self.process.stdin.write(json.dumps({"handler": handler, "event": event}) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise AssertionError(f"{handler} crashed; see {self.log.name}:\n{Path(self.log.name).read_text()[-4000:]}")
        answer = json.loads(line)
        self.operations[handler].extend(answer["operations"])
        return answer["result"]

    def stop(self):
        self.process.stdin.close()
        self.process.wait(timeout=10)
        self.log.close()


@dataclass
class Applied:
    terraform: Terraform
    server: MotoServer
    outputs: dict
    functions: dict  # "api" / "events" -> GetFunctionConfiguration
    package_sha256: str
    plan: dict
    interpreter: Path
    package: object  # tools.package_lambda.Package
    event_source_operations: list = field(default_factory=list)
    destroyed: bool = False

    def client(self, service: str):
        return boto3.session.Session().client(
            service, region_name=REGION, endpoint_url=self.server.url,
            aws_access_key_id="test", aws_secret_access_key="test",
            config=Config(s3={"addressing_style": "path"}) if service == "s3" else None,
        )


@pytest.fixture(scope="module")
def applied(tmp_path_factory):
    interpreter = find_interpreter(runtime_version(RUNTIME))
    if interpreter is None:
        pytest.skip(f"SKIPPED LOUDLY: no {RUNTIME} interpreter on this machine, so the deployed package cannot be run as Lambda runs it")
    scratch = tmp_path_factory.mktemp("terraform-apply")
    root = copy_module(scratch)
    example = root / "examples" / "complete"
    terraform = Terraform(example, scratch)  # skips loudly without terraform or the provider mirror
    package = build_package(scratch / "lambda.zip", host_arch(), RUNTIME)
    ARTIFACTS.mkdir(exist_ok=True)
    server = MotoServer(log_path=str(ARTIFACTS / "moto-terraform.log")).start()
    state = None
    try:
        (example / "emulator_override.tf").write_text(provider_override(server.url))
        terraform.init()
        variable = f"-var=lambda_zip_path={package.archive}"
        terraform.run("apply", "-auto-approve", variable, timeout=900)
        terraform.run("plan", "-out=again.tfplan", variable)
        plan = json.loads(terraform.run("show", "-json", "again.tfplan").stdout)
        outputs = terraform.output()
        lambda_client = boto3.session.Session().client(
            "lambda", region_name=REGION, endpoint_url=server.url, aws_access_key_id="test", aws_secret_access_key="test"
        )
        functions = {
            key: lambda_client.get_function_configuration(FunctionName=outputs[f"{key}_function_name"])
            for key in ("api", "events")
        }
        package_sha256 = base64.b64encode(hashlib.sha256(package.archive.read_bytes()).digest()).decode()
        state = Applied(terraform, server, outputs, functions, package_sha256, plan, interpreter, package)
        yield state
    finally:
        if state is not None and not state.destroyed:
            terraform.run("destroy", "-auto-approve", f"-var=lambda_zip_path={package.archive}", check=False, timeout=900)
        server.stop()


def changed_attributes(change: dict) -> set[str]:
    before, after = change["before"] or {}, change["after"] or {}
    return {name for name in set(before) | set(after) if before.get(name) != after.get(name)}


def test_second_plan_shows_no_changes(applied):
    unexpected, tolerated = [], []
    for resource in applied.plan.get("resource_changes", []):
        change = resource["change"]
        if change["actions"] in (["no-op"], ["read"]):
            continue
        changed = changed_attributes(change)
        gap = EMULATOR_ROUND_TRIP_GAPS.get(resource["type"])
        if change["actions"] == ["update"] and gap and changed <= gap:
            if resource["type"] == "aws_sqs_queue":  # equal as JSON: only moto's whitespace differs
                assert json.loads(change["before"]["redrive_policy"]) == json.loads(change["after"]["redrive_policy"])
            tolerated.append(f"{resource['address']}: {sorted(changed)}")
            continue
        unexpected.append(f"{resource['address']} {change['actions']}: {sorted(changed)}")
    if tolerated:
        print("moto does not round-trip these attributes (not changes in AWS terms):\n  " + "\n  ".join(tolerated))
    assert not unexpected, "the second plan would change:\n" + "\n".join(unexpected)


def test_module_sets_exactly_the_settings_the_container_reads(applied):
    for key, function in applied.functions.items():
        variables = function["Environment"]["Variables"]
        assert set(variables) == set(SETTINGS), f"{key}: module sets {sorted(variables)}, container reads {sorted(SETTINGS)}"
        assert variables["BUCKET_NAME"] == applied.outputs["bucket_name"]
        assert variables["TABLE_NAME"] == applied.outputs["table_name"]
        assert variables["PUBLIC_BASE_URL"] == applied.outputs["public_base_url"] and variables["PUBLIC_BASE_URL"].startswith("https://")


def test_deployed_functions_run_the_package(applied):
    for key, function in applied.functions.items():
        assert function["CodeSha256"] == applied.package_sha256, f"{key} does not run the zip that was built"
        assert function["Runtime"] == RUNTIME and function["Architectures"] == [host_arch()]


def allow_plain_http_on_moto(s3, bucket: str) -> None:
    """moto evaluates a bucket policy's Deny without its Condition (it has no aws:SecureTransport in its
    request context), so the module's TLS-only statement refuses every request, over HTTP or HTTPS. Drop
    exactly that statement, after checking it is the TLS deny, and keep the rest of the deployed policy."""
    policy = json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])
    tls_only = [s for s in policy["Statement"] if s.get("Sid") == "DenyInsecureTransport"]
    assert tls_only and tls_only[0]["Effect"] == "Deny" and tls_only[0]["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    policy["Statement"] = [s for s in policy["Statement"] if s not in tls_only]
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))


@pytest.fixture(scope="module")
def flow(applied, runtime_boto3, images, tmp_path_factory):
    """A real photo, a replacement, and the uploads that must be refused, through the deployed configuration."""
    package_dir = tmp_path_factory.mktemp("deployed-package")
    with zipfile.ZipFile(applied.package.archive) as bundle:
        bundle.extractall(package_dir)
    api_handler, events_handler = (applied.functions[key]["Handler"] for key in ("api", "events"))
    environment = {
        **applied.functions["api"]["Environment"]["Variables"],
        "AWS_REGION": REGION, "AWS_DEFAULT_REGION": REGION, "AWS_ENDPOINT_URL": applied.server.url, **FAKE_CREDENTIALS,
    }
    driver = Driver(applied.interpreter, package_dir, runtime_boto3, environment, [api_handler, events_handler])
    s3, dynamodb, sqs = applied.client("s3"), applied.client("dynamodb"), applied.client("sqs")
    sqs.meta.events.register(
        "before-parameter-build", lambda event_name, params, **_: applied.event_source_operations.append(event_name.split(".")[1:] + [params.get("QueueUrl")])
    )
    # moto's own SQS event source would try to invoke the function through Docker on every message (and count a
    # receive each time): pause it, and poll as Lambda's event source does.
    lambda_client = applied.client("lambda")
    for mapping in lambda_client.list_event_source_mappings(FunctionName=applied.outputs["events_function_name"])["EventSourceMappings"]:
        lambda_client.update_event_source_mapping(UUID=mapping["UUID"], Enabled=False)
    source = SqsEventSource(sqs, applied.outputs["queue_url"], lambda event, context: driver.invoke(events_handler, event), REGION)
    table, bucket = applied.outputs["table_name"], applied.outputs["bucket_name"]
    allow_plain_http_on_moto(s3, bucket)
    dynamodb.put_item(TableName=table, Item={"id": {"S": "demo"}, "name": {"S": "Demo"}})

    def request_and_put(photo: Path, content_type: str, body: bytes | None = None):
        response = driver.invoke(api_handler, http_api_event({"fileName": photo.name, "contentType": content_type}, claims={"sub": "demo"}))
        assert response["statusCode"] == 200, response
        answer = json.loads(response["body"])
        put = requests.put(answer["uploadURL"], data=photo.read_bytes() if body is None else body, headers=answer["headers"], timeout=30)
        assert put.status_code == 200, put.text
        source.drain(timeout=20)
        return answer

    def profile():
        item = dynamodb.get_item(TableName=table, Key={"id": {"S": "demo"}}, ConsistentRead=True)["Item"]
        return {name: next(iter(value.values())) for name, value in item.items()}

    def keys():
        return sorted(entry["Key"] for entry in s3.list_objects_v2(Bucket=bucket).get("Contents", []))

    result = {"driver": driver, "profile": profile, "keys": keys, "s3": s3, "bucket": bucket}
    result["first"] = request_and_put(images / "grace_hopper.jpg", "image/jpeg")
    result["after_first"] = profile()
    result["first_bytes"] = s3.get_object(Bucket=bucket, Key=result["first"]["key"])["Body"].read()
    result["second"] = request_and_put(images / "chelsea.png", "image/png")
    result["after_second"] = profile()
    result["keys_after_second"] = keys()
    result["fake"] = request_and_put(images / "chelsea.png", "image/png", body=b"<html><body>not a picture</body></html>")
    result["after_fake"] = profile()
    result["keys_after_fake"] = keys()
    # An empty object, a picture for a user with no profile, and an event for an object already gone.
    empty_key, ghost_key, gone_key = (f"users/{user}/{new_ulid()}.png" for user in ("demo", "ghost", "demo"))
    s3.put_object(Bucket=bucket, Key=empty_key, Body=b"", ContentType="image/png")
    s3.put_object(Bucket=bucket, Key=ghost_key, Body=(images / "chelsea.png").read_bytes(), ContentType="image/png")
    source.drain(timeout=20)
    result["gone_answer"] = driver.invoke(events_handler, s3_notification(s3_record(bucket, gone_key)))
    result["after_edge_cases"] = profile()
    result["keys_after_edge_cases"] = keys()
    result["dead_letters"] = sqs.receive_message(QueueUrl=applied.outputs["dead_letter_queue_url"], WaitTimeSeconds=0).get("Messages", [])
    yield result
    driver.stop()


def test_packaged_handlers_resolve_from_the_module(applied, flow):
    assert flow["driver"].ready["ready"] == sorted(function["Handler"] for function in applied.functions.values())
    assert flow["driver"].ready["python"].startswith(runtime_version(RUNTIME) + ".")
    assert not any("site-packages" in entry for entry in flow["driver"].ready["path"]), flow["driver"].ready["path"]


def test_a_real_photo_becomes_the_profile_picture(applied, flow, images):
    first = flow["first"]
    assert flow["after_first"]["imageUrl"] == applied.outputs["public_base_url"] + "/" + first["key"] == first["imageUrl"]
    assert flow["first_bytes"] == (images / "grace_hopper.jpg").read_bytes()


def test_a_newer_photo_replaces_it_and_the_old_one_is_deleted(flow):
    assert flow["after_second"]["imageUrl"] == flow["second"]["imageUrl"]
    assert flow["first"]["key"] not in flow["keys_after_second"] and flow["second"]["key"] in flow["keys_after_second"]


def test_a_fake_png_is_deleted_and_changes_nothing(flow):
    assert flow["after_fake"]["imageUrl"] == flow["second"]["imageUrl"]
    assert flow["fake"]["key"] not in flow["keys_after_fake"]


def test_edge_cases_leave_only_the_profile_picture(flow):
    assert flow["gone_answer"] is None  # a direct S3 event for a gone object completes
    assert flow["after_edge_cases"]["imageUrl"] == flow["second"]["imageUrl"]
    assert flow["keys_after_edge_cases"] == [flow["second"]["key"]]
    assert flow["dead_letters"] == []


def iam_operations(driver_operations, event_source_operations, outputs, table_arn, queue_arn):
    """(IAM action, resource ARN) for each operation performed."""
    performed = set()
    for service, operation, params in driver_operations:
        action = IAM_ACTION.get((service, operation), f"{service}:{operation}")
        if service == "s3":
            resource = f"arn:aws:s3:::{params['Bucket']}" + (f"/{params['Key']}" if "Key" in params else "")
        else:
            assert params["TableName"] == outputs["table_name"]
            resource = table_arn
        performed.add((action, resource))
    for service, operation, queue_url in event_source_operations:
        if queue_url == outputs["queue_url"]:
            performed.add((IAM_ACTION.get((service, operation), f"{service}:{operation}"), queue_arn))
    return performed


def allowed(statements, action, resource) -> bool:
    def listed(value):
        return value if isinstance(value, list) else [value]

    return any(
        statement["Effect"] == "Allow"
        and any(fnmatch.fnmatchcase(action.lower(), pattern.lower()) for pattern in listed(statement["Action"]))
        and any(fnmatch.fnmatchcase(resource, pattern) for pattern in listed(statement["Resource"]))
        for statement in statements
    )


@pytest.mark.parametrize("function", ["api", "events"])
def test_iam_allows_exactly_the_operations_performed(applied, flow, function):
    iam = applied.client("iam")
    role = applied.functions[function]["Role"].rsplit("/", 1)[1]
    policies = iam.list_role_policies(RoleName=role)["PolicyNames"]
    assert iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"] == [], "no managed policies"
    statements = [s for name in policies for s in iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"]["Statement"]]
    table_arn = applied.client("dynamodb").describe_table(TableName=applied.outputs["table_name"])["Table"]["TableArn"]
    handler = applied.functions[function]["Handler"]
    event_source = applied.event_source_operations if function == "events" else []
    queue_arn = applied.client("sqs").get_queue_attributes(QueueUrl=applied.outputs["queue_url"], AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    performed = iam_operations(flow["driver"].operations[handler], event_source, applied.outputs, table_arn, queue_arn)
    assert performed, "no operation was recorded"

    refused = sorted(f"{action} on {resource}" for action, resource in performed if not allowed(statements, action, resource))
    assert not refused, f"{function}: the deployed policy refuses operations the code performs:\n" + "\n".join(refused)

    granted = {action for statement in statements for action in statement["Action"]}
    # Every operation the rest of the suite made the same function's clients perform (other buckets and
    # tables, so checked by action): none may need an action the role lacks.
    in_suite = {IAM_ACTION.get(operation, f"{operation[0]}:{operation[1]}") for operation in SUITE_OPERATIONS[function]}
    assert in_suite <= granted, f"{function}: the suite performed actions the role lacks: {sorted(in_suite - granted)}"
    used = {action for action, _ in performed} | in_suite
    implied = IMPLIED_GRANTS[function]
    unused = sorted(granted - used - set(implied))
    assert not unused, f"{function}: granted but never performed: {unused}"
    assert set(implied) <= granted, f"{function}: the implied grants are missing: {sorted(set(implied) - granted)}"
    print(f"{function}: performed {sorted(used)} (in the rest of the suite: {sorted(in_suite)}); implied {implied}")


def test_destroy_cleanly(applied, flow):
    applied.terraform.run("destroy", "-auto-approve", f"-var=lambda_zip_path={applied.package.archive}", timeout=900)
    applied.destroyed = True
    assert applied.client("s3").list_buckets()["Buckets"] == []
    assert applied.client("dynamodb").list_tables()["TableNames"] == []
    assert applied.client("lambda").list_functions()["Functions"] == []
    assert applied.client("sqs").list_queues().get("QueueUrls", []) == []
    roles = {role["RoleName"] for role in applied.client("iam").list_roles()["Roles"]}
    assert not roles & {applied.outputs["api_function_name"], applied.outputs["events_function_name"]}, roles
