"""Where the host looks mid-show: on air or not and for how long, and the stream's health.

The big on-air label, the uplink, frames and CPU chips in the top bar and the details in the
status bar (OBS's status bar, split from its output handler as here from the go-live flow).
It keeps the last two stats snapshots (rates are read between them) and each output's latest
status; the window feeds it (`on_output_status`, `sample` on its 1 s timer) and asks it to
redraw (`refresh`, also on a language change).
"""

from __future__ import annotations

import os

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel, QToolBar, QWidget

from studio.app.studio import Studio
from studio.core.health import Level, frame_health
from studio.core.state import OutputState, OutputStatus, StreamStats
from studio.qt.theme import set_state

CPU_WARN, CPU_BAD = 70.0, 90.0  # percent of the whole machine


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"


class HealthChips(QObject):
    """The on-air label and the health chips of one window, and the stream's details line."""

    def __init__(self, studio: Studio, parent: QWidget) -> None:
        super().__init__(parent)
        self.studio = studio
        self.outputs: dict[str, OutputStatus] = {}  # each output's latest status
        self._stats: StreamStats | None = None
        self._stats_before: StreamStats | None = None  # the snapshot before: rates between
        self.on_air = QLabel()
        self.on_air.setObjectName("onAir")
        self.on_air.setProperty("state", "off")
        self.on_air.setMinimumWidth(170)
        self.on_air.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.uplink_chip, self.frames_chip, self.cpu_chip = QLabel(), QLabel(), QLabel()
        for chip in self.chips:
            chip.setProperty("chip", "true")
            chip.setProperty("level", "idle")
        self.stream_stats = QLabel("")  # for the status bar
        self.stream_stats.setObjectName("muted")

    @property
    def chips(self) -> tuple[QLabel, QLabel, QLabel]:
        return self.uplink_chip, self.frames_chip, self.cpu_chip

    def add_to(self, bar: QToolBar) -> None:
        bar.addWidget(self.on_air)
        for chip in self.chips:
            bar.addWidget(chip)

    def on_output_status(self, status: OutputStatus) -> None:
        self.outputs[status.output] = status

    def started(self) -> None:
        self._stats_before = None

    def sample(self) -> None:
        """The stream's stats now (the window's 1 s timer), and the chips redrawn."""
        stats = self.studio.stats()
        if stats is None:
            return
        self._stats_before, self._stats = self._stats, stats
        self.refresh()

    def reset(self) -> None:
        """Off air: nothing may still read as live."""
        self._stats = None
        self.outputs.clear()
        self.refresh()

    def _pushes_live(self) -> tuple[int, int]:
        """(destinations on air, destinations) for this stream."""
        stats = self._stats
        pushes = [o for o in stats.outputs if o.kind != "record"] if stats is not None else []
        live = sum(
            1
            for out in pushes
            if (s := self.outputs.get(out.name)) is not None and s.state is OutputState.LIVE
        )
        return live, len(pushes)

    def refresh(self) -> None:
        """The big on-air label, the health chips and the details in the status bar."""
        stats = self._stats if self.studio.live else None
        if stats is None:
            self.on_air.setText(self.tr("Off air"))
            set_state(self.on_air, "state", "off")
            self.uplink_chip.setText(self.tr("Uplink —"))
            self.frames_chip.setText(self.tr("Frames —"))
            self.frames_chip.setToolTip("")
            self.cpu_chip.setText(self.tr("CPU —"))
            for chip in self.chips:
                set_state(chip, "level", "idle")
            self.stream_stats.setText("")
            return
        clock = _clock(stats.on_air_s)
        live, total = self._pushes_live()
        if self.studio.rehearsal:
            self.on_air.setText(self.tr("Rehearsing {time}").format(time=clock))
            set_state(self.on_air, "state", "rehearsal")
        elif live:
            self.on_air.setText(self.tr("LIVE {time}").format(time=clock))
            set_state(self.on_air, "state", "live")
        else:  # "live" only while a destination really has the stream
            self.on_air.setText(self.tr("Connecting {time}").format(time=clock))
            set_state(self.on_air, "state", "rehearsal")
        if total == 0:
            self.uplink_chip.setText(self.tr("Uplink: this computer only"))
            set_state(self.uplink_chip, "level", "idle")
        else:
            kbps = sum(o.bitrate_kbps for o in stats.outputs if o.kind != "record")
            self.uplink_chip.setText(
                self.tr("Uplink {live}/{total} · {kbps:.0f} kbps").format(
                    live=live, total=total, kbps=kbps
                )
            )
            failed = any(s.state is OutputState.FAILED for s in self.outputs.values())
            level = "ok" if live == total else ("bad" if failed or live == 0 else "warn")
            set_state(self.uplink_chip, "level", level)
        self._update_frames_chip(stats)
        cpu = stats.cpu_percent / (os.cpu_count() or 1)  # of the whole machine, as it feels
        self.cpu_chip.setText(self.tr("CPU {cpu:.0f}%").format(cpu=cpu))
        set_state(
            self.cpu_chip, "level", "bad" if cpu >= CPU_BAD else "warn" if cpu >= CPU_WARN else "ok"
        )
        parts = []
        for out in stats.outputs:
            if out.kind == "record":
                parts.append(self.tr("recording"))
                continue
            state = self.outputs.get(out.name)
            parts.append(f"{out.name}: {self._describe(state)} {out.bitrate_kbps:.0f} kbps")
        parts.append(self.tr("{fps:.0f} fps").format(fps=stats.fps_out))
        if stats.encoded_size and stats.encoded_size != stats.canvas:
            # stepped down on a weak uplink: say so, the host sees a softer picture
            parts.append(self.tr("sending {size} (weak uplink)").format(size=stats.encoded_size))
        self.stream_stats.setText("  |  ".join(parts))

    def _update_frames_chip(self, stats: StreamStats) -> None:
        """Frames made, missed and dropped, coloured by OBS's thresholds (studio.core.health)."""
        health = frame_health(stats, self._stats_before)
        self.frames_chip.setText(
            self.tr("{fps:.0f}/{target} fps · missed {missed} · dropped {dropped}").format(
                fps=health.fps,
                target=health.fps_target,
                missed=health.missed,
                dropped=health.dropped,
            )
        )
        self.frames_chip.setToolTip(
            self.tr(
                "Drawing a frame takes {render:.0f} ms of the {frame:.0f} ms it has.\n"
                "Missed: frames this computer did not make in time (turn off a picture tool "
                "or choose a lower quality).\nDropped: frames the uplink could not carry."
            ).format(render=health.render_ms, frame=health.frame_ms)
        )
        level = {Level.OK: "ok", Level.WARN: "warn", Level.BAD: "bad"}[health.level]
        set_state(self.frames_chip, "level", level)

    def _describe(self, status: OutputStatus | None) -> str:
        if status is None or status.state is OutputState.CONNECTING:
            return self.tr("connecting")
        if status.state is OutputState.LIVE:
            return self.tr("live")
        if status.state is OutputState.RECONNECTING:
            return self.tr("reconnecting {n}").format(n=status.attempt)
        if status.state is OutputState.FAILED:
            return self.tr("failed: {why}").format(why=status.reason)
        return self.tr("stopped")
