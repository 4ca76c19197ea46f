"""FLV tag bodies for RTMP, straight from encoded packets (no muxer, so no interleaving wait).

FFmpeg's muxers interleave by dts across streams, holding each video packet until the next
audio packet exists (up to one AAC frame, 21 ms). RTMP needs only per-stream order, so
tags are built here as packets arrive:

- video: FrameType|CodecID(7), AVCPacketType, composition time, then length-prefixed NAL
  units (x264 is set to emit them, as videotoolbox does; other encoders' Annex B is converted);
- audio: SoundFormat 10 (AAC) 44 kHz stereo flags, AACPacketType, raw frame;
- sequence headers: the AVCDecoderConfigurationRecord and the AudioSpecificConfig.
"""

from __future__ import annotations

import re
import struct

from studio.media.outputs import amf0
from studio.media.packets import EncodedPacket, Kind, StreamInfo, VideoConfig

FLV_AUDIO, FLV_VIDEO, FLV_SCRIPT = 8, 9, 18
AAC_FLAGS = 0xAF  # AAC, 44 kHz (always for AAC), 16-bit, stereo
_START_CODE = re.compile(rb"\x00\x00\x01")
_AAC_RAW = bytes((AAC_FLAGS, 1))
_KEY_NALU, _INTER_NALU = b"\x17\x01\x00\x00\x00", b"\x27\x01\x00\x00\x00"


def split_annexb(data: bytes) -> list[bytes]:
    """NAL units of an Annex B byte stream (3- or 4-byte start codes)."""
    nals = []
    for chunk in _START_CODE.split(data):
        nal = chunk.rstrip(b"\x00")  # the zero of a 4-byte start code; NALs end non-zero
        if nal:
            nals.append(nal)
    return nals


def is_annexb(data: bytes) -> bool:
    return data.startswith(b"\x00\x00\x00\x01") or data.startswith(b"\x00\x00\x01")


def avcc_from_annexb(data: bytes) -> bytes:
    return b"".join(struct.pack(">I", len(n)) + n for n in split_annexb(data))


def avc_decoder_config(extradata: bytes) -> bytes:
    """The AVCDecoderConfigurationRecord (avcC) from Annex B SPS/PPS, or as is if already avcC."""
    if not is_annexb(extradata):
        return extradata
    nals = split_annexb(extradata)
    sps = [n for n in nals if n[0] & 0x1F == 7]
    pps = [n for n in nals if n[0] & 0x1F == 8]
    if not sps or not pps:
        raise ValueError("the encoder gave no SPS/PPS in its global header")
    s = sps[0]
    out = bytearray([1, s[1], s[2], s[3], 0xFF, 0xE0 | len(sps)])
    for n in sps:
        out += struct.pack(">H", len(n)) + n
    out.append(len(pps))
    for n in pps:
        out += struct.pack(">H", len(n)) + n
    return bytes(out)


def parameter_sets(avcc: bytes) -> list[bytes]:
    """The SPS and PPS NAL units of an AVCDecoderConfigurationRecord."""
    nals, pos = [], 6
    for count_at_pps in (False, True):
        if count_at_pps:
            count, pos = avcc[pos], pos + 1
        else:
            count = avcc[5] & 0x1F
        for _ in range(count):
            size = int.from_bytes(avcc[pos : pos + 2], "big")
            nals.append(avcc[pos + 2 : pos + 2 + size])
            pos += 2 + size
    return nals


def in_band_parameter_sets(avcc: bytes) -> bytes:
    """SPS and PPS as 4-byte length-prefixed NAL units, to go in front of a keyframe."""
    return b"".join(struct.pack(">I", len(n)) + n for n in parameter_sets(avcc))


class FlvPackager:
    """Builds (tag_type, timestamp_ms, body) for one publish session."""

    def __init__(self, info: StreamInfo) -> None:
        self.info = info
        self._avcc = avc_decoder_config(info.video_extradata)
        self._annexb = is_annexb(info.video_extradata)
        self._size = (info.width, info.height)

    def use(self, config: VideoConfig) -> None:
        """The picture changed size mid-stream: headers from here on describe `config`."""
        self._avcc = avc_decoder_config(config.extradata)
        self._size = (config.width, config.height)

    def video_header_tags(self, timestamp_ms: int) -> list[tuple[int, int, bytes]]:
        """onMetaData with the new size and a new AVC sequence header, before the keyframe
        that starts the new size (nginx-rtmp and SRS pass both on to their players)."""
        return [t for t in self.header_tags(timestamp_ms) if t[0] != FLV_AUDIO]

    def header_tags(self, timestamp_ms: int) -> list[tuple[int, int, bytes]]:
        i = self.info
        meta = amf0.encode("onMetaData") + amf0.encode(
            {
                "width": float(self._size[0]),
                "height": float(self._size[1]),
                "framerate": float(i.fps),
                "videocodecid": 7.0,
                "videodatarate": float(i.video_kbps),
                "audiocodecid": 10.0,
                "audiodatarate": float(i.audio_kbps),
                "audiosamplerate": float(i.audio_rate),
                "audiosamplesize": 16.0,
                "stereo": True,
                "encoder": "Merchant Studio",
            }
        )
        # onMetaData at 0: FFmpeg's demuxer takes a later-stamped script tag for a data stream.
        return [
            (FLV_SCRIPT, 0, meta),
            (FLV_VIDEO, timestamp_ms, b"\x17\x00\x00\x00\x00" + self._avcc),
            (FLV_AUDIO, timestamp_ms, bytes([AAC_FLAGS, 0]) + i.audio_extradata),
        ]

    def tag(self, p: EncodedPacket) -> tuple[int, int, bytes, bytes]:
        """(tag_type, timestamp_ms, prefix, data): the tag body is `prefix + data`, left apart
        so a video frame's bytes are copied once, into the send, not joined here first."""
        if p.kind is Kind.AUDIO:
            return FLV_AUDIO, p.dts_ms, _AAC_RAW, p.data
        if p.cts_ms == 0:  # always, without B-frames
            prefix = _KEY_NALU if p.is_keyframe else _INTER_NALU
        else:
            prefix = bytes((0x17 if p.is_keyframe else 0x27, 1)) + (p.cts_ms & 0xFFFFFF).to_bytes(
                3, "big"
            )
        # x264 is asked for length-prefixed NAL units already (annexb=0); hardware encoders
        # give Annex B, converted here.
        data = avcc_from_annexb(p.data) if self._annexb else p.data
        return FLV_VIDEO, p.dts_ms, prefix, data
