"""Push destinations: the URL and stream key a platform hands out, kept secret in memory too.

Platforms hand out either one push URL (``rtmp://host/app/key?sign=...``) or a server URL
(推流地址) and a stream key (推流码). Both forms become a `Destination`. The key is held in a
`SecretStr`, whose ``str()`` and ``repr()`` are masked, so it cannot leak through logs,
exceptions, dataclass reprs or stats by accident; only the RTMP client calls ``reveal()``.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass, field

from studio.core.errors import StudioError
from studio.core.messages import Message

MASK = "****"
SCHEMES = ("rtmp", "rtmps")
DEFAULT_PORTS = {"rtmp": 1935, "rtmps": 443}


class DestinationError(StudioError, ValueError):
    """A push URL or key the user typed cannot be used; the message says how to fix it."""


class SecretStr:
    """A string that never shows itself: ``str``/``repr``/format give ``****``."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __str__(self) -> str:
        return MASK

    def __repr__(self) -> str:
        return f"SecretStr({MASK!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SecretStr) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True)
class PlatformInfo:
    """A provider recognised from its ingest host (what OBS calls a service)."""

    key: str
    name_zh: str
    name_en: str
    host_patterns: tuple[str, ...]


PLATFORMS: tuple[PlatformInfo, ...] = (
    PlatformInfo(
        "douyin", "抖音", "Douyin", ("douyincdn.com", "douyin.com", "bytecdn", "volcfcdn")
    ),
    PlatformInfo(
        "kuaishou", "快手", "Kuaishou", ("gifshow.com", "kuaishou.com", "yximgs.com", "kwai")
    ),
    PlatformInfo(
        "taobao", "淘宝直播", "Taobao Live", ("taobao.com", "tbcdn", "alicdn.com", "alivecdn.com")
    ),
    PlatformInfo("wechat_mini", "微信小程序直播", "WeChat mini-program live", ("wxalivepush",)),
    PlatformInfo(
        "wechat", "微信视频号", "WeChat Channels", ("weixin.qq.com", "wxlive", "channels")
    ),
    PlatformInfo(
        "tencent", "腾讯云直播", "Tencent Cloud Live", ("myqcloud.com", "tlivepush", "livepush.")
    ),
    PlatformInfo("bilibili", "哔哩哔哩", "Bilibili", ("bilivideo.com", "bilibili")),
    PlatformInfo("youtube", "YouTube", "YouTube", ("youtube.com",)),
    PlatformInfo("twitch", "Twitch", "Twitch", ("twitch.tv", "live-video.net")),
)
CUSTOM = PlatformInfo("custom", "自定义", "Custom RTMP", ())


MAX_URL = 4096


def _split(url: str) -> urllib.parse.SplitResult | None:
    """The URL's parts, or None when the standard library refuses the server part (an
    unclosed ``[``, brackets around what is no IPv6 address)."""
    try:
        parts = urllib.parse.urlsplit(url)
        parts.hostname  # noqa: B018 -- raises for a bracketed host that is no address
    except ValueError:
        return None
    return parts


def recognise_platform(url: str) -> PlatformInfo:
    parts = _split(url.strip())
    host = ((parts.hostname if parts else "") or "").lower()
    for info in PLATFORMS:
        if any(p in host for p in info.host_patterns):
            return info
    return CUSTOM


