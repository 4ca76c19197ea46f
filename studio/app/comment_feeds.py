"""Comment feeds from the platforms for a show: `--comments bilibili`, `--comments youtube:ID`.

Each platform with a feed says how to open it and where its credentials come from
(`studio.app.platforms`: `bilibili`, `youtube`): the environment first (for automation; never
printed or logged), then the keyring (`studio token set bilibili` / `youtube`).

Douyin's and Kuaishou's official comment feeds are open only to approved interactive apps:
there is no feed for them here, and the window says so instead of showing an empty list.
"""

from __future__ import annotations

from studio.app.platforms import comment_platform
from studio.platform_api.comments import CommentFeed, Problem


def comment_feed(spec: str, on_problem: Problem | None = None) -> CommentFeed:
    """The feed `spec` names, with its credentials; ConfigError saying what is missing."""
    platform = comment_platform(spec)
    assert platform.comments is not None
    return platform.comments(spec, on_problem)
