"""`make bench`: our handlers against the baseline, measured in one run; writes benchmarks/results.json.

Every timed process is a clean child interpreter that sees only a function's code and the runtime's boto3
(see driver.py and environments.py), with bytecode writing off, as in a read-only /var/task.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from benchmarks.driver import MARKER
from benchmarks.environments import ROOT, build_baseline, build_runtime, unzip, zip_contents
from benchmarks.package import deployable_zip, without_bytecode, write_zip
from benchmarks.report import TARGETS, print_table
from devstack.emulator import MotoServer
from devstack.gateway import http_api_event
from devstack.lambda_runtime import sqs_event
from devstack.resources import Endpoints, add_user, create_stack, handler_environment
from domain.ids import new_ulid
from domain.keys import build_key

WORK = ROOT / "build" / "bench"
DRIVER = ROOT / "benchmarks" / "driver.py"
ORIGIN = "http://127.0.0.1:8080"
USER = "demo"
JPEG_HEAD = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01"

# rounds / moto_rounds: processes per figure for each side; per_round: timed calls in each.
FULL = {"cold_runs": 15, "importtime_runs": 3, "rounds": 7, "per_round": 300, "moto_rounds": 5, "moto_per_round": 30,
        "rss_runs": 3, "rss_requests": 1000}
QUICK = {"cold_runs": 1, "importtime_runs": 1, "rounds": 1, "per_round": 3, "moto_rounds": 1, "moto_per_round": 2,
         "rss_runs": 1, "rss_requests": 5}


def summary(values) -> dict:
    values = list(values)
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": len(values)}


class Children:
    """Starts driver.py in clean interpreters for one function (its code directory + the runtime)."""

    def __init__(self, code_dir: Path, runtime_dir: Path, module: str, environment: dict[str, str], spec_dir: Path):
        self.paths = [str(code_dir), str(runtime_dir)]
        self.module = module
        self.environment = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "AWS_EC2_METADATA_DISABLED": "true",
            **environment,
        }
        self.spec_dir = spec_dir

    def command(self, spec: dict, *flags: str) -> list[str]:
        path = self.spec_dir / f"{uuid.uuid4().hex}.json"
        path.write_text(json.dumps({"paths": self.paths, "module": self.module, **spec}))
        return [sys.executable, "-I", "-S", "-B", *flags, str(DRIVER), str(path)]

    def run(self, spec: dict) -> dict:
        # Output to files, not pipes: a handler's log line then costs its formatting and one write, not a
        # wait for this process to drain a full pipe (as Lambda's log collection does not make it wait).
        with tempfile.TemporaryFile("w+") as output, tempfile.TemporaryFile("w+") as errors:
            done = subprocess.run(self.command(spec), env=self.environment, stdout=output, stderr=errors, timeout=600)
            output.seek(0)
            errors.seek(0)
            return result_of(output.read(), errors.read(), done.returncode)

    def cold_start(self, event: dict) -> dict:
        """Wall time from spawning the process until its first answer is out, the process's CPU time
        (less sensitive to other load on the machine), and the child's own figures."""
        command = self.command({"mode": "cold", "event": event})
        with tempfile.TemporaryFile("w+") as errors:
            began = time.perf_counter()
            process = subprocess.Popen(command, env=self.environment, stdout=subprocess.PIPE, stderr=errors, text=True)
            result = None
            for line in process.stdout:
                if line.startswith(MARKER):
                    answered = time.perf_counter() - began
                    result = json.loads(line[len(MARKER):])
                    result["cold_start_s"] = answered
                    break
            rest = process.stdout.read()
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
            if result is None:
                errors.seek(0)
                result_of(rest, errors.read(), process.returncode)
        result["cpu_s"] = usage.ru_utime + usage.ru_stime
        if result.get("status") != 200:
            raise RuntimeError(f"{self.module}: first answer was {result.get('status')}, not 200")
        return result

    def import_times(self) -> dict[str, int]:
        """`-X importtime`: microseconds of own (self) time per imported module."""
        done = subprocess.run(self.command({"mode": "import"}, "-X", "importtime"), env=self.environment, capture_output=True, text=True, timeout=120)
        result_of(done.stdout, "", done.returncode)
        times = {}
        for line in done.stderr.splitlines():
            if line.startswith("import time:") and "|" in line and "self [us]" not in line:
                own, _cumulative, name = line[len("import time:"):].split("|", 2)
                times[name.strip()] = int(own)
        return times


