"""Stream keys and platform tokens, kept only in the OS keyring (never in files or logs).

`store` / `load` / `forget` wrap the `keyring` package under one service name. The keyring in
use is whatever the OS offers (Windows Credential Manager, macOS Keychain, Secret Service).
Where there is none, `keyring` falls back to a backend that refuses every call, and that
refusal reaches the caller as `CredentialError` with advice: nothing is ever "saved" that is
not kept. A store is read back before it counts as kept, so a backend that accepts and forgets
(keyring's null backend, a misconfigured one) is caught too. Backends that write secrets to a
plain file are refused. Tests choose an in-memory backend of their own (`tests/support`)
through keyring's documented `PYTHON_KEYRING_BACKEND`; this package registers none.
"""

from __future__ import annotations

import logging
import os

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from studio.core.destination import SecretStr
from studio.core.errors import StudioError
from studio.core.messages import Message, error_words

SERVICE = "MerchantStudio"
# keyrings.alt's file backends keep secrets in a file in the home folder (base64 or plain):
# not a keyring in the sense the studio promises
_PLAIN_FILE_BACKENDS = ("keyrings.alt.file",)


class CredentialError(StudioError, RuntimeError):
    """The OS keyring is not available or refused; the message says what to do."""


def _account(kind: str, name: str) -> str:
    return f"{kind}:{name}"


def backend() -> KeyringBackend:
    """The keyring in use, if it is one that keeps secrets safely; else CredentialError."""
    try:
        ring = keyring.get_keyring()
    except (ImportError, ValueError, AttributeError, TypeError):
        # PYTHON_KEYRING_BACKEND names no backend (empty, no such module or class): keyring
        # raises whatever the import did; said as the setting being wrong
        chosen = os.environ.get("PYTHON_KEYRING_BACKEND", "")
        raise CredentialError(Message("keyring.bad_backend", {"value": chosen})) from None
    module = type(ring).__module__
    if module.startswith(_PLAIN_FILE_BACKENDS):
        raise CredentialError(Message("keyring.plain_file", {"backend": type(ring).__name__}))
    return ring


def store(kind: str, name: str, secret: str) -> None:
    """Keep `secret` (a stream key, a platform token) under e.g. ("platform", "https://shop").

    Read back before returning: CredentialError unless the keyring really kept it.
    """
    account = _account(kind, name)
    ring = backend()
    try:
        ring.set_password(SERVICE, account, secret)
        kept = ring.get_password(SERVICE, account)
    except keyring.errors.KeyringError as exc:
        raise CredentialError(_advice(exc)) from None
    if kept != secret:
        raise CredentialError(Message("keyring.not_kept", {"backend": type(ring).__name__}))


def load(kind: str, name: str) -> SecretStr | None:
    try:
        value = backend().get_password(SERVICE, _account(kind, name))
    except keyring.errors.KeyringError as exc:
        raise CredentialError(_advice(exc)) from None
    return None if value is None else SecretStr(value)


def forget(kind: str, name: str) -> bool:
    try:
        backend().delete_password(SERVICE, _account(kind, name))
    except keyring.errors.PasswordDeleteError:
        return False
    except keyring.errors.KeyringError as exc:
        raise CredentialError(_advice(exc)) from None
    return True


def available() -> bool:
    """Whether keys can be kept here (a harmless read answers)."""
    try:
        load("probe", "probe")
    except CredentialError:
        return False
    return True


def _advice(exc: Exception) -> Message:
    logging.getLogger(__name__).warning("keyring: %s", type(exc).__name__)  # never its text
    name = type(exc).__name__  # keyring's own class names, said in words
    if "Locked" in name:
        error: Message | str = Message("keyring.locked")
    elif "NoKeyring" in name:
        error = Message("keyring.none_found")
    else:
        error = error_words(exc)
    return Message("keyring.unavailable", {"error": error})
