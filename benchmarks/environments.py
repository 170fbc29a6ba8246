"""Lambda-like file trees for the benchmark's child processes, copied out of the current environment.

- the runtime: boto3 and what it needs, which the Lambda Python runtime provides to every function;
- a function's code: the unzipped deployment package (ours, or the baseline's single file).
A child process sees only these two trees and the standard library, as a function does on Lambda.
"""

import shutil
import zipfile
from importlib.metadata import distribution
from pathlib import Path

from tools.package_lambda import RUNTIME_DISTRIBUTIONS  # what the Lambda Python runtime ships: boto3 and its dependencies

ROOT = Path(__file__).resolve().parent.parent


def copy_distributions(names, target: Path, skip_suffixes: tuple[str, ...] = ()) -> None:
    """Copy installed distributions' files into target, except skip_suffixes. Metadata (.dist-info) is
    kept, as `pip install --target` and the Lambda runtime have it: pydantic scans it for plugins."""
    for name in names:
        dist = distribution(name)
        for file in dist.files or ():
            parts = file.parts
            if not parts or parts[0] in ("..", "bin"):
                continue
            if file.name.endswith(skip_suffixes):
                continue
            source = Path(dist.locate_file(file))
            if source.is_file():
                destination = target / file
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, destination)


def build_runtime(target: Path) -> Path:
    if not (target / "boto3").is_dir():
        shutil.rmtree(target, ignore_errors=True)
        copy_distributions(RUNTIME_DISTRIBUTIONS, target)
    return target


def build_baseline(target: Path) -> Path:
    """The baseline's deployment: one file, with its bytecode compiled as make package compiles ours (so
    neither side compiles at its cold start)."""
    from tools.package_lambda import compile_unchecked

    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    shutil.copy2(ROOT / "benchmarks" / "baseline_handler.py", target / "baseline_handler.py")
    compile_unchecked(target)
    return target


def unzip(archive: Path, target: Path) -> Path:
    shutil.rmtree(target, ignore_errors=True)
    with zipfile.ZipFile(archive) as bundle:
        bundle.extractall(target)
    return target


def zip_contents(archive: Path) -> dict:
    """Zipped and unzipped size, and the three largest top-level items (packages or files), unzipped."""
    with zipfile.ZipFile(archive) as bundle:
        entries = bundle.infolist()
    by_item: dict[str, int] = {}
    for entry in entries:
        top = entry.filename.split("/", 1)[0]
        by_item[top] = by_item.get(top, 0) + entry.file_size
    largest = sorted(by_item.items(), key=lambda item: item[1], reverse=True)[:3]
    return {
        "zipped_bytes": archive.stat().st_size,
        "unzipped_bytes": sum(entry.file_size for entry in entries),
        "files": len(entries),
        "largest_items": [{"item": name, "unzipped_bytes": size} for name, size in largest],
    }