def result_of(stdout: str, stderr: str, returncode: int) -> dict:
    for line in reversed(stdout.splitlines()):
        if line.startswith(MARKER):
            return json.loads(line[len(MARKER):])
    raise RuntimeError(f"benchmark child failed (exit {returncode}): {stderr[-2000:] or stdout[-2000:]}")


def api_event() -> dict:
    body = json.dumps({"fileName": "portrait.jpg", "contentType": "image/jpeg", "contentLength": 48213}).encode()
    headers = {"content-type": "application/json", "origin": ORIGIN, "host": "api.example.com"}
    return http_api_event("POST", "/profile/image", "", headers, body, {"sub": USER}, "203.0.113.7")


def created_object_events(endpoints: Endpoints, stack, count: int) -> list[dict]:
    """Put `count` images with ever newer keys and collect the notifications S3 queued for them, one SQS
    event (one record) each, as Lambda's event source would deliver them."""
    s3, sqs = endpoints.client("s3"), endpoints.client("sqs")
    first_ms = int(time.time() * 1000)
    for index in range(count):
        key = build_key(stack.key_prefix, USER, new_ulid(first_ms + index), "jpg")
        s3.put_object(Bucket=stack.bucket, Key=key, Body=JPEG_HEAD * 64, ContentType="image/jpeg")
    queue_arn = sqs.get_queue_attributes(QueueUrl=stack.queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    events, deadline = [], time.monotonic() + 60
    while len(events) < count and time.monotonic() < deadline:
        messages = sqs.receive_message(QueueUrl=stack.queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", [])
        for message in messages:
            if "Records" in json.loads(message["Body"]):  # not the s3:TestEvent sent when notifications are set up
                events.append(sqs_event([message], queue_arn, endpoints.region))
        if messages:
            sqs.delete_message_batch(QueueUrl=stack.queue_url, Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)])
    if len(events) < count:
        raise RuntimeError(f"only {len(events)} of {count} object-created notifications arrived")
    events.sort(key=lambda event: json.loads(event["Records"][0]["body"])["Records"][0]["s3"]["object"]["key"])
    return events


def stubbed_calls(stack) -> dict:
    """Canned AWS answers for one call of each timed function (in the order it makes them)."""
    old_key = build_key(stack.key_prefix, USER, new_ulid(1), "jpg")
    return {
        "api": [["dynamodb", "get_item", {"Item": {"id": {"S": USER}}}]],
        "events": [
            ["s3", "get_object", {"BodyHex": JPEG_HEAD.hex(), "ContentType": "image/jpeg", "ContentLength": len(JPEG_HEAD),
                                  "ContentRange": f"bytes 0-{len(JPEG_HEAD) - 1}/{len(JPEG_HEAD) * 64}"}],
            ["dynamodb", "update_item", {"Attributes": {"id": {"S": USER}, "imageKey": {"S": old_key},
                                                        "imageUploadId": {"S": new_ulid(1)}, "imageUrl": {"S": "https://x/" + old_key}}}],
            ["s3", "delete_object", {}],
        ],
        "baseline": [["dynamodb", "update_item", {}]],
    }


