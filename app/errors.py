"""Errors the service raises; the HTTP layer and the CLI each translate them once, at the edge."""

from __future__ import annotations


class ServiceError(Exception):
    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(ServiceError):
    status = 404


class Conflict(ServiceError):
    status = 409


class Unauthorized(ServiceError):
    status = 401


class LimitReached(ServiceError):
    status = 429


class RateLimited(LimitReached):
    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class InvalidInput(ServiceError):
    """A client-supplied field is unusable; ``loc`` follows FastAPI's validation error shape."""

    status = 422

    def __init__(self, loc: tuple[str, ...], message: str, kind: str = "value_error") -> None:
        super().__init__(message)
        self.loc = loc
        self.kind = kind


class StaleReply(InvalidInput):
    """An answer naming a question that is no longer the current one: another tab or device answered it."""

    status = 409


class ConfigError(Exception):
    """A setting cannot be used (a database that does not answer, a value out of range); the message is one
    line naming the setting and the fix."""
