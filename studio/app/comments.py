"""Comment feeds from the platforms for a show: `--comments bilibili`, `--comments youtube:ID`.

Credentials come from the environment first (for automation; never printed or logged), then
from the keyring (`studio token set bilibili` / `youtube`):

- Bilibili: STUDIO_BILIBILI_APP_ID, STUDIO_BILIBILI_KEY_ID, STUDIO_BILIBILI_KEY_SECRET (the
  open platform project's), STUDIO_BILIBILI_CODE (the anchor's 身份码), STUDIO_BILIBILI_API;
- YouTube: STUDIO_YOUTUBE_API_KEY or STUDIO_YOUTUBE_TOKEN (OAuth), STUDIO_YOUTUBE_API.

Douyin's and Kuaishou's official comment feeds are open only to approved interactive apps:
there is no feed for them here, and the window says so instead of showing an empty list.
"""

from __future__ import annotations

import os

from studio import credentials
from studio.app.errors import ConfigError
from studio.app.logs import add_secrets
from studio.core.destination import SecretStr
from studio.core.messages import Message, said
from studio.platform_api.comments import (
    BILIBILI_API,
    YOUTUBE_API,
    BilibiliComments,
    BilibiliCredentials,
    CommentFeed,
    Problem,
    YouTubeComments,
    YouTubeCredentials,
)

KINDS = ("bilibili", "youtube")
# platforms whose comment feed is only for approved interactive apps (said, not faked)
CLOSED_FEEDS = ("douyin", "kuaishou")


def _env_or_kept(var: str, kind: str, name: str) -> str:
    value = os.environ.get(var, "").strip()
    if value:
        return value
    try:
        kept = credentials.load(kind, name)
    except credentials.CredentialError as exc:
        raise ConfigError(said(exc)) from None
    return kept.reveal() if kept is not None else ""


def check_spec(spec: str) -> str:
    kind = spec.strip().partition(":")[0].lower()
    if kind not in KINDS or (kind == "youtube" and not spec.partition(":")[2].strip()):
        raise ConfigError(Message("comments.unknown", {"spec": spec[:40]}))
    return kind


def comment_feed(spec: str, on_problem: Problem | None = None) -> CommentFeed:
    """The feed `spec` names, with its credentials; ConfigError saying what is missing."""
    kind = check_spec(spec)
    if kind == "bilibili":
        values = {
            n: _env_or_kept(f"STUDIO_BILIBILI_{n.upper()}", "bilibili", n)
            for n in ("app_id", "key_id", "key_secret", "code")
        }
        if not all(values.values()) or not values["app_id"].isdigit():
            how = Message("comments.bilibili_how")
            raise ConfigError(
                Message("comments.no_credentials", {"feed": Message("feed.bilibili"), "how": how})
            )
        add_secrets((values["key_secret"], values["code"]))
        api = os.environ.get("STUDIO_BILIBILI_API", "").strip() or BILIBILI_API
        creds = BilibiliCredentials(
            int(values["app_id"]),
            values["key_id"],
            SecretStr(values["key_secret"]),
            SecretStr(values["code"]),
            api,
        )
        return BilibiliComments(creds, on_problem)
    key = _env_or_kept("STUDIO_YOUTUBE_API_KEY", "youtube", "api_key")
    token = os.environ.get("STUDIO_YOUTUBE_TOKEN", "").strip()
    if not (key or token):
        how = Message("comments.youtube_how")
        raise ConfigError(
            Message("comments.no_credentials", {"feed": Message("feed.youtube"), "how": how})
        )
    add_secrets(tuple(s for s in (key, token) if s))
    api = os.environ.get("STUDIO_YOUTUBE_API", "").strip() or YOUTUBE_API
    yt = YouTubeCredentials(
        SecretStr(key) if key else None, SecretStr(token) if token else None, api
    )
    return YouTubeComments(spec.partition(":")[2].strip()[:64], yt, on_problem)
