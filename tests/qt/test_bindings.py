"""The Qt bindings themselves: a long show calls void Qt methods millions of times.

PySide6 6.12.0 returns None from them without taking a reference. On Python 3.11 (None is
not immortal before 3.12) each call takes one of None's references away, and after some
minutes of preview the process aborts with "Fatal Python error: none_dealloc". This test
fails on such a binding, so an upgrade cannot bring it back unnoticed.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QProgressBar


def test_void_qt_calls_keep_none_alive(qapp) -> None:
    label, bar, timer, obj = QLabel(), QProgressBar(), QTimer(), QObject()
    calls = (
        lambda: label.setText("直播中 0:00:01"),
        lambda: bar.setValue(-20),
        lambda: timer.setInterval(33),
        lambda: obj.setObjectName("x"),
        label.update,
    )
    for call in calls:
        call()  # warm up: caches, interned strings
    before = sys.getrefcount(None)
    for _ in range(200):
        for call in calls:
            call()
    assert sys.getrefcount(None) - before > -100  # 1,000 calls; a leak per call shows here
