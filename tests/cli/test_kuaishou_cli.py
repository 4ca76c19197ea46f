"""`--to kuaishou`: a single-use e-commerce push URL from Kuaishou's open platform for each
show, its room closed when the show ends (against tests/support/kuaishou.py and nginx)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import run_studio, studio_env
from tests.support.kuaishou import FakeKuaishou, KuaishouServer
from tests.support.servers import NginxRtmp

pytestmark = pytest.mark.slow  # runs the studio as its own process: not in the fast tier


def _env(server: KuaishouServer) -> dict[str, str]:
    return studio_env(
        STUDIO_KUAISHOU_APPID=server.fake.app_id,
        STUDIO_KUAISHOU_TOKEN=server.fake.token,
        STUDIO_KUAISHOU_BIZID="merchant-studio",
        STUDIO_KUAISHOU_API=server.url,
    )


def test_each_show_gets_its_own_push_url_and_closes_its_room(
    nginx: NginxRtmp, tmp_path: Path
) -> None:
    fake = FakeKuaishou(ingest=f"rtmp://127.0.0.1:{nginx.port}/live")
    sheet = tmp_path / "s.csv"
    sheet.write_text("商品名称,直播价\n脐橙,19.9\n", encoding="utf-8")
    with KuaishouServer(fake) as server:
        for _ in range(2):
            result = run_studio(
                "live", "--headless", "--to", "kuaishou", "--catalog", str(sheet),
                "--platform", "assisted:kuaishou", "--title", "赣南脐橙产地直发今晚福利专场",
                "--duration", "3", env=_env(server),
            )  # fmt: skip
            assert result.returncode == 0, result.stderr
    fetches = [c for c in fake.calls if c["path"].endswith("pushUrls")]
    assert len(fetches) == 2  # single use: one per show
    form = fetches[0]["form"]
    assert form["caption"] == "赣南脐橙产地直发今晚福利专"  # 13 characters at most
    assert form["shopLive"] == "true" and form["file"].startswith(b"\x89PNG")
    assert fetches[0]["query"]["bizId"] == "merchant-studio"
    assert fake.streams == {"ks0001": "LIVE_END", "ks0002": "LIVE_END"}
    names = {p.name.split("-")[0] for p in nginx.recordings()}
    assert {"ks0001", "ks0002"} <= names
    for text in (result.stdout, result.stderr):
        assert fake.token not in text and "5ec76836" not in text


def test_kuaishous_refusal_is_said_in_words_before_anything_starts(tmp_path: Path) -> None:
    with KuaishouServer(FakeKuaishou(refuse_with=400008)) as server:
        result = run_studio(
            "live", "--headless", "--to", "kuaishou", "--record", str(tmp_path / "r.mkv"),
            "--duration", "2", env=_env(server),
        )  # fmt: skip
    assert result.returncode == 2
    assert "没有电商直播（小黄车）权限" in result.stderr and "400008" in result.stderr
    assert not (tmp_path / "r.mkv").exists()
    missing = run_studio("live", "--headless", "--to", "kuaishou", "--duration", "1")
    assert missing.returncode == 2 and "studio token set kuaishou" in missing.stderr
