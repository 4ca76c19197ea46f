"""Saved push destinations: the server part in a JSON file, the stream key in the OS keyring.

A merchant pastes what the platform's console gives (one push URL, or a server plus a 推流码);
the key is split off and kept in the keyring, never in the file. Where no keyring exists
(some Linux desktops) the destination is saved with `ask_key`, and the window asks for the key
at each go-live instead.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

from studio.app.errors import ConfigError
from studio.app.paths import data_dir
from studio.app.platforms import CredentialError, Secret
from studio.app.platforms import keyring_available as keyring_available
from studio.app.platforms.signed import push_key
from studio.app.pushurls import check_spec, is_generated, preset_of, resolve, single_use
from studio.core.destination import (
    CUSTOM,
    PLATFORMS,
    Destination,
    DestinationError,
    SecretStr,
    recognise_platform,
)
from studio.core.messages import Message, said
from studio.core.presets import PLATFORM_PRESETS, canvas_preset

KEY_KIND = "stream-key"


def stream_key(dest_id: str) -> Secret:
    """The keyring entry of a saved destination's stream key (推流码)."""
    return Secret(KEY_KIND, dest_id)


@dataclass(frozen=True)
class SavedDestination:
    """A destination as saved: no key in here, ever."""

    dest_id: str
    name: str
    server_url: str
    platform: str
    enabled: bool = True
    ask_key: bool = False  # no keyring here: the key is typed at each go-live


