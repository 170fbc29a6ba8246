"""Talking to the API and to S3: request an upload URL, PUT the file with the signed headers, wait for confirmation."""

import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import requests

TIMEOUT = 30


class ClientError(Exception):
    """Something the person running the client can act on; the message says what."""


@dataclass(frozen=True)
class Ticket:
    upload_url: str
    method: str
    headers: dict[str, str]
    image_url: str
    key: str
    expires_at: str


class ProgressFile:
    """A file read in chunks for `requests`, reporting the bytes sent so far."""

    def __init__(self, path: Path, on_progress: Callable[[int, int], None]):
        self._file = path.open("rb")
        self._size = path.stat().st_size
        self._sent = 0
        self._on_progress = on_progress

    def __len__(self) -> int:
        return self._size

    def read(self, size: int = -1) -> bytes:
        chunk = self._file.read(size)
        if chunk:
            self._sent += len(chunk)
            self._on_progress(self._sent, self._size)
        return chunk

    def close(self) -> None:
        self._file.close()


def local_token(api_url: str, user: str, session: requests.Session | None = None) -> str:
    """A token from the local stack's development-only `/_local/token` route."""
    http = session or requests.Session()
    try:
        response = http.get(f"{api_url}/_local/token", params={"user": user}, timeout=TIMEOUT)
    except requests.ConnectionError:
        raise ClientError(f"cannot reach {api_url}: is `make run` running?") from None
    if response.status_code != 200:
        raise ClientError(f"{api_url} has no /_local/token (not the local stack?): pass --token or set OPEN_UPDATE_IMAGE_TOKEN")
    return response.json()["token"]


def api_error(response: requests.Response) -> ClientError:
    """The API's JSON error answer, with the fields at fault and the request id."""
    try:
        body = response.json()
    except ValueError:
        body = {}
    message = body.get("message") or response.reason
    fields = [f"{error.get('field')}: {error.get('message')}" for error in body.get("errors", []) if error.get("field")]
    detail = f" ({'; '.join(fields)})" if fields and message not in fields[0] else ""
    request_id = f" [request id {body['requestId']}]" if body.get("requestId") else ""
    return ClientError(f"the API refused the upload: HTTP {response.status_code}: {message}{detail}{request_id}")


def storage_error(response: requests.Response) -> ClientError:
    """S3's XML refusal of the PUT, with what to do about it."""
    code = re.search(r"<Code>([^<]*)</Code>", response.text or "")
    message = re.search(r"<Message>([^<]*)</Message>", response.text or "")
    code_text, message_text = (code.group(1) if code else ""), (message.group(1) if message else "")
    if response.status_code in (301, 307) or code_text in ("TemporaryRedirect", "PermanentRedirect"):
        hint = "the URL does not use the bucket's regional endpoint; the service must sign for the bucket's region"
    elif code_text == "SignatureDoesNotMatch":
        hint = "the PUT's headers differ from the signed ones: send exactly the returned headers"
    elif "expired" in message_text.lower():
        hint = "the upload URL expired: request a new one and upload straight away"
    else:
        hint = message_text or response.reason
    return ClientError(f"S3 refused the upload: HTTP {response.status_code} {code_text}: {hint}")


class ProfileImageClient:
    def __init__(self, api_url: str, token: str, session: requests.Session | None = None):
        self.api_url = api_url.rstrip("/")
        self._token = token
        self._http = session or requests.Session()

    def request_upload(self, file_name: str, content_type: str, content_length: int) -> Ticket:
        try:
            response = self._http.post(
                f"{self.api_url}/profile/image",
                json={"fileName": file_name, "contentType": content_type, "contentLength": content_length},
                headers={"Authorization": f"Bearer {self._token}"},
                timeout=TIMEOUT,
            )
        except requests.ConnectionError:
            raise ClientError(f"cannot reach the API at {self.api_url}") from None
        if response.status_code != 200:
            raise api_error(response)
        body = response.json()
        return Ticket(body["uploadURL"], body.get("method", "PUT"), body["headers"], body["imageUrl"], body["key"], body["expiresAt"])

    def upload(self, ticket: Ticket, path: Path, on_progress: Callable[[int, int], None] = lambda sent, total: None) -> None:
        """PUT the file with exactly the signed headers; S3's redirects are errors, never followed."""
        body = ProgressFile(path, on_progress)
        try:
            response = self._http.request(
                ticket.method, ticket.upload_url, data=body, headers=ticket.headers, timeout=TIMEOUT * 10, allow_redirects=False
            )
        except requests.ConnectionError:
            raise ClientError("cannot reach S3 to upload the file") from None
        finally:
            body.close()
        if not 200 <= response.status_code < 300:
            raise storage_error(response)

    def wait_for_profile(self, profile_url: str, image_url: str, timeout: float = 60.0, interval: float = 0.5) -> None:
        """Poll a JSON profile (e.g. the local `/_local/users/{id}`) until its imageUrl is ours."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                response = self._http.get(profile_url, headers={"Authorization": f"Bearer {self._token}"}, timeout=TIMEOUT)
                if response.ok and response.json().get("imageUrl") == image_url:
                    return
            except (requests.RequestException, ValueError):
                pass
            time.sleep(interval)
        raise ClientError(
            f"uploaded, but not confirmed within {timeout:.0f} s: the service may have rejected the file (not a real image?)"
        )
