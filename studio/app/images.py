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

from studio.core.errors import StudioError
from studio.core.messages import Message, error_words

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".bmp")
_MAX_BYTES = 20 * 1024 * 1024
_MAGIC = {
    b"\xff\xd8\xff": ".jpg",
    b"\x89PNG": ".png",
    b"RIFF": ".webp",
    b"BM": ".bmp",
}


class ImageFetchError(StudioError):
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
            raise ImageFetchError(Message("picture.none"))
        if ref.lower().startswith(("http://", "https://")):
            return self._download(ref)
        path = Path(ref).expanduser()
        if not path.is_absolute() and base_dir is not None:
            path = base_dir / path
        if not path.is_file():
            raise ImageFetchError(Message("picture.not_found", {"ref": ref[:200]}))
        size = path.stat().st_size
        if size > _MAX_BYTES:
            raise ImageFetchError(Message("picture.too_big", {"mb": size // 1024 // 1024}))
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
            raise ImageFetchError(Message("picture.not_a_picture", {"url": url[:200]}))
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
                        Message("picture.http_status", {"status": response.status_code})
                    )
                declared = int(response.headers.get("Content-Length") or 0)
                if declared > _MAX_BYTES:
                    raise ImageFetchError(
                        Message("picture.too_big", {"mb": declared // 1024 // 1024})
                    )
                for chunk in response.iter_bytes():  # as it arrives: the deadline is checked
                    size += len(chunk)
                    if size > _MAX_BYTES:
                        raise ImageFetchError(Message("picture.too_big", {"mb": "20+"}))
                    if self.cancelled.is_set():
                        raise ImageFetchError(Message("picture.cancelled"))
                    if time.monotonic() > deadline:
                        raise ImageFetchError(
                            Message("picture.too_slow", {"s": round(self.total_s)})
                        )
                    chunks.append(chunk)
        except httpx.HTTPError as exc:
            raise ImageFetchError(
                Message("picture.download_failed", {"error": error_words(exc)})
            ) from None
        except ValueError:  # a Content-Length that is not a number
            raise ImageFetchError(Message("picture.bad_answer")) from None
        return b"".join(chunks)


def local_picture(ref: str, base_dir: Path | None, cache: Path) -> Path | None:
    """The picture `ref` names, if it is on this computer already (a file beside the sheet,
    or a URL downloaded before): for thumbnails, which never wait on the network."""
    ref = ref.strip()
    if not ref:
        return None
    if ref.lower().startswith(("http://", "https://")):
        return ImageCache(cache).cached_path(ref)
    path = Path(ref).expanduser()
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    try:
        ok = path.is_file() and path.stat().st_size <= _MAX_BYTES
    except OSError:
        return None
    return path if ok else None
