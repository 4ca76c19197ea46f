"""`studio live --headless`: stream a camera or a clip to RTMP destinations and/or a
recording, with the product show (`--catalog`) on the chosen platform.

External acceptance checks call it exactly as the README documents: keep the flags and the
words of the summary stable.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio.app.logs import setup_logging
from studio.app.platforms import comments_usage, link_up_usage
from studio.cli.terminal import Subcommands, canvas, fail, log, printable, ranged, url_secrets
from studio.core.destination import Destination, DestinationError, redact
from studio.core.messages import Message, os_reason, render
from studio.core.state import OutputStats, StreamStats

if TYPE_CHECKING:
    from studio.app.golive import Broadcast, Ended
    from studio.app.host_choices import HostChoices
    from studio.app.report import ShowReport


def add_parser(sub: Subcommands[argparse.ArgumentParser]) -> None:
    live = sub.add_parser(
        "live", help="stream: camera or clip → RTMP destinations and/or a recording"
    )
    _source_flags(live)
    _picture_flags(live)
    _output_flags(live)
    _show_flags(live)
    live.set_defaults(func=run)


def _source_flags(live: argparse.ArgumentParser) -> None:
    """What is streamed: the camera or clip, the sound and its noise suppression."""
    live.add_argument(
        "--headless", action="store_true", help="no window (the only mode until the window lands)"
    )
    live.add_argument(
        "--source", default="test", help="test | camera:N | PATH of a clip or picture"
    )
    live.add_argument(
        "--audio", default="tone", help="tone | silence | mic[:NAME] | file (the clip's own sound)"
    )
    live.add_argument(
        "--denoise",
        choices=["on", "off", "auto"],
        default="auto",
        help="noise suppression (RNNoise) with a high-pass and a limiter; "
        "auto: on for mic, off for file, tone and silence",
    )


def _picture_flags(live: argparse.ArgumentParser) -> None:
    """The picture tools: beauty, a colour look, a green screen or the cutout, a corner picture."""
    picture = live.add_argument_group(str(Message("cli.group_picture")))
    picture.add_argument(
        "--beauty",
        type=ranged(int, 0, 100, "--beauty"),
        default=0,
        metavar="0..100",
        help="skin smoothing and brightening (0: off)",
    )
    picture.add_argument(
        "--look", choices=["natural", "warm", "fresh"], default="natural", help="colour look"
    )
    picture.add_argument(
        "--chroma-key",
        default="",
        metavar="green|blue|#RRGGBB",
        help="key out this colour (a green or blue screen)",
    )
    picture.add_argument(
        "--cutout",
        action="store_true",
        help="cut the host out of the room without a green screen (a person-segmentation model)",
    )
    picture.add_argument(
        "--background",
        default="",
        metavar="PATH|blur",
        help="behind the key or the cutout: a picture or a clip (looped), or blur (the room "
        "blurred, with --cutout); default black",
    )
    picture.add_argument(
        "--pip",
        default="",
        metavar="SOURCE",
        help="a second picture in a corner: camera:N, a clip, a picture or screen:N",
    )
    picture.add_argument(
        "--pip-corner",
        choices=["top-left", "top-right", "bottom-left", "bottom-right"],
        default="bottom-right",
    )
    picture.add_argument(
        "--pip-size",
        type=ranged(float, 0.1, 0.6, "--pip-size"),
        default=0.3,
        help="its width as a share of the canvas's (0.1 to 0.6)",
    )


def _output_flags(live: argparse.ArgumentParser) -> None:
    """Where it goes and how: push URLs, the recording, the canvas, the encoder, how long."""
    live.add_argument(
        "--to",
        action="append",
        default=[],
        metavar="URL",
        help="push URL as the platform gives it (server and key in one), or wechat:ROOM_ID "
        "(fetched from WeChat at go-live); repeat for several. Anything on the command line "
        "is visible to other users of this computer (ps): give keys with --to-file instead",
    )
    live.add_argument(
        "--to-file",
        type=Path,
        metavar="PATH",
        help="read push URLs from this file, one per line (blank lines and lines starting "
        "with # are skipped); - reads them from stdin. Keeps the stream key out of ps",
    )
    live.add_argument("--record", type=Path, help="also record to this file (.mkv or .mp4)")
    live.add_argument(
        "--canvas",
        type=canvas,
        default=(1280, 720),
        help="WIDTHxHEIGHT, e.g. 720x1280 for portrait",
    )
    live.add_argument("--fps", type=ranged(int, 1, 60, "--fps"), default=30)
    live.add_argument(
        "--bitrate",
        type=ranged(int, 100, 20_000, "--bitrate"),
        help="video kbps (default: by canvas)",
    )
    live.add_argument("--encoder", default="auto", help="auto | libx264 | h264_nvenc | ...")
    live.add_argument("--preset", default="", help="x264 preset (default: what this machine holds)")
    live.add_argument(
        "--fit",
        choices=["cover", "fit"],
        default="cover",
        help="scale the camera to cover or fit the canvas",
    )
    live.add_argument(
        "--no-dynamic-bitrate", action="store_true", help="keep the bitrate fixed under congestion"
    )
    live.add_argument(
        "--no-resolution-steps",
        action="store_true",
        help="keep the encoded size on a weak uplink (for a platform that refuses a size change)",
    )
    live.add_argument(
        "--guard",
        type=_guard,
        default="cutout,preset,resolution",
        help="what to turn down, in this order, before frames are lost on a busy PC "
        "(cutout's model rate, x264 preset, encoded size); off: never",
    )
    live.add_argument(
        "--duration",
        type=ranged(float, 0.1, 7 * 24 * 3600, "--duration"),
        help="seconds to stream (default: until Ctrl-C)",
    )
    live.add_argument("--stats-json", type=Path, help="write the final stats here as JSON")


def _show_flags(live: argparse.ArgumentParser) -> None:
    """The product show: the sheet, the platform, the link-ups, the report, the clips."""
    show = live.add_argument_group(str(Message("cli.group_show")))
    show.add_argument("--catalog", type=Path, help="the product sheet (.xlsx or .csv)")
    show.add_argument(
        "--clips",
        type=Path,
        metavar="DIR",
        help="after the show, cut a portrait .mp4 of every product explained into DIR "
        "(recorded there too unless --record says where)",
    )
    show.add_argument(
        "--clips-after",
        type=ranged(float, 0, 600, "--clips-after"),
        default=20.0,
        metavar="SECONDS",
        help="how long each clip goes on after its link-up (default 20)",
    )
    show.add_argument(
        "--platform",
        default="rehearsal",
        help=link_up_usage(),
    )
    show.add_argument(
        "--link-up-at",
        default="",
        metavar="T1,T2,...",
        help="seconds from the start: at each, move to the next product and link it up",
    )
    show.add_argument(
        "--countdown",
        type=ranged(int, 0, 10, "--countdown"),
        default=3,
        help="countdown seconds (default 3)",
    )
    show.add_argument(
        "--sync-to-viewers",
        action="store_true",
        help="fire the link-up when viewers (seconds behind) see zero",
    )
    show.add_argument(
        "--viewer-delay",
        type=ranged(float, 0, 60, "--viewer-delay"),
        default=3.0,
        help="seconds viewers lag (default 3)",
    )
    show.add_argument(
        "--viewer-delay-url",
        metavar="URL",
        help="measure the viewers' delay from this playback URL once live (RTMP, HTTP-FLV or "
        "HLS) and sync link-ups to viewers with it",
    )
    show.add_argument(
        "--comments",
        action="append",
        default=[],
        metavar="SOURCE",
        help=f"also take live comments from {comments_usage()}; repeat for both",
    )
    show.add_argument(
        "--title",
        default="",
        help="the show's title on the platform (default: 直播 and the date and time, or Live "
        "with --language en)",
    )
    show.add_argument(
        "--language", choices=["zh", "en"], default="zh", help="on-stream words and the report"
    )
    show.add_argument("--report", type=Path, help="write the report: report.json (+ .csv, .html)")
    show.add_argument(
        "--resume", action="store_true", help="carry on the show that did not end (a crash)"
    )
    show.add_argument(
        "--audience",
        type=ranged(int, 0, 100_000, "--audience"),
        default=200,
        help="rehearsal viewers (default 200)",
    )
    show.add_argument("--seed", type=ranged(int, 0, 2**31, "--seed"), default=0, help="seed")


def _guard(text: str) -> tuple[str, ...]:
    """An argparse type: the frame guard's knobs in order (studio.core.guard)."""
    from studio.core.guard import parse_order

    try:
        return parse_order(text)
    except ValueError as exc:
        detail = {"name": str(exc)[:20]}
        raise argparse.ArgumentTypeError(str(Message("guard.bad_order", detail))) from None


