"""The host's choices made into a stream and its show in one place, for the CLI and the window."""

from __future__ import annotations

from pathlib import Path

from studio.app.host_choices import HostChoices, plan_stream
from studio.app.show import ShowSettings
from studio.core.destination import Destination
from studio.core.presets import bitrate_for


def test_a_stream_alone_records_only_when_asked_and_has_no_show(tmp_path: Path) -> None:
    to = Destination.parse("rtmp://127.0.0.1/live/key1")
    config, plan = plan_stream(HostChoices(destinations=[to], canvas=(720, 1280)))
    assert plan is None
    assert config.record is None
    assert config.destinations == [to]
    assert config.video_kbps == bitrate_for(720, 1280, 30)  # by the canvas when not given

    config, _ = plan_stream(HostChoices(destinations=[to], record=tmp_path, language="en"))
    # a folder: the file is named when it is checked, as the show is, in the show's language
    assert config.record == tmp_path
    assert config.record_name.startswith("Live-") and config.record_name.endswith(".mkv")


def test_the_window_always_records_and_names_its_rehearsal_as_one(tmp_path: Path) -> None:
    to = Destination.parse("rtmp://127.0.0.1/live/key1")
    config, plan = plan_stream(
        HostChoices(
            destinations=[to],
            generated=["wechat:room1"],
            comments=["bilibili"],
            rehearsal=True,
            record=tmp_path / "recordings",
            always_record=True,
            show=True,
            platform="assisted",
            reports=tmp_path / "reports",
            language="zh",
        )
    )
    assert config.record is not None
    assert config.record.parent == tmp_path / "recordings"
    assert config.record.name.startswith("彩排-")
    # a rehearsal pushes nowhere unless asked, and never to the live platform's URLs
    assert config.destinations == [] and config.generated == []
    assert plan is not None
    assert plan.platform == "rehearsal" and plan.comments == []
    assert plan.report is not None and plan.report.parent.name.startswith("彩排-")
    assert plan.settings.title.startswith("彩排 ")  # untitled: what and when


def test_a_given_title_and_settings_are_kept(tmp_path: Path) -> None:
    settings = ShowSettings(countdown_s=5, language="en")
    _, plan = plan_stream(
        HostChoices(
            record=tmp_path,
            show=True,
            catalog=tmp_path / "sheet.csv",
            platform="assisted:douyin",
            link_up_at=[10.0],
            report=tmp_path / "r.json",
            title="  Spring sale ",
            settings=settings,
            language="en",
        )
    )
    assert plan is not None
    assert plan.settings.title == "Spring sale"
    assert plan.settings.countdown_s == 5 and plan.settings.language == "en"
    assert plan.platform == "assisted:douyin" and plan.link_up_at == [10.0]
    assert plan.report == tmp_path / "r.json" and plan.report_language == "en"
    assert settings.title == ShowSettings().title  # the host's own settings are not changed
