"""RTMP/RTMPS push: shared packets → FLV tags (flv.py) → our RTMP publisher (rtmp_client.py)."""

from __future__ import annotations

import logging
import ssl
import time
from collections import deque

from studio.core.backoff import Backoff
from studio.core.bitrate import BitrateController
from studio.core.destination import Destination, redact_message
from studio.core.messages import Message, said
from studio.core.state import OutputState
from studio.media.outputs.base import FAILED_RETRY_S, Output, PermanentError, RetryableError
from studio.media.outputs.flv import FlvPackager, in_band_parameter_sets
from studio.media.outputs.rtmp_client import (
    RtmpBusy,
    RtmpError,
    RtmpNetworkError,
    RtmpPublisher,
    RtmpRejected,
)
from studio.media.packets import EncodedPacket, StreamInfo, VideoConfig

log = logging.getLogger(__name__)

# A server that closes the connection right at publish this many times in a row, with no
# explicit status, is refusing the key (Douyin and nginx on_publish do this): stop and say so.
# A close right after "publish" is the server's answer only if it is the answer every time
# for this long (nginx-rtmp's on_publish refusal is such a close); any other failure in between
# (a refusal, a timeout, a close before publish) shows it is the network instead.
CLOSED_AFTER_PUBLISH_FINAL_S = 30.0
CLOSED_AFTER_PUBLISH_MIN_TRIES = 3
REFUSED_RETRY_S = 0.25
EARLY_CLOSE_RETRY_S = 1.0  # closed before the publish: at most this long between attempts
RATE_LOOK_S = 1.0  # how often the uplink is looked at (0.5 s: noisier looks, a lower target)


class _RtmpSession:
    """One publish: the RTMP connection and the FLV packager; sequence headers go first."""

    def __init__(self, output: RtmpOutput) -> None:
        self.output = output
        self.publisher = RtmpPublisher(
            output.destination,
            connect_timeout_s=output.connect_timeout_s,
            send_timeout_s=output.send_timeout_s,
            ssl_context=output.ssl_context,
            send_buffer_bytes=max(64 * 1024, int(output.stream_info.video_kbps * 1000 / 8 / 2)),
        )
        self.publisher.connect()
        self.packager = FlvPackager(output.stream_info)
        self._headers_sent = False
        self._config: VideoConfig | None = None
        self._in_band = b""  # SPS/PPS for each keyframe, once the size has stepped

    def write(self, packet: EncodedPacket) -> None:
        send = self.publisher.send_flv_tag
        config = packet.config
        if not self._headers_sent:  # the first packet is a keyframe (see Output.put)
            if config is not None:
                self.packager.use(config)
                self._config = config
            for tag in self.packager.header_tags(packet.dts_ms):
                send(*tag)
            self._headers_sent = True
        elif config is not None and config is not self._config and packet.is_keyframe:
            # the encoded size stepped: new headers, then the keyframe that starts it; from
            # then on each keyframe also carries its SPS/PPS in-band, for an ingest or player
            # that keeps the first sequence header (FFmpeg remuxing to Matroska does)
            self.packager.use(config)
            self._config = config
            self._in_band = in_band_parameter_sets(config.extradata)
            for tag in self.packager.video_header_tags(packet.dts_ms):
                send(*tag)
        tag_type, timestamp_ms, prefix, data = self.packager.tag(packet)
        if self._in_band and packet.is_keyframe and config is not None:
            prefix += self._in_band
        send(tag_type, timestamp_ms, data, prefix)
        self.output._account(self.publisher)

    def idle(self) -> None:
        self.publisher.poll()
        self.output._account(self.publisher)

    def close(self) -> None:
        self.publisher.close()


