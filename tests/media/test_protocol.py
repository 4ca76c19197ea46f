"""RTMP framing and FLV packaging, byte for byte."""

from __future__ import annotations

import struct

from studio.core.destination import Destination
from studio.media.outputs import amf0
from studio.media.outputs.flv import avc_decoder_config, avcc_from_annexb, split_annexb
from studio.media.outputs.rtmp_client import RtmpPublisher


def test_amf0_round_trip() -> None:
    values = ["connect", 1.0, {"app": "live", "n": 2.0, "ok": True, "nested": {"x": None}}, None]
    assert amf0.decode_all(amf0.encode_all(*values)) == values


def _chunks(csid: int, msg_type: int, payload: bytes, chunk: int = 128) -> bytes:
    head = bytes([csid]) + (0).to_bytes(3, "big") + len(payload).to_bytes(3, "big")
    head += bytes([msg_type]) + struct.pack("<I", 0)
    out = head + payload[:chunk]
    for i in range(chunk, len(payload), chunk):
        out += bytes([0xC0 | csid]) + payload[i : i + chunk]
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
