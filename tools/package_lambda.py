"""The Lambda deployment zip (`make package`): our code and its runtime dependencies, for one runtime.

- Dependencies are the wheels pip picks for the function's runtime and architecture (`--platform
  manylinux2014_<cpu> --python-version 3.N --only-binary=:all:`), whatever Python runs this; the ones the
  Lambda runtime provides (boto3 and what it needs) stay out unless asked for.
- Our code is `domain`, `adapters` and `handlers`; build inputs (Cython sources, stubs) and pip's
  `__pycache__` are not shipped; `*.dist-info` is (pydantic reads it for plugins).
- Bytecode: compiled by an interpreter of the runtime's exact minor version, `unchecked-hash` (never
  compared with the sources, so a read-only /var/task does not compile at each cold start) and named
  /var/task/... (`ddir`), so the bytes depend neither on file times nor on where the build ran.
- The zip is deterministic: sorted entries, fixed times and modes; two builds of one tree are
  byte-identical (as long as PyPI publishes nothing new in between: the versions are not locked).

    python -m tools.package_lambda --arch arm64 --runtime python3.12 --output dist/lambda.zip
"""

import argparse
import fcntl
import hashlib
import os
import platform
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCT_PACKAGES = ("domain", "adapters", "handlers")
# What the Lambda Python runtime provides to every function.
RUNTIME_DISTRIBUTIONS = ("boto3", "botocore", "s3transfer", "jmespath", "python-dateutil", "six", "urllib3")
# Build inputs that do nothing at run time (Cython sources alone are ~11 MB in dependency-injector), and
# bytecode that is not ours to ship (pip's, or a developer's, compiled for whatever Python ran them).
NOT_SHIPPED = (".c", ".pyx", ".pxd", ".pyi", ".pyc")
ARCHITECTURES = {"arm64": "aarch64", "x86_64": "x86_64"}  # Lambda's name -> the wheel platform's
BYTECODE_CHOICES = ("auto", "yes", "no")
TASK_ROOT = "/var/task"


class InterpreterNotFound(RuntimeError):
    pass


@dataclass(frozen=True)
class Package:
    archive: Path
    sha256: str
    size: int
    compiled_by: str | None  # the interpreter that compiled the shipped bytecode; None: sources only
    note: str


def build(archive: Path, arch: str = "arm64", runtime: str = "python3.12", include_boto3: bool = False,
          bytecode: str = "auto") -> Path:
    """Build the deployment zip at archive and return its path (see build_package)."""
    return build_package(archive, arch, runtime, include_boto3, bytecode).archive


def build_package(archive: Path, arch: str = "arm64", runtime: str = "python3.12", include_boto3: bool = False,
                  bytecode: str = "auto") -> Package:
    """bytecode: "yes" compiles with an interpreter of the runtime's version and fails without one; "auto"
    does where one is found and otherwise ships sources only (and says so); "no" ships sources only."""
    version = runtime_version(runtime)
    if arch not in ARCHITECTURES:
        raise ValueError(f"arch must be one of {', '.join(ARCHITECTURES)}, not {arch!r}")
    if bytecode not in BYTECODE_CHOICES:
        raise ValueError(f"bytecode must be one of {', '.join(BYTECODE_CHOICES)}, not {bytecode!r}")
    interpreter = None
    if bytecode != "no":
        interpreter = find_interpreter(version)
        if interpreter is None and bytecode == "yes":
            raise InterpreterNotFound(
                f"bytecode 'yes' needs a CPython {version} interpreter to compile with; none found "
                f"({searched(version)}): install Python {version} (e.g. `pyenv install {version}`) or use bytecode 'auto' or 'no'"
            )
    archive = Path(archive).resolve()
    staging = ROOT / "build" / f"lambda-{arch}-{runtime}"
    staging.parent.mkdir(parents=True, exist_ok=True)
    # One build at a time per staging tree: `make test` and `make package` may run side by side.
    with open(staging.parent / f"{staging.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        install_dependencies(staging, ARCHITECTURES[arch], version, include_boto3)
        for package in PRODUCT_PACKAGES:
            shutil.copytree(ROOT / package, staging / package, ignore=not_shipped)
        if interpreter:
            compile_unchecked(staging, interpreter)
        write_zip(staging, archive)
    if interpreter:
        note = f"compiled by {interpreter}, unchecked-hash, named {TASK_ROOT}/..."
    elif bytecode == "no":
        note = "sources only (bytecode 'no'): every cold start compiles them"
    else:
        note = (f"sources only: no CPython {version} interpreter found to compile with ({searched(version)}); "
                "every cold start compiles them")
        print(f"warning: shipping no bytecode, {note}", file=sys.stderr)
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    return Package(archive, digest, archive.stat().st_size, str(interpreter) if interpreter else None, note)


def host_arch() -> str:
    """This machine's CPU, as Lambda names it (arm64, x86_64)."""
    machine = platform.machine()
    for arch, cpu in ARCHITECTURES.items():
        if machine == cpu:
            return arch
    raise RuntimeError(f"Lambda has no {machine} architecture")


def runtime_version(runtime: str) -> str:
    """"python3.12" -> "3.12"."""
    match = re.fullmatch(r"python(3\.\d+)", runtime)
    if not match:
        raise ValueError(f"runtime must be a Lambda Python runtime such as python3.12, not {runtime!r}")
    return match.group(1)


def runtime_dependencies() -> list[str]:
    """The project's runtime dependencies, as pyproject.toml declares them."""
    with open(ROOT / "pyproject.toml", "rb") as file:
        return list(tomllib.load(file)["project"]["dependencies"])


def install_dependencies(staging: Path, cpu: str, version: str, include_boto3: bool) -> None:
    requirements = runtime_dependencies() + (["boto3"] if include_boto3 else [])
    command = [
        sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-compile",
        "--platform", f"manylinux2014_{cpu}", "--python-version", version, "--implementation", "cp",
        "--only-binary=:all:", "--target", str(staging), *requirements,
    ]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"pip could not install {requirements} for CPython {version} on {cpu}:\n{done.stderr[-3000:]}")
    if not include_boto3:
        remove_distributions(staging, RUNTIME_DISTRIBUTIONS)
    for path in sorted(staging.rglob("*"), reverse=True):  # children before their folders
        if path.name == "__pycache__" or (path.is_file() and path.name.endswith(NOT_SHIPPED)):
            shutil.rmtree(path) if path.is_dir() else path.unlink()


