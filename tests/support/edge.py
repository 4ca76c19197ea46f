"""An ingest edge: a TCP load balancer in front of the RTMP servers, as every CDN runs one.

While its backends restart it still accepts connections and then hangs up on them, at one of
the points an edge does: `before_handshake` (reads the first bytes, closes), `mid_handshake`
(relays half the server's handshake, closes), `after_handshake` (relays the handshake, closes
when the client's `connect` arrives). `forward` relays everything. With `tls` it terminates
TLS first (an RTMPS edge).
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading

MODES = ("forward", "before_handshake", "mid_handshake", "after_handshake")
C0C1, S0S1S2, C2 = 1 + 1536, 1 + 1536 + 1536, 1536


class FlakyEdge:
    def __init__(self, target_port: int, tls: ssl.SSLContext | None = None) -> None:
        self.target_port = target_port
        self.tls = tls
        self.mode = "forward"
        self.hung_up = 0  # connections closed on purpose
        self._server = socket.socket()
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(16)
        self.port = int(self._server.getsockname()[1])
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._conns: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept_loop, daemon=True)
        self._thread.start()

    def url(self, key: str, app: str = "live") -> str:
        scheme = "rtmps" if self.tls is not None else "rtmp"
        return f"{scheme}://127.0.0.1:{self.port}/{app}/{key}"

    def _accept_loop(self) -> None:
        self._server.settimeout(0.2)
        while not self._stop.is_set():
            try:
                client, _ = self._server.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        mode = self.mode
        try:
            if self.tls is not None:
                client.settimeout(5)
                client = self.tls.wrap_socket(client, server_side=True)
            if mode == "before_handshake":
                client.settimeout(5)
                client.recv(64)  # the first bytes of C0C1, then the backend is "gone"
                self._hang_up(client)
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
        except OSError:
            with contextlib.suppress(OSError):
                client.close()
            return
        with self._lock:
            self._conns += [client, upstream]
        pair = (client, upstream)
        up = threading.Thread(target=self._pipe, args=(client, upstream, mode, True, pair))
        down = threading.Thread(target=self._pipe, args=(upstream, client, mode, False, pair))
        for t in (up, down):
            t.daemon = True
            t.start()

    def _pipe(
        self,
        src: socket.socket,
        dst: socket.socket,
        mode: str,
        upstream: bool,
        pair: tuple[socket.socket, socket.socket],
    ) -> None:
        src.settimeout(0.2)
        relayed = 0
        while not self._stop.is_set():
            try:
                data = src.recv(4096)
            except TimeoutError:
                continue
            except OSError:
                break
            if not data:
                break
            if mode == "mid_handshake" and not upstream and relayed + len(data) > S0S1S2 // 2:
                data = data[: max(0, S0S1S2 // 2 - relayed)]
                with contextlib.suppress(OSError):
                    dst.sendall(data)
                self._hang_up(*pair)
                return
            if mode == "after_handshake" and upstream and relayed >= C0C1 + C2:
                self._hang_up(*pair)  # the client's connect command: the backend is gone
                return
            try:
                dst.sendall(data)
            except OSError:
                break
            relayed += len(data)
        for s in (src, dst):
            with contextlib.suppress(OSError):
                s.close()

    def _hang_up(self, *sockets: socket.socket) -> None:
        self.hung_up += 1
        for s in sockets:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                s.close()

    def drop(self) -> None:
        """Close every connection now (the backends went away)."""
        with self._lock:
            conns, self._conns = self._conns, []
        self._hang_up(*conns)

    def close(self) -> None:
        self._stop.set()
        self.drop()
        self._server.close()
        self._thread.join(2)
