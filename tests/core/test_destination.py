"""Push URLs as platforms hand them out, and keeping keys out of sight."""

from __future__ import annotations

import pytest

from studio.core.destination import (
    Destination,
    DestinationError,
    SecretStr,
    mask_url,
    redact,
    redact_obj,
)
from studio.core.messages import render


@pytest.mark.parametrize(
    ("url", "server", "key", "platform"),
    [
        (
            "rtmp://push-rtmp-l1.douyincdn.com/third/stream-6977?expire=1700000000&sign=ab12cd34ef",
            "rtmp://push-rtmp-l1.douyincdn.com/third",
            "stream-6977?expire=1700000000&sign=ab12cd34ef",
            "douyin",
        ),
        (
            "rtmp://123.livepush.myqcloud.com/live/shop01?txSecret=9f8e7d6c&txTime=65A0B1C2",
            "rtmp://123.livepush.myqcloud.com/live",
            "shop01?txSecret=9f8e7d6c&txTime=65A0B1C2",
            "tencent",
        ),
        (
            "rtmp://open-push.voip.yximgs.com/gifshow/kwai_abc?sign=zz",
            "rtmp://open-push.voip.yximgs.com/gifshow",
            "kwai_abc?sign=zz",
            "kuaishou",
        ),
        (
            "rtmps://a.rtmps.youtube.com:443/live2/abcd-efgh-ijkl",
            "rtmps://a.rtmps.youtube.com:443/live2",
            "abcd-efgh-ijkl",
            "youtube",
        ),
        ("rtmp://10.0.0.5:1936/app/key", "rtmp://10.0.0.5:1936/app", "key", "custom"),
    ],
)
def test_single_push_url_splits_into_server_and_key(
    url: str, server: str, key: str, platform: str
) -> None:
    d = Destination.parse(url)
    assert d.server_url == server
    assert d.stream_key.reveal() == key
    assert d.platform.key == platform


def test_server_and_key_given_separately() -> None:
    d = Destination.parse(
        "rtmp://live-push.bilivideo.com/live-bvc/", "?streamname=live_1_2&key=abc123"
    )
    assert d.server_url == "rtmp://live-push.bilivideo.com/live-bvc"
    assert d.app == "live-bvc"
    assert d.stream_key.reveal() == "?streamname=live_1_2&key=abc123"
    assert d.platform.key == "bilibili"
    assert (d.host, d.port, d.scheme) == ("live-push.bilivideo.com", 1935, "rtmp")


def test_rtmps_default_port_is_443() -> None:
    assert Destination.parse("rtmps://x.example.com/app/k").port == 443


@pytest.mark.parametrize(
    ("url", "english", "chinese"),
    [
        ("http://example.com/live/key", "rtmp://", "rtmp://"),
        ("rtmp:///live/key", "server host", "缺少服务器"),
        ("rtmp://example.com/live", "stream key", "推流码"),
        ("rtmp://example.com:99999/live/key", "port", "端口"),
    ],
)
def test_bad_urls_say_what_is_wrong(url: str, english: str, chinese: str) -> None:
    with pytest.raises(DestinationError) as info:
        Destination.parse(url)
    message = info.value.args[0]
    assert english in render(message, "en") and chinese in render(message, "zh")


WORST_URLS = [
    "rtmp://[::1/live/x",  # an unclosed bracket: the standard library raises ValueError
    "rtmp://::1]/live/x",
    "rtmp://[zz]/live/x",  # brackets around what is no IPv6 address
    "rtmp://[]/live/x",
    "rtmp://[::1]:/live/x",
    "rtmp://127.0.0.1:99999/live/x",
    "rtmp://127.0.0.1:-1/live/x",
    "rtmp://127.0.0.1:0/live/x",
    "rtmp://127.0.0.1:1e3/live/x",
    "rtmp://127.0.0.1:１９３５/live/x",  # full-width digits
    "rtmp://host:abc/live",
    "rtmp://ex ample.com/live/x",
    "rtmp://\u3000/live/x",
    " rtmp:// /live/x",
    "rtmp://" + "a" * 64 + ".com/live/x",
    "rtmp://" + "例" * 300 + "/live/x",
    "rtmp://" + "a" * 5000 + "/live/x",
    "rtmp://127.0.0.1/live/x\x00y",
    "rtmp://127.0.0.1/live/\ud800",
    "rtmp://user:pw@/live/x",
    "rtmp://@@@/live/x",
    "rtmp:",
    "rtmp://",
    "://x/y",
    "",
    "   ",
    "[",
    "rtmp://%/live/x",
]


@pytest.mark.parametrize("url", WORST_URLS)
def test_the_worst_urls_get_a_message_in_both_languages_never_a_traceback(url: str) -> None:
    """Found by feeding it the worst: `rtmp://[::1/live/x` raised the standard library's
    ValueError ("Invalid IPv6 URL") as a traceback."""
    try:
        d = Destination.parse(url)
    except DestinationError as exc:
        message = exc.args[0]
        english = render(message, "en").replace("例", "")  # the URL's own words may stay
        assert english and render(message, "zh")
        assert not any("\u4e00" <= c <= "\u9fff" for c in english), english
    else:  # what it accepts, it can use: the parts the push connects with
        assert d.host and 0 < d.port < 65536 and d.platform


def test_the_key_never_shows_in_repr_str_or_display() -> None:
    d = Destination.parse("rtmp://push.example.com/live/sk_live_7f3a9b2c?sign=deadbeef99")
    for text in (repr(d), str(d), d.display, f"{d.stream_key}", repr(d.stream_key)):
        assert "sk_live_7f3a9b2c" not in text and "deadbeef99" not in text
    assert SecretStr("a") == SecretStr("a") and SecretStr("a") != SecretStr("b")


def test_redact_removes_keys_in_every_form() -> None:
    d = Destination.parse("rtmp://push.example.com/live/sk_live_7f3a9b2c?sign=dead%2Fbeef")
    text = (
        "connect rtmp://push.example.com/live/sk_live_7f3a9b2c?sign=dead%2Fbeef failed; "
        "key sk_live_7f3a9b2c; sign dead/beef"
    )
    clean = redact(text, d.secrets())
    assert (
        "sk_live_7f3a9b2c" not in clean and "dead/beef" not in clean and "dead%2Fbeef" not in clean
    )
    assert "push.example.com" in clean


def test_mask_url_hides_unknown_keys_and_signatures() -> None:
    assert mask_url("rtmp://h.example.com/live/abc?x=1") == "rtmp://h.example.com/live/****"
    assert "s3cr3t" not in mask_url("https://api.example.com/x?token=s3cr3t&a=1")


def test_short_keys_are_masked_as_words_without_wrecking_the_text() -> None:
    assert redact("outputs: s is live, key s", ["s"]) == "outputs: **** is live, key ****"


def test_stats_are_redacted_value_by_value() -> None:
    key = 'ab"cd\\ef12'
    stats = {"outputs": [{"name": "push", "last_error": f"refused {key}"}], "n": 3}
    clean = redact_obj(stats, [key])
    assert clean == {"outputs": [{"name": "push", "last_error": "refused ****"}], "n": 3}
