"""The show use case: the queue, "3, 2, 1, 上链接!", the platform, the journal and the overlays.

See `owner.py` for the owner and its parts; `studio/app/README.md` for the whole layer.
"""

from studio.app.show.owner import Presenter, Show
from studio.app.show.settings import Notice, ShowSettings
from studio.app.show.timing import Clock, LatencyEstimate, SystemClock
from studio.platform_api.models import PlatformEvent

__all__ = [
    "Clock",
    "LatencyEstimate",
    "Notice",
    "PlatformEvent",
    "Presenter",
    "Show",
    "ShowSettings",
    "SystemClock",
]
