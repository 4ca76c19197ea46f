"""The studio's look: a dark theme by default (light as an option), large controls, state colours.

Built on Qt's own Fusion style with a palette and one style sheet, rather than a theming
library: qdarkstyle (last release 2023) and pyqtdarktheme (unmaintained since 2022) restyle
every widget and fight the per-state colours the studio needs (on air, rehearsal, health),
and qt-material brings a Material look, Jinja2 and its own fonts. A palette plus ~150 lines of
QSS is small enough to read in one go and keeps every colour in one place.

Icons come from qtawesome (the Spyder project's, MIT; kept up to date) with the Material
Design Icons font it ships (Pictogrammers, Apache 2.0): both allow shipping in an installer.

Widgets take their colour from dynamic properties (`state`, `level`, `kind`, `mode`) that the
style sheet matches; `set_state()` re-polishes a widget after one of them changes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from string import Template
from typing import Any

import shiboken6
from PySide6.QtGui import QAction, QColor, QFontDatabase, QIcon, QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication, QPushButton, QWidget

THEMES = ("dark", "light")
ICON_PREFIX = "mdi6"  # qtawesome's Material Design Icons 6


@dataclass(frozen=True)
class Colours:
    window: str
    panel: str
    raised: str
    border: str
    text: str
    muted: str
    live: str = "#fe2c55"  # on air: the red of the big platforms' live badges
    rehearsal: str = "#ff9f0a"  # private rehearsal: amber
    ok: str = "#30d158"
    warn: str = "#ffcc00"
    bad: str = "#ff453a"
    accent: str = "#0a84ff"
    selection: str = "#0a84ff"


PALETTES = {
    "dark": Colours(
        window="#18191d",
        panel="#222328",
        raised="#2d2e34",
        border="#3b3c43",
        text="#ececef",
        muted="#9c9da6",
    ),
    "light": Colours(
        window="#eef0f3",
        panel="#ffffff",
        raised="#f4f5f7",
        border="#cfd3da",
        text="#1d1d1f",
        muted="#61646b",
        warn="#b38600",
        ok="#1f9d45",
    ),
}

STYLE = Template(
    """
QMainWindow, QDialog, QWizard { background: $window; }
QWidget { color: $text; }
QDockWidget { font-weight: bold; }
QDockWidget::title { background: $raised; padding: 7px 8px; border-bottom: 1px solid $border;
    text-align: left; }
QMainWindow::separator { background: $window; width: 6px; height: 6px; }
QDockWidget > QWidget { background: $panel; }
QToolBar#topBar { background: $panel; border-bottom: 1px solid $border; spacing: 10px;
    padding: 6px 10px; }
QMenuBar { background: $panel; border-bottom: 1px solid $border; }
QMenuBar::item { padding: 6px 12px; background: transparent; }
QMenuBar::item:selected, QMenu::item:selected { background: $selection; color: white; }
QMenu { background: $panel; border: 1px solid $border; }
QMenu::item { padding: 6px 24px; }
QStatusBar { background: $panel; color: $muted; border-top: 1px solid $border; }
QToolTip { background: $raised; color: $text; border: 1px solid $border; padding: 4px; }

QPushButton { background: $raised; border: 1px solid $border; border-radius: 6px;
    padding: 6px 14px; min-height: 24px; }
QPushButton:hover { border-color: $accent; }
QPushButton:pressed { background: $border; }
QPushButton:disabled { color: $muted; background: $panel; border-color: $panel; }
QPushButton:default { border: 2px solid $accent; }
QPushButton[scene]:checked { background: $accent; border-color: $accent; color: #ffffff;
    font-weight: 600; }
QComboBox, QSpinBox, QDoubleSpinBox, QLineEdit { background: $raised; border: 1px solid $border;
    border-radius: 6px; padding: 4px 8px; min-height: 24px; }
QComboBox:disabled, QAbstractSpinBox:disabled, QLineEdit:disabled { color: $muted;
    background: $panel; }
QComboBox:focus, QSpinBox:focus, QDoubleSpinBox:focus, QLineEdit:focus { border-color: $accent; }
QComboBox QAbstractItemView { background: $panel; selection-background-color: $selection; }
QComboBox::drop-down { border: none; width: 26px; }
QComboBox::down-arrow { image: url("$down"); width: 14px; height: 14px; }
QAbstractSpinBox { padding-right: 24px; }
QAbstractSpinBox::up-button, QAbstractSpinBox::down-button { subcontrol-origin: border;
    width: 22px; border: none; background: transparent; }
QAbstractSpinBox::up-button { subcontrol-position: top right; }
QAbstractSpinBox::down-button { subcontrol-position: bottom right; }
QAbstractSpinBox::up-arrow { image: url("$up"); width: 12px; height: 12px; }
QAbstractSpinBox::down-arrow { image: url("$down"); width: 12px; height: 12px; }
QAbstractSpinBox::up-arrow:disabled, QAbstractSpinBox::down-arrow:disabled { image: none; }
QCheckBox, QRadioButton { spacing: 8px; }
QCheckBox::indicator, QRadioButton::indicator { width: 18px; height: 18px;
    border: 2px solid $muted; background: $raised; }