def remove_distributions(staging: Path, names) -> None:
    """Take out what a dependency pulled in that the runtime provides, files and metadata."""
    wanted = {canonical(name) for name in names}
    for info in staging.glob("*.dist-info"):
        name = info.name.removesuffix(".dist-info").rsplit("-", 1)[0]
        if canonical(name) not in wanted:
            continue
        for line in (info / "RECORD").read_text().splitlines():
            path = staging / line.rsplit(",", 2)[0]
            if path.is_file() and path.resolve().is_relative_to(staging):
                path.unlink()
        shutil.rmtree(info)
    for folder in sorted((p for p in staging.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def not_shipped(folder: str, names: list[str]) -> list[str]:
    return [name for name in names if name == "__pycache__" or name.endswith(NOT_SHIPPED)]


def pyenv_roots() -> list[str]:
    return list(dict.fromkeys(filter(None, (os.environ.get("PYENV_ROOT"), str(Path.home() / ".pyenv"), "/root/.pyenv"))))


def searched(version: str) -> str:
    tried = ", ".join(interpreter_candidates(version)) or "none exists"
    places = ", ".join(f"{root}/versions/{version}.*/bin/python" for root in pyenv_roots())
    return f"looked for python{version} on PATH and {places}; tried: {tried}"


def interpreter_candidates(version: str) -> list[str]:
    """Where an interpreter of this version may be, in the order tried."""
    candidates = [sys.executable] if f"{sys.version_info.major}.{sys.version_info.minor}" == version else []
    on_path = shutil.which(f"python{version}")
    if on_path:
        candidates.append(on_path)
    for pyenv in pyenv_roots():
        installed = [p for p in Path(pyenv, "versions").glob(f"{version}.*") if re.fullmatch(r"\d+\.\d+\.\d+", p.name)]
        for folder in sorted(installed, key=lambda p: [int(part) for part in p.name.split(".")], reverse=True):
            candidates.append(str(folder / "bin" / "python"))
    return list(dict.fromkeys(candidates))


def find_interpreter(version: str) -> Path | None:
    """The first candidate that runs and is CPython of this minor version (a pyenv shim on PATH may not be)."""
    for candidate in interpreter_candidates(version):
        try:
            done = subprocess.run(
                [candidate, "-I", "-c", "import sys; print(sys.implementation.name, '%d.%d' % sys.version_info[:2])"],
                capture_output=True, text=True, timeout=60,
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0 and done.stdout.split() == ["cpython", version]:
            return Path(candidate)
    return None


def compile_unchecked(tree: Path, interpreter: str | Path = sys.executable) -> None:
    """Compile every module under tree with interpreter (its bytecode is what its version loads), named
    /var/task/... (tracebacks say where Lambda runs it, and the bytes do not depend on where the build ran),
    `unchecked-hash` (the bytes do not depend on file times, and the import never reads the source)."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    environment["PYTHONHASHSEED"] = "0"
    done = subprocess.run(
        [str(interpreter), "-s", "-P", "-m", "compileall", "-q", "-j", "1", "-d", TASK_ROOT,
         "--invalidation-mode", "unchecked-hash", str(tree)],
        capture_output=True, text=True, env=environment,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{interpreter} could not compile every module under {tree}:\n{(done.stdout + done.stderr)[-3000:]}")


def write_zip(tree: Path, archive: Path) -> None:
    """Deterministic: entries sorted by name, fixed times (1980-01-01) and modes (0644), no folders.
    Written beside archive and moved into place, so a failed build leaves no half zip."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    partial = archive.with_name(archive.name + ".partial")
    files = sorted((path.relative_to(tree).as_posix(), path) for path in tree.rglob("*") if path.is_file())
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bundle:
        for name, path in files:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.create_system = 3  # Unix, wherever it is built, so the modes below mean the same
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            bundle.writestr(info, path.read_bytes(), compresslevel=9)
    partial.replace(archive)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.package_lambda", description=__doc__.split("\n\n")[0])
    parser.add_argument("--arch", choices=tuple(ARCHITECTURES), default="arm64")
    parser.add_argument("--runtime", choices=("python3.12", "python3.13"), default="python3.12")
    parser.add_argument("--output", type=Path, default=ROOT / "dist" / "lambda.zip")
    parser.add_argument("--include-boto3", action="store_true", help="ship boto3 too (the runtime has one)")
    parser.add_argument("--bytecode", choices=BYTECODE_CHOICES, default="auto")
    options = parser.parse_args(argv)
    try:
        package = build_package(options.output, options.arch, options.runtime, options.include_boto3, options.bytecode)
    except (InterpreterNotFound, RuntimeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"path:     {package.archive}")
    print(f"sha256:   {package.sha256}")
    print(f"size:     {package.size} bytes ({package.size / 1e6:.2f} MB)")
    print(f"bytecode: {'yes' if package.compiled_by else 'no'} ({package.note})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
