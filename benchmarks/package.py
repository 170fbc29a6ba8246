"""The deployment zip the benchmark measures and runs.

The repository's own packaging is used when it exists (`make package`); until then, an interim build
here ships what a Lambda package of this service must: our code and its runtime dependencies, for the
Python running the benchmark, without boto3 (the runtime provides it) and without build inputs.
"""

import compileall
import platform
import py_compile
import shutil
import sys
import zipfile
from pathlib import Path

from benchmarks.environments import ROOT, copy_distributions

PRODUCT_PACKAGES = ("domain", "adapters", "handlers")
PRODUCT_DISTRIBUTIONS = (
    "pydantic", "pydantic-core", "annotated-types", "typing-extensions", "typing-inspection", "dependency-injector",
)
# Build inputs that do nothing at run time (Cython sources alone are ~11 MB in dependency-injector).
NOT_SHIPPED = (".c", ".pyx", ".pxd", ".pyi", ".pyc")


def deployable_zip(work: Path) -> tuple[Path, str]:
    """(zip, how it was built). Built for this machine's Python and CPU, so that the benchmark can run it."""
    archive = work / "package.zip"
    python = f"python{sys.version_info.major}.{sys.version_info.minor}"
    if (ROOT / "tools" / "package_lambda.py").is_file():
        from tools.package_lambda import build

        arch = {"x86_64": "x86_64", "aarch64": "arm64"}[platform.machine()]
        build(archive, arch=arch, runtime=python)
        return archive, f"tools/package_lambda.py (make package), for {arch} and {python}"
    build_package_zip(archive, work / "package", bytecode=True)
    return archive, f"benchmarks/package.py, interim until make package lands, for {python}, with bytecode"


def without_bytecode(tree: Path, target: Path) -> Path:
    """The same tree with no .pyc: what a cold start costs when the package ships none."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(tree, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return target


def build_package_zip(archive: Path, staging: Path, bytecode: bool = False) -> Path:
    """A deployment zip of our code and its dependencies, for the Python running this (interim stand-in
    until the repository's own packaging lands; it ships what that must ship). With bytecode, every
    module is compiled with this Python, hash-checked-free (`unchecked-hash`), so a read-only /var/task
    need not compile at each cold start and the bytes do not depend on file times."""
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    copy_distributions(PRODUCT_DISTRIBUTIONS, staging, skip_suffixes=NOT_SHIPPED)
    for package in PRODUCT_PACKAGES:
        shutil.copytree(ROOT / package, staging / package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    if bytecode:
        compile_unchecked(staging)
    write_zip(staging, archive)
    return archive


def compile_unchecked(tree: Path) -> None:
    # ddir: tracebacks name /var/task/..., and the bytes do not depend on where the build ran.
    if not compileall.compile_dir(
        str(tree), quiet=2, ddir="/var/task", invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH, workers=1
    ):
        raise RuntimeError(f"could not compile every module under {tree}")


def write_zip(tree: Path, archive: Path) -> None:
    """Deterministic: sorted names, fixed times and modes."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bundle:
        for path in sorted(p for p in tree.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(path.relative_to(tree).as_posix(), date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            bundle.writestr(info, path.read_bytes(), compresslevel=9)


