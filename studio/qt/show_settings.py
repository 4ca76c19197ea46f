"""Link-up settings: the countdown, "sync to viewers", the on-stream words, and the platform."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.app.console import console_login
from studio.app.platforms import (
    CredentialError,
    Secret,
    bilibili_spec,
    link_up_choice,
    link_up_choices,
    shop_spec,
    wechat_spec,
    youtube_spec,
)
from studio.app.show import ShowSettings
from studio.core.messages import Message
from studio.qt.tasks import TaskRunner
from studio.qt.widgets import Retranslating, ScreenBound


def platform_specs() -> list[str]:
    """The window's choices of where live link-ups go (`studio.app.platforms`), in order."""
    return [c.spec for c in link_up_choices()]


# Until the host chooses, link-ups are made by hand on a platform the studio does not name: a
# push to a plain rtmp:// address says nothing of Douyin (or of any platform it is not).
DEFAULT_PLATFORM = "assisted"


def chosen_platform(store: QSettings) -> str:
    """The host's choice for live link-ups (one of `platform_specs()`), remembered in the
    settings."""
    spec = str(store.value("show/platform", DEFAULT_PLATFORM))
    return spec if link_up_choice(spec) is not None else DEFAULT_PLATFORM


def platform_chosen(store: QSettings) -> bool:
    """Whether the host has said where live link-ups go (answered the question at the first
    go-live, or saved the link-up settings): until then a go-live asks."""
    return bool(store.contains("show/platform"))


def platform_label(spec: str) -> str:
    """How the window names a choice of `platform_specs()`, in the window's language (the
    dialog's list and the main window's line say the same), with where it stands (a
    console's login, as last seen: "… · 已登录：某某农场")."""
    choice = link_up_choice(spec) or link_up_choice(DEFAULT_PLATFORM)
    assert choice is not None
    state = choice.state() if choice.state is not None else None
    return f"{choice.label} · {state}" if state is not None else str(choice.label)


def platform_short(spec: str) -> str:
    """A choice in a few words for a narrow line (the main window's button): the platform's
    name first, then where it stands (抖店 · 未登录); the whole `platform_label` goes in its
    tooltip. A choice without a name (another platform) is said by its label."""
    choice = link_up_choice(spec) or link_up_choice(DEFAULT_PLATFORM)
    assert choice is not None
    name = str(choice.name or choice.label)
    state = choice.state() if choice.state is not None else None
    return f"{name} · {state}" if state is not None else name


def platform_detail(spec: str) -> str:
    """What the studio does at zero on that choice, in the window's language, and what the
    host must do first (log in to a console)."""
    choice = link_up_choice(spec)
    if choice is None:
        return ""
    todo = choice.todo() if choice.todo is not None else None
    return f"{choice.detail}\n{todo}" if todo is not None else str(choice.detail)


def platform_name(spec: str) -> str:
    """The platform of that choice, by name (Douyin), in the window's language."""
    choice = link_up_choice(spec)
    if choice is None:
        return ""
    return str(choice.name or choice.label)


def _getter(store: QSettings) -> Callable[[str, str], str]:
    return lambda key, default: str(store.value(key, default))


def load_show_settings(store: QSettings) -> tuple[ShowSettings, str]:
    """The saved link-up settings and the live platform spec (assisted:… or an http URL)."""
    settings = ShowSettings(
        countdown_s=int(str(store.value("show/countdown_s", 3))),
        sync_to_viewers=str(store.value("show/sync_to_viewers", "false")) == "true",
        viewer_delay_s=float(str(store.value("show/viewer_delay_s", 3.0))),
        language=str(store.value("show/language", "zh")),
    )
    platform = chosen_platform(store)
    choice = link_up_choice(platform)
    if choice is not None and choice.live_spec is not None:
        platform = choice.live_spec(_getter(store))
    return settings, platform


def load_comment_feeds(store: QSettings) -> list[str]:
    """Where live comments come from besides the platform: bilibili, youtube:VIDEO_ID."""
    feeds = []
    if str(store.value(bilibili_spec.COMMENTS_SETTING, "false")) == "true":
        feeds.append(bilibili_spec.KIND)
    video = str(store.value(youtube_spec.VIDEO_SETTING, "")).strip()
    if video:
        feeds.append(f"{youtube_spec.KIND}:{video}")
    return feeds


