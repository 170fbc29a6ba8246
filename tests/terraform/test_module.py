"""The module's static checks: fmt, validate (module and each example) and `terraform test` (mock provider)."""

import re

import pytest

from tests.terraform.cli import EXAMPLES, MODULE, Terraform, copy_module


@pytest.fixture(scope="module")
def module_copy(tmp_path_factory):
    scratch = tmp_path_factory.mktemp("terraform-static")
    return copy_module(scratch), scratch


def test_fmt_check(tmp_path):
    result = Terraform(MODULE, tmp_path).run("fmt", "-check", "-recursive", "-diff", check=False)
    assert result.returncode == 0, f"terraform fmt would change:\n{result.stdout}{result.stderr}"


@pytest.mark.parametrize("directory", [".", *(f"examples/{name}" for name in EXAMPLES)])
def test_validate(module_copy, directory):
    root, scratch = module_copy
    terraform = Terraform(root / directory, scratch)
    terraform.init()
    result = terraform.run("validate", "-json", check=False)
    assert '"valid": true' in result.stdout, result.stdout + result.stderr


def test_terraform_test_with_mock_provider(module_copy):
    root, scratch = module_copy
    terraform = Terraform(root, scratch)
    terraform.init()
    result = terraform.run("test", check=False, timeout=900)
    output = result.stdout + result.stderr
    print(output)
    runs = len(re.findall(r'^run "', (MODULE / "tests" / "module.tftest.hcl").read_text(), flags=re.MULTILINE))
    assert result.returncode == 0, output
    summary = re.search(r"Success! (\d+) passed, 0 failed\.", output)
    assert summary, output
    assert int(summary.group(1)) == runs, f"{runs} run blocks, {summary.group(1)} passed:\n{output}"
