"""`python -m devstack` (what `make run` runs): the service on this machine, until Ctrl-C."""

import signal
import sys
import threading
from pathlib import Path

from devstack.config import DEMO_USER, StackConfig
from devstack.stack import LocalStack

STATE_DIR = Path(".local")


def main() -> int:
    STATE_DIR.mkdir(exist_ok=True)
    config = StackConfig.from_env()
    stack = LocalStack(config, log_dir=STATE_DIR)
    try:
        stack.start()
    except OSError as error:
        print(f"could not start the local stack: {error}", file=sys.stderr)
        print("Is another `make run` still running? Set GATEWAY_PORT / EMULATOR_PORT to use other ports.", file=sys.stderr)
        return 1
    stopping = threading.Event()
    # SIGINT too: a shell that starts `make run` in the background passes SIGINT on as ignored, so Ctrl-C's
    # KeyboardInterrupt never comes; SIGHUP: a closed terminal must not leave the emulator behind.
    for stop_signal in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(stop_signal, lambda *_: stopping.set())
    api = config.gateway_url
    print(
        f"""
open-update-image is running locally (Ctrl-C stops everything).

  API          POST {api}/profile/image   (JWT authorizer: Authorization: Bearer <token>)
  Demo page    {api}/
  API contract {api}/openapi.json   (reference page: {api}/api)
  User record  GET  {api}/_local/users/{DEMO_USER}
  S3 emulator  {stack.endpoints.s3}   bucket {stack.stack.bucket}
  Demo user    {DEMO_USER}

Walk-through: see "Walk-through" in README.md, or in another terminal:
  TOKEN=$(make -s token USER={DEMO_USER})
  curl -s -X POST {api}/profile/image -H "Authorization: Bearer $TOKEN" \\
       -H 'Content-Type: application/json' -d '{{"fileName": "me.jpg", "contentType": "image/jpeg"}}'
""",
        flush=True,
    )
    try:
        while not stopping.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        print("stopping…", flush=True)
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
