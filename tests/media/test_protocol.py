"""RTMP framing and FLV packaging, byte for byte."""

from __future__ import annotations

import socket
import struct

from studio.core.destination import Destination
from studio.media.encoder import Encoder, EncoderSettings
from studio.media.outputs import amf0
from studio.media.outputs.flv import avc_decoder_config, avcc_from_annexb, split_annexb
from studio.media.outputs.rtmp_client import CHUNK_SIZE, FLV_AUDIO, FLV_VIDEO, RtmpPublisher


def test_amf0_round_trip() -> None:
    values = ["connect", 1.0, {"app": "live", "n": 2.0, "ok": True, "nested": {"x": None}}, None]
    assert amf0.decode_all(amf0.encode_all(*values)) == values


def _chunks(
    csid: int, msg_type: int, payload: bytes, chunk: int = 128, stream_id: int = 0, ts: int = 0
) -> bytes:
    """RTMP chunks as the spec lays them out, written the plain way, to compare against."""
    ext = struct.pack(">I", ts) if ts >= 0xFFFFFF else b""
    head = bytes([csid]) + min(ts, 0xFFFFFF).to_bytes(3, "big") + len(payload).to_bytes(3, "big")
    head += bytes([msg_type]) + struct.pack("<I", stream_id) + ext
    out = head + payload[:chunk]
    for i in range(chunk, len(payload), chunk):
        out += bytes([0xC0 | csid]) + ext + payload[i : i + chunk]
    return out


def test_server_messages_are_parsed_from_arbitrary_fragments() -> None:
    pub = RtmpPublisher(Destination.parse("rtmp://127.0.0.1/live/k"))
    status = amf0.encode_all(
        "onStatus",
        0.0,
        None,
        {"level": "status", "code": "NetStream.Publish.Start", "description": "x" * 300},
    )
    wire = _chunks(2, 5, struct.pack(">I", 2_500_000)) + _chunks(3, 20, status)
    got = []
    for i in range(0, len(wire), 7):  # a byte stream arrives in any pieces
        pub._rbuf += wire[i : i + 7]
        got += list(pub._parse_messages())
    assert [m[0] for m in got] == [5, 20]
    assert amf0.decode_all(got[1][1])[3]["code"] == "NetStream.Publish.Start"


def test_annexb_to_avcc_and_decoder_config() -> None:
    sps, pps = b"\x67\x4d\x40\x1f\xaa\xbb", b"\x68\xee\x3c\x80"
    extradata = b"\x00\x00\x00\x01" + sps + b"\x00\x00\x00\x01" + pps
    assert split_annexb(extradata) == [sps, pps]
    cfg = avc_decoder_config(extradata)
    assert cfg[:4] == bytes([1, 0x4D, 0x40, 0x1F]) and cfg[5] == 0xE1
    assert sps in cfg and pps in cfg
    frame = b"\x00\x00\x01\x65\x88\x84" + b"\x00\x00\x00\x01\x06\x05\x01"
    assert avcc_from_annexb(frame) == b"\x00\x00\x00\x03\x65\x88\x84\x00\x00\x00\x03\x06\x05\x01"
    assert avc_decoder_config(cfg) == cfg  # already avcC (videotoolbox)


def test_media_messages_are_chunked_byte_for_byte() -> None:
    """A video tag's prefix and payload go out as one message in 4096-byte chunks, from
    views of the payload; long timestamps use the extended field in every chunk."""
    a, b = socket.socketpair()
    pub = RtmpPublisher(Destination.parse("rtmp://127.0.0.1/live/k"))
    pub._sock, pub._out_chunk_size, pub._stream_id = a, CHUNK_SIZE, 1
    prefix, payload = b"\x17\x01\x00\x00\x00", bytes(range(256)) * 40
    try:
        for ts in (1234, 0x1234567):
            pub.send_flv_tag(FLV_VIDEO, ts, payload, prefix)
            pub.send_flv_tag(FLV_AUDIO, ts, b"\x12" * 300, b"\xaf\x01")
            want = _chunks(6, 9, prefix + payload, CHUNK_SIZE, stream_id=1, ts=ts)
            want += _chunks(4, 8, b"\xaf\x01" + b"\x12" * 300, CHUNK_SIZE, stream_id=1, ts=ts)
            got = b""
            while len(got) < len(want):
                got += b.recv(65536)
            assert got == want
    finally:
        pub._sock = None
        a.close()
        b.close()


def test_x264_gives_length_prefixed_nal_units_and_an_avcc_header() -> None:
    """So FLV and Matroska take its frames as they are, with no rewrite per frame."""
    enc = Encoder(EncoderSettings(width=160, height=96, encoder="libx264"))
    try:
        frame, planes = enc.next_frame_slot()
        packets = []
        for i in range(5):
            for plane in planes:
                plane[:] = 40 + 30 * i
            packets += enc.encode_video(frame, i * 33, 0)
        packets += enc.flush()
    finally:
        enc.close()
    assert enc.stream_info.video_extradata[0] == 1  # avcC: configurationVersion 1
    assert packets and packets[0].is_keyframe
    for p in packets:
        pos, types = 0, []
        while pos < len(p.data):
            size = int.from_bytes(p.data[pos : pos + 4], "big")
            types.append(p.data[pos + 4] & 0x1F)
            pos += 4 + size
        assert pos == len(p.data), "NAL unit lengths cover the packet exactly"
        assert (5 if p.is_keyframe else 1) in types  # an IDR or a non-IDR slice


def test_a_refused_or_unknown_server_is_said_in_the_merchants_words() -> None:
    """Nothing listening, or a name that does not resolve: the reason is worded in the
    window's language, not the system's English ("Connection refused")."""
    import pytest

    from studio.core.messages import network_reason, render
    from studio.media.outputs.rtmp_client import RtmpNetworkError
    from tests.support.servers import free_port

    pub = RtmpPublisher(Destination.parse(f"rtmp://127.0.0.1:{free_port()}/live/k"))
    with pytest.raises(RtmpNetworkError) as caught:
        pub.connect()  # nothing listens on that port
    message = caught.value.args[0]
    assert "没有推流服务" in render(message, "zh")
    assert "Connection refused" not in render(message, "zh")
    assert "nothing serves streams" in render(message, "en")
    # a name that does not resolve (not looked up here: no traffic leaves 127.0.0.1)
    unknown = network_reason(socket.gaierror(socket.EAI_NONAME, "Name or service not known"))
    assert "找不到这个服务器" in render(unknown, "zh")
