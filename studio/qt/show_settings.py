"""Link-up settings: the countdown, "sync to viewers", the on-stream words, and the platform."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studio import credentials
from studio.app.pushurls import room_id_of
from studio.app.show import ShowSettings
from studio.app.showrun import platform_origin
from studio.qt.tasks import TaskRunner
from studio.qt.widgets import Retranslating

PLATFORMS = (
    "assisted:douyin",
    "assisted:kuaishou",
    "assisted:taobao",
    "wechat",
    "assisted",
    "http",
)
# Until the host chooses, link-ups are made by hand on a platform the studio does not name: a
# push to a plain rtmp:// address says nothing of Douyin (or of any platform it is not).
DEFAULT_PLATFORM = "assisted"


def chosen_platform(store: QSettings) -> str:
    """The host's choice for live link-ups (one of PLATFORMS), remembered in the settings."""
    spec = str(store.value("show/platform", DEFAULT_PLATFORM))
    return spec if spec in PLATFORMS else DEFAULT_PLATFORM


def platform_chosen(store: QSettings) -> bool:
    """Whether the host has said where live link-ups go (answered the question at the first
    go-live, or saved the link-up settings): until then a go-live asks."""
    return bool(store.contains("show/platform"))


def platform_label(spec: str) -> str:
    """How the window names a choice of PLATFORMS, in the window's language (the dialog's
    list and the main window's line say the same)."""
    labels = {
        "assisted:douyin": QCoreApplication.translate(
            "ShowSettingsDialog", "Douyin: I click 讲解 in its console"
        ),
        "assisted:kuaishou": QCoreApplication.translate(
            "ShowSettingsDialog", "Kuaishou: I click 上架 in its console"
        ),
        "assisted:taobao": QCoreApplication.translate(
            "ShowSettingsDialog", "Taobao Live: I click 上架 in its console"
        ),
        "wechat": QCoreApplication.translate(
            "ShowSettingsDialog", "WeChat mini-program live: listed at zero by the studio"
        ),
        "assisted": QCoreApplication.translate(
            "ShowSettingsDialog", "Another platform: I click in its console"
        ),
        "http": QCoreApplication.translate(
            "ShowSettingsDialog", "My shop's server (open contract)"
        ),
    }
    return labels.get(spec, labels[DEFAULT_PLATFORM])


def load_show_settings(store: QSettings) -> tuple[ShowSettings, str]:
    """The saved link-up settings and the live platform spec (assisted:… or an http URL)."""
    settings = ShowSettings(
        countdown_s=int(store.value("show/countdown_s", 3)),
        sync_to_viewers=str(store.value("show/sync_to_viewers", "false")) == "true",
        viewer_delay_s=float(store.value("show/viewer_delay_s", 3.0)),
        language=str(store.value("show/language", "zh")),
    )
    platform = chosen_platform(store)
    if platform == "http":
        platform = str(store.value("show/platform_url", "")) or "assisted"
    if platform == "wechat":
        platform = f"wechat:{store.value('show/wechat_room', '')}"
    return settings, platform


def load_comment_feeds(store: QSettings) -> list[str]:
    """Where live comments come from besides the platform: bilibili, youtube:VIDEO_ID."""
    feeds = []
    if str(store.value("show/bilibili_comments", "false")) == "true":
        feeds.append("bilibili")
    video = str(store.value("show/youtube_video", "")).strip()
    if video:
        feeds.append(f"youtube:{video}")
    return feeds


def load_generated_pushes(store: QSettings) -> list[str]:
    """Push URLs fetched at go-live: the WeChat room's, when its link-ups go there and the
    host asked for the stream to go there too."""
    room = str(store.value("show/wechat_room", ""))
    wanted = str(store.value("show/wechat_push", "true")) == "true"
    if store.value("show/platform") == "wechat" and room and wanted:
        return [f"wechat:{room}"]
    return []


@dataclass
class _Saving:
    """What one Save writes: the secrets (to the keyring, on a worker) and, only once the
    keyring has kept every one of them, the settings."""

    secrets: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, name, secret)
    values: dict[str, object] = field(default_factory=dict)