class RtmpOutput(Output):
    """Pushes the shared encode to one RTMP/RTMPS destination, reconnecting on its own."""

    kind = "rtmp"

    def __init__(
        self,
        destination: Destination,
        stream_info: StreamInfo,
        *,
        connect_timeout_s: float = 5.0,
        send_timeout_s: float = 8.0,
        ssl_context: ssl.SSLContext | None = None,
        backoff: Backoff | None = None,
        drop_threshold_ms: float = 800.0,
        dynamic_bitrate: bool = True,
        rejection_final_s: float | None = None,  # CLOSED_AFTER_PUBLISH_FINAL_S
        failed_retry_s: float = FAILED_RETRY_S,
    ) -> None:
        super().__init__(
            destination.name or destination.host,
            backoff=backoff,
            drop_threshold_ms=drop_threshold_ms,
            failed_retry_s=failed_retry_s,
        )
        self.rejection_final_s = (
            CLOSED_AFTER_PUBLISH_FINAL_S if rejection_final_s is None else rejection_final_s
        )
        self.destination = destination
        self.stream_info = stream_info
        self.connect_timeout_s = connect_timeout_s
        self.send_timeout_s = send_timeout_s
        self.ssl_context = ssl_context
        self.dynamic_bitrate = dynamic_bitrate
        self.bitrate = BitrateController(
            configured_kbps=stream_info.video_kbps, audio_kbps=stream_info.audio_kbps
        )
        self.stats.target_kbps = (
            self.bitrate.target_kbps if dynamic_bitrate else stream_info.video_kbps
        )
        self._closes_after_publish: list[float] = []  # monotonic times, in a row
        self._quick_retry_s: float | None = None  # a cheap failure: ask again soon
        self._acc_bytes_base = 0
        self._acc_last_total = 0
        self._rate_t = time.monotonic()
        self._rate_bytes = 0
        self._delivered_bytes = 0
        self._delivered_looks: deque[float] = deque(maxlen=5)

    @property
    def secrets(self) -> tuple[str, ...]:
        return self.destination.secrets()

    def _open(self) -> _RtmpSession:
        try:
            session = _RtmpSession(self)
        except RtmpRejected as exc:
            if exc.tls:
                raise PermanentError(said(exc)) from exc
            raise PermanentError(self._explain_rejection(said(exc))) from exc
        except RtmpBusy as exc:
            self._quick_retry_s = None
            raise RetryableError(Message("rtmp.busy", {"detail": said(exc)})) from exc
        except RtmpNetworkError as exc:
            self._quick_retry_s = REFUSED_RETRY_S if exc.refused else None
            if exc.closed and exc.stage == "publish":
                raise self._closed_after_publish() from exc
            self._closes_after_publish = []  # not every time: it is the network
            if not exc.timed_out and exc.stage not in ("tcp", "live"):
                # cut short on the way in (a clean close, a TLS session torn down): an edge
                # whose backends restart; trying again costs it next to nothing
                self._quick_retry_s = EARLY_CLOSE_RETRY_S
            if exc.closed:
                stage = Message(f"rtmp.stage.{exc.stage}")
                raise RetryableError(Message("rtmp.closed_early", {"stage": stage})) from exc
            raise RetryableError(said(exc)) from exc
        except OSError as exc:
            raise RetryableError(redact_message(said(exc), self.secrets)) from exc
        self._closes_after_publish = []
        self._acc_bytes_base += self._acc_last_total
        self._acc_last_total = 0
        self.bitrate.reset()
        if self.dynamic_bitrate:
            with self._lock:
                self.stats.target_kbps = self.bitrate.target_kbps
        return session

    def _closed_after_publish(self) -> RetryableError | PermanentError:
        """The server hung up right after our publish: its answer to the key only when it is
        the answer every time for CLOSED_AFTER_PUBLISH_FINAL_S."""
        now = time.monotonic()
        self._closes_after_publish.append(now)
        closes = self._closes_after_publish
        span = now - closes[0]
        if len(closes) >= CLOSED_AFTER_PUBLISH_MIN_TRIES and span >= self.rejection_final_s:
            return PermanentError(
                self._explain_rejection(Message("rtmp.closes_every_time", {"s": round(span)}))
            )
        return RetryableError(Message("rtmp.closed_after_publish"))

    def _on_retry(self) -> None:
        self._closes_after_publish = []

    def replace_destination(self, destination: Destination) -> None:
        """A new key (or URL) for this output, used from its next attempt; pair it with
        `retry_now()` to try a rejected destination again."""
        self.destination = destination

    def bitrate_target_kbps(self) -> float | None:
        """What the uplink carries, measured while live with dynamic bitrate on."""
        if self.dynamic_bitrate and self.state is OutputState.LIVE and self.stats.target_kbps > 0:
            return self.stats.target_kbps
        return None

    def start_kbps(self) -> float | None:
        if self.dynamic_bitrate and self.state is not OutputState.FAILED:
            return self.bitrate.start_kbps
        return None

    def _classify(self, exc: Exception) -> RetryableError | PermanentError:
        if isinstance(exc, RtmpRejected):
            return PermanentError(self._explain_rejection(said(exc)))
        if isinstance(exc, RtmpError):
            self._quick_retry_s = None
            return RetryableError(said(exc))
        if isinstance(exc, RetryableError | PermanentError):
            return exc
        return self._unexpected(exc)

    def _explain_rejection(self, why: Message | str) -> Message:
        return Message("rtmp.check_key", {"why": why})

    def _before_retry_wait(self, delay_s: float) -> None:
        """While the server refuses outright (ingest restarting), ask again every 0.25 s; while
        an edge hangs up before the publish (its backends restarting), every 1 s: we are back
        within a moment of its return, and such an attempt costs next to nothing. Anything
        slower (timeouts, a busy or stalled server, a close after the publish) waits the full
        backoff."""
        if self._quick_retry_s is not None:
            delay_s = min(delay_s, self._quick_retry_s)
        self._stop.wait(delay_s)

    def _account(self, publisher: RtmpPublisher) -> None:
        total_bytes = publisher.bytes_sent
        self._acc_last_total = total_bytes
        bytes_sent = self._acc_bytes_base + total_bytes
        with self._lock:
            self.stats.bytes_sent = bytes_sent
        now = time.monotonic()
        interval = now - self._rate_t
        if interval >= RATE_LOOK_S:
            sent = bytes_sent - self._rate_bytes
            self._rate_bytes = bytes_sent
            self._rate_t = now
            kbps = sent * 8 / 1000 / interval
            with self._lock:
                self.stats.bitrate_kbps = round(kbps, 1)
            # what the server acknowledged (not what the socket took in), and what still waits
            # in the socket, as media time at the rate it leaves
            delivered_total = self._acc_bytes_base + publisher.bytes_delivered()
            if delivered_total < self._delivered_bytes:  # a new connection's count
                self._delivered_bytes = delivered_total
            delivered_kbps = (delivered_total - self._delivered_bytes) * 8 / 1000 / interval
            self._delivered_bytes = delivered_total
            unacked_bits = max(0, bytes_sent - delivered_total) * 8
            # as time at the rate the link has shown lately (BBR's windowed max): a look that
            # delivered little (a keyframe just written after a quiet second) would make a
            # keyframe's bytes look like a second of standing queue
            self._delivered_looks.append(delivered_kbps)
            link_kbps = max(self._delivered_looks)
            backlog_ms = unacked_bits / max(link_kbps, 1.0)  # kbit / kbps = ms
            if self.dynamic_bitrate:
                queued_ms = self.queued_ms()
                target = self.bitrate.update(queued_ms, kbps, interval, delivered_kbps, backlog_ms)
                with self._lock:
                    self.stats.target_kbps = target
                log.debug(
                    "%s: queued %.0f ms + socket %.0f ms, sent %.0f, delivered %.0f kbps "
                    "→ target %.0f kbps",
                    self.name, queued_ms, backlog_ms, kbps, delivered_kbps, self.stats.target_kbps,
                )  # fmt: skip
