"""Mux shared `EncodedPacket`s into one PyAV container; its streams copy the encoder templates."""

from __future__ import annotations

from typing import Any

import av

from studio.media.outputs.flv import in_band_parameter_sets
from studio.media.packets import EncodedPacket, Kind


class PacketMuxer:
    """Owns one output container; each packet becomes its own av.Packet (threads share bytes)."""

    def __init__(self, container: Any, templates: dict[Kind, Any]) -> None:
        self.container = container
        self.streams = {
            kind: container.add_stream_from_template(template)
            for kind, template in templates.items()
        }
        video = templates.get(Kind.VIDEO)
        self._header = bytes(video.codec_context.extradata or b"") if video else b""
        self._in_band: dict[bytes, bytes] = {}

    def mux(self, p: EncodedPacket) -> None:
        stream = self.streams.get(p.kind)
        if stream is None:
            return
        data = p.data
        if (
            p.is_keyframe
            and p.config is not None
            and (self._in_band or p.config.extradata != self._header)
        ):
            # a stepped size: the file's header describes the canvas, so from the first step
            # on each keyframe carries its own SPS/PPS in-band (decoders switch size there,
            # and a player that seeks finds the right one at every keyframe)
            extra = self._in_band.get(p.config.extradata)
            if extra is None:
                extra = self._in_band[p.config.extradata] = in_band_parameter_sets(
                    p.config.extradata
                )
            data = extra + data
        pkt = av.Packet(data)
        pkt.pts = p.pts
        pkt.dts = p.dts
        pkt.time_base = p.time_base
        pkt.is_keyframe = p.is_keyframe
        pkt.stream = stream
        self.container.mux(pkt)

    def close(self) -> None:
        self.container.close()
