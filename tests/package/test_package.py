"""`make package` (tools/package_lambda.py): the Lambda zip is byte-identical from build to build, ships our
code and its runtime dependencies and nothing else, and imports, from its own bytecode, in a clean
interpreter of the runtime it was built for.

Each distinct zip is built once a session (pip downloads are cached, a build takes seconds).
"""

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tools import package_lambda
from tools.package_lambda import (
    ROOT, InterpreterNotFound, build, build_package, find_interpreter, host_arch, remove_distributions, runtime_version,
    searched,
)

HOST = host_arch()
CURRENT = f"python{sys.version_info.major}.{sys.version_info.minor}"
# The runtime's packages (boto3 and what it needs), by the top-level names they install.
RUNTIME_PROVIDED = ("boto3", "botocore", "s3transfer", "jmespath", "urllib3", "dateutil", "six.py")
NOT_OURS = ("devstack", "client", "api_contract", "tests", "benchmarks", "tools")
BUILD_INPUTS = (".c", ".pyx", ".pxd", ".pyi")
# The Lambda runtimes, and this interpreter's version, so that one import check runs on any machine.
IMPORTED_BY = sorted({CURRENT, "python3.12", "python3.13"})
# What the handlers read at import (tests/conftest.py gives this session the same fake values).
HANDLER_ENVIRONMENT = (
    "BUCKET_NAME", "TABLE_NAME", "AWS_REGION", "AWS_DEFAULT_REGION",
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
)
IMPORT_HANDLERS = """
import json, sys
import handlers.api, handlers.events, pydantic_core
assert callable(handlers.api.handler) and callable(handlers.events.handler)
print(json.dumps({"path": sys.path, "pydantic_core": pydantic_core.__file__, "flags": [sys.flags.no_site, sys.flags.dont_write_bytecode]}))
"""


@pytest.fixture(scope="session")
def packages(tmp_path_factory):
    """package(arch, runtime, include_boto3=False, bytecode="auto") -> the Package, built once a session."""
    folder = tmp_path_factory.mktemp("zips")
    built = {}

    def package(arch, runtime, include_boto3=False, bytecode="auto"):
        key = (arch, runtime, include_boto3, bytecode)
        if key not in built:
            built[key] = build_package(folder / f"{'-'.join(map(str, key))}.zip", *key)
        return built[key]

    return package


def interpreter_for(runtime: str) -> Path:
    version = runtime_version(runtime)
    interpreter = find_interpreter(version)
    if interpreter is None:
        pytest.skip(f"NO CPYTHON {version} INTERPRETER ON THIS MACHINE, {runtime} ZIP NOT TRIED: {searched(version)}")
    return interpreter


