"""A shaped link for tests: a network namespace of its own, whose loopback is limited with
`tc qdisc … tbf` (you are root here; `netem` is not in this kernel, `tbf` is).

Traffic stays on 127.0.0.1, inside the namespace: nothing leaves the machine. Processes are
started in it with `netns_command()`; the caller stops them before the namespace goes.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator


def can_shape() -> bool:
    return os.geteuid() == 0 and shutil.which("ip") is not None and shutil.which("tc") is not None


def _run(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True, timeout=20)


def netns_command(ns: str, *command: str) -> list[str]:
    return ["ip", "netns", "exec", ns, *command]


@contextlib.contextmanager
def shaped_loopback(rate_kbit: int, burst_kb: int = 16) -> Iterator[str]:
    """A namespace whose 127.0.0.1 carries `rate_kbit` (both ways share it, as on a real
    uplink the acknowledgements do)."""
    ns = f"studio-{uuid.uuid4().hex[:8]}"
    _run("ip", "netns", "add", ns)
    try:
        # a 1500-byte MTU: loopback's 64 KiB packets would not fit the token bucket at all
        _run(*netns_command(ns, "ip", "link", "set", "lo", "mtu", "1500", "up"))
        _run(
            *netns_command(
                ns, "tc", "qdisc", "add", "dev", "lo", "root", "tbf",
                "rate", f"{rate_kbit}kbit", "burst", f"{burst_kb}kb", "latency", "300ms",
            )
        )  # fmt: skip
        yield ns
    finally:
        subprocess.run(["ip", "netns", "del", ns], capture_output=True, timeout=20)