class DestinationStore:
    """The destinations file and the keyring, together."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or data_dir() / "destinations.json"

    def all(self) -> list[SavedDestination]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, json.JSONDecodeError):
            return []  # a damaged file loses the list, never the keys (they are in the keyring)
        out = []
        for entry in data.get("destinations", []):
            try:
                out.append(SavedDestination(**entry))
            except TypeError:
                continue
        return out

    def _write(self, items: list[SavedDestination]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        part = self.path.with_name(self.path.name + ".part")
        part.write_text(
            json.dumps({"destinations": [asdict(d) for d in items]}, ensure_ascii=False, indent=2),
            encoding="utf-8",
        )
        part.replace(self.path)

    def save(
        self,
        name: str,
        url: str,
        key: str = "",
        dest_id: str | None = None,
        ask_key: bool = False,
        enabled: bool = True,
    ) -> SavedDestination:
        """Add or update. `key` empty on an update keeps the stored key.

        Raises ConfigError for a bad URL and CredentialError without a keyring.
        """
        items = self.all()
        existing = next((d for d in items if d.dest_id == dest_id), None)
        if is_generated(url):
            return self._save_generated(items, existing, name, url, key, dest_id, enabled)
        keep_key = existing is not None and not key.strip()  # an edit without a new key
        try:
            # with a key given apart, `url` is parsed as the server only
            parsed = Destination.parse(url, "kept" if keep_key else (key or None), name)
        except DestinationError as exc:
            raise ConfigError(said(exc)) from None
        saved = SavedDestination(
            dest_id=dest_id or uuid.uuid4().hex[:12],
            name=name.strip() or parsed.platform.name_zh,
            server_url=parsed.server_url,
            platform=parsed.platform.key,
            enabled=enabled,
            ask_key=ask_key,
        )
        if not keep_key and parsed.stream_key and not ask_key:
            stream_key(saved.dest_id).store(parsed.stream_key.reveal())
        self._write(
            [saved if d.dest_id == saved.dest_id else d for d in items]
            + ([] if existing else [saved])
        )
        return saved

    def _save_generated(
        self,
        items: list[SavedDestination],
        existing: SavedDestination | None,
        name: str,
        spec: str,
        key: str,
        dest_id: str | None,
        enabled: bool,
    ) -> SavedDestination:
        """A push URL made at each go-live (tencent:/volc: signed, wechat:/kuaishou fetched):
        the spec is saved; a signing key typed with it goes to the keyring for its domain."""
        kind, domain = check_spec(spec)
        saved = SavedDestination(
            dest_id=dest_id or uuid.uuid4().hex[:12],
            name=name.strip() or kind,
            server_url=spec.strip(),
            platform=preset_of(spec),
            enabled=enabled,
        )
        if key.strip() and domain:
            push_key(kind, domain).store(key.strip())
        self._write(
            [saved if d.dest_id == saved.dest_id else d for d in items]
            + ([] if existing else [saved])
        )
        return saved

    def remove(self, dest_id: str) -> None:
        self._write([d for d in self.all() if d.dest_id != dest_id])
        with contextlib.suppress(CredentialError):  # no keyring: no key to forget
            stream_key(dest_id).forget()

    def has_key(self, saved: SavedDestination) -> bool:
        try:
            if is_generated(saved.server_url):
                kind, domain = check_spec(saved.server_url)
                return not domain or push_key(kind, domain).load() is not None
            return stream_key(saved.dest_id).load() is not None
        except (CredentialError, ConfigError):
            return False

    def resolve(self, saved: SavedDestination, typed_key: str = "") -> Destination:
        """The destination with its key: from the keyring, or as typed for `ask_key` ones; a
        generated one signed or fetched now (not a single-use one: ConfigError)."""
        if is_generated(saved.server_url):
            if single_use(saved.server_url):
                raise ConfigError(Message("destination.single_use", {"name": saved.name}))
            return resolve(saved.server_url, saved.name)[0]
        key = SecretStr(typed_key.strip()) if typed_key.strip() else None
        if key is None and not saved.ask_key:
            try:
                key = stream_key(saved.dest_id).load()
            except CredentialError as exc:
                raise ConfigError(said(exc)) from None
        if key is None or not key:
            raise ConfigError(Message("destination.no_key", {"name": saved.name}))
        return Destination(saved.server_url, key, saved.name)


@dataclass(frozen=True)
class PlatformAdvice:
    """What the platform recognised from a push URL recommends (the window words it)."""

    name: str  # "抖音 Douyin": both names, whatever the window's language
    quality: str
    portrait: bool
    width: int
    height: int
    max_kbps: int
    keyframe_s: float
    source: str = ""  # where the platform publishes its figures ("": it publishes none)
    unpublished: tuple[str, ...] = ()  # canvas / bitrate / keyframe that are our defaults


def platform_advice(url: str) -> PlatformAdvice:
    info = recognise_platform(url)
    if is_generated(url):
        key = preset_of(url)
        info = next((p for p in PLATFORMS if p.key == key), CUSTOM)
    preset = PLATFORM_PRESETS.get(info.key, PLATFORM_PRESETS["custom"])
    canvas = canvas_preset(preset.recommended_canvas)
    quality, _, orientation = preset.recommended_canvas.partition("-")
    name = info.name_zh if info.name_zh == info.name_en else f"{info.name_zh} {info.name_en}"
    return PlatformAdvice(
        name,
        quality,
        orientation == "portrait",
        canvas.width,
        canvas.height,
        preset.max_video_kbps,
        preset.keyframe_s,
        preset.source,
        tuple(f for f in ("canvas", "bitrate", "keyframe") if not preset.is_published(f)),
    )


def recommendation(url: str) -> Message:
    """The advice in one line, for logs and the command line."""
    a = platform_advice(url)
    detail = {
        "name": a.name,
        "quality": a.quality,
        "shape": Message("destination.portrait" if a.portrait else "destination.landscape"),
        "width": a.width,
        "height": a.height,
        "kbps": a.max_kbps,
        "keyframe": f"{a.keyframe_s:g}",
    }
    return Message("destination.advice", detail)


def check_publish(destination: Destination, timeout_s: float = 6.0) -> Message:
    """Connect and publish once, then leave: does the ingest accept this key? Raises ConfigError."""
    from studio.media.outputs.rtmp_client import (
        RtmpError,
        RtmpNetworkError,
        RtmpPublisher,
        RtmpRejected,
    )

    publisher = RtmpPublisher(destination, connect_timeout_s=timeout_s)
    try:
        publisher.connect()
    except RtmpNetworkError as exc:
        if exc.closed and exc.stage == "publish":
            # ingests (nginx-rtmp's on_publish among them) refuse a key by hanging up on it
            raise ConfigError(Message("destination.key_refused", {"reason": said(exc)})) from None
        # refused, reset, timed out, or closed before the publish: the network, not the key
        raise ConfigError(Message("destination.refused", {"reason": said(exc)})) from None
    except (RtmpRejected, RtmpError) as exc:
        raise ConfigError(said(exc)) from None
    finally:
        publisher.close()
    return Message("destination.accepted")


def testable(saved: SavedDestination) -> bool:
    """Whether a test publish may go to it (not a single-use push URL)."""
    return not single_use(saved.server_url)
