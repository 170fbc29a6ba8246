"""Runs inside a clean child interpreter (`python -I -S -B driver.py SPEC.json`): the function's code and
the runtime's boto3 are the only things on sys.path, as on Lambda. Standard library only until then.

Modes (SPEC["mode"]):
- cold:   import the handler module, answer one event; reports import-and-wire and first-answer times;
- import: import only (for `-X importtime`);
- warm:   after one warm-up round, `rounds` rounds of `per_round` calls; reports each round's median per call
          (wall time, and this process's CPU time);
          with SPEC["stubbed"], botocore Stubbers answer every AWS call, so no network is timed;
- rss:    answer `requests` events, then report the peak resident set size.
The result is the last stdout line, after MARKER (handlers log to stdout too).
"""

import importlib
import io
import json
import statistics
import sys
import time
import uuid

MARKER = "BENCH-RESULT "


class Context:
    function_name = "bench"
    memory_limit_in_mb = 128

    def __init__(self):
        self.aws_request_id = str(uuid.uuid4())

    def get_remaining_time_in_millis(self):
        return 30_000


def main(spec_path: str) -> None:
    with open(spec_path) as file:
        spec = json.load(file)
    started = time.perf_counter()
    sys.path[:0] = spec["paths"]
    module = importlib.import_module(spec["module"])
    imported = time.perf_counter()
    mode = spec["mode"]
    if mode == "import":
        report({"import_wire_s": imported - started})
    elif mode == "cold":
        response = module.handler(spec["event"], Context())
        report({"import_wire_s": imported - started, "first_answer_s": time.perf_counter() - started, "status": status_of(response)})
    elif mode == "warm":
        call = caller(module, spec)
        if spec.get("stubbed"):
            stub(module, spec)
        wall, cpu = timed_rounds(call, spec["events"], spec["rounds"], spec["per_round"])
        report({"round_medians_s": wall, "round_cpu_medians_s": cpu})
    elif mode == "rss":
        call = caller(module, spec)
        statuses = {status_of(call(spec["events"][index % len(spec["events"])])) for index in range(spec["requests"])}
        report({"peak_rss_mb": peak_rss_kb() / 1024, "statuses": sorted(statuses)})
    else:
        raise SystemExit(f"unknown mode {mode!r}")


def caller(module, spec):
    """What one timed call is: the handler with an event, or the baseline's UpdateItem alone."""
    if spec.get("call") == "record_image":
        return lambda event: module.record_image(event["userId"], event["imageUrl"])
    return lambda event: module.handler(event, Context())


def timed_rounds(call, events, rounds: int, per_round: int) -> tuple[list[float], list[float]]:
    """Each round's median wall time per call (a median, so that a preemption by another process does not
    count) and median CPU time of this process per call (what the call cost, however busy the machine),
    after a warm-up round. Events are used in turn, so distinct events are each used once."""
    position = 0
    medians, cpu_medians = [], []
    for round_index in range(rounds + 1):
        times, cpu_times = [], []
        for _ in range(per_round):
            event = events[position % len(events)]
            position += 1
            cpu_begin = time.process_time()
            begin = time.perf_counter()
            response = call(event)
            times.append(time.perf_counter() - begin)
            cpu_times.append(time.process_time() - cpu_begin)
            check(response)
        if round_index:  # round 0 is the warm-up: connections, caches, lazy imports
            medians.append(statistics.median(times))
            cpu_medians.append(statistics.median(cpu_times))
    return medians, cpu_medians


def check(response) -> None:
    """A benchmark of failing calls measures nothing: stop at the first one."""
    status = status_of(response)
    failures = (response or {}).get("batchItemFailures") if isinstance(response, dict) else None
    if (isinstance(status, int) and status >= 400) or failures:
        raise SystemExit(f"handler failed during the benchmark: {json.dumps(response)[:500]}")


def status_of(response):
    return response.get("statusCode") if isinstance(response, dict) else None


def stub(module, spec) -> None:
    """Answer every AWS call the timed code makes from Stubber queues filled up front for the whole run;
    a call not in `stub_calls` fails the run rather than reach the network."""
    from botocore.response import StreamingBody
    from botocore.stub import Stubber

    clients = {name: resolve(module, path) for name, path in spec["clients"].items()}
    calls = spec["stub_calls"]  # [client name, operation, response], in the order one timed call makes them
    stubbers = {name: Stubber(client) for name, client in clients.items()}
    for stubber in stubbers.values():
        stubber.activate()
    total_calls = spec["per_round"] * (spec["rounds"] + 1)

    for _ in range(total_calls):
        for client_name, operation, response in calls:
            stubbers[client_name].add_response(operation, fresh(response, StreamingBody))


def fresh(response: dict, streaming_body) -> dict:
    """A new copy of a canned response; `BodyHex` becomes a readable body (read once per call)."""
    if "BodyHex" not in response:
        return response
    head = bytes.fromhex(response["BodyHex"])
    copy = {key: value for key, value in response.items() if key != "BodyHex"}
    copy["Body"] = streaming_body(io.BytesIO(head), len(head))
    return copy


def peak_rss_kb() -> int:
    """VmHWM: this process's own peak (ru_maxrss would carry over the parent's, copied before exec)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


def resolve(module, path: str):
    """`container.s3_client()` or `s3`: a client reached from the handler module."""
    target = module
    for part in path.split("."):
        if part.endswith("()"):
            target = getattr(target, part[:-2])()
        else:
            target = getattr(target, part)
    return target


def report(result: dict) -> None:
    sys.stdout.write(MARKER + json.dumps(result) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1])