def import_handlers(interpreter: Path, code: Path, runtime_tree: Path, cwd: Path) -> dict:
    """Import both handlers in a fresh interpreter that sees the standard library, the function's code and
    the runtime's boto3, and nothing else (no site: no site-packages; -P: not the working folder)."""
    environment = {name: os.environ[name] for name in HANDLER_ENVIRONMENT}
    environment["PYTHONPATH"] = os.pathsep.join((str(code), str(runtime_tree)))
    done = subprocess.run(
        [str(interpreter), "-S", "-s", "-P", "-B", "-c", IMPORT_HANDLERS],
        env=environment, cwd=cwd, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def unzipped(package, target: Path) -> Path:
    with zipfile.ZipFile(package.archive) as bundle:
        bundle.extractall(target)
    return target


def entries(package) -> list[zipfile.ZipInfo]:
    with zipfile.ZipFile(package.archive) as bundle:
        return bundle.infolist()


def test_two_builds_of_one_tree_are_byte_identical(packages, tmp_path):
    first = packages("arm64", "python3.12")
    again = tmp_path / "again.zip"
    done = subprocess.run(
        [sys.executable, "-m", "tools.package_lambda", "--arch", "arm64", "--runtime", "python3.12", "--output", str(again)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    printed = dict(line.split(":", 1) for line in done.stdout.splitlines())
    assert printed["path"].strip() == str(again)
    assert printed["sha256"].strip() == hashlib.sha256(again.read_bytes()).hexdigest()
    assert printed["size"].strip().startswith(f"{again.stat().st_size} bytes")
    assert printed["bytecode"].strip().startswith("yes" if first.compiled_by else "no")
    assert again.read_bytes() == first.archive.read_bytes()
    assert first.sha256 == hashlib.sha256(first.archive.read_bytes()).hexdigest()


def test_the_zip_is_sorted_dated_and_moded_alike(packages):
    infos = entries(packages("arm64", "python3.12"))
    names = [info.filename for info in infos]
    assert names == sorted(names)
    assert len(set(names)) == len(names)
    for info in infos:
        assert info.date_time == (1980, 1, 1, 0, 0, 0), info.filename
        assert (info.external_attr >> 16) & 0o7777 == 0o644, info.filename
        assert info.create_system == 3, info.filename
        assert not info.is_dir(), info.filename


def test_the_zip_ships_our_code_and_its_runtime_dependencies_for_the_runtime_and_nothing_else(packages):
    package = packages("arm64", "python3.12")
    names = [info.filename for info in entries(package)]
    top = {name.split("/", 1)[0] for name in names}
    assert {"domain", "adapters", "handlers", "pydantic", "pydantic_core", "dependency_injector"} <= top
    assert not top & set(NOT_OURS)
    assert not top & set(RUNTIME_PROVIDED), "boto3 and what it needs are the runtime's"
    assert not [name for name in names if name.endswith(BUILD_INPUTS)]
    assert any(name.startswith("pydantic-") and name.endswith(".dist-info/METADATA") for name in names)
    # The wheels are the runtime's: CPython 3.12 on arm64, not the Python or the CPU that built the zip.
    extensions = [name for name in names if name.startswith("pydantic_core/") and name.endswith(".so")]
    assert extensions == ["pydantic_core/_pydantic_core.cpython-312-aarch64-linux-gnu.so"]
    with zipfile.ZipFile(package.archive) as bundle:
        for name in names:
            data = bundle.read(name)
            assert str(ROOT).encode() not in data and b"/build/lambda-" not in data, f"{name} names the build tree"


def test_shipped_bytecode_is_the_runtimes_unchecked_and_covers_every_module(packages):
    interpreter_for("python3.12")
    package = packages("arm64", "python3.12")
    names = [info.filename for info in entries(package)]
    compiled = {name for name in names if name.endswith(".pyc")}
    assert compiled, "an interpreter of the runtime's version is here, so the zip must ship bytecode"
    for name in compiled:
        assert name.endswith(".cpython-312.pyc") and "/__pycache__/" in f"/{name}", name
    expected = {
        f"{Path(name).parent / '__pycache__' / Path(name).stem}.cpython-312.pyc"
        for name in names if name.endswith(".py")
    }
    assert compiled == expected
    with zipfile.ZipFile(package.archive) as bundle:
        for name in compiled:
            flags = int.from_bytes(bundle.read(name)[4:8], "little")
            assert flags == 0b01, f"{name}: not an unchecked-hash pyc (flags {flags:#b})"


def test_boto3_only_when_asked(packages):
    package = packages("arm64", "python3.12", include_boto3=True, bytecode="no")
    names = [info.filename for info in entries(package)]
    top = {name.split("/", 1)[0] for name in names}
    assert {"boto3", "botocore", "s3transfer", "jmespath", "urllib3", "dateutil", "handlers", "pydantic"} <= top
    assert "boto3/__init__.py" in names
    assert not [name for name in names if name.endswith(".pyc")], "bytecode 'no' ships none"


def test_bytecode_yes_without_an_interpreter_of_the_runtime_names_it(tmp_path):
    with pytest.raises(InterpreterNotFound, match=r"CPython 3\.99 interpreter.*python3\.99 on PATH"):
        build(tmp_path / "never.zip", runtime="python3.99", bytecode="yes")
    assert not (tmp_path / "never.zip").exists()


def test_bytecode_auto_without_an_interpreter_ships_sources_and_says_so(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(package_lambda, "find_interpreter", lambda version: None)
    package = build_package(tmp_path / "sources.zip", HOST, CURRENT, bytecode="auto")
    assert package.compiled_by is None and "sources only" in package.note
    assert "warning: shipping no bytecode" in capsys.readouterr().err
    with zipfile.ZipFile(package.archive) as bundle:
        names = bundle.namelist()
    assert "handlers/api.py" in names and not [name for name in names if name.endswith(".pyc")]


def test_runtime_provided_distributions_pulled_in_by_a_dependency_are_taken_out(tmp_path):
    (tmp_path / "six-1.17.0.dist-info").mkdir()
    (tmp_path / "six-1.17.0.dist-info" / "RECORD").write_text("six.py,sha256=x,1\nsix-1.17.0.dist-info/RECORD,,\n")
    (tmp_path / "six.py").write_text("")
    (tmp_path / "python_dateutil-2.9.0.dist-info").mkdir()
    (tmp_path / "python_dateutil-2.9.0.dist-info" / "RECORD").write_text("dateutil/__init__.py,sha256=x,1\n")
    (tmp_path / "dateutil").mkdir()
    (tmp_path / "dateutil" / "__init__.py").write_text("")
    (tmp_path / "pydantic").mkdir()
    (tmp_path / "pydantic" / "__init__.py").write_text("")
    remove_distributions(tmp_path, ("six", "python-dateutil"))
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == ["pydantic", "pydantic/__init__.py"]


@pytest.mark.parametrize("runtime", IMPORTED_BY)
def test_handlers_import_in_the_runtimes_interpreter_from_the_zip_and_boto3_alone(runtime, packages, runtime_boto3, tmp_path):
    """Built for this machine's CPU and the runtime, imported by that runtime's Python: a wheel for another
    Python (pydantic-core is compiled) fails here."""
    interpreter = interpreter_for(runtime)
    code = unzipped(packages(HOST, runtime), tmp_path / "task")
    seen = import_handlers(interpreter, code, runtime_boto3, tmp_path)
    assert seen["flags"] == [1, 1]
    assert Path(seen["pydantic_core"]).is_relative_to(code)
    assert not [entry for entry in seen["path"] if "site-packages" in entry]
    assert {str(code), str(runtime_boto3)} <= set(seen["path"])


@pytest.mark.parametrize("runtime", IMPORTED_BY)
def test_the_runtimes_interpreter_imports_the_shipped_bytecode_without_compiling(runtime, packages, runtime_boto3, tmp_path):
    """Every source in the unzipped package is replaced by one that fails: the handlers still import, so
    each module came from the shipped .pyc (a pyc of another Python, or one checked against its source,
    would make the interpreter compile the failing source instead)."""
    interpreter = interpreter_for(runtime)
    code = unzipped(packages(HOST, runtime), tmp_path / "task")
    sources = list(code.rglob("*.py"))
    assert sources
    for source in sources:
        source.write_text(f"raise ImportError('compiled from source: {source.relative_to(code)}')\n")
    import_handlers(interpreter, code, runtime_boto3, tmp_path)
