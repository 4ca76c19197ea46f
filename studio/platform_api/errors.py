"""The platform exception tree (drawn in the package docstring)."""

from __future__ import annotations

from studio.core.errors import StudioError
from studio.core.messages import Message


class PlatformError(StudioError):
    """Anything the platform layer raises; `.message` is for the host."""


class PlatformUnavailable(PlatformError):
    """The platform did not answer in time, refused the connection, or answered 5xx."""


class NotSent(PlatformUnavailable):
    """The request did not leave (the connection was refused): safe to send again."""


class NoAnswer(PlatformUnavailable):
    """Sent, but no answer came (timeout, reset): it may have been done."""


class PlatformRejected(PlatformError):
    """The platform answered and said no."""

    def __init__(self, message: Message | str, status: int = 0, code: str = "") -> None:
        super().__init__(message)
        self.status, self.code = status, code


class PlatformAuthError(PlatformRejected):
    """The token is missing or wrong."""


class PlatformNotFound(PlatformRejected):
    """No such session or product on the platform."""


class PlatformContractError(PlatformError):
    """The platform's answer does not follow the contract."""
