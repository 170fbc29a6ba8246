"""`make test-localstack`: the whole suite with `--backend localstack`, on the first LocalStack available.

1. LOCALSTACK_ENDPOINT is set: the LocalStack the user runs (often Docker); DynamoDB on DYNAMODB_ENDPOINT,
   else on LocalStack itself.
2. A Docker engine answers: the suite's backend starts pytest-localstack's Docker session and stops it.
3. Otherwise host mode: `make localstack` (LocalStack + DynamoDB Local on 127.0.0.1), stopped afterwards.

Extra arguments go to pytest.
"""

import os
import subprocess
import sys

from tests.backends import docker_engine_answers

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# These never touch the emulator backend (their own moto server, terraform, zips, timings): `make test` runs them.
BACKEND_INDEPENDENT = ("tests/terraform", "tests/package", "tests/bench")


def pytest(env: dict[str, str], arguments: list[str]) -> int:
    ignored = [f"--ignore={path}" for path in BACKEND_INDEPENDENT]
    command = [sys.executable, "-m", "pytest", "--backend", "localstack", *ignored, *arguments]
    return subprocess.call(command, cwd=ROOT, env=env)


def main(arguments: list[str]) -> int:
    env = dict(os.environ, TEST_BACKEND="localstack")
    if env.get("LOCALSTACK_ENDPOINT"):
        print(f"test-localstack: using the LocalStack at {env['LOCALSTACK_ENDPOINT']} (LOCALSTACK_ENDPOINT)", flush=True)
        return pytest(env, arguments)
    if docker_engine_answers():
        print("test-localstack: a Docker engine answers; pytest-localstack starts a LocalStack container", flush=True)
        return pytest(env, arguments)
    print("test-localstack: no LOCALSTACK_ENDPOINT and no Docker engine; host mode via `make localstack`", flush=True)
    from devstack.localstack_host import dynamodb_local_url, localstack_url, running

    started_here = not running()
    try:
        if subprocess.call(["make", "--no-print-directory", "localstack"], cwd=ROOT) != 0:
            print("test-localstack: `make localstack` failed (see above)", file=sys.stderr)
            return 1
        env.update(LOCALSTACK_ENDPOINT=localstack_url(), DYNAMODB_ENDPOINT=dynamodb_local_url())
        return pytest(env, arguments)
    finally:
        if started_here:
            subprocess.call(["make", "--no-print-directory", "localstack-stop"], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
