"""Product pictures named in the catalog: local paths (relative to the sheet) or http(s) URLs.

URLs are fetched once with httpx and kept in the user cache directory under a hash of the
URL, so a show does not depend on the shop's image host being up while it is live.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".bmp")
_MAX_BYTES = 20 * 1024 * 1024
_MAGIC = {
    b"\xff\xd8\xff": ".jpg",
    b"\x89PNG": ".png",
    b"RIFF": ".webp",
    b"BM": ".bmp",
}


class ImageFetchError(Exception):
    """A picture that could not be found or downloaded; the message tells the host what to fix."""


@dataclass
class ImageCache:
    """Resolves a catalog's picture references to local files, downloading URLs once."""

    cache_dir: Path
    timeout_s: float = 10.0  # each read, and the connect
    total_s: float = 20.0  # the whole download: a host that drips a byte a second is cut off
    cancelled: threading.Event = field(default_factory=threading.Event)  # Ctrl-C, window closed

    def resolve(self, ref: str, base_dir: Path | None = None) -> Path:
        ref = ref.strip()
        if not ref:
            raise ImageFetchError("没有图片")
        if ref.lower().startswith(("http://", "https://")):
            return self._download(ref)
        path = Path(ref).expanduser()
        if not path.is_absolute() and base_dir is not None:
            path = base_dir / path
        if not path.is_file():
            raise ImageFetchError(f"找不到图片 {ref}（请把图片放在商品表旁边，或写完整路径）")
        size = path.stat().st_size
        if size > _MAX_BYTES:
            raise ImageFetchError(
                f"图片太大（{size // 1024 // 1024} MB），请换一张小于 20 MB 的（{path.name}）"
            )
        return path

    def cached_path(self, url: str) -> Path | None:
        digest = hashlib.sha256(url.encode()).hexdigest()[:32]
        for found in self.cache_dir.glob(digest + ".*"):
            return found
        return None

    def _download(self, url: str) -> Path:
        found = self.cached_path(url)
        if found is not None:
            return found
        data = self._fetch(url)
        suffix = next((s for magic, s in _MAGIC.items() if data.startswith(magic)), None)
        if suffix is None:
            raise ImageFetchError(f"链接的内容不是图片（{url}）")
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256(url.encode()).hexdigest()[:32]
        target = self.cache_dir / (digest + suffix)
        part = target.with_suffix(".part")
        part.write_bytes(data)
        part.replace(target)
        return target

    def _fetch(self, url: str) -> bytes:
        """The body, read as it arrives: at most 20 MB, within `total_s`, stoppable."""
        deadline = time.monotonic() + self.total_s
        chunks: list[bytes] = []
        size = 0
        try:
            with (
                httpx.Client(timeout=self.timeout_s, follow_redirects=True, max_redirects=5) as c,
                c.stream("GET", url) as response,
            ):
                if response.status_code != 200:
                    raise ImageFetchError(
                        f"下载图片失败：服务器返回 {response.status_code}（{url}）"
                    )
                declared = int(response.headers.get("Content-Length") or 0)
                if declared > _MAX_BYTES:
                    raise ImageFetchError(
                        f"图片太大（{declared // 1024 // 1024} MB），请换一张小于 20 MB 的"
                    )
                for chunk in response.iter_bytes():  # as it arrives: the deadline is checked
                    size += len(chunk)
                    if size > _MAX_BYTES:
                        raise ImageFetchError("图片太大（超过 20 MB），请换一张小一些的")
                    if self.cancelled.is_set():
                        raise ImageFetchError("已取消")
                    if time.monotonic() > deadline:
                        raise ImageFetchError(
                            f"下载图片太慢（{self.total_s:.0f} 秒没下完），卡片上先不显示（{url}）"
                        )
                    chunks.append(chunk)
        except httpx.HTTPError as exc:
            raise ImageFetchError(f"下载图片失败：{type(exc).__name__}（{url}）") from None
        except ValueError:  # a Content-Length that is not a number
            raise ImageFetchError(f"下载图片失败：服务器的回应不对（{url}）") from None
        return b"".join(chunks)
