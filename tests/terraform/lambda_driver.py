"""Runs the packaged handlers the way Lambda does, in a clean interpreter of the runtime's Python.

Started by test_apply.py with only the unzipped package and boto3 on sys.path. Argument: the handler
strings, as the module deploys them. Each line on stdin is {"handler": ..., "event": ...}; each answer on
stdout is {"result": ..., "operations": [[service, operation], ...]}: the AWS operations the call's
clients performed (botocore's before-parameter-build fires for calls and presigned URLs alike).
Everything else the handlers print goes to stderr.
"""

import importlib
import json
import os
import sys
import uuid

protocol = os.fdopen(os.dup(1), "w")
os.dup2(2, 1)

operations: list[list[str]] = []


def record(event_name, params, **_):
    _, service, operation = event_name.split(".")
    operations.append([service, operation, {name: params[name] for name in ("Bucket", "Key", "TableName") if name in params}])


class Context:
    def __init__(self, function_name):
        self.function_name = function_name
        self.aws_request_id = str(uuid.uuid4())
        self.memory_limit_in_mb = 256

    def get_remaining_time_in_millis(self):
        return 10_000


handlers = {}
for handler_string in sys.argv[1:]:
    module_name, _, function_name = handler_string.rpartition(".")
    module = importlib.import_module(module_name)
    handlers[handler_string] = getattr(module, function_name)
    assert callable(handlers[handler_string]), handler_string
    for client in (module.container.s3_client(), module.container.dynamodb_client()):
        client.meta.events.register("before-parameter-build", record)

protocol.write(json.dumps({"ready": sorted(handlers), "python": sys.version.split()[0], "path": sys.path}) + "\n")
protocol.flush()
for line in sys.stdin:
    request = json.loads(line)
    operations.clear()
    result = handlers[request["handler"]](request["event"], Context(request["handler"]))
    protocol.write(json.dumps({"result": result, "operations": operations}) + "\n")
    protocol.flush()