def run(args: argparse.Namespace) -> int:
    """Go live as the flags say, stream until `--duration` or Ctrl-C, then say how it went.
    Exit codes: 0 done, 1 the stats could not be written, 2 bad input, 3 nothing reached the
    destinations (nor the recording), 130 cancelled while going live."""
    pushes = _pushes(args)
    if pushes is None:
        return 2
    destinations, generated, errors = pushes
    # the log filter knows every key before anything is logged
    secrets = tuple(s for d in destinations for s in d.secrets())
    if args.viewer_delay_url:
        secrets += tuple(url_secrets(args.viewer_delay_url))
    setup_logging(args.verbose, secrets)
    if errors:
        for e in errors:
            fail(e)
        return 2

    from studio.app.golive import Broadcast
    from studio.app.host_choices import plan_stream
    from studio.app.live import text_ready

    text_ready()
    host = _host_choices(args, destinations, generated)
    if host is None or not _show_flags_fit(args, host.show):
        return 2
    config, plan = plan_stream(host)
    broadcast = Broadcast(
        config, plan, say=lambda words: print(printable(render(words)), flush=True)
    )
    refused = _go_live(broadcast, secrets)
    if refused is not None:
        return refused
    if args.viewer_delay_url and broadcast.show is not None:
        from studio.app.latency import follow_viewer_delay

        say = lambda words: print(printable(redact(render(words), secrets)), flush=True)  # noqa: E731
        follow_viewer_delay(broadcast.show, args.viewer_delay_url, say)
    return _finish(args, _stream(broadcast, args))


