"""A local stand-in for API Gateway (HTTP API, payload 2.0) with a JWT authorizer in front of the handler."""

import base64
import json
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, unquote, urlsplit

from devstack.jwt import InvalidToken, verify
from devstack.lambda_runtime import LambdaContext

ROUTE = ("POST", "/profile/image")
# Serves objects from the private bucket, as CloudFront with origin access control does in AWS.
CDN_PATH = "/cdn/"
TEXT_TYPES = ("application/json", "text/", "application/xml", "application/javascript")
MAX_BODY_BYTES = 1024 * 1024


def http_api_event(method: str, path: str, query: str, headers: dict[str, str], body: bytes, claims: dict | None, source_ip: str) -> dict:
    """The payload-2.0 event API Gateway's HTTP API gives a Lambda integration."""
    content_type = headers.get("content-type", "")
    is_text = any(content_type.startswith(kind) for kind in TEXT_TYPES)
    now = time.time()
    request_context = {
        "accountId": "123456789012",
        "apiId": "local",
        "domainName": headers.get("host", "127.0.0.1"),
        "http": {"method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": source_ip, "userAgent": headers.get("user-agent", "")},
        "requestId": str(uuid.uuid4()),
        "routeKey": f"{ROUTE[0]} {ROUTE[1]}",
        "stage": "$default",
        "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)),
        "timeEpoch": int(now * 1000),
    }
    if claims is not None:
        # HTTP APIs hand JWT claims to the integration as strings.
        request_context["authorizer"] = {"jwt": {"claims": {k: v if isinstance(v, str) else json.dumps(v) for k, v in claims.items()}, "scopes": None}}
    event = {
        "version": "2.0",
        "routeKey": request_context["routeKey"],
        "rawPath": path,
        "rawQueryString": query,
        "headers": headers,
        "requestContext": request_context,
        "isBase64Encoded": bool(body) and not is_text,
    }
    if body:
        event["body"] = body.decode("utf-8", "replace") if is_text else base64.b64encode(body).decode("ascii")
    return event


