"""Going live, as one operation (Anki's operations; OBS's output handler): the button's press
to a running stream.

The checks come first, each asked once and only when it applies: where live link-ups go (the
first real go-live), the keys of destinations saved without one, and the uplink to the first
destination when it was not measured recently (the uplink fails most in the countryside; the
test sets the quality to what it carries). Then `Studio.start` runs on a worker and the window
hears `started` or a message that says what to fix.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from studio.app.bench import (
    MACHINE_FRESH_S,
    QUALITY_ORDER,
    BenchCancelled,
    MachineAdvice,
    UplinkAdvice,
    check_machine,
    check_uplink,
    encoder_default_preset,
    lower_quality,
    tools_key,
)
from studio.app.destinations import SavedDestination, testable
from studio.app.errors import ConfigError
from studio.app.live import denoise_runs
from studio.app.pushurls import is_generated
from studio.app.studio import StreamChoice, canvas_for
from studio.core.guard import X264_PRESETS
from studio.core.messages import Message, render
from studio.qt.platform_question import ask_platform, guess_platform
from studio.qt.show_settings import platform_chosen
from studio.qt.widgets import quality_label, select

if TYPE_CHECKING:
    from studio.qt.main_window import MainWindow

UPLINK_FRESH_S = 12 * 3600  # an uplink measured this recently stands for the go-live check


class UplinkQuestion(QMessageBox):
    """Test the uplink first? With its two answers (and Cancel)."""

    def __init__(self, test: str, now: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Question)
        self.test_button = self.addButton(test, QMessageBox.ButtonRole.AcceptRole)
        self.now_button = self.addButton(now, QMessageBox.ButtonRole.NoRole)
        self.addButton(QMessageBox.StandardButton.Cancel)
        self.setDefaultButton(self.test_button)


class GoLive(QObject):
    """The go-live flow of one window: `start()` is the start button. The open questions
    (`uplink_question`, `uplink_warning`) and the last uplink measured are kept for a look."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.uplink_question: UplinkQuestion | None = None  # the go-live check's question
        self.uplink_warning: QMessageBox | None = None  # too slow even for 480p
        self.last_uplink: UplinkAdvice | None = None
        self.machine_warning: QMessageBox | None = None  # not even 480p holds with the tools
        self.last_machine: MachineAdvice | None = None
        self._machine_cancel = threading.Event()

    def typed_keys(self) -> dict[str, str] | None:
        """Keys for destinations saved without one (no keyring): asked now; None = cancelled."""
        typed = {}
        for saved in self.window.destinations.all():
            if saved.enabled and saved.ask_key:
                key, ok = QInputDialog.getText(
                    self.window,
                    self.tr("Stream key"),
                    self.tr("Stream key for {name}:").format(name=saved.name),
                    QLineEdit.EchoMode.Password,
                )
                if not ok or not key.strip():
                    return None
                typed[saved.dest_id] = key
        return typed

    def start(self) -> None:
        if self.window.busy or self.window.studio.live:
            return
        choice = self.window.choice()
        # what this PC holds with the host's tools, measured once for each canvas and tools
        if self.window.machine_check_first.isChecked() and self._machine_entry(choice) is None:
            self.check_machine(choice, go_live=True)  # then here again
            return
        if self.window.machine_check_first.isChecked():
            choice = self._lowered_as_found(choice)
        # asked once, before the first real go-live (with somewhere to go: else that is said)
        somewhere = any(d.enabled for d in self.window.destinations.all())
        # (a show carried on after a crash goes back to its own platform: nothing to ask)
        resumed = self.window.studio.resuming is not None
        if (
            not choice.rehearsal
            and not platform_chosen(self.window.settings)
            and somewhere
            and not resumed
        ):
            self._ask_platform()  # then here again
            return
        typed: dict[str, str] = {}
        pushing = not choice.rehearsal or choice.rehearsal_push
        if pushing:
            asked = self.typed_keys()
            if asked is None:
                return
            typed = asked
            first = next(
                (d for d in self.window.destinations.all() if d.enabled and testable(d)), None
            )
            if first is not None and not self._uplink_known(first.dest_id):
                self._ask_uplink_test(first, typed)
                return
        self.go_live(typed, pushing)

    def _ask_platform(self) -> None:
        """Where live link-ups go, asked at the first real go-live (platform_question)."""
        enabled = [d.server_url for d in self.window.destinations.all() if d.enabled]

        def chosen() -> None:
            self.window.update_link_platform()
            self.start()

        def cancelled() -> None:
            self.window.status.showMessage(self.tr("Not live: nothing was sent."), 5000)

        ask_platform(
            self.window,
            self.window.settings,
            self.window.tasks,
            guess_platform(enabled),
            chosen,
            cancelled,
        )

    def go_live(self, typed: dict[str, str], pushing: bool) -> None:
        choice = self.window.choice()  # read again: the uplink test may have lowered the quality
        choice.x264_preset = self.x264_preset(choice)  # what the machine check found it holds
        self.window.set_busy(True)
        self.window.report_panel.setVisible(False)
        self.window.status.showMessage(self.tr("Starting…"))
        store = self.window.destinations

        def start() -> None:
            if pushing:
                enabled = [d for d in store.all() if d.enabled]
                choice.destinations = [
                    store.resolve(d, typed.get(d.dest_id, ""))
                    for d in enabled
                    if not is_generated(d.server_url)
                ]
                # push URLs made at go-live (signed or fetched): the broadcast makes them
                choice.generated += [d.server_url for d in enabled if is_generated(d.server_url)]
            self.window.studio.start(choice)

        self.window.tasks.run(
            start, on_done=lambda _r: self.window.on_started(), on_error=self.on_start_failed
        )

    # -- the machine check -----------------------------------------------------------------
    def _machine_entry(self, choice: StreamChoice) -> dict[str, str] | None:
        """What the machine check found for this canvas and these tools, if recent: the
        quality that held and its preset, or `none` (nothing held, and the host started
        anyway: not asked again)."""
        raw = self.window.settings.value(f"machine/{machine_slot(choice)}", "")
        try:
            entry = json.loads(str(raw)) if raw else None
            fresh = 0 <= time.time() - float(entry["at"]) < MACHINE_FRESH_S if entry else False
        except (ValueError, TypeError, KeyError):
            return None
        return entry if fresh and isinstance(entry, dict) else None

    def _remember(self, choice: StreamChoice, entry: dict[str, str]) -> None:
        entry = {**entry, "at": str(time.time())}
        self.window.settings.setValue(f"machine/{machine_slot(choice)}", json.dumps(entry))

    def _lowered_as_found(self, choice: StreamChoice) -> StreamChoice:
        """A quality the check found this PC drops frames at with these tools is lowered to
        the one that held, without measuring again, and said."""
        entry = self._machine_entry(choice)
        held = str(entry.get("quality", "")) if entry else ""
        if held not in QUALITY_ORDER or lower_quality(held, choice.quality) == choice.quality:
            return choice
        select(self.window.quality, held)
        words = Message(
            "machine.lowered_before",
            {
                "tools": render(tools_said(choice)),
                "asked": quality_label(choice.quality),
                "quality": quality_label(held),
            },
        )
        self.window.show_message("action", words)
        return self.window.choice()

    def x264_preset(self, choice: StreamChoice) -> str:
        """The x264 preset the machine check found this canvas holds with these tools, never
        dearer than the encoder's own pick for the canvas ("": that pick; the check off)."""
        entry = self._machine_entry(choice) if self.window.machine_check_first.isChecked() else None
        if entry is None or entry.get("quality") != choice.quality:
            return ""
        found = str(entry.get("preset", ""))
        default = encoder_default_preset(choice.quality, choice.portrait)
        if found not in X264_PRESETS or default not in X264_PRESETS:
            return ""
        return max(found, default, key=X264_PRESETS.index)  # the cheaper of the two

    def cancel_check(self) -> None:
        """Stop a machine check that is running (the window closes): within a moment."""
        self._machine_cancel.set()

    def check_machine(self, choice: StreamChoice | None = None, go_live: bool = False) -> None:
        """Draw and encode the host's canvas with the host's tools for a few seconds (a
        host-like test picture, nothing sent), then set the quality to the best this PC holds
        at 30 frames a second with a quarter to spare; with `go_live`, go on to the stream."""
        if self.window.busy or self.window.studio.live:
            return
        choice = choice or self.window.choice()
        self.window.set_busy(True)
        self.window.status.showMessage(
            render(Message("machine.checking", {"quality": quality_label(choice.quality)}))
        )
        quality, portrait = choice.quality, choice.portrait
        tools, denoise = replace(choice.tools, pip=""), denoise_on(choice)
        self._machine_cancel = cancel = threading.Event()

        def measure() -> MachineAdvice:
            return check_machine(
                quality, lambda q: canvas_for(q, portrait), tools, denoise, cancel=cancel
            )

        def done(advice: MachineAdvice) -> None:
            self.window.set_busy(False)
            self.window.status.clearMessage()
            self._apply_machine(choice, advice, go_live)

        def failed(exc: BaseException) -> None:
            self.window.set_busy(False)
            if isinstance(exc, BenchCancelled):
                self.window.status.clearMessage()
                return
            self.on_start_failed(exc)

        self.window.tasks.run(measure, on_done=done, on_error=failed)

    def _apply_machine(self, choice: StreamChoice, advice: MachineAdvice, go_live: bool) -> None:
        self.last_machine = advice
        if advice.holds:
            # kept for the quality that held (its next start needs no check), and for the
            # one asked (lowered to that one at once next time)
            entry = {"quality": advice.quality, "preset": advice.preset}
            self._remember(choice, entry)
            self._remember(replace(choice, quality=advice.quality), entry)
        if machine_slot(self.window.choice()) != machine_slot(choice):
            # the host changed the quality or the tools while it measured: what was found
            # is kept for that choice, but this one is not started unchecked
            self.window.status.showMessage(render(Message("machine.changed")), 10_000)
            return
        tools = render(tools_said(choice))
        if not advice.holds:
            self._warn_machine(choice, advice, go_live)
            return
        if advice.lowered:
            select(self.window.quality, advice.quality)
            tight = advice.tight(advice.asked)
            words = Message(
                "machine.lowered_tight" if tight else "machine.lowered",
                {
                    "tools": tools,
                    "asked": quality_label(advice.asked),
                    "fps": f"{advice.fps_at(advice.asked):.0f}",
                    "quality": quality_label(advice.quality),
                },
            )
            self.window.show_message("action", words)
        else:
            words = Message(
                "machine.holds",
                {
                    "tools": tools,
                    "quality": quality_label(advice.quality),
                    "encoder": advice.encoder_said,
                },
            )
            self.window.show_message("info", words)
        self.window.quality.setToolTip(render(words))  # kept where the choice is made
        if go_live:
            self.start()

    def _warn_machine(self, choice: StreamChoice, advice: MachineAdvice, go_live: bool) -> None:
        """Not even 480p holds with these tools: said, with what to do; starting anyway is
        the host's call (the frame guard then steps the picture down as it runs), and is
        remembered for this canvas and these tools."""
        on = tools_said(choice).code != "machine.tools_none"
        code = "machine.none_tight" if advice.tight("480p") else "machine.none"
        words = render(
            Message(
                code,
                {
                    "tools": render(tools_said(choice)),
                    "fps": f"{advice.fps_at('480p'):.0f}",
                    "advice": render(Message("machine.advice_tools" if on else "machine.advice")),
                },
            )
        )
        self.window.status.showMessage(words)  # the box says it, once; the status bar keeps it
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(render(Message("machine.none_title")))
        box.setText(words)
        anyway = None
        if go_live:
            start = self.tr("Start anyway") if choice.rehearsal else self.tr("Go live anyway")
            anyway = box.addButton(start, QMessageBox.ButtonRole.AcceptRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
        else:
            box.addButton(QMessageBox.StandardButton.Ok)

        def answered() -> None:
            if anyway is not None and box.clickedButton() is anyway:
                self._remember(choice, {"quality": choice.quality, "preset": "", "none": "1"})
                self.start()

        box.finished.connect(lambda _r: answered())
        self.machine_warning = box
        box.open()

    # -- the uplink test -------------------------------------------------------------------
    def _uplink_known(self, dest_id: str) -> bool:
        """Measured to this destination recently enough to stand for the go-live check."""
        try:
            at = float(str(self.window.settings.value(f"uplink/{dest_id}/at", "0")))
        except ValueError:
            return False
        return 0 <= time.time() - at < UPLINK_FRESH_S

    def _ask_uplink_test(self, first: SavedDestination, typed: dict[str, str]) -> None:
        """The go-live check: the uplink is what fails most in the countryside."""
        box = UplinkQuestion(
            self.tr("Test, then go live"), self.tr("Go live without testing"), self.window
        )
        box.setWindowTitle(self.tr("Test the uplink first?"))
        box.setText(
            self.tr(
                "How fast this network pushes to {name} has not been measured yet. The test "
                "takes about 10 s and pushes a test picture of coloured snow to it (viewers may "
                "see it if the live room is already open); then the picture quality is set to "
                "what the uplink carries and the stream starts."
            ).format(name=first.name)
        )

        def answered() -> None:
            clicked = box.clickedButton()
            if clicked is box.test_button:
                self.test_uplink(first, typed, go_live=True)
            elif clicked is box.now_button:
                self.go_live(typed, True)

        box.finished.connect(lambda _r: answered())
        self.uplink_question = box
        box.open()

    def test_uplink(
        self,
        first: SavedDestination | None = None,
        typed: dict[str, str] | None = None,
        go_live: bool = False,
    ) -> None:
        """Publish a test stream to the first destination at rising rates for about 10 s,
        then set the quality to the best the uplink carries (never above the chosen one)."""
        if self.window.busy or self.window.studio.live:
            return
        if first is None:
            first = next(
                (d for d in self.window.destinations.all() if d.enabled and testable(d)), None
            )
            if first is None:
                self.window.show_message(
                    "action",
                    self.tr(
                        "Add a push destination first (Streaming → Push destinations…): "
                        "the uplink is measured to it."
                    ),
                )
                return
            asked = self.typed_keys() if typed is None else typed
            if asked is None:
                return
            typed = asked
        typed = typed or {}
        store, target = self.window.destinations, first
        self.window.set_busy(True)
        self.window.status.showMessage(
            self.tr("Testing the uplink to {name}… (about 10 s)").format(name=first.name)
        )

        def measure() -> UplinkAdvice:
            destination = store.resolve(target, typed.get(target.dest_id, ""))
            return check_uplink(destination)

        def done(advice: UplinkAdvice) -> None:
            self.window.set_busy(False)
            self._apply_uplink(target, advice, typed, go_live)

        def failed(exc: BaseException) -> None:
            self.window.set_busy(False)
            self.on_start_failed(exc)

        self.window.tasks.run(measure, on_done=done, on_error=failed)

    def _apply_uplink(
        self, target: SavedDestination, advice: UplinkAdvice, typed: dict[str, str], go_live: bool
    ) -> None:
        self.window.settings.setValue(f"uplink/{target.dest_id}/kbps", advice.uplink_kbps)
        self.window.settings.setValue(f"uplink/{target.dest_id}/at", str(time.time()))
        self.last_uplink = advice
        chosen = str(self.window.quality.currentData())
        fitting = lower_quality(chosen, advice.quality or QUALITY_ORDER[0])
        if fitting != chosen:
            select(self.window.quality, fitting)
        more = "+" if advice.capped else ""
        summary = self.tr("Uplink about {kbps} kbps: {quality}").format(
            kbps=f"{advice.uplink_kbps:,}{more}", quality=self.window.quality.currentText()
        )
        if fitting != chosen:
            summary += self.tr(" (lowered from {old})").format(old=quality_label(chosen))
        warning = advice.warning()
        if warning is None:
            self.window.show_message("info", summary)
            if go_live:
                self.go_live(typed, True)
            return
        self.window.show_message("error", render(warning))
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("The uplink is too slow"))
        box.setText(render(warning))
        anyway = None
        if go_live:
            anyway = box.addButton(self.tr("Go live anyway"), QMessageBox.ButtonRole.AcceptRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
        else:
            box.addButton(QMessageBox.StandardButton.Ok)
        box.finished.connect(
            lambda _r: (
                self.go_live(typed, True)
                if anyway is not None and box.clickedButton() is anyway
                else None
            )
        )
        self.uplink_warning = box
        box.open()

    def on_start_failed(self, exc: BaseException) -> None:
        self.window.set_busy(False)
        self.window.status.clearMessage()
        text = (
            str(exc)
            if isinstance(exc, ConfigError | ValueError | OSError)
            else self.tr("Could not start: {what}").format(what=type(exc).__name__)
        )
        self.window.show_message("error", text)


def machine_slot(choice: StreamChoice) -> str:
    """Where the machine check's finding for this canvas and these tools is kept."""
    width, height = canvas_for(choice.quality, choice.portrait)
    key = tools_key(replace(choice.tools, pip=""), denoise_on(choice))
    return f"{width}x{height}/{key}".replace(";", ",").replace("=", "-")


def tools_said(choice: StreamChoice) -> Message:
    """The tools the host has on, for the check's words: 开着智能抠像、美颜和降噪 / with the
    cutout, beauty and noise suppression on / 不开画面工具."""
    t = choice.tools
    on = [
        render(Message(code))
        for code, used in (
            ("machine.tool_cutout", t.cutout),
            ("machine.tool_key", bool(t.key)),
            ("machine.tool_beauty", t.beauty > 0),
            ("machine.tool_look", t.look != "natural"),
            ("machine.tool_denoise", denoise_on(choice)),
        )
        if used
    ]
    if not on:
        return Message("machine.tools_none")
    some, last = on[:-1], on[-1]
    joined = (
        render(
            Message(
                "machine.and", {"some": render(Message("machine.sep")).join(some), "last": last}
            )
        )
        if some
        else last
    )
    return Message("machine.tools_on", {"tools": joined})


def denoise_on(choice: StreamChoice) -> bool:
    """RNNoise runs on this stream's sound: the host's microphone with noise suppression
    ticked, where RNNoise is installed (a clip's sound, the test tone, silence: never)."""
    return denoise_runs(choice.audio, "auto" if choice.denoise else "off")
