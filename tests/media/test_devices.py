"""Camera names where Qt Multimedia has no backend (the Linux installer carries none)."""

from __future__ import annotations

from pathlib import Path

from studio.media.devices import linux_cameras


def test_v4l2_nodes_are_named_as_the_kernel_names_them(tmp_path: Path) -> None:
    (tmp_path / "dev").mkdir()
    for n in (10, 0, 2):
        (tmp_path / "dev" / f"video{n}").touch()
    (tmp_path / "dev" / "video-loop").touch()  # not a numbered node: skipped
    named = tmp_path / "sys/class/video4linux/video0"
    named.mkdir(parents=True)
    (named / "name").write_text("USB2.0 HD UVC WebCam\n", encoding="utf-8")
    broken = tmp_path / "sys/class/video4linux/video2"
    broken.mkdir(parents=True)
    (broken / "name").write_bytes(b"\xff\xfe\x00bad")

    assert linux_cameras(str(tmp_path)) == [
        ("0", "USB2.0 HD UVC WebCam (/dev/video0)"),
        ("2", "/dev/video2"),
        ("10", "/dev/video10"),
    ]
