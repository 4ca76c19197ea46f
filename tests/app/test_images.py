"""Catalog pictures from local paths and from URLs on a loopback HTTP server, cached once."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from studio.app.images import ImageCache, ImageFetchError


class _Server(http.server.ThreadingHTTPServer):
    hits: list[str]
    files: dict[str, bytes]


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        self.server.hits.append(self.path)
        body = self.server.files.get(self.path)
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def image_host() -> Iterator[_Server]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.hits, server.files = [], {}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


def _png() -> bytes:
    ok, data = cv2.imencode(".png", np.full((8, 8, 3), 200, np.uint8))
    assert ok
    return data.tobytes()


def test_url_pictures_are_downloaded_once(tmp_path: Path, image_host: _Server) -> None:
    image_host.files["/img/orange.png"] = _png()
    image_host.files["/img/notes.txt"] = b"hello"
    base = f"http://127.0.0.1:{image_host.server_address[1]}"
    cache = ImageCache(tmp_path / "cache")
    first = cache.resolve(f"{base}/img/orange.png")
    again = cache.resolve(f"{base}/img/orange.png")
    assert first == again and first.suffix == ".png"
    assert cv2.imdecode(np.fromfile(first, np.uint8), cv2.IMREAD_COLOR).shape == (8, 8, 3)
    assert image_host.hits == ["/img/orange.png"]
    with pytest.raises(ImageFetchError, match="404"):
        cache.resolve(f"{base}/img/missing.png")
    with pytest.raises(ImageFetchError, match="不是图片"):
        cache.resolve(f"{base}/img/notes.txt")


def test_local_pictures_relative_to_the_sheet(tmp_path: Path) -> None:
    (tmp_path / "图片").mkdir()
    picture = tmp_path / "图片" / "脐橙.png"
    picture.write_bytes(_png())
    cache = ImageCache(tmp_path / "cache")
    assert cache.resolve("图片/脐橙.png", base_dir=tmp_path) == picture
    with pytest.raises(ImageFetchError, match="找不到图片"):
        cache.resolve("图片/苹果.png", base_dir=tmp_path)


class _RawHost:
    """A loopback HTTP host that answers every request with `respond(socket)`: a picture
    host that drips or never ends, as a slow or hostile one does."""

    def __init__(self, respond) -> None:  # type: ignore[no-untyped-def]
        import socket
        import threading

        self.respond = respond
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/p.png"

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                try:
                    conn.recv(4096)
                    self.respond(conn, self.stop)
                except OSError:
                    pass

    def close(self) -> None:
        self.stop.set()
        self.sock.close()
        self.thread.join(10)


def test_a_picture_host_that_drips_is_cut_off(tmp_path: Path) -> None:
    def drip(conn, stop) -> None:  # type: ignore[no-untyped-def]
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n\x89PNG")
        while not stop.wait(0.2):
            conn.sendall(b"x")

    host = _RawHost(drip)
    try:
        cache = ImageCache(tmp_path / "cache", timeout_s=5.0, total_s=1.0)
        with pytest.raises(ImageFetchError, match="太慢"):
            cache.resolve(host.url)
    finally:
        host.close()


def test_a_huge_picture_is_refused_as_it_arrives(tmp_path: Path) -> None:
    def endless(conn, stop) -> None:  # type: ignore[no-untyped-def]
        conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        chunk = b"\x89PNG" + b"x" * 65532
        for _ in range(1024 * 16):  # 1 GB if read whole
            if stop.is_set():
                return
            conn.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))

    host = _RawHost(endless)
    try:
        cache = ImageCache(tmp_path / "cache")
        with pytest.raises(ImageFetchError, match="20 MB"):
            cache.resolve(host.url)
    finally:
        host.close()
    assert not list((tmp_path / "cache").glob("*")) if (tmp_path / "cache").exists() else True


def test_a_huge_local_picture_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "大图.png"
    with open(big, "wb") as fh:
        fh.truncate(30 * 1024 * 1024)  # sparse: 30 MB on paper
    with pytest.raises(ImageFetchError, match="30 MB"):
        ImageCache(tmp_path / "cache").resolve(str(big))
