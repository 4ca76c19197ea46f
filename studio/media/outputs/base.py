"""One output per destination: a bounded packet queue, a send thread, reconnect with backoff.

The encoder calls `put()` from its own thread and never waits: a slow or dead destination
only ever loses its own packets. Shape after OBS's rtmp-stream.c: a connect/send thread fed
by a packet deque; when the buffered duration passes `drop_threshold_ms`, queued non-key
video is dropped (never audio or keyframes) and so is new non-key video until the next
keyframe, which the encoder is asked for at once.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

from studio.core.backoff import Backoff
from studio.core.errors import StudioError
from studio.core.events import Signal
from studio.core.messages import Message, said
from studio.core.state import OutputState, OutputStats, OutputStatus
from studio.media.packets import EncodedPacket, Kind

log = logging.getLogger(__name__)


class RetryableError(StudioError):
    """The session ended but a new attempt may work (network, busy server)."""


FAILED_RETRY_S = 30.0  # a push that was live once tries again this often after a rejection


class PermanentError(StudioError):
    """Retrying will not help (wrong key, disk full); the output goes to FAILED."""


class Session(Protocol):
    def write(self, packet: EncodedPacket) -> None: ...
    def idle(self) -> None: ...
    def close(self) -> None: ...


class Output:
    """Base of RTMP pushes and recordings. Subclasses implement `_open()` → a `Session`."""

    kind = "output"

    def __init__(
        self,
        name: str,
        *,
        drop_threshold_ms: float = 800.0,
        max_queue_ms: float = 10_000.0,
        backoff: Backoff | None = None,
        retry: bool = True,
        failed_retry_s: float = FAILED_RETRY_S,
    ) -> None:
        self.name = name
        self.failed_retry_s = failed_retry_s
        self.status_changed: Signal[OutputStatus] = Signal()
        self.keyframe_wanted: Signal[None] = Signal()
        self.stats = OutputStats(name=name, kind=self.kind)
        self.drop_threshold_ms = drop_threshold_ms
        self.max_queue_ms = max_queue_ms
        self._backoff = backoff or Backoff()
        self._retry = retry
        self._queue: deque[EncodedPacket] = deque()
        # The queue and its drop policy are guarded by `_lock`. `_wake` is released when
        # there may be work: a C-level lock used as a binary semaphore, because a Condition's
        # wait and notify run ~100 lines of Python for every packet (80 a second) on threads
        # that must stay out of the encoder's way.
        self._lock = threading.Lock()
        self._wake = threading.Lock()
        self._wake.acquire()
        self._accepting = False
        self._wait_keyframe = True
        self._drop_until_keyframe = False
        self._stop = threading.Event()
        self._unexpected_logged: set[type[BaseException]] = set()
        self._retry_now = threading.Event()  # the host asked to try a failed output again
        self._thread: threading.Thread | None = None
        self._state = OutputState.STOPPED
        self._latencies_ms: deque[float] = deque(maxlen=2000)
        self._sent_bytes_window = 0

    # -- called from other threads ------------------------------------------------------
    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"output-{self.name}", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        self._stop.set()
        self._retry_now.set()  # wakes a failed output's wait
        self._signal()
        if self._thread is not None:
            self._thread.join(timeout_s)
        self._thread = None

    @property
    def state(self) -> OutputState:
        return self._state

    def retry_now(self) -> None:
        """Try a failed output again at once (the host fixed the key, say); the stream and
        the other outputs go on meanwhile."""
        self._retry_now.set()

    def put(self, packet: EncodedPacket) -> None:
        """Queue one packet; never blocks. Drops by policy, never audio or keyframes."""
        with self._lock:
            if not self._accepting:
                return
            is_video = packet.kind is Kind.VIDEO
            if self._wait_keyframe:
                if not (is_video and packet.is_keyframe):
                    return
                self._wait_keyframe = False
            if is_video and not packet.is_keyframe and self._drop_until_keyframe:
                self.stats.dropped_video_frames += 1
                return
            if is_video and packet.is_keyframe:
                self._drop_until_keyframe = False
            self._queue.append(packet)
            queued_ms = self._queued_ms_locked()
            if queued_ms > self.max_queue_ms:
                # Far behind: start over from the next keyframe rather than send stale media.
                dropped = sum(1 for p in self._queue if p.kind is Kind.VIDEO)
                self.stats.dropped_video_frames += dropped
                self._queue.clear()
                self._wait_keyframe = True
                self.keyframe_wanted.emit(None)
            elif queued_ms > self.drop_threshold_ms:
                self._drop_non_key_video_locked()
        self._signal()

    def _signal(self) -> None:
        try:  # noqa: SIM105 (contextlib.suppress is a Python-level context manager per packet)
            self._wake.release()
        except RuntimeError:
            pass  # already signalled and not yet seen

    def snapshot(self) -> OutputStats:
        """A copy of the counters, consistent with itself: every write to `stats` is made
        under `_lock` (the send thread's, the encoder's drops, the status changes)."""
        with self._lock:
            return replace(self.stats, history=list(self.stats.history))

    def latency_samples_ms(self) -> list[float]:
        return list(self._latencies_ms)

    def bitrate_target_kbps(self) -> float | None:
        """The video rate this output can carry now, or None when it has no say (the
        encoder's one rate follows the lowest target any output gives: the protocol the
        engine uses instead of asking what kind of output it is)."""
        return None

    def start_kbps(self) -> float | None:
        """The video rate to start at before anything is live (None: no say)."""
        return None

    def queued_ms(self) -> float:
        with self._lock:
            return self._queued_ms_locked()

    # -- send thread --------------------------------------------------------------------
    def _queued_ms_locked(self) -> float:
        if len(self._queue) < 2:
            return 0.0
        return max(0.0, self._queue[-1].dts_ms - self._queue[0].dts_ms)

    def _drop_non_key_video_locked(self) -> None:
        kept = deque(p for p in self._queue if p.kind is not Kind.VIDEO or p.is_keyframe)
        self.stats.dropped_video_frames += len(self._queue) - len(kept)
        self._queue = kept
        self._drop_until_keyframe = True
        self.keyframe_wanted.emit(None)

    def _set_state(self, state: OutputState, attempt: int = 0, reason: Message | str = "") -> None:
        self._state = state
        status = OutputStatus(self.name, state, attempt, reason, time.time())
        with self._lock:
            self.stats.state = status.describe()
            if reason:
                self.stats.last_error = str(reason)
            self.stats.history.append(f"{time.strftime('%H:%M:%S')} {status.describe()}")
            del self.stats.history[:-50]
        log.info("%s %s: %s", self.kind, self.name, status.describe())
        self.status_changed.emit(status)

    def _open(self) -> Session:
        raise NotImplementedError

    def _classify(self, exc: Exception) -> RetryableError | PermanentError:
        """Map an error raised mid-session to retry or give up; subclasses know their errors."""
        if isinstance(exc, RetryableError | PermanentError):
            return exc
        return self._unexpected(exc)

    def _unexpected(self, exc: BaseException) -> RetryableError | PermanentError:
        """A fault no one foresaw (a bug, a server answer that breaks a decoder): logged once
        with its traceback, said in words (its kind, not its text, which may hold anything the
        server sent), and tried again; the send thread never ends silently."""
        if type(exc) not in self._unexpected_logged:  # once per kind, not once per retry
            self._unexpected_logged.add(type(exc))
            log.warning("%s %s: unexpected error", self.kind, self.name, exc_info=exc)
        why = Message("output.unexpected", {"kind": type(exc).__name__})
        return RetryableError(why) if self._retry else PermanentError(why)

    def _before_retry_wait(self, delay_s: float) -> None:
        """Wait `delay_s` before the next attempt; subclasses may end it early."""
        self._stop.wait(delay_s)

    def _run(self) -> None:
        attempt = 0
        ever_live = False
        while not self._stop.is_set():
            if attempt == 0:
                self._set_state(OutputState.CONNECTING)
            with self._lock:
                self.stats.connect_attempts += 1
            try:
                session = self._open()
            except PermanentError as exc:
                if not self._wait_after_failure(said(exc), ever_live):
                    return
                attempt = 0
                continue
            except RetryableError as exc:
                if not self._retry:
                    self._set_state(OutputState.FAILED, reason=said(exc))
                    return
                attempt += 1
                self._set_state(OutputState.RECONNECTING, attempt, said(exc))
                self._before_retry_wait(self._backoff.next_delay_s())
                continue
            except Exception as exc:  # unforeseen: tried again like a network fault
                error = self._unexpected(exc)
                if isinstance(error, PermanentError):
                    if not self._wait_after_failure(said(error), ever_live):
                        return
                    attempt = 0
                    continue
                attempt += 1
                self._set_state(OutputState.RECONNECTING, attempt, said(error))
                self._before_retry_wait(self._backoff.next_delay_s())
                continue
            attempt = 0
            self._backoff.reset()
            with self._lock:
                if ever_live:
                    self.stats.reconnects += 1
                self.stats.ever_live = True
                self._queue.clear()
                self._wait_keyframe = True
                self._drop_until_keyframe = False
                self._accepting = True
            ever_live = True
            self.keyframe_wanted.emit(None)
            self._set_state(OutputState.LIVE)
            try:
                self._pump(session)
            except Exception as exc:
                error = self._classify(exc)
                self._close_quietly(session)
                if isinstance(error, PermanentError) or not self._retry:
                    if not self._wait_after_failure(said(error), ever_live):
                        return
                    attempt = 0
                    continue
                attempt = 1
                self._set_state(OutputState.RECONNECTING, attempt, said(error))
                # The first retry is fast: the ingest often comes straight back.
                self._before_retry_wait(self._backoff.next_delay_s())
                continue
            finally:
                with self._lock:
                    self._accepting = False
                    self._queue.clear()
            self._close_quietly(session)
        self._set_state(OutputState.STOPPED)

    def _wait_after_failure(self, reason: Message | str, ever_live: bool) -> bool:
        """FAILED, and then? A recording's failure is final. A push waits for the host's
        `retry_now()`; one that was live once also tries again by itself every
        FAILED_RETRY_S (headless, nobody may be there to click). True: try again."""
        if not self._retry:
            self._set_state(OutputState.FAILED, reason=reason)
            return False
        if ever_live:
            reason = Message("output.retry_later", {"why": reason, "s": round(self.failed_retry_s)})
        self._set_state(OutputState.FAILED, reason=reason)
        self._retry_now.wait(self.failed_retry_s if ever_live else None)
        self._retry_now.clear()
        if self._stop.is_set():
            return False
        self._backoff.reset()
        self._on_retry()
        return True

    def _on_retry(self) -> None:
        """A failed output is about to try again; subclasses forget what they counted."""

    def _pump(self, session: Session) -> None:
        while not self._stop.is_set():
            with self._lock:
                packet = self._queue.popleft() if self._queue else None
                self.stats.queue_packets = len(self._queue)
                self.stats.queue_ms = self._queued_ms_locked()
            if packet is None:
                if not self._wake.acquire(timeout=0.2):
                    session.idle()  # nothing to send for a while: read acks and pings
                continue
            session.write(packet)
            if packet.kind is Kind.VIDEO:
                # Video only: an AAC frame is 21 ms long before it can be encoded at all.
                self._latencies_ms.append((time.monotonic_ns() - packet.capture_ns) / 1e6)
                with self._lock:
                    self.stats.sent_video_frames += 1
            else:
                with self._lock:
                    self.stats.sent_audio_frames += 1
        # Stop: send what is already queued only if it is quick (a recording wants it all).
        self._drain_on_stop(session)

    def _drain_on_stop(self, session: Session) -> None:
        pass

    def _close_quietly(self, session: Session) -> None:
        try:
            session.close()
        except Exception:
            log.debug("closing %s failed", self.name, exc_info=True)


PacketSink = Callable[[EncodedPacket], None]