@dataclass(frozen=True)
class Destination:
    """Where one output pushes: ``server_url`` (scheme, host, port, app) and the secret key."""

    server_url: str
    stream_key: SecretStr = field(default_factory=lambda: SecretStr(""))
    name: str = ""

    @classmethod
    def parse(cls, url: str, key: str | None = None, name: str = "") -> Destination:
        """Accept the single push URL a platform gives, or a server URL plus a separate key."""
        url = url.strip()
        if len(url) > MAX_URL or (key is not None and len(key) > MAX_URL):
            raise DestinationError(Message("push.too_long", {"most": MAX_URL}))
        for text in (url, key or ""):
            if any("\ud800" <= c <= "\udfff" or (c < " " and c != "\t") for c in text):
                raise DestinationError(Message("push.not_text"))
        split = _split(url)
        if split is None:
            got = url.partition("://")[2].partition("/")[0][:40]
            raise DestinationError(Message("push.bad_address", {"got": got}))
        parts = split
        if parts.scheme.lower() not in SCHEMES:
            raise DestinationError(Message("push.bad_scheme", {"got": _scheme_and_host(url)}))
        if not parts.hostname:
            raise DestinationError(Message("push.no_host"))
        if any(c.isspace() for c in parts.hostname):
            raise DestinationError(Message("push.bad_address", {"got": parts.hostname[:40]}))
        try:
            port = parts.port
        except ValueError as exc:
            raise DestinationError(Message("push.bad_port")) from exc
        if port == 0:
            raise DestinationError(Message("push.port_zero"))
        try:
            parts.hostname.encode("idna")
        except UnicodeError:
            raise DestinationError(
                Message("push.bad_host", {"host": parts.hostname[:40]})
            ) from None
        if key is not None and key.strip():
            server = url.rstrip("/")
            return cls(server, SecretStr(key.strip()), name)
        # One string: the app is the first path segment, the key is the rest with the query.
        path = parts.path.lstrip("/")
        app, sep, rest = path.partition("/")
        if not app or not sep or not (rest or parts.query):
            raise DestinationError(Message("push.no_key"))
        stream_key = rest + ("?" + parts.query if parts.query else "")
        server = urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/" + app, "", ""))
        return cls(server, SecretStr(stream_key), name)

    @property
    def scheme(self) -> str:
        return urllib.parse.urlsplit(self.server_url).scheme.lower()

    @property
    def host(self) -> str:
        return urllib.parse.urlsplit(self.server_url).hostname or ""

    @property
    def port(self) -> int:
        return urllib.parse.urlsplit(self.server_url).port or DEFAULT_PORTS[self.scheme]

    @property
    def app(self) -> str:
        parts = urllib.parse.urlsplit(self.server_url)
        app = parts.path.strip("/")
        return app + ("?" + parts.query if parts.query else "")

    @property
    def platform(self) -> PlatformInfo:
        return recognise_platform(self.server_url)

    @property
    def display(self) -> str:
        """What a person or a log may see: the server and a masked key."""
        return f"{self.name or self.platform.name_en} {self.server_url}/{MASK}"

    def secrets(self) -> tuple[str, ...]:
        return secret_fragments(self.stream_key.reveal())


_QUERY_SECRET = re.compile(
    r"(?i)((?:key|sign|secret|token|auth|txsecret|txtime|expire|pwd|password)[^=&\s]*=)[^&\s\"']+"
)
_RTMP_URL = re.compile(r"(?i)\b(rtmps?://[^/\s\"']+/[^/\s\"'?]+)/[^\s\"']+")


def _scheme_and_host(url: str) -> str:
    """What an error may repeat of a URL the user typed: never the path, where keys live."""
    parts = _split(url)
    if parts is None:
        return "…"
    return f"{parts.scheme}://{parts.hostname or ''}/…" if parts.scheme else "…"


def secret_fragments(secret: str) -> tuple[str, ...]:
    """The forms a secret may appear in: whole, URL-quoted, and its path/query pieces."""
    if not secret:
        return ()
    forms = {secret, urllib.parse.quote(secret, safe=""), urllib.parse.quote(secret)}
    base, _, query = secret.partition("?")
    if len(base) >= SHORT_SECRET:
        forms.add(base)
    for _, value in urllib.parse.parse_qsl(query):
        if len(value) >= SHORT_SECRET:
            forms.add(value)
    return tuple(sorted(forms, key=len, reverse=True))


def mask_url(text: str) -> str:
    """Mask whatever follows the app in any RTMP URL, and secret-looking query values."""
    text = _RTMP_URL.sub(lambda m: f"{m.group(1)}/{MASK}", text)
    return _QUERY_SECRET.sub(lambda m: m.group(1) + MASK, text)


SHORT_SECRET = 6


def redact(text: str, secrets: tuple[str, ...] | list[str] = ()) -> str:
    """Remove known secrets and anything that looks like a stream key from a message.

    A secret shorter than SHORT_SECRET characters is replaced only as a whole word: replacing
    every "s" of a one-letter test key would wreck the message and hide nothing.
    """
    for s in sorted(secrets, key=len, reverse=True):
        if len(s) >= SHORT_SECRET:
            text = text.replace(s, MASK)
        elif s:
            text = re.sub(rf"(?<![\w]){re.escape(s)}(?![\w])", MASK, text)
    return mask_url(text)


def redact_message(message: Message, secrets: tuple[str, ...] | list[str] = ()) -> Message:
    """`redact` every text in a message's parameters (nested messages too): an error that
    quotes a URL or a server's words keeps its structure and loses the key."""
    params = {
        k: redact_message(v, secrets)
        if isinstance(v, Message)
        else redact(v, secrets)
        if isinstance(v, str)
        else v
        for k, v in message.params.items()
    }
    return Message(message.code, params)


def redact_obj(value: object, secrets: tuple[str, ...] | list[str] = ()) -> object:
    """`redact` every string inside nested dicts and lists (stats before they are saved)."""
    if isinstance(value, str):
        return redact(value, secrets)
    if isinstance(value, dict):
        return {k: redact_obj(v, secrets) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact_obj(v, secrets) for v in value]
    return value
