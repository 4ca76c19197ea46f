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