def load_generated_pushes(store: QSettings) -> list[str]:
    """Push URLs fetched at go-live along with the chosen platform's link-ups (the WeChat
    room's, when the host asked for the stream to go there too)."""
    choice = link_up_choice(str(store.value("show/platform", "")))
    if choice is None or choice.pushes is None:
        return []
    return choice.pushes(_getter(store))


@dataclass
class _Saving:
    """What one Save writes: the secrets (to the keyring, on a worker) and, only once the
    keyring has kept every one of them, the settings."""

    secrets: list[tuple[Secret, str]] = field(default_factory=list)  # (where, the secret)
    values: dict[str, object] = field(default_factory=dict)


class ShowSettingsDialog(ScreenBound, Retranslating, QDialog):
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
        self.specs = platform_specs()
        for spec in self.specs:
            self.platform.addItem("", spec)
        self.platform.currentIndexChanged.connect(self._update)
        # a live console: the merchant logs in once with its QR code, in the studio's browser
        self.console_login = QPushButton()
        self.console_login.clicked.connect(self._log_in)
        self.logging_in = False
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
        # the comments of Bilibili and YouTube go with any platform: folded away unless used
        self.more_comments = QToolButton()
        self.more_comments.setCheckable(True)
        self.more_comments.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.more_comments.toggled.connect(self._update)
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
                form.addRow("", self.more_comments)
                form.addRow("", self.bilibili)
            form.addRow(label, field_)
            if field_ is self.platform:
                form.addRow("", self.console_login)
            if field_ is self.countdown:
                form.addRow("", self.sync)
            if field_ is self.secret:
                form.addRow("", self.push_to_room)
        layout.addLayout(form)
        self.form = form
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
        for index, spec in enumerate(self.specs):
            self.platform.setItemText(index, platform_label(spec))
            # what the studio does at 0 on it, on the pointer (the list's lines stay short)
            self.platform.setItemData(index, platform_detail(spec), Qt.ItemDataRole.ToolTipRole)
        self.console_login.setText(self.tr("Log in to this console (scan its QR code)…"))
        self.token.setPlaceholderText(self.tr("token (kept in the system keyring)"))
        self.secret.setPlaceholderText(self._secret_hint())
        self.push_to_room.setText(
            self.tr("Also stream to this room (its push address is fetched at each go-live)")
        )
        self.more_comments.setText(self.tr("Comments from Bilibili or YouTube"))
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
        self.countdown.setValue(int(str(s.value("show/countdown_s", 3))))
        self.sync.setChecked(str(s.value("show/sync_to_viewers", "false")) == "true")
        self.delay.setValue(float(str(s.value("show/viewer_delay_s", 3.0))))
        self.words.setCurrentIndex(max(0, self.words.findData(s.value("show/language", "zh"))))
        spec = platform if platform in self.specs else chosen_platform(s)
        self.platform.setCurrentIndex(self.platform.findData(spec))
        self.url.setText(str(s.value(shop_spec.URL_SETTING, "")))
        self.room.setText(str(s.value(wechat_spec.ROOM_SETTING, "")))
        self.push_to_room.setChecked(str(s.value(wechat_spec.PUSH_SETTING, "true")) == "true")
        self.bilibili.setChecked(str(s.value(bilibili_spec.COMMENTS_SETTING, "false")) == "true")
        self.youtube_video.setText(str(s.value(youtube_spec.VIDEO_SETTING, "")))
        # unfolded when in use (the host sees what is on), folded otherwise
        self.more_comments.setChecked(self.bilibili.isChecked() or bool(self.youtube_video.text()))
        self._update()
        self.reading = True
        self._set_busy()
        self.note.setText(self.tr("Reading…"))
        self.tasks.run(wechat_spec.kept_appid, on_done=self._on_read, on_error=self._on_read_failed)

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

    def _log_in(self) -> None:
        """Open the chosen console in the studio's own browser for its QR-code login; the
        wait runs on a worker and the choice's line says the account once logged in."""
        spec = str(self.platform.currentData() or "")
        if self.logging_in or not spec.startswith("console:"):
            return
        self.logging_in = True
        self._update()
        self.note.setText(
            self.tr("Scan the QR code in the browser window that opened, with the platform's app.")
        )
        which = spec.partition(":")[2]
        self.tasks.run(
            lambda: console_login(
                which, say=lambda _line: None, again=Message("console.again_window")
            ),
            on_done=self._on_logged_in,
            on_error=self._on_login_failed,
        )

    def _on_logged_in(self, done: bool) -> None:
        self.logging_in = False
        self.retranslate()  # the choices' lines: 已登录：某某农场
        self._update()
        if done:
            self.note.setText(self.tr("Logged in: the studio clicks in this console from now on."))
        else:
            self.note.setText(
                self.tr("Not logged in: the browser window was closed or the wait ran out.")
            )

    def _on_login_failed(self, exc: BaseException) -> None:
        self.logging_in = False
        self._update()
        self.note.setText(str(exc))

    def _update(self) -> None:
        """Only the chosen platform's rows are shown (its server, its room, its console's
        login); the others' are hidden, with what was typed in them kept for a switch back."""
        spec = str(self.platform.currentData() or "")
        self.console_login.setEnabled(not self.logging_in)
        server = spec == shop_spec.CHOICE_SPEC
        room = spec == wechat_spec.KIND
        comments = self.more_comments.isChecked()
        self.more_comments.setArrowType(
            Qt.ArrowType.DownArrow if comments else Qt.ArrowType.RightArrow
        )
        for widget, shown in (
            (self.console_login, spec.startswith("console:")),
            (self.url, server),
            (self.token, server),
            (self.room, room),
            (self.appid, room),
            (self.secret, room),
            (self.push_to_room, room),
            (self.bilibili, comments),
            (self.bilibili_code, comments),
            (self.youtube_video, comments),
        ):
            self.form.setRowVisible(widget, shown)
        self.adjustSize()

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
            for where, secret in secrets:
                where.store(secret)  # read back: kept, or CredentialError

        self.tasks.run(
            write, on_done=lambda _r: self._on_saved(saving), on_error=self._on_save_failed
        )

    def _saving(self) -> _Saving | None:
        """What Save is to write, or None when something typed is wrong (the note says what)."""
        saving = _Saving()
        spec = str(self.platform.currentData())
        url = self.url.text().strip()
        if spec == shop_spec.CHOICE_SPEC:
            if not url.startswith(("http://", "https://")):
                self.note.setText(self.tr("The server address starts with http:// or https://"))
                return None
            if self.token.text():
                origin = shop_spec.platform_origin(url)
                saving.secrets.append((shop_spec.server_token(origin), self.token.text()))
        room = self.room.text().strip()
        if spec == wechat_spec.KIND and not self._check_wechat(room, saving):
            return None
        code = self.bilibili_code.text().strip()
        if code:
            saving.secrets.append((bilibili_spec.CODE, code))
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
            shop_spec.URL_SETTING: url,
            bilibili_spec.COMMENTS_SETTING: "true" if self.bilibili.isChecked() else "false",
            youtube_spec.VIDEO_SETTING: video,
            wechat_spec.ROOM_SETTING: room,
            wechat_spec.PUSH_SETTING: "true" if self.push_to_room.isChecked() else "false",
        }
        return saving

    def _check_wechat(self, room: str, saving: _Saving) -> bool:
        """The room number checked, the AppID and AppSecret to be kept; False (and the note
        says why) when something is missing."""
        try:
            wechat_spec.room_number(room)
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
            if not wechat_spec.good_appid(appid):
                self.note.setText(self.tr("The AppID is letters and digits, starting with wx"))
                return False
            saving.secrets += [(wechat_spec.APPID, appid), (wechat_spec.SECRET, secret)]
        return True

    def _on_saved(self, saving: _Saving) -> None:
        self.saving = False
        self._set_busy()
        for key, value in saving.values.items():
            self.store.setValue(key, value)
        self.store.sync()
        for kept in (self.token, self.secret, self.bilibili_code):
            kept.clear()
        if any(where == wechat_spec.APPID for where, _s in saving.secrets):
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


def _why(exc: BaseException) -> str:
    """A keyring's refusal in words (its message says what to do); anything else by name."""
    return str(exc) if isinstance(exc, CredentialError) else type(exc).__name__
