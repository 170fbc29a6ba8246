"""Errors the use cases raise; the handlers map each kind to one HTTP status."""


class DomainError(Exception):
    """A request the domain refuses. `field` names the input at fault, when there is one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidField(DomainError):
    """A field is missing or has a value the service cannot accept (400)."""


class UnsupportedContentType(DomainError):
    """The content type is not one of the allowed image types (415)."""


class PayloadTooLarge(DomainError):
    """The declared size is over the maximum (413)."""


class UnknownUser(DomainError):
    """The authenticated user has no profile in the table (404)."""
