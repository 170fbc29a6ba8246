"""Running terraform in tests: the binary, the local provider mirror, and a scratch copy of the module.

Terraform runs in a copy of `terraform/` so that a test never leaves .terraform/, state or override
files in the repository, and two sessions never share them.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODULE = ROOT / "terraform"
EXAMPLES = ("complete", "existing-resources", "rest-api")
MIRROR = Path(os.environ.get("TF_PLUGIN_MIRROR", "/opt/tf-plugins"))
PROVIDER = "registry.terraform.io/hashicorp/aws"


def terraform_binary() -> str:
    """The terraform binary, or a loud skip naming what is missing."""
    binary = shutil.which("terraform")
    if binary is None:
        pytest.skip("SKIPPED LOUDLY: terraform is not on PATH, so the module is not validated, tested or applied")
    if not (MIRROR / PROVIDER).is_dir():
        pytest.skip(f"SKIPPED LOUDLY: no AWS provider mirror at {MIRROR / PROVIDER} (set TF_PLUGIN_MIRROR), so terraform cannot init offline")
    return binary


def copy_module(destination: Path) -> Path:
    """A clean copy of terraform/ (examples and tests included) under destination; returns its root."""
    target = destination / "terraform"
    shutil.copytree(
        MODULE, target,
        ignore=shutil.ignore_patterns(".terraform", ".terraform.lock.hcl", "terraform.tfstate*", "*_override.tf", "*.tfplan"),
    )
    return target


class Terraform:
    """terraform in one working directory, offline, with the mirror as the only provider source."""

    def __init__(self, workdir: Path, scratch: Path):
        self.binary = terraform_binary()
        self.workdir = workdir
        config = scratch / "terraformrc"
        config.write_text(
            "provider_installation {\n"
            f'  filesystem_mirror {{\n    path    = "{MIRROR}"\n    include = ["{PROVIDER}"]\n  }}\n'
            f'  direct {{\n    exclude = ["{PROVIDER}"]\n  }}\n'
            "}\n"
        )
        self.environment = {
            **os.environ,
            "TF_CLI_CONFIG_FILE": str(config),
            "TF_IN_AUTOMATION": "1",
            "TF_INPUT": "0",
            "CHECKPOINT_DISABLE": "1",
        }

    def run(self, *args: str, check: bool = True, timeout: float = 600) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [self.binary, *args, "-no-color"], cwd=self.workdir, env=self.environment,
            capture_output=True, text=True, timeout=timeout,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"terraform {' '.join(args)} failed ({result.returncode}) in {self.workdir}:\n{result.stdout}\n{result.stderr}")
        return result

    def init(self) -> None:
        self.run("init", "-input=false")

    def output(self) -> dict:
        return {name: value["value"] for name, value in json.loads(self.run("output", "-json").stdout).items()}