class ShowSettingsDialog(Retranslating, QDialog):
    """Saved to the user settings; the platform token goes to the keyring.

    The keyring is read and written on the task runner, never on this thread (a Secret Service
    may be slow to answer or ask for its password): the note says 读取中… / 保存中… meanwhile,
    and 已保存 only once the keyring has really kept what was typed. A keyring that refuses is
    said in words, and what was typed stays in the form."""

    def __init__(
        self,
        store: QSettings,
        tasks: TaskRunner,
        parent: QWidget | None = None,
        platform: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.store, self.tasks = store, tasks
        self.kept_appid: str | None = None  # the keyring's AppID, once read (None: not yet)
        self.reading = self.saving = False
        self.asked = platform is not None  # opened by the go-live's question, on its answer
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.countdown = QSpinBox()
        self.countdown.setRange(0, 10)
        self.sync = QCheckBox()
        self.delay = QDoubleSpinBox()
        self.delay.setRange(0.0, 30.0)
        self.delay.setSingleStep(0.5)
        self.words = QComboBox()
        self.words.addItem("中文（上链接!）", "zh")
        self.words.addItem("English (Link is live!)", "en")
        self.platform = QComboBox()
        for spec in PLATFORMS:
            self.platform.addItem("", spec)
        self.platform.currentIndexChanged.connect(self._update)
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://shop.example.com")
        self.token = QLineEdit()
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.room = QLineEdit()
        self.room.setPlaceholderText("6474")
        self.appid = QLineEdit()
        self.appid.setPlaceholderText("wx…")
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.push_to_room = QCheckBox()
        self.bilibili = QCheckBox()
        self.bilibili_code = QLineEdit()
        self.bilibili_code.setEchoMode(QLineEdit.EchoMode.Password)
        self.youtube_video = QLineEdit()
        self.youtube_video.setPlaceholderText("dQw4w9WgXcQ")
        self.labels = [QLabel() for _ in range(11)]
        fields = (
            self.countdown,
            self.delay,
            self.words,
            self.platform,
            self.url,
            self.token,
            self.room,
            self.appid,
            self.secret,
            self.bilibili_code,
            self.youtube_video,
        )
        for label, field_ in zip(self.labels, fields, strict=True):
            if field_ is self.bilibili_code:
                form.addRow("", self.bilibili)
            form.addRow(label, field_)
            if field_ is self.countdown:
                form.addRow("", self.sync)
            if field_ is self.secret:
                form.addRow("", self.push_to_room)
        layout.addLayout(form)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.retranslate()
        self._load(platform)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Link-up settings"))
        self.countdown.setSuffix(self.tr(" s"))
        self.delay.setSuffix(self.tr(" s"))
        self.sync.setText(
            self.tr("Put the link up when viewers' screens reach 0 (their picture is late)")
        )
        for index, spec in enumerate(PLATFORMS):
            self.platform.setItemText(index, platform_label(spec))
        self.token.setPlaceholderText(self.tr("token (kept in the system keyring)"))
        self.secret.setPlaceholderText(self._secret_hint())
        self.push_to_room.setText(
            self.tr("Also stream to this room (its push address is fetched at each go-live)")
        )
        self.bilibili.setText(self.tr("Show Bilibili comments (open live platform)"))
        self.bilibili_code.setPlaceholderText(
            self.tr("身份码 from 直播中心 › 我的直播间 (kept in the keyring)")
        )
        for label, text in zip(
            self.labels,
            (
                self.tr("Countdown"),
                self.tr("Viewers see the picture late by"),
                self.tr("Words on stream"),
                self.tr("Link-ups go to"),
                self.tr("Server address"),
                self.tr("Token"),
                self.tr("Room number"),
                self.tr("Mini-program AppID"),
                self.tr("AppSecret"),
                self.tr("Bilibili identity code"),
                self.tr("YouTube live video ID"),
            ),
            strict=True,
        ):
            label.setText(text)

    def _load(self, platform: str | None) -> None:
        s = self.store
        self.countdown.setValue(int(s.value("show/countdown_s", 3)))
        self.sync.setChecked(str(s.value("show/sync_to_viewers", "false")) == "true")
        self.delay.setValue(float(s.value("show/viewer_delay_s", 3.0)))
        self.words.setCurrentIndex(max(0, self.words.findData(s.value("show/language", "zh"))))
        spec = platform if platform in PLATFORMS else chosen_platform(s)
        self.platform.setCurrentIndex(self.platform.findData(spec))
        self.url.setText(str(s.value("show/platform_url", "")))
        self.room.setText(str(s.value("show/wechat_room", "")))
        self.push_to_room.setChecked(str(s.value("show/wechat_push", "true")) == "true")
        self.bilibili.setChecked(str(s.value("show/bilibili_comments", "false")) == "true")
        self.youtube_video.setText(str(s.value("show/youtube_video", "")))
        self._update()
        self.reading = True
        self._set_busy()
        self.note.setText(self.tr("Reading…"))
        self.tasks.run(_kept_appid, on_done=self._on_read, on_error=self._on_read_failed)

    def _on_read(self, appid: str) -> None:
        self.reading = False
        self.kept_appid = appid
        if not self.appid.text():  # never over what the host has typed meanwhile
            self.appid.setText(appid)
        self.secret.setPlaceholderText(self._secret_hint())
        self.note.setText(self._hint())
        self._set_busy()

    def _hint(self) -> str:
        if not self.asked:
            return ""
        return self.tr("Fill in what this platform needs, then Save: the stream starts then.")

    def _on_read_failed(self, exc: BaseException) -> None:
        self.reading = False
        self.kept_appid = ""
        self.note.setText(
            self.tr("The system keyring could not be read: {why}").format(why=_why(exc))
        )
        self._set_busy()

    def _set_busy(self) -> None:
        """Save waits for the keyring's answer (its read at opening, the write it started)."""
        self.save_button.setEnabled(not (self.reading or self.saving))

    def _secret_hint(self) -> str:
        if self.kept_appid:
            return self.tr("kept in the system keyring (type to replace)")
        return self.tr("from mp.weixin.qq.com › Development settings (kept in the keyring)")

    def _update(self) -> None:
        http = self.platform.currentData() == "http"
        wechat = self.platform.currentData() == "wechat"
        self.url.setEnabled(http)
        self.token.setEnabled(http)
        for widget in (self.room, self.appid, self.secret, self.push_to_room):
            widget.setEnabled(wechat)

    def save(self) -> None:
        """What was typed is checked here; the secrets go to the keyring on a worker, and the
        settings are written (and 已保存 said) only once the keyring has kept them."""
        if self.reading or self.saving:
            return
        saving = self._saving()
        if saving is None:
            return
        self.saving = True
        self._set_busy()
        self.note.setText(self.tr("Saving…"))
        secrets = list(saving.secrets)

        def write() -> None:
            for kind, name, secret in secrets:
                credentials.store(kind, name, secret)  # read back: kept, or CredentialError

        self.tasks.run(
            write, on_done=lambda _r: self._on_saved(saving), on_error=self._on_save_failed
        )

    def _saving(self) -> _Saving | None:
        """What Save is to write, or None when something typed is wrong (the note says what)."""
        saving = _Saving()
        spec = str(self.platform.currentData())
        url = self.url.text().strip()
        if spec == "http":
            if not url.startswith(("http://", "https://")):
                self.note.setText(self.tr("The server address starts with http:// or https://"))
                return None
            if self.token.text():
                saving.secrets.append(("platform", platform_origin(url), self.token.text()))
        room = self.room.text().strip()
        if spec == "wechat" and not self._check_wechat(room, saving):
            return None
        code = self.bilibili_code.text().strip()
        if code:
            saving.secrets.append(("bilibili", "code", code))
        video = self.youtube_video.text().strip()
        if video and not (
            video.isascii()
            and len(video) <= 64
            and video.replace("-", "").replace("_", "").isalnum()
        ):
            self.note.setText(
                self.tr("The YouTube video ID is the part after watch?v= in its address")
            )
            return None
        saving.values = {
            "show/countdown_s": self.countdown.value(),
            "show/sync_to_viewers": "true" if self.sync.isChecked() else "false",
            "show/viewer_delay_s": self.delay.value(),
            "show/language": self.words.currentData(),
            "show/platform": spec,
            "show/platform_url": url,
            "show/bilibili_comments": "true" if self.bilibili.isChecked() else "false",
            "show/youtube_video": video,
            "show/wechat_room": room,
            "show/wechat_push": "true" if self.push_to_room.isChecked() else "false",
        }
        return saving

    def _check_wechat(self, room: str, saving: _Saving) -> bool:
        """The room number checked, the AppID and AppSecret to be kept; False (and the note
        says why) when something is missing."""
        try:
            room_id_of(room)
        except ValueError:
            self.note.setText(self.tr("The room number is a number, e.g. 6474"))
            return False
        appid, secret = self.appid.text().strip(), self.secret.text().strip()
        kept = self.kept_appid or ""
        if not secret and (not kept or appid != kept):
            self.note.setText(
                self.tr(
                    "Enter the mini-program's AppID and AppSecret "
                    "(mp.weixin.qq.com › Development › Development settings)"
                )
            )
            return False
        if secret:
            if not (appid.isascii() and appid.isalnum() and 0 < len(appid) <= 64):
                self.note.setText(self.tr("The AppID is letters and digits, starting with wx"))
                return False
            saving.secrets += [("wechat", "appid", appid), ("wechat", "secret", secret)]
        return True

    def _on_saved(self, saving: _Saving) -> None:
        self.saving = False
        self._set_busy()
        for key, value in saving.values.items():
            self.store.setValue(key, value)
        self.store.sync()
        for kept in (self.token, self.secret, self.bilibili_code):
            kept.clear()
        if any(kind == "wechat" for kind, _n, _s in saving.secrets):
            self.kept_appid = self.appid.text().strip()
            self.secret.setPlaceholderText(self._secret_hint())
        self.note.setText(self.tr("Saved."))
        self.accept()

    def _on_save_failed(self, exc: BaseException) -> None:
        self.saving = False
        self._set_busy()
        # nothing is written, and what was typed stays: the host can fix the keyring and save
        self.note.setText(self.tr("Not saved: {why}").format(why=_why(exc)))

    def reject(self) -> None:
        if self.saving:  # the keyring is being written: the settings follow what it says
            return
        super().reject()


def _kept_appid() -> str:
    """The WeChat mini-program's AppID kept in the keyring ("" when none); a keyring read, so
    on a worker."""
    appid = credentials.load("wechat", "appid")
    return appid.reveal() if appid is not None else ""


def _why(exc: BaseException) -> str:
    """A keyring's refusal in words (its message says what to do); anything else by name."""
    return str(exc) if isinstance(exc, credentials.CredentialError) else type(exc).__name__
