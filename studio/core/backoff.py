"""Reconnect delays: the first retry fast, then exponential with jitter, capped (after OBS)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class Backoff:
    """Yields the wait before each reconnect attempt.

    OBS waits 2 s then ×1.5 up to 15 min. A merchant's show is minutes long and the ingest
    usually comes back within seconds, so the first retry is sub-second and the cap is short;
    between attempts the output also probes the server cheaply (see the RTMP output).
    """

    first_s: float = 0.25
    factor: float = 1.5
    cap_s: float = 10.0
    jitter: float = 0.2
    attempt: int = 0
    _rng: random.Random = field(default_factory=random.Random, repr=False)

    def next_delay_s(self) -> float:
        base = min(self.cap_s, self.first_s * self.factor**self.attempt)
        self.attempt += 1
        return max(0.0, base * (1.0 + self._rng.uniform(-self.jitter, self.jitter)))

    def reset(self) -> None:
        self.attempt = 0
