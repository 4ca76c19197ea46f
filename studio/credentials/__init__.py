"""Stream keys and platform tokens, kept only in the OS keyring (never in files or logs).

`store` / `load` / `forget` wrap the `keyring` package under one service name. The keyring
in use is whatever the OS offers (Windows Credential Manager, macOS Keychain, Secret Service);
tests install `MemoryKeyring`, an in-memory backend, so nothing touches a real keyring.
"""

from __future__ import annotations

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from studio.core.destination import SecretStr

SERVICE = "MerchantStudio"


class CredentialError(RuntimeError):
    """The OS keyring is not available or refused; the message says what to do."""


def _account(kind: str, name: str) -> str:
    return f"{kind}:{name}"


def store(kind: str, name: str, secret: str) -> None:
    """Keep `secret` (a stream key, a platform token) under e.g. ("platform", "https://shop")."""
    try:
        keyring.set_password(SERVICE, _account(kind, name), secret)
    except keyring.errors.KeyringError as exc:
        raise CredentialError(_advice(exc)) from None


def load(kind: str, name: str) -> SecretStr | None:
    try:
        value = keyring.get_password(SERVICE, _account(kind, name))
    except keyring.errors.KeyringError as exc:
        raise CredentialError(_advice(exc)) from None
    return None if value is None else SecretStr(value)


def forget(kind: str, name: str) -> bool:
    try:
        keyring.delete_password(SERVICE, _account(kind, name))
    except keyring.errors.PasswordDeleteError:
        return False
    except keyring.errors.KeyringError as exc:
        raise CredentialError(_advice(exc)) from None
    return True


def _advice(exc: Exception) -> str:
    return (
        f"系统钥匙串不可用（{type(exc).__name__}）：密钥只保存在系统钥匙串里。"
        "Linux 请安装并登录 GNOME Keyring 或 KWallet"
    )


class MemoryKeyring(KeyringBackend):
    """An in-memory keyring for tests: a real `keyring` backend that forgets on exit."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self._store[(service, username)]
        except KeyError:
            raise keyring.errors.PasswordDeleteError(username) from None
