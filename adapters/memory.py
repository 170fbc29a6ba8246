"""In-memory adapters for unit tests. The repository's conditional write is atomic (one lock)."""

import threading
from urllib.parse import quote, urlencode

from domain.models import ImageChange, PresignedUpload, ProfileImage, StoredObject
from domain.ports import ObjectStore, UserRepository


class InMemoryObjectStore(ObjectStore):
    def __init__(self, base_url: str = "https://bucket.example.test"):
        self.base_url = base_url
        self.objects: dict[str, tuple[bytes, str]] = {}
        self.deleted: list[str] = []

    def put(self, key: str, body: bytes, content_type: str) -> None:
        self.objects[key] = (body, content_type)

    def presign_put(self, key, content_type, content_length, expires_in):
        headers = {"Content-Type": content_type}
        if content_length is not None:
            headers["Content-Length"] = str(content_length)
        query = urlencode({"expires": expires_in})
        return PresignedUpload(url=f"{self.base_url}/{quote(key)}?{query}", headers=headers)

    def describe(self, key, head_bytes):
        if key not in self.objects:
            return None
        body, content_type = self.objects[key]
        return StoredObject(size=len(body), content_type=content_type, head=body[:head_bytes])

    def delete(self, key):
        self.deleted.append(key)
        self.objects.pop(key, None)

    def public_url(self, key):
        return f"{self.base_url}/{quote(key)}"


class InMemoryUserRepository(UserRepository):
    def __init__(self, user_ids: tuple[str, ...] = ()):
        self._lock = threading.Lock()
        self.images: dict[str, ProfileImage | None] = {user_id: None for user_id in user_ids}

    def add_user(self, user_id: str) -> None:
        with self._lock:
            self.images.setdefault(user_id, None)

    def exists(self, user_id):
        return user_id in self.images

    def set_image_if_newer(self, user_id, image):
        with self._lock:
            if user_id not in self.images:
                return ImageChange("unknown_user")
            current = self.images[user_id]
            if current is not None and current.upload_id >= image.upload_id:
                return ImageChange("stale", current=current)
            self.images[user_id] = image
            return ImageChange("updated", replaced=current)
