"""Use cases: issue an upload URL, and confirm an object that landed."""

import logging
import re
import time
from datetime import datetime
from urllib.parse import quote

from domain.errors import InvalidField, PayloadTooLarge, UnknownUser, UnsupportedContentType
from domain.ids import new_ulid
from domain.keys import MAX_USER_ID_LENGTH, build_key, parse_key
from domain.media import ACCEPTED_EXTENSIONS, KEY_EXTENSION, SNIFF_BYTES, normalize_content_type, sniff_content_type
from domain.models import ConfirmResult, ProfileImage, UploadPolicy, UploadRequest, UploadTicket
from domain.ports import ObjectStore, UserRepository

logger = logging.getLogger(__name__)

MAX_FILE_NAME_LENGTH = 255
_CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f]")
ISO_UTC = "%Y-%m-%dT%H:%M:%SZ"


def image_url_for(policy: UploadPolicy, store: ObjectStore, key: str) -> str:
    if policy.public_base_url:
        return policy.public_base_url.rstrip("/") + "/" + quote(key)
    return store.public_url(key)


def _expiry(now: datetime | None, seconds: int) -> str:
    """When a URL issued `now` (a timezone-aware datetime; default: the current time) expires, as ISO 8601
    UTC text. From epoch seconds, so a request builds no datetime."""
    issued = time.time() if now is None else now.timestamp()
    return time.strftime(ISO_UTC, time.gmtime(issued + seconds))


class RequestUpload:
    def __init__(self, policy: UploadPolicy, store: ObjectStore, users: UserRepository):
        self._policy = policy
        self._store = store
        self._users = users

    def __call__(self, request: UploadRequest, now: datetime | None = None) -> UploadTicket:
        content_type = self._check(request)
        if not self._users.exists(request.user_id):
            raise UnknownUser("no profile exists for this user")
        key = build_key(self._policy.key_prefix, request.user_id, new_ulid(), KEY_EXTENSION[content_type])
        expires_in = self._policy.url_expires_seconds
        expires_at = _expiry(now, expires_in)  # before signing: never later than the URL's own expiry
        presigned = self._store.presign_put(key, content_type, request.content_length, expires_in)
        return UploadTicket(
            upload_url=presigned.url,
            headers=presigned.headers,
            key=key,
            image_url=image_url_for(self._policy, self._store, key),
            expires_at=expires_at,
            expires_in=expires_in,
        )

    def _check(self, request: UploadRequest) -> str:
        """Validate the request; return the normalized content type."""
        if not request.user_id or len(request.user_id) > MAX_USER_ID_LENGTH:
            raise InvalidField("user id from the authorizer is empty or too long", field="userId")
        file_name = request.file_name.strip()
        if not 1 <= len(file_name) <= MAX_FILE_NAME_LENGTH:
            raise InvalidField(f"must be 1 to {MAX_FILE_NAME_LENGTH} characters", field="fileName")
        if _CONTROL_CHARACTER.search(file_name):
            raise InvalidField("must not contain control characters", field="fileName")
        content_type = normalize_content_type(request.content_type)
        if content_type not in self._policy.allowed_content_types:
            allowed = ", ".join(sorted(self._policy.allowed_content_types))
            raise UnsupportedContentType(f"must be one of: {allowed}", field="contentType")
        base_name = file_name.replace("\\", "/").rsplit("/", 1)[-1]
        if "." in base_name.strip("."):
            extension = base_name.rsplit(".", 1)[1].lower()
            if extension not in ACCEPTED_EXTENSIONS[content_type]:
                raise InvalidField(f"extension .{extension} does not match {content_type}", field="fileName")
        length = request.content_length
        if length is not None:
            if length < 1:
                raise InvalidField("must be at least 1", field="contentLength")
            if length > self._policy.max_upload_bytes:
                raise PayloadTooLarge(
                    f"must be at most {self._policy.max_upload_bytes} bytes", field="contentLength"
                )
        return content_type


class ConfirmUpload:
    def __init__(self, policy: UploadPolicy, store: ObjectStore, users: UserRepository):
        self._policy = policy
        self._store = store
        self._users = users

    def __call__(self, bucket: str, key: str) -> ConfirmResult:
        upload = parse_key(self._policy.key_prefix, key)
        if upload is None:
            logger.info("ignoring object outside this service's keys", extra={"key": key, "bucket": bucket})
            return ConfirmResult("ignored", key, reason="not a key this service makes")
        stored = self._store.describe(key, SNIFF_BYTES)
        if stored is None:
            return ConfirmResult("gone", key, reason="object no longer exists")
        problem = self._problem_with(stored, upload.content_type)
        if problem:
            self._store.delete(key)
            return ConfirmResult("rejected", key, reason=problem, deleted_keys=(key,))
        image = ProfileImage(key=key, upload_id=upload.upload_id, image_url=image_url_for(self._policy, self._store, key))
        change = self._users.set_image_if_newer(upload.user_id, image)
        if change.outcome == "updated":
            replaced = change.replaced
            if replaced and replaced.key != key:
                self._store.delete(replaced.key)  # only now that the profile no longer points at it
                return ConfirmResult("confirmed", key, deleted_keys=(replaced.key,))
            return ConfirmResult("confirmed", key)
        if change.outcome == "unknown_user":
            self._store.delete(key)
            return ConfirmResult("unknown_user", key, reason="user has no profile", deleted_keys=(key,))
        if change.current and change.current.key == key:
            return ConfirmResult("duplicate", key, reason="already the profile image")
        self._store.delete(key)
        return ConfirmResult("superseded", key, reason="a newer upload is the profile image", deleted_keys=(key,))

    def _problem_with(self, stored, key_content_type: str) -> str:
        if stored.size > self._policy.max_upload_bytes:
            return f"object is {stored.size} bytes, over the {self._policy.max_upload_bytes}-byte maximum"
        if stored.size == 0:
            return "object is empty"
        real_type = sniff_content_type(stored.head)
        if real_type is None or real_type not in self._policy.allowed_content_types:
            return "object bytes are not an allowed image type"
        if normalize_content_type(stored.content_type) != real_type:
            return f"stored Content-Type {stored.content_type!r} does not match the bytes ({real_type})"
        if real_type != key_content_type:
            return f"key extension does not match the bytes ({real_type})"
        return ""