def measure(settings: dict, work: Path) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    runtime = build_runtime(work / "runtime")
    ours_zip, ours_zip_source = deployable_zip(work)
    ours_dir = unzip(ours_zip, work / "ours")
    baseline_dir = build_baseline(work / "baseline")
    baseline_zip = work / "baseline.zip"
    write_zip(baseline_dir, baseline_zip)

    with MotoServer(log_path=str(work / "moto.log")) as server, tempfile.TemporaryDirectory() as specs:
        endpoints = Endpoints.single(server.url)
        suffix = uuid.uuid4().hex[:8]
        stack = create_stack(endpoints, f"bench-{suffix}", f"bench-users-{suffix}", f"bench-created-{suffix}", (ORIGIN,))
        add_user(endpoints, stack, USER)
        environment = handler_environment(endpoints, stack, (ORIGIN,))
        ours = Children(ours_dir, runtime, "handlers.api", environment, Path(specs))
        events = Children(ours_dir, runtime, "handlers.events", environment, Path(specs))
        baseline = Children(baseline_dir, runtime, "baseline_handler", environment, Path(specs))
        event = api_event()
        canned = stubbed_calls(stack)
        results: dict = {}

        # Cold start, ours and baseline interleaved so drift hits both alike; one unrecorded run each first.
        ours.cold_start(event), baseline.cold_start(event)
        cold = {"ours": [], "baseline": []}
        for _ in range(settings["cold_runs"]):
            cold["ours"].append(ours.cold_start(event))
            cold["baseline"].append(baseline.cold_start(event))
        results["cold_start_ms"] = pair(cold, "cold_start_s", 1000)
        results["cold_start_cpu_ms"] = pair(cold, "cpu_s", 1000)
        results["import_and_wire_ms"] = pair(cold, "import_wire_s", 1000)

        # Warm per-request time, network removed (Stubber) and against the emulator. Each sample is one
        # process (warm-up round, then one timed round), ours and the baseline alternating.
        warm = {"rounds": 1, "per_round": settings["per_round"]}
        warm_moto = {"rounds": 1, "per_round": settings["moto_per_round"]}
        api_clients = {"s3": "container.s3_client()", "dynamodb": "container.dynamodb_client()"}
        baseline_clients = {"s3": "s3", "dynamodb": "dynamodb"}
        update_only = {"call": "record_image", "events": [{"userId": USER, "imageUrl": "https://example.com/users/demo/x.jpg"}]}
        samples = settings["rounds"]
        results["warm_api_stubbed_cpu_ms"] = {}
        results["warm_api_stubbed_ms"] = alternate(
            samples,
            lambda _: ours.run({"mode": "warm", "stubbed": True, "events": [event], "clients": api_clients, "stub_calls": canned["api"], **warm}),
            lambda _: baseline.run({"mode": "warm", "stubbed": True, "events": [event], "clients": baseline_clients, "stub_calls": canned["baseline"], **warm}),
            cpu=results["warm_api_stubbed_cpu_ms"],
        )
        results["warm_api_emulator_ms"] = alternate(
            settings["moto_rounds"],
            lambda _: ours.run({"mode": "warm", "events": [event], **warm_moto}),
            lambda _: baseline.run({"mode": "warm", "events": [event], **warm_moto}),
        )
        per_process = 2 * warm_moto["per_round"]  # warm-up and timed round, each record used once
        object_events = created_object_events(endpoints, stack, per_process * settings["moto_rounds"])
        results["warm_event_record_stubbed_ms"] = alternate(
            samples,
            lambda _: events.run({"mode": "warm", "stubbed": True, "events": object_events[:1], "clients": api_clients, "stub_calls": canned["events"], **warm}),
            lambda _: baseline.run({"mode": "warm", "stubbed": True, "clients": {"dynamodb": "dynamodb"}, "stub_calls": canned["baseline"], **update_only, **warm}),
        )
        results["warm_event_record_emulator_ms"] = alternate(
            settings["moto_rounds"],
            lambda sample: events.run({"mode": "warm", "events": object_events[sample * per_process:(sample + 1) * per_process], **warm_moto}),
            lambda _: baseline.run({"mode": "warm", **update_only, **warm_moto}),
        )

        # Peak RSS after a cold start and warm requests against the emulator.
        rss = {"ours": [], "baseline": []}
        for _ in range(settings["rss_runs"]):
            for name, children in (("ours", ours), ("baseline", baseline)):
                rss[name].append(children.run({"mode": "rss", "events": [event], "requests": settings["rss_requests"]}))
        results["peak_rss_mb"] = pair(rss, "peak_rss_mb", 1)
        results["peak_rss_mb"]["requests"] = settings["rss_requests"]

        # What shipped bytecode saves: the same packages, each compiled at every cold start instead.
        source_only = Children(without_bytecode(ours_dir, work / "ours-source-only"), runtime, "handlers.api", environment, Path(specs))
        baseline_source_only = Children(without_bytecode(baseline_dir, work / "baseline-source-only"), runtime, "baseline_handler", environment, Path(specs))
        imports_only = {"ours": [], "baseline": []}
        for _ in range(settings["cold_runs"]):
            imports_only["ours"].append(source_only.run({"mode": "import"}))
            imports_only["baseline"].append(baseline_source_only.run({"mode": "import"}))
        results["import_and_wire_source_only_ms"] = pair(imports_only, "import_wire_s", 1000)

        ours_imports = median_import_times([ours.import_times() for _ in range(settings["importtime_runs"])])
        baseline_imports = median_import_times([baseline.import_times() for _ in range(settings["importtime_runs"])])

    ours_package, baseline_package = zip_contents(ours_zip), zip_contents(baseline_zip)
    results["zip_mb"] = {
        "ours": {"zipped": ours_package["zipped_bytes"] / 1e6, "unzipped": ours_package["unzipped_bytes"] / 1e6},
        "baseline": {"zipped": baseline_package["zipped_bytes"] / 1e6, "unzipped": baseline_package["unzipped_bytes"] / 1e6},
        "largest_items": ours_package["largest_items"],
        "files": ours_package["files"],
        "built_by": ours_zip_source,
    }
    results["imports"] = {
        "top_ten_self_ms": top(ours_imports, 10),
        "by_package_ms": top(by_package(ours_imports), 10),
        "more_than_baseline_by_package_ms": top(difference(by_package(ours_imports), by_package(baseline_imports)), 10),
        "ours_total_ms": sum(ours_imports.values()) / 1000,
        "baseline_total_ms": sum(baseline_imports.values()) / 1000,
    }
    return results


