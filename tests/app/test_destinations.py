"""Saved destinations: the key in the keyring only, platform recognised, the publish test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from studio import credentials
from studio.app.destinations import (
    DestinationStore,
    check_publish,
    keyring_available,
    recommendation,
)
from studio.app.errors import ConfigError
from studio.core.messages import render
from tests.support.servers import NginxRtmp

DOUYIN = "rtmp://push-rtmp-l1.douyincdn.com/third/stream-6f2a9c?expire=1795&sign=ab12cd34ef"


def _all_files_text() -> bytes:
    root = Path(os.environ["STUDIO_DATA_DIR"])
    return b"".join(p.read_bytes() for p in root.rglob("*") if p.is_file())


def test_a_pasted_push_url_keeps_its_key_in_the_keyring_only() -> None:
    store = DestinationStore()
    saved = store.save("抖音主号", DOUYIN)
    assert saved.platform == "douyin" and "stream-6f2a9c" not in saved.server_url
    assert store.all() == [saved]
    key = credentials.load("stream-key", saved.dest_id)
    assert key is not None and key.reveal() == "stream-6f2a9c?expire=1795&sign=ab12cd34ef"
    assert b"stream-6f2a9c" not in _all_files_text() and b"ab12cd34ef" not in _all_files_text()
    resolved = store.resolve(saved)
    assert resolved.stream_key.reveal().startswith("stream-6f2a9c")
    # editing the name keeps the key; a new key replaces it
    renamed = store.save("抖音 1 号", saved.server_url, dest_id=saved.dest_id)
    assert store.resolve(renamed).stream_key == resolved.stream_key
    store.save("抖音 1 号", saved.server_url, key="new-key-77", dest_id=saved.dest_id)
    assert store.resolve(store.all()[0]).stream_key.reveal() == "new-key-77"
    store.remove(saved.dest_id)
    assert store.all() == [] and credentials.load("stream-key", saved.dest_id) is None


def test_server_and_key_given_apart_and_bad_urls() -> None:
    store = DestinationStore()
    saved = store.save("", "rtmp://live-push.bilivideo.com/live-bvc/", key="?streamname=x&key=y")
    assert saved.platform == "bilibili" and saved.name == "哔哩哔哩"
    with pytest.raises(ConfigError, match="rtmp://"):
        store.save("x", "http://example.com/live/key")
    zh, en = render(recommendation(DOUYIN), "zh"), render(recommendation(DOUYIN), "en")
    assert "抖音" in zh and "竖屏 720x1280" in zh and "关键帧" in zh
    assert "portrait 720x1280" in en and "a keyframe every" in en


def test_without_a_keyring_the_key_is_typed_each_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    assert not keyring_available()
    store = DestinationStore()
    with pytest.raises(credentials.CredentialError, match="钥匙串"):
        store.save("快手", "rtmp://push.gifshow.com/live/abc-key-1")
    saved = store.save("快手", "rtmp://push.gifshow.com/live/abc-key-1", ask_key=True)
    assert saved.ask_key and b"abc-key-1" not in _all_files_text()
    with pytest.raises(ConfigError, match="推流码"):
        store.resolve(saved)
    assert store.resolve(saved, typed_key="abc-key-1").stream_key.reveal() == "abc-key-1"


@pytest.mark.nginx
def test_the_publish_test_tells_a_right_key_from_a_wrong_one(nginx_with_key: NginxRtmp) -> None:
    store = DestinationStore()
    right = store.save("ok", nginx_with_key.url("right-key-123"))
    wrong = store.save("bad", nginx_with_key.url("wrong-key"))
    accepted = check_publish(store.resolve(right))
    assert render(accepted) == "推流服务器接受了这个推流码"  # C locale: 中文
    with pytest.raises(ConfigError) as err:
        check_publish(store.resolve(wrong))
    assert "wrong-key" not in str(err.value) and "推流码" in str(err.value)