def _pushes(args: argparse.Namespace) -> tuple[list[Destination], list[str], list[str]] | None:
    """`--to` and `--to-file`: the destinations, the specs fetched at go-live
    (`wechat:ROOM_ID`) and what is wrong with the rest; None when the file cannot be read."""
    from studio.app.pushurls import is_generated

    urls = list(args.to)
    if args.to_file is not None:
        from_file = _urls_from_file(args.to_file)
        if from_file is None:
            return None
        urls += from_file
    args.to = urls  # the rest of the show sees one list, wherever each URL came from
    destinations: list[Destination] = []
    errors: list[str] = []
    for i, url in enumerate(urls, 1):
        if is_generated(url):
            continue  # fetched at go-live (Broadcast.prepare)
        try:
            destinations.append(Destination.parse(url, name=f"push{i}" if len(urls) > 1 else ""))
        except DestinationError as exc:
            errors.append(str(exc))
    return destinations, [url for url in urls if is_generated(url)], errors


def _host_choices(
    args: argparse.Namespace, destinations: list[Destination], generated: list[str]
) -> HostChoices | None:
    """What the flags choose: the stream (sources, picture tools, destinations, recording,
    canvas) and the show (`--catalog`, `--resume`, `--link-up-at`; none for a stream alone);
    None when a flag is wrong (said)."""
    from studio.app.errors import ConfigError
    from studio.app.host_choices import HostChoices
    from studio.app.live import Fit
    from studio.app.show import ShowSettings
    from studio.app.showrun import parse_times
    from studio.core.picture import PictureTools

    try:
        link_up_at = parse_times(args.link_up_at)
    except ConfigError as exc:
        fail(exc)
        return None
    return HostChoices(
        source=args.source,
        audio=args.audio,
        denoise=args.denoise,
        tools=PictureTools(
            beauty=args.beauty,
            look=args.look,
            key=args.chroma_key.strip(),
            cutout=args.cutout,
            background=args.background.strip(),
            pip=args.pip.strip(),
            pip_corner=args.pip_corner,
            pip_size=args.pip_size,
        ),
        canvas=args.canvas,
        fps=args.fps,
        video_kbps=args.bitrate or 0,  # 0: by canvas
        encoder=args.encoder,
        x264_preset=args.preset,
        fit=Fit.FIT if args.fit == "fit" else Fit.COVER,
        dynamic_bitrate=not args.no_dynamic_bitrate,
        resolution_steps=not args.no_resolution_steps,
        guard=args.guard,
        destinations=destinations,
        generated=generated,
        # optional here (the window always records): a stream alone may go only to RTMP
        record=args.record if args.record is not None or args.clips is None else args.clips,
        show=args.catalog is not None or args.resume or bool(args.link_up_at),
        catalog=args.catalog,
        platform=args.platform,
        link_up_at=link_up_at,
        report=args.report,
        resume=args.resume,
        title=args.title,
        settings=ShowSettings(
            countdown_s=args.countdown,
            sync_to_viewers=args.sync_to_viewers or bool(args.viewer_delay_url),
            viewer_delay_s=args.viewer_delay,
            language=args.language,
        ),
        audience=args.audience,
        seed=args.seed,
        comments=list(args.comments),
        language=args.language,
    )


