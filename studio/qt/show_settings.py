"""Link-up settings: the countdown, "sync to viewers", the on-stream words, and the platform."""

from __future__ import annotations

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


class ShowSettingsDialog(Retranslating, QDialog):
    """Saved to the user settings; the platform token goes to the keyring."""

    def __init__(self, store: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
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
        for label, field in zip(self.labels, fields, strict=True):
            if field is self.bilibili_code:
                form.addRow("", self.bilibili)
            form.addRow(label, field)
            if field is self.countdown:
                form.addRow("", self.sync)
            if field is self.secret:
                form.addRow("", self.push_to_room)
        layout.addLayout(form)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.retranslate()
        self._load()

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

    def _load(self) -> None:
        s = self.store
        self.countdown.setValue(int(s.value("show/countdown_s", 3)))
        self.sync.setChecked(str(s.value("show/sync_to_viewers", "false")) == "true")
        self.delay.setValue(float(s.value("show/viewer_delay_s", 3.0)))
        self.words.setCurrentIndex(max(0, self.words.findData(s.value("show/language", "zh"))))
        self.platform.setCurrentIndex(self.platform.findData(chosen_platform(s)))
        self.url.setText(str(s.value("show/platform_url", "")))
        self.room.setText(str(s.value("show/wechat_room", "")))
        self.push_to_room.setChecked(str(s.value("show/wechat_push", "true")) == "true")
        kept = self._kept_appid()
        self.appid.setText(kept)
        self.bilibili.setChecked(str(s.value("show/bilibili_comments", "false")) == "true")
        self.youtube_video.setText(str(s.value("show/youtube_video", "")))
        self._update()

    @staticmethod
    def _kept_appid() -> str:
        try:
            appid = credentials.load("wechat", "appid")
        except credentials.CredentialError:
            return ""
        return appid.reveal() if appid is not None else ""

    def _secret_hint(self) -> str:
        if self._kept_appid():
            return self.tr("kept in the system keyring (type to replace)")
        return self.tr("from mp.weixin.qq.com › Development settings (kept in the keyring)")

    def _update(self) -> None:
        http = self.platform.currentData() == "http"
        wechat = self.platform.currentData() == "wechat"
        self.url.setEnabled(http)
        self.token.setEnabled(http)
        for field in (self.room, self.appid, self.secret, self.push_to_room):
            field.setEnabled(wechat)

    def save(self) -> None:
        http = self.platform.currentData() == "http"
        url = self.url.text().strip()
        if http and not url.startswith(("http://", "https://")):
            self.note.setText(self.tr("The server address starts with http:// or https://"))
            return
        if http and self.token.text():
            try:
                credentials.store("platform", platform_origin(url), self.token.text())
            except credentials.CredentialError as exc:
                self.note.setText(str(exc))
                return
        wechat = self.platform.currentData() == "wechat"
        room = self.room.text().strip()
        if wechat and not self._save_wechat(room):
            return
        s = self.store
        s.setValue("show/countdown_s", self.countdown.value())
        s.setValue("show/sync_to_viewers", "true" if self.sync.isChecked() else "false")
        s.setValue("show/viewer_delay_s", self.delay.value())
        s.setValue("show/language", self.words.currentData())
        s.setValue("show/platform", self.platform.currentData())
        s.setValue("show/platform_url", url)
        if self.bilibili_code.text().strip():
            try:
                credentials.store("bilibili", "code", self.bilibili_code.text().strip())
            except credentials.CredentialError as exc:
                self.note.setText(str(exc))
                return
        video = self.youtube_video.text().strip()
        if video and not (
            video.isascii()
            and len(video) <= 64
            and video.replace("-", "").replace("_", "").isalnum()
        ):
            self.note.setText(
                self.tr("The YouTube video ID is the part after watch?v= in its address")
            )
            return
        s.setValue("show/bilibili_comments", "true" if self.bilibili.isChecked() else "false")
        s.setValue("show/youtube_video", video)
        s.setValue("show/wechat_room", room)
        s.setValue("show/wechat_push", "true" if self.push_to_room.isChecked() else "false")
        s.sync()
        self.token.clear()
        self.secret.clear()
        self.bilibili_code.clear()
        self.accept()

    def _save_wechat(self, room: str) -> bool:
        """The room number checked, the AppID and AppSecret into the keyring; False (and
        the note says why) when something is missing or cannot be kept."""
        try:
            room_id_of(room)
        except ValueError:
            self.note.setText(self.tr("The room number is a number, e.g. 6474"))
            return False
        appid, secret = self.appid.text().strip(), self.secret.text().strip()
        kept = self._kept_appid()
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
            try:
                credentials.store("wechat", "appid", appid)
                credentials.store("wechat", "secret", secret)
            except credentials.CredentialError as exc:
                self.note.setText(str(exc))
                return False
        return True