class _GatewayServer(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver listens with a backlog of 5. Many clients connecting at once overflow it, and with
    # SYN cookies on, the kernel then answers some of them with a reset instead of a late accept.
    request_queue_size = 128


class LocalGateway:
    def __init__(
        self,
        api_handler: Callable,
        verify_token: Callable[[str], dict],
        read_user: Callable[[str], dict | None],
        read_object: Callable[[str], tuple[str, bytes] | None],
        issue_token: Callable[[str], str],
        allowed_origins: tuple[str, ...],
        static_dir: Path | None = None,
        host: str = "127.0.0.1",
        port: int = 8080,
    ):
        self.api_handler = api_handler
        self.verify_token = verify_token
        self.read_user = read_user
        self.read_object = read_object
        self.issue_token = issue_token
        self.allowed_origins = allowed_origins
        self.static_dir = static_dir
        self.extra_routes: dict[str, Callable[[], tuple[int, str, bytes]]] = {}
        gateway = self

        class Handler(_RequestHandler):
            pass

        Handler.gateway = gateway
        self.server = _GatewayServer((host, port), Handler)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def serve_forever(self) -> None:
        self.server.serve_forever(poll_interval=0.2)

    def shutdown(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class _RequestHandler(BaseHTTPRequestHandler):
    gateway: LocalGateway
    protocol_version = "HTTP/1.1"
    server_version = "open-update-image-local"

    def log_message(self, format, *args):  # noqa: A002 - stdlib signature; requests are not logged (no tokens, no URLs)
        return

    def _send(self, status: int, body: bytes, content_type: str = "application/json", headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, payload, headers: dict | None = None) -> None:
        self._send(status, json.dumps(payload).encode(), headers=headers)

    def _cors(self) -> dict:
        origin = self.headers.get("Origin")
        if origin and (origin in self.gateway.allowed_origins or "*" in self.gateway.allowed_origins):
            return {
                "Access-Control-Allow-Origin": origin,
                "Access-Control-Allow-Headers": "authorization, content-type",
                "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                "Access-Control-Max-Age": "600",
                "Vary": "Origin",
            }
        return {}

    def _no_route(self):
        # API Gateway answers a method it has no route for with 404 JSON, never 501 HTML.
        self.close_connection = True  # the request body, if any, is left unread
        self._json(404, {"message": "Not Found"}, self._cors())

    def __getattr__(self, name: str):
        # The stdlib dispatches method X to do_X and answers 501 when there is none: route every other method.
        if name.startswith("do_"):
            return self._no_route
        raise AttributeError(name)

    def do_OPTIONS(self):  # noqa: N802 - the HTTP API's CORS configuration answers preflights itself
        self._send(204, b"", headers=self._cors())

    def do_POST(self):  # noqa: N802
        parts = urlsplit(self.path)
        if (self.command, parts.path) != ROUTE:
            return self._json(404, {"message": "Not Found"}, self._cors())
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            return self._json(413, {"message": "Request Entity Too Large"}, self._cors())
        body = self.rfile.read(length) if length else b""
        authorization = self.headers.get("Authorization", "")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return self._json(401, {"message": "Unauthorized"}, self._cors())
        try:
            claims = self.gateway.verify_token(token.strip())
        except InvalidToken:
            return self._json(401, {"message": "Unauthorized"}, self._cors())
        headers = {name.lower(): value for name, value in self.headers.items()}
        event = http_api_event(self.command, parts.path, parts.query, headers, body, claims, self.client_address[0])
        response = self.gateway.api_handler(event, LambdaContext(function_name="api", aws_request_id=event["requestContext"]["requestId"]))
        response_headers = dict(response.get("headers") or {})
        response_headers.setdefault("apigw-requestid", event["requestContext"]["requestId"])
        content_type = response_headers.pop("Content-Type", "application/json")
        payload = response.get("body") or ""
        raw = base64.b64decode(payload) if response.get("isBase64Encoded") else payload.encode()
        self._send(int(response.get("statusCode", 200)), raw, content_type, response_headers)

    def do_HEAD(self):  # noqa: N802
        self.do_GET()

    def do_GET(self):  # noqa: N802
        parts = urlsplit(self.path)
        path = parts.path
        if path == "/_local/health":
            return self._json(200, {"status": "ok"})
        if path.startswith("/_local/users/"):
            user_id = unquote(path[len("/_local/users/") :])
            item = self.gateway.read_user(user_id)
            if item is None:
                return self._json(404, {"message": f"no user {user_id!r}"}, self._cors())
            return self._json(200, item, self._cors())
        if path.startswith(CDN_PATH):
            found = self.gateway.read_object(unquote(path[len(CDN_PATH) :]))
            if found is None:
                return self._json(404, {"message": "Not Found"})
            content_type, data = found
            return self._send(200, data, content_type, {"Access-Control-Allow-Origin": "*", "Cache-Control": "max-age=60"})
        if path == "/_local/token":
            user_id = (parse_qs(parts.query).get("user") or ["demo"])[0]
            return self._json(200, {"token": self.gateway.issue_token(user_id), "user": user_id}, self._cors())
        if path in self.gateway.extra_routes:
            status, content_type, body = self.gateway.extra_routes[path]()
            return self._send(status, body, content_type, self._cors())
        return self._static(path)

    def _static(self, path: str) -> None:
        static_dir = self.gateway.static_dir
        name = "index.html" if path in ("", "/") else path.lstrip("/")
        if static_dir is None or "/" in name or name.startswith("."):
            return self._json(404, {"message": "Not Found"})
        file = static_dir / name
        if not file.is_file():
            return self._json(404, {"message": "Not Found"})
        types = {".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".png": "image/png", ".json": "application/json"}
        self._send(200, file.read_bytes(), types.get(file.suffix, "application/octet-stream"))
