"""One studio per user: a second launch brings the running window forward and leaves.

Two studios would fight over the camera and the microphone, and both would write one journal.
A lock file in the data directory decides who is first (QLockFile: a lock left by a crashed
studio is taken over, since its process is gone); the first listens on a local socket named
after that directory, and a second launch sends it "show" there before it exits.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

WAIT_MS = 1500  # for the running studio to answer; it answers from its event loop


def _server_name(data_dir: Path) -> str:
    digest = hashlib.sha256(str(data_dir.resolve()).encode("utf-8")).hexdigest()[:16]
    return f"merchant-studio-{digest}"


class SingleInstance(QObject):
    """`acquire()` True: this is the only studio (keep the object alive). False: another
    runs, and has been asked to show its window."""

    activated = Signal()

    def __init__(self, data_dir: Path) -> None:
        super().__init__()
        self.name = _server_name(data_dir)
        self._lock = QLockFile(str(data_dir / "studio.lock"))
        self._lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
        self._server: QLocalServer | None = None

    def acquire(self) -> bool:
        if not self._lock.tryLock(100):
            if self._lock.error() is not QLockFile.LockError.LockFailedError:
                # the folder cannot hold a lock (read-only, not a folder): no way to tell, so
                # this studio starts, and the journal says what is wrong with the folder
                return True
            self._ask_running_to_show()
            return False
        QLocalServer.removeServer(self.name)  # a socket file a crashed studio left behind
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_connection)
        self._server.listen(self.name)
        return True

    def _ask_running_to_show(self) -> None:
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if socket.waitForConnected(WAIT_MS):
            socket.write(b"show\n")
            socket.waitForBytesWritten(WAIT_MS)
            socket.disconnectFromServer()

    def _on_connection(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._on_message(s))
            socket.disconnected.connect(socket.deleteLater)

    def _on_message(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(b"show"):
            self.activated.emit()

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()
