"""The platforms, each described once (`platform_spec.PlatformSpec`, one `<platform>_spec`
module each), and the registry every consumer reads (`registry`). How to add one:
studio/app/README.md."""

from studio.app.platforms.platform_spec import (
    CredentialError,
    LinkUpChoice,
    Opening,
    PlatformSpec,
    PushMaker,
    Secret,
    TokenForm,
    keyring_available,
)
from studio.app.platforms.registry import (
    comment_platform,
    comments_usage,
    find,
    get,
    kind_of,
    link_up_choice,
    link_up_choices,
    link_up_platform,
    link_up_usage,
    platforms,
    push_platform,
    register,
    repeat_safe,
    token_form,
    token_usage,
)

__all__ = [
    "CredentialError",
    "LinkUpChoice",
    "Opening",
    "PlatformSpec",
    "PushMaker",
    "Secret",
    "TokenForm",
    "comment_platform",
    "comments_usage",
    "find",
    "get",
    "keyring_available",
    "kind_of",
    "link_up_choice",
    "link_up_choices",
    "link_up_platform",
    "link_up_usage",
    "platforms",
    "push_platform",
    "register",
    "repeat_safe",
    "token_form",
    "token_usage",
]