def pair(samples: dict, field: str, scale: float) -> dict:
    ours = summary(run[field] * scale for run in samples["ours"])
    baseline = summary(run[field] * scale for run in samples["baseline"])
    return {"ours": ours, "baseline": baseline, "ratio": ours["median"] / baseline["median"]}


def alternate(samples: int, run_ours, run_baseline, cpu: dict | None = None) -> dict:
    """Per-call times in ms from `samples` processes of each, ours and the baseline taking turns; with
    `cpu`, the per-call CPU times of the same calls go there (same shape)."""
    runs = {"ours": [], "baseline": []}
    cpu_runs = {"ours": [], "baseline": []}
    for sample in range(samples):
        for name, run in (("ours", run_ours), ("baseline", run_baseline)):
            result = run(sample)
            runs[name].extend({"v": value} for value in result["round_medians_s"])
            cpu_runs[name].extend({"v": value} for value in result["round_cpu_medians_s"])
    if cpu is not None:
        cpu.update(pair(cpu_runs, "v", 1000))
    return pair(runs, "v", 1000)


def median_import_times(runs: list[dict[str, int]]) -> dict[str, float]:
    names = set().union(*runs)
    return {name: statistics.median(run.get(name, 0) for run in runs) for name in names}


def by_package(times: dict[str, float]) -> dict[str, float]:
    totals: dict[str, float] = {}
    for name, own in times.items():
        root = name.split(".", 1)[0]
        totals[root] = totals.get(root, 0) + own
    return totals


def difference(ours: dict[str, float], baseline: dict[str, float]) -> dict[str, float]:
    return {name: own - baseline.get(name, 0) for name, own in ours.items()}


def top(times: dict[str, float], count: int) -> list[dict]:
    return [{"module": name, "ms": own / 1000} for name, own in sorted(times.items(), key=lambda item: item[1], reverse=True)[:count]]


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor())
    return {"python": platform.python_version(), "platform": platform.platform(), "cpu": cpu, "cores": os.cpu_count()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one iteration of everything: a smoke run, figures meaningless")
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "results.json")
    parser.add_argument("--work", type=Path, default=WORK, help="scratch directory (default build/bench)")
    args = parser.parse_args(argv)
    settings = QUICK if args.quick else FULL
    began = time.monotonic()
    results = measure(settings, args.work)
    document = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": machine(),
        "quick": args.quick,
        "settings": settings,
        "duration_s": round(time.monotonic() - began, 1),
        "targets": TARGETS,
        "results": results,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(document, indent=2) + "\n")
    print_table(document)
    print(f"\nwritten to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
