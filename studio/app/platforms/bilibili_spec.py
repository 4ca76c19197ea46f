"""Bilibili's open live platform: live comments for a show (`--comments bilibili`).

Credentials: STUDIO_BILIBILI_APP_ID, _KEY_ID, _KEY_SECRET (the open platform project's),
STUDIO_BILIBILI_CODE (the anchor's 身份码), STUDIO_BILIBILI_API for automation, else `studio
token set bilibili`'s from the keyring (the window keeps the 身份码 too).
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

KIND = "bilibili"
APP_ID = Secret(KIND, "app_id", "app_id: ", hidden=False, env="STUDIO_BILIBILI_APP_ID")
KEY_ID = Secret(KIND, "key_id", "key_id: ", hidden=False, env="STUDIO_BILIBILI_KEY_ID")
KEY_SECRET = Secret(KIND, "key_secret", "key_secret: ", env="STUDIO_BILIBILI_KEY_SECRET")
CODE = Secret(KIND, "code", "code: ", env="STUDIO_BILIBILI_CODE")  # the anchor's 身份码
SECRETS = (APP_ID, KEY_ID, KEY_SECRET, CODE)
COMMENTS_SETTING = "show/bilibili_comments"
MISSING = Message(
    "comments.no_credentials",
    {"feed": Message("feed.bilibili"), "how": Message("comments.bilibili_how")},
)


def _comments(_spec: str, on_problem: Problem | None) -> CommentFeed:
    from studio.platform_api.comments import BILIBILI_API, BilibiliComments, BilibiliCredentials

    values = {s.name: s.value() for s in SECRETS}
    if not all(values.values()) or not values[APP_ID.name].isdigit():
        raise ConfigError(MISSING)
    add_secrets((values[KEY_SECRET.name], values[CODE.name]))
    api = os.environ.get("STUDIO_BILIBILI_API", "").strip() or BILIBILI_API
    creds = BilibiliCredentials(
        int(values[APP_ID.name]),
        values[KEY_ID.name],
        SecretStr(values[KEY_SECRET.name]),
        SecretStr(values[CODE.name]),
        api,
    )
    return BilibiliComments(creds, on_problem)


TOKENS = TokenForm(
    SECRETS, missing=MISSING, kept=lambda _values: Message("cli.token_kept", {"origin": KIND})
)

PLATFORM = PlatformSpec(
    KIND,
    Message("feed.bilibili"),
    order=70,
    comments=_comments,
    comments_usage="bilibili (open platform, the anchor's 身份码)",
    tokens=lambda text: TOKENS if text.lower() == KIND else None,
    token_usage="bilibili (app_id, access_key_id, access_key_secret, 身份码)",
)
