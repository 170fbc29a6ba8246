"""A scripted AWS endpoint on loopback that answers every request with a fault, and counts them."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DYNAMODB_THROTTLING = (400, "application/x-amz-json-1.0", b'{"__type":"com.amazonaws.dynamodb.v20120810#ThrottlingException","message":"Rate exceeded"}')
DYNAMODB_INTERNAL = (500, "application/x-amz-json-1.0", b'{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"Internal error"}')
S3_SLOW_DOWN = (503, "application/xml", b"<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>")
S3_INTERNAL = (500, "application/xml", b"<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>")


class FaultyEndpoint:
    def __init__(self, status: int, content_type: str, body: bytes, delay: float = 0.0):
        self.requests: list[str] = []
        fault = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                return

            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                fault.requests.append(f"{self.command} {self.path}")
                if delay:
                    time.sleep(delay)
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _answer

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
