"""YouTube: live comments of a live video (`--comments youtube:VIDEO_ID`).

Credentials: STUDIO_YOUTUBE_API_KEY or STUDIO_YOUTUBE_TOKEN (OAuth), STUDIO_YOUTUBE_API for
automation, else `studio token set youtube`'s API key from the keyring.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from studio.app.errors import ConfigError
from studio.app.logs import add_secrets
from studio.app.platforms.platform_spec import PlatformSpec, Secret, TokenForm
from studio.core.destination import SecretStr
from studio.core.messages import Message

if TYPE_CHECKING:
    from studio.platform_api.comments import CommentFeed, Problem

KIND = "youtube"
API_KEY = Secret(KIND, "api_key", "api_key: ", env="STUDIO_YOUTUBE_API_KEY")
VIDEO_SETTING = "show/youtube_video"
MISSING = Message(
    "comments.no_credentials",
    {"feed": Message("feed.youtube"), "how": Message("comments.youtube_how")},
)


def _comments(spec: str, on_problem: Problem | None) -> CommentFeed:
    from studio.platform_api.comments import YOUTUBE_API, YouTubeComments, YouTubeCredentials

    video = spec.partition(":")[2].strip()
    if not video:
        raise ConfigError(Message("comments.unknown", {"spec": spec[:40]}))
    key = API_KEY.value()
    token = os.environ.get("STUDIO_YOUTUBE_TOKEN", "").strip()
    if not (key or token):
        raise ConfigError(MISSING)
    add_secrets(tuple(s for s in (key, token) if s))
    api = os.environ.get("STUDIO_YOUTUBE_API", "").strip() or YOUTUBE_API
    creds = YouTubeCredentials(
        SecretStr(key) if key else None, SecretStr(token) if token else None, api
    )
    return YouTubeComments(video[:64], creds, on_problem)


TOKENS = TokenForm(
    (API_KEY,), missing=MISSING, kept=lambda _values: Message("cli.token_kept", {"origin": KIND})
)

PLATFORM = PlatformSpec(
    KIND,
    Message("feed.youtube"),
    order=80,
    comments=_comments,
    comments_usage="youtube:VIDEO_ID",
    tokens=lambda text: TOKENS if text.lower() == KIND else None,
    token_usage="youtube (a YouTube Data API key)",
)