QCheckBox::indicator { border-radius: 4px; }
QRadioButton::indicator { border-radius: 11px; }
QCheckBox::indicator:checked { background: $accent; border-color: $accent; image: url("$check"); }
QRadioButton::indicator:checked { background: $accent; border: 5px solid $raised;
    outline: none; }
QCheckBox::indicator:disabled, QRadioButton::indicator:disabled { border-color: $border; }
QListWidget::indicator:checked { background: $accent; image: url("$check"); }
QListWidget, QTableWidget, QTextBrowser { background: $panel; border: 1px solid $border;
    border-radius: 6px; }
QListWidget::item:selected { background: $selection; color: white; }
QHeaderView::section { background: $raised; border: none; padding: 4px; }
QProgressBar { background: $raised; border: 1px solid $border; border-radius: 4px;
    min-height: 10px; max-height: 10px; }
QProgressBar::chunk { background: $ok; border-radius: 3px; }
QScrollBar:vertical { background: $panel; width: 12px; }
QScrollBar::handle:vertical { background: $border; border-radius: 5px; min-height: 24px; }
QScrollBar::add-line, QScrollBar::sub-line { height: 0; }

QLabel#onAir { font-size: 20px; font-weight: bold; border-radius: 8px; padding: 6px 16px; }
QLabel#onAir[state="off"] { background: $raised; color: $muted; }
QLabel#onAir[state="rehearsal"] { background: $rehearsal; color: #1d1d1f; }
QLabel#onAir[state="live"] { background: $live; color: white; }
QLabel[chip="true"] { border: 1px solid $border; border-radius: 8px; padding: 5px 10px;
    background: $raised; }
QLabel[chip="true"][level="ok"] { color: $ok; border-color: $ok; }
QLabel[chip="true"][level="warn"] { color: $warn; border-color: $warn; }
QLabel[chip="true"][level="bad"] { color: white; background: $bad; border-color: $bad; }
QLabel[chip="true"][level="idle"] { color: $muted; }
QLabel#onAir[compact="true"] { font-size: 16px; padding: 3px 12px; }
QLabel[chip="true"][compact="true"] { padding: 2px 8px; }
QLabel#sentLevel[level="ok"] { color: $ok; }
QLabel#sentLevel[level="warn"] { color: $warn; }
QLabel#sentLevel[level="idle"] { color: $muted; }
QLabel#banner { font-size: 18px; font-weight: bold; padding: 6px; border-radius: 6px; }
QLabel#banner[kind="private"] { background: $rehearsal; color: #1d1d1f; }
QLabel#banner[kind="public"] { background: $live; color: white; }
QLabel#cue { background: rgba(20, 20, 20, 225); color: white; font-size: 17px;
  font-weight: bold; padding: 8px; border: 2px solid $rehearsal; border-radius: 6px; }
QLabel#muted { color: $muted; }
QLabel#warning { color: $bad; }
QLabel#countdown { color: $live; font-weight: bold; font-size: 34px; }
QLabel#countdown[level="ok"] { color: $ok; }
QLabel#countdown[level="wait"] { color: $rehearsal; font-size: 20px; }
QLabel#countdown[compact="true"] { font-size: 28px; }
QLabel#countdown[compact="true"][level="wait"] { font-size: 18px; }
QLabel#bigCountdown { color: $live; font-weight: bold; font-size: 64px; }
QLabel#bigCountdown[kind="word"] { font-size: 36px; }
QLabel#hostProduct { font-size: 24px; font-weight: bold; }
QLabel#pitch { font-size: 20px; }

QPushButton#startButton { font-size: 18px; font-weight: bold; min-height: 44px;
    padding: 4px 22px; border: none; border-radius: 8px; }
QPushButton#startButton[mode="rehearsal"] { background: $rehearsal; color: #1d1d1f; }
QPushButton#startButton[mode="live"] { background: $live; color: white; }
QPushButton#startButton:disabled { background: $raised; color: $muted; }
QPushButton#stopButton { font-size: 16px; min-height: 44px; padding: 4px 18px; }
QPushButton#stopButton:enabled { background: $bad; color: white; border: none; }
QPushButton#linkButton { font-size: 22px; font-weight: bold; min-height: 60px; border: none;
    border-radius: 10px; background: $live; color: white; }
