"""The app layer's error for a request that cannot be done as asked (bad input, a folder
that cannot be written): its message says what to change. Raised by the use cases, shown by
the CLI and the window as it is."""

from __future__ import annotations

from studio.core.errors import StudioError


class ConfigError(StudioError, ValueError):
    """The requested stream or show cannot start; the message says what to change."""
