"""`studio bench --uplink URL`: the uplink measured against a shaped link (issue 11, point 3).

nginx-rtmp runs in a network namespace whose loopback is shaped with tc tbf; the studio runs
there too and publishes its test stream to 127.0.0.1 (nothing leaves the machine).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from studio.app.bench import lower_quality, uplink_quality
from tests.support.cli import studio_env
from tests.support.netns import can_shape, netns_command, shaped_loopback
from tests.support.servers import NginxRtmp

pytestmark = [
    pytest.mark.nginx,
    pytest.mark.skipif(not can_shape(), reason="shaping a link needs root, ip and tc"),
]
KEY = "uplink-secret-7"


def _bench(tmp_path: Path, rate_kbit: int) -> tuple[dict, str]:
    with shaped_loopback(rate_kbit) as ns:
        nginx = NginxRtmp(tmp_path / "nginx", netns=ns)
        nginx.start()
        try:
            result = subprocess.run(
                netns_command(
                    ns,
                    sys.executable,
                    "-m",
                    "studio",
                    "bench",
                    "--uplink",
                    nginx.url(KEY),
                    "--json",
                    "--seconds",
                    "1",
                    "--canvas",
                    "640x360",
                ),
                capture_output=True,
                text=True,
                timeout=300,
                env=studio_env(),
            )
        finally:
            nginx.stop()
    assert result.returncode == 0, result.stderr[-2000:]
    assert KEY not in result.stdout and KEY not in result.stderr
    return json.loads(result.stdout), result.stderr  # stdout: one JSON object, nothing else


def test_the_uplink_test_reads_a_3_mbit_link_and_picks_the_preset_it_carries(tmp_path) -> None:
    data, said = _bench(tmp_path, 3000)
    measured = data["uplink_kbps"]
    # what arrives over a 3 Mbit/s link, less the acknowledgements that share it
    assert 0.55 * 3000 <= measured <= 1.05 * 3000, data["uplink_steps"]
    assert data["uplink_capped"] is False  # the link was found, not the test's top step
    assert data["uplink_preset"] == uplink_quality(measured) is not None
    assert data["recommended_preset"] == lower_quality(data["cpu_preset"], data["uplink_preset"])
    assert data["warning"] is None
    assert "上行：" in said and " kbps" in said  # the terminal's language (Chinese here)


def test_a_link_too_thin_for_480p_is_said_plainly(tmp_path) -> None:
    data, said = _bench(tmp_path, 600)
    assert 0.5 * 600 <= data["uplink_kbps"] <= 1.05 * 600, data["uplink_steps"]
    assert data["uplink_preset"] is None and data["recommended_preset"] == "480p"
    assert "480p" in data["warning"] and data["warning"] in said
