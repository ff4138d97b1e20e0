"""Domain errors: a rule of the domain was broken. Views and the API show the message."""


class DomainError(Exception):
    """A request that the domain refuses; ``str(exc)`` is a message for the user."""

    code = "domain-error"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ConflictError(DomainError):
    """Someone else changed the record since it was read (optimistic locking)."""

    code = "conflict"