QPushButton#linkButton:disabled { background: $raised; color: $muted; }
QPushButton#linkButton[compact="true"] { font-size: 18px; min-height: 36px; }
"""
)


def apply_theme(app: QApplication, name: str) -> str:
    """Fusion, the palette and the style sheet of `name` (dark unless light is asked for)."""
    name = name if name in THEMES else "dark"
    if app.property("studio_theme") == name:
        return name  # already in use: re-polishing every widget would only cost time
    c = PALETTES[name]
    if not app.property("studio_fusion"):
        # Once per process: replacing the style while a QWizard has lived (the first run)
        # leaves Qt calling into the deleted one at the next style sheet (a crash on the
        # second theme switch). By name, so Qt makes and owns it.
        app.setStyle("Fusion")
        app.setProperty("studio_fusion", True)
    palette = QPalette()
    roles = QPalette.ColorRole
    for role, value in (
        (roles.Window, c.window),
        (roles.WindowText, c.text),
        (roles.Base, c.panel),
        (roles.AlternateBase, c.raised),
        (roles.Text, c.text),
        (roles.Button, c.raised),
        (roles.ButtonText, c.text),
        (roles.ToolTipBase, c.raised),
        (roles.ToolTipText, c.text),
        (roles.PlaceholderText, c.muted),
        (roles.Highlight, c.selection),
        (roles.HighlightedText, "#ffffff"),
        (roles.Link, c.accent),
    ):
        palette.setColor(role, QColor(value))
    palette.setColor(QPalette.ColorGroup.Disabled, roles.Text, QColor(c.muted))
    palette.setColor(QPalette.ColorGroup.Disabled, roles.ButtonText, QColor(c.muted))
    palette.setColor(QPalette.ColorGroup.Disabled, roles.WindowText, QColor(c.muted))
    app.setPalette(palette)
    font = app.font()
    font.setPointSizeF(10.5)  # 14 px at 96 dpi; in points, so Qt's own titles scale from it
    app.setFont(font)
    arrows = _arrow_images(name, c.text)
    app.setStyleSheet(STYLE.substitute(vars(c), **arrows))
    app.setProperty("studio_theme", name)
    return name


def _arrow_images(name: str, colour: str) -> dict[str, str]:
    """The combo and spin box arrows as small PNGs (style sheets take pictures by path)."""
    from studio.app.paths import cache_dir

    folder = cache_dir() / "theme" / name
    paths = {}
    for key, glyph, tint in (
        ("up", "chevron-up", colour),
        ("down", "chevron-down", colour),
        ("check", "check-bold", "#ffffff"),
    ):
        path = folder / f"{glyph}.png"
        if not path.is_file():
            folder.mkdir(parents=True, exist_ok=True)
            icon(glyph, tint).pixmap(32, 32).save(str(path))
        paths[key] = path.as_posix()
    return paths


def colours(app: QApplication | None = None) -> Colours:
    """The colours of the theme in use (for what is painted rather than styled)."""
    found = app if app is not None else QApplication.instance()
    name = str(found.property("studio_theme") or "dark") if found is not None else "dark"
    return PALETTES.get(name, PALETTES["dark"])


def set_state(widget: QWidget, prop: str, value: str) -> None:
    """Set a style property and re-polish so the style sheet's colour follows it."""
    if widget.property(prop) == value:
        return
    widget.setProperty(prop, value)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def set_icon(target: QAbstractButton | QAction, name: str, colour: str | None = None) -> None:
    """Give `target` a Material icon that follows the theme (`refresh_icons`); a fixed
    `colour` stays (white on the red button)."""
    target.setProperty("studio_icon", f"{name}|{colour or ''}")
    target.setIcon(icon(name, colour))


def icon_button(name: str, text: str = "") -> QPushButton:
    button = QPushButton(text)
    set_icon(button, name)
    return button


def refresh_icons(app: QApplication) -> None:
    """Recolour every themed icon after a theme switch (they are painted, not styled)."""
    targets: list[QAbstractButton | QAction] = [
        w for w in app.allWidgets() if isinstance(w, QAbstractButton)
    ]
    for window in app.topLevelWidgets():
        targets.extend(window.findChildren(QAction))
    for target in targets:
        if not shiboken6.isValid(target):  # a transient one (a menu's) gone meanwhile
            continue
        spec = target.property("studio_icon")
        if isinstance(spec, str) and "|" in spec:
            name, colour = spec.split("|", 1)
            target.setIcon(icon(name, colour or None))


def icon(name: str, colour: str | None = None) -> QIcon:
    """A Material Design icon (`mdi6.<name>`) in the theme's text colour unless told."""
    made: QIcon = _icon_font().icon(f"{ICON_PREFIX}.{name}", color=colour or colours().text)
    return made


_icon_fonts: list[Any] = []  # the one IconicFont, made at the first icon


def _icon_font() -> Any:
    """qtawesome's painter with the Material Design font alone.

    `qtawesome.icon` loads all eleven of its bundled fonts and their character maps at the
    first icon, about 10 MB of the window's memory for one font's glyphs (issue 26); this
    loads the one the studio draws from. A qtawesome without it bundled falls back to its own
    loader, so an upgrade never leaves the buttons blank."""
    os.environ.setdefault("QT_API", "pyside6")  # qtawesome goes through QtPy
    import qtawesome
    from qtawesome.iconic_font import IconicFont

    if _icon_fonts and _font_loaded(_icon_fonts[0]):
        return _icon_fonts[0]
    bundled = [f for f in getattr(qtawesome, "_BUNDLED_FONTS", ()) if f[0] == ICON_PREFIX]
    made = IconicFont(*bundled) if bundled else qtawesome._instance()
    _icon_fonts[:] = [made]
    return made


def _font_loaded(font: Any) -> bool:
    """False once the fonts were dropped (a new QApplication): load them again."""
    return all(QFontDatabase.applicationFontFamilies(i) for i in font.fontids.values())
