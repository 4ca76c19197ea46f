"""Signed push URLs against the vectors the services publish."""

from __future__ import annotations

import datetime
import hashlib

import pytest

from studio.core.messages import render
from studio.core.signing import SigningError, StreamPath, tencent_push_url, volc_push_url

BEIJING = datetime.timezone(datetime.timedelta(hours=8))


def test_volcengine_matches_its_published_example() -> None:
    # volcengine.com/docs/6469/107759: AppName live, StreamName livestream, SecretKey
    # A1B2C3d4e5f6, 2022-05-27 14:20:22 (1653632422)
    url = volc_push_url(
        StreamPath.parse("push.example.com/live/livestream"), "A1B2C3d4e5f6", 1653632422
    )
    assert url == (
        "rtmp://push.example.com/live/livestream"
        "?volcTime=1653632422&volcSecret=e5bb77201cbaa2f9ccdd316fcda4c212"
    )


def test_tencent_writes_the_expiry_in_hex_and_signs_key_stream_and_time() -> None:
    # cloud.tencent.com/document/product/267/32735: 5867D600 is 2017-01-01 00:00:00 (Beijing)
    expiry = int(datetime.datetime(2017, 1, 1, tzinfo=BEIJING).timestamp())
    url = tencent_push_url(StreamPath.parse("123.livepush.myqcloud.com/live/test"), "KEY1", expiry)
    expected = hashlib.md5(b"KEY1" + b"test" + b"5867D600").hexdigest()
    assert url == f"rtmp://123.livepush.myqcloud.com/live/test?txSecret={expected}&txTime=5867D600"


def test_rtmps_is_kept_and_bad_paths_say_how_to_write_them() -> None:
    assert StreamPath.parse("rtmps://push.example.com:443/live/a").base == (
        "rtmps://push.example.com:443/live/a"
    )
    for bad in ("push.example.com/live", "push.example.com/live/a/b", "bad host/live/a", "x//a"):
        with pytest.raises(SigningError) as caught:
            StreamPath.parse(bad)
        assert "推流域名/应用名/流名称" in render(caught.value.args[0], "zh")
