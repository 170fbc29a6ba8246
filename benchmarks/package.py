"""The deployment zip the benchmark measures and runs: `make package`'s (tools/package_lambda.py), built
for this machine's CPU and the Python running the benchmark, so that the benchmark can run it."""

import shutil
import sys
from pathlib import Path

from tools.package_lambda import build, host_arch, write_zip

__all__ = ["deployable_zip", "without_bytecode", "write_zip"]  # write_zip: the benchmark zips its baseline with it


def deployable_zip(work: Path) -> tuple[Path, str]:
    """(zip, how it was built). With bytecode: this Python can always compile for itself."""
    archive = work / "package.zip"
    python = f"python{sys.version_info.major}.{sys.version_info.minor}"
    arch = host_arch()
    build(archive, arch=arch, runtime=python, bytecode="yes")
    return archive, f"tools/package_lambda.py (make package), for {arch} and {python}"


def without_bytecode(tree: Path, target: Path) -> Path:
    """The same tree with no .pyc: what a cold start costs when the package ships none."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(tree, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return target
