"""An in-memory keyring for tests: a real `keyring` backend that forgets on exit.

Test code only: the test suite selects it (`keyring.set_keyring`, and for studio processes
a test starts, keyring's own `PYTHON_KEYRING_BACKEND` variable). Production code never
imports it, so on a machine without a keyring the studio sees keyring's refusing backend
and says so.
"""

from __future__ import annotations

import threading

import keyring.errors
from keyring.backend import KeyringBackend


class MemoryKeyring(KeyringBackend):
    """Secrets in a dict of this process; nothing is written anywhere."""

    priority = 1  # only ever chosen explicitly: this module is imported by tests alone

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


class GatedKeyring(MemoryKeyring):
    """The in-memory keyring, answering only once `gate` is set: a Secret Service that is slow
    to answer (or waits for its password to be typed), which cannot be summoned here. Notes
    the thread each call came from, so a test sees the window never waited on it."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.threads: list[str] = []

    def _wait(self) -> None:
        self.threads.append(threading.current_thread().name)
        if not self.gate.wait(30):
            raise keyring.errors.KeyringLocked("the test never opened the gate")

    def get_password(self, service: str, username: str) -> str | None:
        self._wait()
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self._wait()
        super().set_password(service, username, password)
