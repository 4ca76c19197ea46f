"""FFmpeg's own RTMP listener (PyAV, listen=1): accepts one publish and remuxes it to a file.

Run as a subprocess by the `ffmpeg_ingest` fixture, so a test can kill it (an ingest that
goes away) and start it again. Writes PATH.mkv with the streams as received (stream copy)
and PATH.json with one line per packet: kind, dts/pts in ms, keyframe flag, size.
"""

from __future__ import annotations

import json
import sys

import av


def main() -> int:
    url, out_base = sys.argv[1], sys.argv[2]
    src = av.open(url, "r", format="flv", options={"listen": "1"}, timeout=(60, 20))
    print("accepted", flush=True)
    # Flushed per packet: the tests kill this process to play an ingest that goes away.
    dst = av.open(
        out_base + ".mkv",
        "w",
        format="matroska",
        container_options={"flush_packets": "1", "cluster_time_limit": "500"},
    )
    mapping = {}
    for s in src.streams:
        if s.type in ("video", "audio"):
            mapping[s.index] = dst.add_stream_from_template(s)
    with open(out_base + ".json", "w") as log:
        try:
            for p in src.demux():
                if p.dts is None or p.stream.index not in mapping:
                    continue
                ms = float(p.time_base * 1000)
                log.write(
                    json.dumps(
                        {
                            "kind": p.stream.type,
                            "dts": p.dts * ms,
                            "pts": (p.pts if p.pts is not None else p.dts) * ms,
                            "key": bool(p.is_keyframe),
                            "size": p.size,
                        }
                    )
                    + "\n"
                )
                log.flush()
                p.stream = mapping[p.stream.index]
                dst.mux(p)
        except (av.FFmpegError, OSError):
            pass  # the publisher went away: that ends the session
    dst.close()
    print("closed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
