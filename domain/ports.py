"""Ports: what the use cases need from storage, implemented by adapters."""

from abc import ABC, abstractmethod

from domain.models import ImageChange, PresignedUpload, ProfileImage, StoredObject


class ObjectStore(ABC):
    @abstractmethod
    def presign_put(
        self, key: str, content_type: str, content_length: int | None, expires_in: int
    ) -> PresignedUpload:
        """A URL and the exact headers with which a client may PUT this one object."""

    @abstractmethod
    def describe(self, key: str, head_bytes: int) -> StoredObject | None:
        """Size, stored Content-Type and first bytes of an object, or None if it does not exist."""

    @abstractmethod
    def delete(self, key: str) -> None:
        """Delete the object; deleting a missing object is not an error."""

    @abstractmethod
    def public_url(self, key: str) -> str:
        """Where the object is served when no public base URL is configured."""


class UserRepository(ABC):
    @abstractmethod
    def exists(self, user_id: str) -> bool:
        """Whether the user has a profile."""

    @abstractmethod
    def set_image_if_newer(self, user_id: str, image: ProfileImage) -> ImageChange:
        """Point the profile at `image` only if the user exists and `image.upload_id` is newer
        than the current one, atomically; report what was replaced or kept."""
