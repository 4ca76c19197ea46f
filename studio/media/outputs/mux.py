"""Mux shared `EncodedPacket`s into one PyAV container; its streams copy the encoder templates."""

from __future__ import annotations

from typing import Any

import av

from studio.media.packets import EncodedPacket, Kind


class PacketMuxer:
    """Owns one output container; each packet becomes its own av.Packet (threads share bytes)."""

    def __init__(self, container: Any, templates: dict[Kind, Any]) -> None:
        self.container = container
        self.streams = {
            kind: container.add_stream_from_template(template)
            for kind, template in templates.items()
        }

    def mux(self, p: EncodedPacket) -> None:
        stream = self.streams.get(p.kind)
        if stream is None:
            return
        pkt = av.Packet(p.data)
        pkt.pts = p.pts
        pkt.dts = p.dts
        pkt.time_base = p.time_base
        pkt.is_keyframe = p.is_keyframe
        pkt.stream = stream
        self.container.mux(pkt)

    def close(self) -> None:
        self.container.close()
