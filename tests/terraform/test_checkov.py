"""checkov over terraform/, examples included, offline: no failed check, no parsing error, and every inline
`# checkov:skip=<ID>:<reason>` is one that checkov applies and that would fail without it.

checkov lives in its own virtualenv, .venv-checkov (`make test` installs it from tools/checkov-requirements.txt).
Without it this module skips, except under CI, where it fails.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODULE = ROOT / "terraform"
CHECKOV = ROOT / ".venv-checkov" / "bin" / "checkov"
REQUIREMENTS = ROOT / "tools" / "checkov-requirements.txt"
# The module and its three examples hold about 50 resources; far fewer passed checks means checkov did not
# really read them (a parser change, a wrong directory).
MIN_PASSED = 50
MIN_RESOURCES = 40

# No network: no guidelines or platform mappings downloaded, no package-scan, no update check, no API key.
OFFLINE_ENVIRONMENT = {
    "BC_SKIP_MAPPING": "TRUE",
    "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false",
    "CKV_SKIP_PACKAGE_UPDATE_CHECK": "true",
    "LOG_LEVEL": "WARNING",
}
PLATFORM_VARIABLES = ("BC_API_KEY", "BC_API_URL", "PRISMA_API_URL", "CKV_API_KEY")

SKIP_COMMENT = re.compile(r"^\s*#\s*checkov:skip=(?P<id>[A-Z0-9_]+)(?::(?P<reason>.*))?$")
RESOURCE_BLOCK = re.compile(r'^resource\s+"(?P<type>[^"]+)"\s+"(?P<name>[^"]+)"\s*\{')
# module.a.module.b.aws_x.name["key"] -> aws_x.name
ADDRESS = re.compile(r'^(?:module\.[^.]+\.)*(?P<address>[^.\[]+\.[^.\[]+)')


def pinned_version() -> str:
    for line in REQUIREMENTS.read_text().splitlines():
        match = re.match(r"^checkov==(\S+)", line.strip())
        if match:
            return match.group(1)
    raise AssertionError(f"{REQUIREMENTS} pins no checkov version")


def command(directory: Path) -> list[str]:
    return [
        str(CHECKOV), "--directory", str(directory), "--framework", "terraform",
        "--skip-download", "--download-external-modules", "false", "--output", "json",
    ]


def run_checkov(directory: Path) -> dict:
    """checkov's JSON report of one directory (the terraform framework's)."""
    environment = {name: value for name, value in os.environ.items() if name not in PLATFORM_VARIABLES}
    environment.update(OFFLINE_ENVIRONMENT)
    result = subprocess.run(command(directory), cwd=ROOT, env=environment, capture_output=True, text=True, timeout=600)
    # 0: nothing failed, 1: something failed; anything else is checkov itself going wrong.
    assert result.returncode in (0, 1), f"checkov exited {result.returncode}:\n{result.stderr[-4000:]}"
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        raise AssertionError(f"checkov printed no JSON report:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}") from None
    reports = report if isinstance(report, list) else [report]
    terraform = [item for item in reports if item.get("check_type") == "terraform"]
    assert terraform, f"checkov found nothing to check in {directory}: {report}"
    return terraform[0]


def key(check: dict) -> tuple[str, str, str]:
    """(file, resource address without module path and index, check id): one resource block's check."""
    match = ADDRESS.match(check["resource"])
    return check["file_path"], match.group("address") if match else check["resource"], check["check_id"]


def inline_skips(root: Path) -> dict[tuple[str, str, str], str]:
    """Every `# checkov:skip=` comment of the .tf files under root, by key(), with its reason."""
    skips = {}
    for path in sorted(root.rglob("*.tf")):
        if ".terraform" in path.parts:
            continue
        resource = None
        for line in path.read_text().splitlines():
            block = RESOURCE_BLOCK.match(line)
            if block:
                resource = f"{block.group('type')}.{block.group('name')}"
                continue
            skip = SKIP_COMMENT.match(line)
            if skip:
                assert resource, f"{path}: a checkov:skip outside a resource block: {line.strip()}"
                skips[("/" + path.relative_to(root).as_posix(), resource, skip.group("id"))] = (skip.group("reason") or "").strip()
    return skips


def describe(check: dict) -> str:
    start, end = check.get("file_line_range") or (0, 0)
    return f"{check['check_id']} {check['resource']} terraform{check['file_path']}:{start}-{end} ({check['check_name']})"


@pytest.fixture(scope="module")
def checkov():
    if not CHECKOV.exists():
        message = f"{CHECKOV.relative_to(ROOT)} is missing: `make test` installs it (tools/checkov-requirements.txt)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def report(checkov):
    return run_checkov(MODULE)


@pytest.fixture(scope="module")
def report_without_skips(checkov, tmp_path_factory):
    """The same run over a copy of terraform/ whose checkov:skip comments are removed."""
    copy = tmp_path_factory.mktemp("checkov") / "terraform"
    shutil.copytree(MODULE, copy, ignore=shutil.ignore_patterns(".terraform", "*.tfstate*"))
    for path in copy.rglob("*.tf"):
        lines = path.read_text().splitlines(keepends=True)
        path.write_text("".join(line for line in lines if not SKIP_COMMENT.match(line.rstrip("\n"))))
    return run_checkov(copy)


def test_checkov_is_the_pinned_version(report):
    assert report["summary"]["checkov_version"] == pinned_version(), (
        f".venv-checkov has checkov {report['summary']['checkov_version']}, {REQUIREMENTS.name} pins "
        f"{pinned_version()}: run `make test` (or delete .venv-checkov) to reinstall it"
    )


def test_no_parsing_errors(report):
    errors = report["results"].get("parsing_errors", [])
    assert not errors and report["summary"]["parsing_errors"] == 0, f"checkov could not parse: {errors}"


def test_no_failed_checks(report):
    failed = report["results"]["failed_checks"]
    if failed:
        pytest.fail(f"{len(failed)} failed checkov checks (fix the module, or skip inline with a reason):\n"
                    + "\n".join(describe(check) for check in failed), pytrace=False)


def test_checkov_really_evaluated_the_module(report):
    summary = report["summary"]
    assert summary["resource_count"] >= MIN_RESOURCES, summary
    assert summary["passed"] >= MIN_PASSED, summary


def test_every_skip_has_a_reason():
    skips = inline_skips(MODULE)
    assert skips, "no inline skips found: did the comment syntax change?"
    missing = [f"{check_id} {resource} terraform{file}" for (file, resource, check_id), reason in skips.items()
               if len(reason) < 10]
    assert not missing, "checkov:skip without a real reason:\n" + "\n".join(missing)


def test_every_skip_is_applied_and_needed(report, report_without_skips):
    skips = set(inline_skips(MODULE))
    applied = {key(check) for check in report["results"]["skipped_checks"]}
    would_fail = {key(check) for check in report_without_skips["results"]["failed_checks"]}
    not_applied = sorted(skips - applied)
    not_needed = sorted((skips & applied) - would_fail)
    problems = [f"{check_id} {resource} terraform{file}: checkov does not run this check on this resource"
                for file, resource, check_id in not_applied]
    problems += [f"{check_id} {resource} terraform{file}: passes without the skip (remove it)"
                 for file, resource, check_id in not_needed]
    if problems:
        pytest.fail("inline checkov:skip comments to remove:\n" + "\n".join(problems), pytrace=False)
