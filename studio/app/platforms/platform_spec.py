"""What a platform is to the studio, described once (as OBS describes its services and napari
its plugins): the parts of a `PlatformSpec` and the keyring entries (`Secret`) it keeps.

Every part is optional: a platform that only makes push URLs (Tencent Cloud) has no adapter,
one that only carries comments (Bilibili) has neither. What a consumer reads:

| part | read by |
| --- | --- |
| `kind`, `usage`, `title` | everyone: the spec's prefix (`wechat` of `wechat:ROOM_ID`) |
| `check`, `adapter`, `repeat_safe` | `showrun` (prepare, open), `recovery` (asks before a repeat) |
| `push` (`PushMaker`) | `pushurls` (go-live), `destinations` (saved specs, advice) |
| `comments` | `comments` (`--comments`, the window's feeds) |
| `tokens` (`TokenForm`) | `studio token set/forget NAME` |
| `choices` (`LinkUpChoice`) | the window: the link-up settings, the go-live's question |
| `report_name` | the report: the platform as a merchant names it |
| `words` | `studio.core.messages`: this platform's own catalog entries |
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from studio import credentials
from studio.app.errors import ConfigError
from studio.core.destination import Destination, SecretStr
from studio.core.messages import Message, Words, said

if TYPE_CHECKING:
    from studio.platform_api.base import PlatformAdapter
    from studio.platform_api.comments import CommentFeed, Problem
    from studio.rehearsal.server import RehearsalServer

CredentialError = credentials.CredentialError


@dataclass(frozen=True)
class Secret:
    """One keyring entry a platform keeps (`kind:name` under the studio's service). Readers
    and writers share this one value, so a typo cannot orphan a secret. `prompt`, `hidden`
    and `required` are what `studio token set` asks; `env` is read before the keyring."""

    kind: str
    name: str
    prompt: Message | str = ""
    hidden: bool = True
    required: bool = True
    env: str = ""

    def load(self) -> SecretStr | None:
        """The kept value (None: none kept); CredentialError when the keyring refuses."""
        return credentials.load(self.kind, self.name)

    def store(self, value: str) -> None:
        """Kept, and read back: CredentialError unless the keyring really kept it."""
        credentials.store(self.kind, self.name, value)

    def forget(self) -> bool:
        return credentials.forget(self.kind, self.name)

    def value(self) -> str:
        """The environment's value (automation), else the keyring's, else ""; ConfigError
        when the keyring refuses."""
        from_env = os.environ.get(self.env, "").strip() if self.env else ""
        if from_env:
            return from_env
        try:
            kept = self.load()
        except CredentialError as exc:
            raise ConfigError(said(exc)) from None
        return kept.reveal() if kept is not None else ""


def keyring_available() -> bool:
    """Whether keys can be kept here (a harmless read answers)."""
    return credentials.available()


def _nothing_wrong(_values: Mapping[str, str]) -> Message | None:
    return None


@dataclass(frozen=True)
class TokenForm:
    """What `studio token set NAME` asks for (the secrets in order: at a terminal by their
    prompts, from a pipe one per line), checks and keeps; `forget` forgets all of them.
    `missing` is said when a required one is empty, `check` may refuse the rest (its
    message), `kept` is said once all are kept."""

    secrets: tuple[Secret, ...]
    missing: Message
    kept: Callable[[Mapping[str, str]], Message]
    check: Callable[[Mapping[str, str]], Message | None] = _nothing_wrong


OnEnd = Callable[[], None]


@dataclass(frozen=True)
class PushMaker:
    """Push URLs this platform makes at go-live from a spec (`--to wechat:ROOM_ID`), never
    stored: `make(spec, name, title)` fetches or signs one (blocking) and says what to do when
    the stream ends; `check(spec)` checks it offline and gives the push domain whose key
    signs it ("" when none does). `bare`: the kind alone is a spec (`kuaishou`).
    `single_use`: a made URL goes live once (never for a test publish). `preset`: the
    `studio.core.presets` row its advice comes from. `choice`: where its link-ups go (a
    `LinkUpChoice.spec`, the window's guess), "" when it says nothing of that."""

    make: Callable[[str, str, str], tuple[Destination, OnEnd | None]]
    check: Callable[[str], str]
    usage: str
    bare: bool = False
    single_use: bool = False
    preset: str = "custom"
    choice: str = ""


@dataclass
class Opening:
    """What opening a platform's adapter may use (the rehearsal audience) and leave behind
    for the show to stop (the built-in platform's server)."""

    audience: int = 200
    seed: int = 0
    server: RehearsalServer | None = None


@dataclass(frozen=True)
class LinkUpChoice:
    """One answer in the window to "where do the product links go up": `spec` is what the
    settings keep (`assisted:douyin`, `wechat`), `label`/`detail`/`name` its words. `ingest`:
    the `studio.core.destination` platforms whose push addresses point here (preselected).
    `needs_setup`: the link-up settings open on it before a go-live. `live_spec(get)`: the
    platform spec a show uses, from the saved settings (`get(key, default)`). `pushes(get)`:
    push specs made at go-live along with it (WeChat's room). `order`: its place in lists.
    `comments_closed`: said beside the comments when the platform's own cannot come here
    (its comment API is only for approved apps).
    `state()`: a few words on where it stands now, read when shown (a console's login:
    已登录：某某农场), or None; `todo()`: what the host must do before it works (run `studio
    console login douyin`), or None."""

    spec: str
    label: Message
    detail: Message
    order: int
    name: Message | None = None
    ingest: tuple[str, ...] = ()
    needs_setup: bool = False
    live_spec: Callable[[Callable[[str, str], str]], str] | None = None
    pushes: Callable[[Callable[[str, str], str]], list[str]] | None = None
    comments_closed: Message | None = None
    state: Callable[[], Message | None] | None = None
    todo: Callable[[], Message | None] | None = None


@dataclass(frozen=True)
class PlatformSpec:
    """One platform, described once. `kind` is its spec's prefix (`wechat` of
    `wechat:ROOM_ID`); `kinds` more prefixes it answers to (`http`, `https`). `usage` is
    its form in the CLI's help (`wechat:ROOM_ID (mini-program live)`, "" for none), `order`
    its place there. `check(spec)` refuses a bad spec offline (ConfigError: a room that is
    not a number, credentials that are not there). `adapter(spec, opening)` makes the link-up
    adapter; `repeat_safe` is that adapter's (whether an in-flight link-up sent again after a
    crash counts once). `tokens(text)` is the `studio token` form this platform owns for
    `text` (or None). `report_name(spec, words)`: how the report names it, from the
    report's words (`report.*`) in its language; the spec as it is where there is none."""

    kind: str
    title: Message
    usage: str = ""
    order: int = 100
    kinds: tuple[str, ...] = ()
    check: Callable[[str], None] | None = None
    adapter: Callable[[str, Opening], PlatformAdapter] | None = None
    repeat_safe: bool = False
    push: PushMaker | None = None
    comments: Callable[[str, Problem | None], CommentFeed] | None = None
    comments_usage: str = ""
    tokens: Callable[[str], TokenForm | None] | None = None
    token_usage: str = ""
    choices: tuple[LinkUpChoice, ...] = ()
    report_name: Callable[[str, Words], str] | None = None
    words: Mapping[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def prefixes(self) -> tuple[str, ...]:
        return (self.kind, *self.kinds)
