"""Starting the embedded AWS emulator (moto's server) as a child process on loopback."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

# "test"/"test": moto takes any key, and LocalStack checks presigned-URL signatures with secret "test"
# for keys it does not know, so the same credentials work on both emulators.
FAKE_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_SESSION_TOKEN": "test"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_port_free(host: str, port: int) -> None:
    """Fail clearly rather than talk to whatever already listens there."""
    with socket.socket() as sock:
        if sock.connect_ex((host, port)) == 0:
            raise OSError(f"port {port} on {host} is already in use")


def wait_until_up(url: str, timeout: float = 30.0, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"emulator exited with code {process.returncode} before answering at {url}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing answered at {url} within {timeout:.0f} s")


def _die_with_parent() -> None:
    """Linux: the emulator gets SIGTERM when the process that started it dies, even by SIGKILL, so no
    orphan keeps the port (it runs in its own session, so a terminal's signals do not reach it)."""
    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class MotoServer:
    """moto's HTTP server with bucket CORS rules really applied (no emulator-wide allow-all)."""

    def __init__(self, port: int | None = None, host: str = "127.0.0.1", log_path: str | None = None):
        self.host = host
        self.port = port or free_port()
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> "MotoServer":
        ensure_port_free(self.host, self.port)
        env = dict(os.environ, MOTO_DISABLE_GLOBAL_CORS="true", **FAKE_CREDENTIALS)
        output = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", self.host, "-p", str(self.port)],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
        wait_until_up(f"{self.url}/moto-api/data.json", process=self.process)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
