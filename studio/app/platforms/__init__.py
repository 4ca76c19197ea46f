"""The platforms, each described once (`spec.PlatformSpec`, one module each), and the registry
every consumer reads (`registry`). How to add one: studio/app/README.md."""

from studio.app.platforms.registry import (
    comment_platform,
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
from studio.app.platforms.spec import (
    CredentialError,
    LinkUpChoice,
    Opening,
    PlatformSpec,
    PushMaker,
    Secret,
    TokenForm,
    keyring_available,
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
