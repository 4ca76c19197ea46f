"""`--to tencent:DOMAIN/APP/STREAM` and `--to volc:…`: push URLs signed at go-live, checked by
an ingest that recomputes the signature as the service documents it (nginx on_publish)."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import _require_nginx
from tests.support.cli import run_studio, studio_env
from tests.support.servers import NginxRtmp

pytestmark = pytest.mark.slow  # runs the studio as its own process: not in the fast tier

KEY = "k3y-from-the-console-9f"


def _tencent_ok(form: dict[str, str]) -> bool:
    """Tencent's check: txSecret == md5(KEY + StreamName + txTime), txTime not past."""
    tx_time, secret = form.get("txTime", ""), form.get("txSecret", "")
    sign = hashlib.md5(f"{KEY}{form.get('name', '')}{tx_time}".encode()).hexdigest()
    return secret == sign and int(tx_time or "0", 16) > time.time()


def _volc_ok(form: dict[str, str]) -> bool:
    """Volcengine's check: volcSecret == md5("/APP/STREAM" + KEY + volcTime)."""
    t, secret = form.get("volcTime", ""), form.get("volcSecret", "")
    sign = hashlib.md5(f"/{form.get('app', '')}/{form.get('name', '')}{KEY}{t}".encode())
    return secret == sign.hexdigest() and int(t or "0") > time.time()


@pytest.mark.parametrize(
    ("kind", "check", "var"),
    [
        ("tencent", _tencent_ok, "STUDIO_TENCENT_PUSH_KEY"),
        ("volc", _volc_ok, "STUDIO_VOLC_PUSH_KEY"),
    ],
)
def test_a_signed_push_url_is_accepted_and_a_wrong_key_is_told(
    tmp_path: Path, kind: str, check: Callable[[dict[str, str]], bool], var: str
) -> None:
    _require_nginx()
    nginx = NginxRtmp(workdir=tmp_path / "nginx", publish_check=check)
    nginx.start()
    try:
        spec = f"{kind}:127.0.0.1:{nginx.port}/live/show1"
        ok = run_studio(
            "live", "--headless", "--to", spec, "--duration", "3", env=studio_env(**{var: KEY})
        )
        assert ok.returncode == 0, ok.stderr
        assert any("show1" in p.name for p in nginx.recordings())
        wrong = run_studio(
            "live",
            "--headless",
            "--to",
            spec,
            "--duration",
            "4",
            env=studio_env(**{var: "nope-123"}),
        )
        assert wrong.returncode == 3
        assert "推流码" in wrong.stdout + wrong.stderr
        missing = run_studio("live", "--headless", "--to", spec, "--duration", "1")
        assert missing.returncode == 2
        assert f"studio token set {kind}:127.0.0.1:{nginx.port}" in missing.stderr
        for result in (ok, wrong):
            assert KEY not in result.stdout + result.stderr
            assert "nope-123" not in result.stdout + result.stderr
    finally:
        nginx.stop()