def _show_flags_fit(args: argparse.Namespace, show: bool) -> bool:
    """`--clips`, `--comments` and `--report` need a show (else they would be ignored without a word
    while the stream runs); the clips' folder must be one. Said when not."""
    if args.clips is not None and not show:
        fail(Message("clips.need_show"))
        return False
    if args.comments and not show:
        fail(Message("comments.need_show"))
        return False
    if args.report is not None and not show:
        fail(Message("report.need_show"))
        return False
    if args.clips is not None:
        try:
            args.clips.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            reason = os_reason(exc)
            fail(Message("clips.folder", {"folder": str(args.clips), "reason": reason}))
            return False
    return True


def _go_live(broadcast: Broadcast, secrets: tuple[str, ...]) -> int | None:
    """Prepare and start; None when on air, else the exit code (refused: said)."""
    from studio.app.errors import ConfigError

    # Ctrl+C or SIGTERM while going live (a slow platform, the uplink): said as a cancel, not
    # as whatever the interrupted call made of it ("Cannot reach the platform")
    interrupted: list[int] = []

    def on_early_signal(signum: int, _frame: Any) -> None:
        interrupted.append(signum)
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, on_early_signal)
    signal.signal(signal.SIGTERM, on_early_signal)
    if hasattr(signal, "SIGHUP"):  # the terminal closed: stopped as SIGTERM stops it
        signal.signal(signal.SIGHUP, on_early_signal)
    try:
        broadcast.prepare()
        broadcast.start()
    except (ConfigError, KeyboardInterrupt) as exc:
        if interrupted or isinstance(exc, KeyboardInterrupt):
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # the clean-up is not cut short
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            if hasattr(signal, "SIGHUP"):
                signal.signal(signal.SIGHUP, signal.SIG_IGN)
            with contextlib.suppress(Exception):
                broadcast.stop()
            if broadcast.run is not None:  # a platform session opened before the stream
                with contextlib.suppress(Exception):
                    broadcast.run.stop_platform()
            fail(Message("cli.go_live_cancelled"))
            return 130
        fail(redact(str(exc), secrets))
        return 2
    return None


def _stream(broadcast: Broadcast, args: argparse.Namespace) -> Ended:
    """On air until `--duration` is up or Ctrl-C/SIGTERM, with a status line every 10 s in
    the log; then stopped (the recording finished, the show ended)."""
    stop = threading.Event()

    def on_signal(signum: int, _frame: Any) -> None:
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    if hasattr(signal, "SIGHUP"):  # the terminal closed: the show ends, its browser closed
        signal.signal(signal.SIGHUP, on_signal)
    deadline = time.monotonic() + args.duration if args.duration else None
    # a link-up under way when the time is up may finish (its countdown and the platform's
    # retry budget), but no longer than this: a platform that never answers does not hold
    # the stop forever
    grace_s = float(getattr(args, "countdown", 3)) + 15.0
    last_report = time.monotonic()
    tick_s = 0.1  # scheduled link-ups and Ctrl-C; the microphone has its own thread
    try:
        while not stop.is_set():
            broadcast.tick()
            if deadline is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0 and broadcast.busy and -remaining < grace_s:
                    remaining = tick_s  # let a link-up under way finish before stopping
                if remaining <= 0:
                    break
                stop.wait(min(tick_s, remaining))
            else:
                stop.wait(tick_s)
            if time.monotonic() - last_report >= 10:
                last_report = time.monotonic()
                stats = broadcast.stats()
                if stats is not None:
                    log.info("%s", _status_line(stats))
    finally:
        ended = broadcast.stop()
    return ended


