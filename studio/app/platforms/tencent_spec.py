"""Tencent Cloud Live (云直播): push URLs signed with the push domain's key
(`--to tencent:DOMAIN/APP/STREAM`); no link-ups (a push service, not a shop)."""

from __future__ import annotations

from studio.app.platforms.platform_spec import PlatformSpec
from studio.app.platforms.signed import push_key_form, signed_push
from studio.core.messages import Message
from studio.core.signing import tencent_push_url

KIND = "tencent"
ENV_KEY = "STUDIO_TENCENT_PUSH_KEY"  # the push authentication key, for automation
TITLE = Message("platforms.tencent.name")

PLATFORM = PlatformSpec(
    KIND,
    TITLE,
    order=60,
    push=signed_push(KIND, ENV_KEY, TITLE, tencent_push_url, preset=KIND),
    tokens=lambda text: push_key_form(KIND, text),
    token_usage="tencent:DOMAIN / volc:DOMAIN (the push domain's authentication key, for "
    "signed push URLs)",
    words={"platforms.tencent.name": ("腾讯云直播", "Tencent Cloud Live")},
)