def _finish(args: argparse.Namespace, ended: Ended) -> int:
    """The summary, the clips and the stats file; the exit code says whether anything
    reached its destination."""
    final = ended.stats
    if final is None:
        return 0
    print(summary(final))
    if args.clips is not None and ended.report is not None:
        _cut_clips(args, ended.report, final)
    if args.stats_json:
        try:
            args.stats_json.parent.mkdir(parents=True, exist_ok=True)
            args.stats_json.write_text(
                json.dumps(final.to_json(), ensure_ascii=False, indent=2), encoding="utf-8"
            )
        except OSError as exc:
            fail(f"--stats-json {args.stats_json}: {os_reason(exc)}")
            return 1
    recordings = [o for o in final.outputs if o.kind == "record"]
    if recordings and all(o.state.startswith("failed") for o in recordings):
        failure = recordings[0].state
        fail(Message("cli.recording_failed", {"reason": failure}))
        if not any(o.ever_live for o in final.pushes):
            return 3
    if final.pushes and not any(o.ever_live for o in final.pushes):
        fail(Message("cli.never_live"))
        return 3
    return 0


def _cut_clips(args: argparse.Namespace, report: ShowReport, final: StreamStats) -> None:
    """`--clips DIR`: a clip of every product explained, out of the recording."""
    from studio.app.clips import make_clips
    from studio.app.errors import ConfigError

    recording = next((o.path for o in final.outputs if o.kind == "record" and o.path), "")
    if not recording:
        return
    try:
        made = make_clips(
            report,
            Path(recording),
            args.clips,
            args.clips_after,
            say=lambda words: print(printable(render(words)), flush=True),
        )
    except ConfigError as exc:
        fail(exc)
        return
    if not made:
        print(Message("clips.none"))


def _urls_from_file(path: Path) -> list[str] | None:
    """Push URLs from `--to-file` (one a line; - is stdin), so a key never sits in the command
    line that `ps` shows every user. None (after saying why) when the file cannot be read."""
    from studio.core.messages import os_reason

    try:
        text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        fail(Message("cli.to_file_unreadable", {"path": str(path), "reason": os_reason(exc)}))
        return None
    except UnicodeDecodeError:
        fail(Message("cli.to_file_not_text", {"path": str(path)}))
        return None
    urls = [ln.strip() for ln in text.splitlines()]
    urls = [u for u in urls if u and not u.startswith("#")]
    if not urls:
        fail(Message("cli.to_file_empty", {"path": str(path)}))
        return None
    return urls


def _status_line(stats: StreamStats) -> str:
    outs = "; ".join(f"{o.name} {o.state} {o.bitrate_kbps:.0f} kbps" for o in stats.outputs)
    return (
        f"fps {stats.fps_out:.1f}/{stats.fps}, missed {stats.frames_missed}, "
        f"dropped {stats.dropped_video_frames}, {_latency(stats, p99=False)}, "
        f"cpu {stats.cpu_percent:.0f}% | {outs}"
    )


def _latency(stats: StreamStats, p99: bool = True) -> str:
    """The capture-to-send figures only where a push measured them: a recording alone has
    no viewers, and "0/0 ms" would read as a measurement."""
    if not stats.latency_measured:
        return "latency — (no push destination measured it)"
    if p99:
        return f"latency p50/p99 {stats.latency_ms_p50:.0f}/{stats.latency_ms_p99:.0f} ms"
    return f"latency p50 {stats.latency_ms_p50:.0f} ms"


def _reconnects(o: OutputStats) -> str:
    """What the reconnects came to: attempts and successes, never a bare "0 reconnects"."""
    if not o.retries:
        return "no reconnects"
    if not o.reconnects:
        return f"{o.retries} reconnect attempts, none succeeded"
    return f"{o.retries} reconnect attempts, {o.reconnects} reconnected"


def summary(stats: StreamStats) -> str:
    outs = ", ".join(
        f"{o.name}: never connected ({o.last_error or 'no answer'}), {o.connect_attempts} attempts"
        if o.kind == "rtmp" and not o.ever_live
        else f"{o.name}: {o.state} {o.bytes_sent / 1e6:.1f} MB sent, "
        f"{o.dropped_video_frames} dropped, {_reconnects(o)}"
        if o.kind == "rtmp"
        else f"recording {o.path or o.name}: {o.state}"
        for o in stats.outputs
    )
    return (
        f"streamed {stats.elapsed_s:.1f} s {stats.canvas}@{stats.fps} "
        f"({stats.encoder}): {stats.frames_encoded} frames of {stats.frames_expected}, "
        f"{stats.frames_missed} missed (this computer too slow), "
        f"{_latency(stats)} | {outs}"
    )
