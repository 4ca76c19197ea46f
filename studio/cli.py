"""The command line: `studio live --headless`, `devices`, `bench`, `platform`, `catalog`, `token`.

External acceptance checks call `studio live --headless ...` exactly as documented in the
README: keep the flags stable.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import math
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from studio.app.about import version_line
from studio.app.logs import setup_logging
from studio.app.platforms import comments_usage, link_up_usage, token_usage
from studio.core.destination import Destination, DestinationError, redact
from studio.core.messages import Message, os_reason, render, said
from studio.core.state import OutputStats, StreamStats

log = logging.getLogger("studio")


def _ranged(kind: type, low: float, high: float, what: str) -> Callable[[str], Any]:
    """An argparse type: a finite number within [low, high], or a message that says so."""

    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            detail = {"what": what, "got": text[:20]}
            raise argparse.ArgumentTypeError(str(Message("cli.not_a_number", detail))) from None
        if not (math.isfinite(value) and low <= value <= high):
            detail = {"what": what, "low": f"{low:g}", "high": f"{high:g}", "got": text[:20]}
            raise argparse.ArgumentTypeError(str(Message("cli.out_of_range", detail)))
        return value

    return parse


def _guard(text: str) -> tuple[str, ...]:
    """An argparse type: the frame guard's knobs in order (studio.core.guard)."""
    from studio.core.guard import parse_order

    try:
        return parse_order(text)
    except ValueError as exc:
        detail = {"name": str(exc)[:20]}
        raise argparse.ArgumentTypeError(str(Message("guard.bad_order", detail))) from None


def _canvas(text: str) -> tuple[int, int]:
    try:
        w, h = (int(x) for x in text.lower().split("x"))
    except ValueError:
        detail = {"got": text[:20]}
        raise argparse.ArgumentTypeError(str(Message("cli.bad_canvas", detail))) from None
    return w, h


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="studio",
        description=str(Message("cli.description")),
        epilog="Run `studio` with no arguments for the window; `studio live --help` for streaming.",
        formatter_class=argparse.RawDescriptionHelpFormatter,  # --version on one line, unwrapped
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="more log detail")
    parser.add_argument("--version", action="version", version=version_line())
    sub = parser.add_subparsers(dest="command")

    live = sub.add_parser(
        "live", help="stream: camera or clip → RTMP destinations and/or a recording"
    )
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
    picture = live.add_argument_group(str(Message("cli.group_picture")))
    picture.add_argument(
        "--beauty",
        type=_ranged(int, 0, 100, "--beauty"),
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
        type=_ranged(float, 0.1, 0.6, "--pip-size"),
        default=0.3,
        help="its width as a share of the canvas's (0.1 to 0.6)",
    )
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
        type=_canvas,
        default=(1280, 720),
        help="WIDTHxHEIGHT, e.g. 720x1280 for portrait",
    )
    live.add_argument("--fps", type=_ranged(int, 1, 60, "--fps"), default=30)
    live.add_argument(
        "--bitrate",
        type=_ranged(int, 100, 20_000, "--bitrate"),
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
        type=_ranged(float, 0.1, 7 * 24 * 3600, "--duration"),
        help="seconds to stream (default: until Ctrl-C)",
    )
    live.add_argument("--stats-json", type=Path, help="write the final stats here as JSON")
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
        type=_ranged(float, 0, 600, "--clips-after"),
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
        type=_ranged(int, 0, 10, "--countdown"),
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
        type=_ranged(float, 0, 60, "--viewer-delay"),
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
        default=str(Message("live.kind_live")),
        help="the show's title on the platform (default: Live, or 直播 in Chinese)",
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
        type=_ranged(int, 0, 100_000, "--audience"),
        default=200,
        help="rehearsal viewers (default 200)",
    )
    show.add_argument("--seed", type=_ranged(int, 0, 2**31, "--seed"), default=0, help="seed")

    sub.add_parser(
        "devices", help="list cameras, microphones and the encoders that really open here"
    )

    bench = sub.add_parser("bench", help="measure what this machine can stream, and pick a preset")
    bench.add_argument(
        "--seconds",
        type=_ranged(float, 0.1, 3600, "--seconds"),
        default=10.0,
        help="seconds per canvas",
    )
    bench.add_argument(
        "--canvas",
        action="append",
        type=_canvas,
        help="canvases to measure (default: 720p, 720x1280, 1080p)",
    )
    bench.add_argument(
        "--json",
        type=Path,
        nargs="?",
        const=Path("-"),
        help="write the figures as JSON to this file; alone, print one JSON object on stdout",
    )
    bench.add_argument(
        "--uplink",
        metavar="URL",
        help="also measure the uplink by publishing a test stream to this push URL (~10 s)",
    )

    latency = sub.add_parser(
        "latency", help="measure how late viewers see the stream, from a playback URL"
    )
    latency.add_argument(
        "url", help="the playback URL: rtmp://…, HTTP-FLV http(s)://….flv or HLS .m3u8"
    )
    latency.add_argument(
        "--seconds", type=_ranged(float, 2, 120, "--seconds"), default=10.0, help="how long to play"
    )
    latency.add_argument(
        "--timeout",
        type=_ranged(float, 1, 120, "--timeout"),
        default=10.0,
        help="seconds to wait for the URL to open and for data (default 10)",
    )
    latency.add_argument("--json", action="store_true", help="print one JSON object")

    platform = sub.add_parser("platform", help="run the built-in rehearsal platform alone")
    platform.add_argument(
        "--port",
        type=_ranged(int, 0, 65535, "--port"),
        default=8765,
        help="loopback port (0: any free)",
    )
    platform.add_argument(
        "--audience", type=_ranged(int, 0, 100_000, "--audience"), default=200, help="viewers"
    )
    platform.add_argument("--seed", type=_ranged(int, 0, 2**31, "--seed"), default=0, help="seed")
    platform.add_argument(
        "--token-stdin", action="store_true", help="require the bearer token read from stdin"
    )

    catalog = sub.add_parser("catalog", help="check a product sheet, or convert it")
    catalog.add_argument("file", type=Path, help=".xlsx or .csv")
    catalog.add_argument("--export", type=Path, help="write it back as .xlsx or .csv")
    catalog.add_argument(
        "--platform",
        metavar="SPEC",
        help="also check which products could not be linked up there (wechat:ROOM_ID, "
        "volc:ACTIVITY_ID): missing goods ids, goods not in the room",
    )

    console = sub.add_parser("console", help="the platforms' live consoles in your browser")
    console_sub = console.add_subparsers(dest="console_action", required=True)
    login = console_sub.add_parser(
        "login", help="open a live console to log in once (the platform's own QR code)"
    )
    login.add_argument(
        "console_platform", metavar="PLATFORM", help="douyin | buyin | kuaishou | taobao | channels"
    )
    login.add_argument(
        "--wait",
        type=_ranged(float, 1, 3600, "--wait"),
        default=300.0,
        metavar="SECONDS",
        help="how long to wait for the login (default 300)",
    )
    token = sub.add_parser("token", help="keep a platform token in the system keyring")
    token.add_argument("action", choices=["set", "forget"])
    token.add_argument(
        "url",
        help=token_usage(),
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        print("\n" + str(Message("cli.no_arguments")))
        return 0
    if args.command == "live":
        return cmd_live(args)
    if args.command == "devices":
        setup_logging(args.verbose)
        return cmd_devices()
    if args.command == "bench":
        setup_logging(args.verbose)
        from studio.app.bench import run_bench

        return run_bench(args.seconds, args.canvas, args.json, uplink=args.uplink)
    if args.command == "platform":
        setup_logging(args.verbose)
        return cmd_platform(args)
    if args.command == "latency":
        setup_logging(args.verbose, tuple(_url_secrets(args.url)))
        return cmd_latency(args)
    if args.command == "catalog":
        setup_logging(args.verbose)
        return cmd_catalog(args)
    if args.command == "console":
        return cmd_console(args)
    if args.command == "token":
        setup_logging(args.verbose)
        return cmd_token(args)
    parser.error(f"unknown command {args.command}")
    return 2


def cmd_live(args: argparse.Namespace) -> int:
    # Parse destinations first so the log filter knows every key before anything is logged.
    from studio.app.pushurls import is_generated

    destinations: list[Destination] = []
    urls = list(args.to)
    if args.to_file is not None:
        from_file = _urls_from_file(args.to_file)
        if from_file is None:
            return 2
        urls += from_file
    args.to = urls  # the rest of the show sees one list, wherever each URL came from
    generated = [url for url in args.to if is_generated(url)]
    errors: list[str] = []
    for i, url in enumerate(args.to, 1):
        if is_generated(url):
            continue  # fetched at go-live (Broadcast.prepare)
        try:
            destinations.append(Destination.parse(url, name=f"push{i}" if len(args.to) > 1 else ""))
        except DestinationError as exc:
            errors.append(str(exc))
    secrets = tuple(s for d in destinations for s in d.secrets())
    if args.viewer_delay_url:
        secrets += tuple(_url_secrets(args.viewer_delay_url))
    setup_logging(args.verbose, secrets)
    if errors:
        for e in errors:
            _fail(e)
        return 2

    from studio.app.errors import ConfigError
    from studio.app.golive import Broadcast
    from studio.app.live import Fit, LiveConfig, text_ready
    from studio.core.picture import PictureTools
    from studio.core.presets import bitrate_for

    text_ready()
    plan = None
    if args.catalog is not None or args.resume or args.link_up_at:
        from studio.app.show import ShowSettings
        from studio.app.showrun import ShowPlan, parse_times

        try:
            plan = ShowPlan(
                catalog=args.catalog,
                platform=args.platform,
                link_up_at=parse_times(args.link_up_at),
                report=args.report,
                resume=args.resume,
                settings=ShowSettings(
                    title=args.title,
                    countdown_s=args.countdown,
                    sync_to_viewers=args.sync_to_viewers or bool(args.viewer_delay_url),
                    viewer_delay_s=args.viewer_delay,
                    language=args.language,
                ),
                audience=args.audience,
                seed=args.seed,
                report_language=args.language,
                comments=list(args.comments),
            )
        except ConfigError as exc:
            _fail(exc)
            return 2
    if args.clips is not None and plan is None:
        _fail(Message("clips.need_show"))
        return 2
    if args.comments and plan is None:  # else ignored without a word while the stream runs
        _fail(Message("comments.need_show"))
        return 2
    if args.clips is not None:
        try:
            args.clips.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            reason = os_reason(exc)
            _fail(Message("clips.folder", {"folder": str(args.clips), "reason": reason}))
            return 2
    width, height = args.canvas
    config = LiveConfig(
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
        destinations=destinations,
        generated=generated,
        record=args.record if args.record is not None or args.clips is None else args.clips,
        width=width,
        height=height,
        fps=args.fps,
        video_kbps=args.bitrate or bitrate_for(width, height, args.fps),
        encoder=args.encoder,
        x264_preset=args.preset,
        fit=Fit.FIT if args.fit == "fit" else Fit.COVER,
        dynamic_bitrate=not args.no_dynamic_bitrate,
        resolution_steps=not args.no_resolution_steps,
        guard=args.guard,
    )
    broadcast = Broadcast(
        config, plan, say=lambda words: print(_printable(render(words)), flush=True)
    )
    # Ctrl+C or SIGTERM while going live (a slow platform, the uplink): said as a cancel, not
    # as whatever the interrupted call made of it ("Cannot reach the platform")
    interrupted: list[int] = []

    def on_early_signal(signum: int, _frame: Any) -> None:
        interrupted.append(signum)
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, on_early_signal)
    signal.signal(signal.SIGTERM, on_early_signal)
    try:
        broadcast.prepare()
        broadcast.start()
    except (ConfigError, KeyboardInterrupt) as exc:
        if interrupted or isinstance(exc, KeyboardInterrupt):
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # the clean-up is not cut short
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            with contextlib.suppress(Exception):
                broadcast.stop()
            if broadcast.run is not None:  # a platform session opened before the stream
                with contextlib.suppress(Exception):
                    broadcast.run.stop_platform()
            _fail(Message("cli.go_live_cancelled"))
            return 130
        _fail(redact(str(exc), secrets))
        return 2

    if args.viewer_delay_url and broadcast.show is not None:
        from studio.app.latency import follow_viewer_delay

        say = lambda words: print(_printable(redact(render(words), secrets)), flush=True)  # noqa: E731
        follow_viewer_delay(broadcast.show, args.viewer_delay_url, say)

    stop = threading.Event()

    def on_signal(signum: int, _frame: Any) -> None:
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
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
    final = ended.stats
    if final is None:
        return 0
    print(_summary(final))
    if args.clips is not None and ended.report is not None:
        _cut_clips(args, ended.report, final)
    if args.stats_json:
        try:
            args.stats_json.parent.mkdir(parents=True, exist_ok=True)
            args.stats_json.write_text(
                json.dumps(final.to_json(), ensure_ascii=False, indent=2), encoding="utf-8"
            )
        except OSError as exc:
            _fail(f"--stats-json {args.stats_json}: {os_reason(exc)}")
            return 1
    recordings = [o for o in final.outputs if o.kind == "record"]
    if recordings and all(o.state.startswith("failed") for o in recordings):
        failure = recordings[0].state
        _fail(Message("cli.recording_failed", {"reason": failure}))
        if not any(o.ever_live for o in final.pushes):
            return 3
    if final.pushes and not any(o.ever_live for o in final.pushes):
        _fail(Message("cli.never_live"))
        return 3
    return 0


def _cut_clips(args: argparse.Namespace, report: dict[str, Any], final: StreamStats) -> None:
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
            say=lambda words: print(_printable(render(words)), flush=True),
        )
    except ConfigError as exc:
        _fail(exc)
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
        _fail(Message("cli.to_file_unreadable", {"path": str(path), "reason": os_reason(exc)}))
        return None
    except UnicodeDecodeError:
        _fail(Message("cli.to_file_not_text", {"path": str(path)}))
        return None
    urls = [ln.strip() for ln in text.splitlines()]
    urls = [u for u in urls if u and not u.startswith("#")]
    if not urls:
        _fail(Message("cli.to_file_empty", {"path": str(path)}))
        return None
    return urls


def _fail(what: BaseException | Message | str) -> None:
    """An error for the terminal, in the system's language, without control characters: an
    error's message is worded here, at the edge, and nowhere before."""
    if isinstance(what, BaseException):
        what = said(what)
    print(_printable(render(Message("cli.error", {"what": what}))), file=sys.stderr)


def _printable(text: str) -> str:
    """A line for the terminal without control characters (a product name from a sheet may
    carry escape sequences)."""
    return "".join(c if c.isprintable() or c in "\t" else " " for c in text)


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


def _summary(stats: StreamStats) -> str:
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


def cmd_devices() -> int:
    from studio.app.bench import machine_devices

    found = machine_devices()
    print(Message("cli.cameras"))
    for cam in found["cameras"] or [str(Message("cli.no_cameras"))]:
        print(f"  {cam}")
    print(Message("cli.microphones"))
    for mic in found["microphones"] or [str(Message("cli.no_microphones"))]:
        print(f"  {mic}")
    print(Message("cli.screens"))
    for screen in found["screens"] or [str(Message("cli.no_screens"))]:
        print(f"  {screen}")
    print(Message("cli.encoders"))
    for enc in found["encoders"]:
        print(f"  {enc}")
    return 0


def cmd_platform(args: argparse.Namespace) -> int:
    """The rehearsal platform alone, until Ctrl-C or SIGTERM: for an integrator, or a second PC.

    Ctrl-C and SIGTERM stop it in every state (reading the token, binding, starting,
    serving): the handler raises, so no wait (a blocking read, the start-up poll) swallows
    the signal, and the server's own stop is bounded (uvicorn's graceful shutdown)."""

    def on_signal(signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    server = None
    try:
        from studio.app.platforms.rehearsal import rehearsal_server

        token = sys.stdin.readline().strip() if args.token_stdin else None
        if args.token_stdin and not token:
            _fail(Message("cli.token_stdin_empty"))
            return 2
        try:
            server = rehearsal_server(args.port, token, args.audience, args.seed)
        except OSError as exc:
            _fail(_port_unavailable(args.port, exc))
            return 2
        try:
            server.start()
        except RuntimeError:
            _fail(Message("cli.platform_not_started", {"port": args.port}))
            return 1
        print(_printable(str(Message("cli.platform_ready", {"url": server.url}))), flush=True)
        forever = threading.Event()
        while not forever.wait(3600):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        # the stop itself is bounded; a second Ctrl-C must not cut it short with a traceback
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if server is not None:
            server.stop()
    return 0


def _port_unavailable(port: int, exc: OSError) -> Message:
    """Why a port cannot be had, in words, and what to do: another --port."""
    import errno

    if exc.errno == errno.EADDRINUSE:
        return Message("cli.port_in_use", {"port": port})
    if exc.errno in (errno.EACCES, errno.EPERM):
        return Message("cli.port_not_allowed", {"port": port})
    return Message("cli.port_unavailable", {"port": port, "reason": os_reason(exc)})


def cmd_catalog(args: argparse.Namespace) -> int:
    from studio.app.catalog import export_catalog, import_catalog
    from studio.core.catalog import CatalogFormatError, format_yuan

    try:
        result = import_catalog(args.file)
    except CatalogFormatError as exc:
        _fail(exc)
        return 2
    for p in result.products:
        line = Message(
            "catalog.product_line",
            {
                "name": p.name,
                "live": format_yuan(p.live_price_fen),
                "price": format_yuan(p.price_fen),
                "stock": Message("catalog.unlimited") if p.stock is None else p.stock,
            },
        )
        print(_printable(f"  {line}"))
    for note in result.notes:
        print(_printable(str(Message("show.sheet_note", {"note": note}))))
    for issue in result.issues:
        print(_printable(str(Message("show.skipped_row", {"issue": issue.describe()}))))
    counts = {"products": len(result.products), "issues": len(result.issues)}
    print(Message("catalog.check_summary", counts))
    if args.platform:
        from studio.app.errors import ConfigError
        from studio.app.showrun import check_on_platform

        try:
            problems = check_on_platform(args.platform, result.products)
        except ConfigError as exc:
            _fail(exc)
            return 2
        print(
            Message("show.unlinkable", {"count": len(problems)})
            if problems
            else Message("catalog.all_linkable", {"platform": args.platform[:40]})
        )
        for name, why in problems:
            print(_printable(str(Message("show.unlinkable_one", {"name": name, "why": why}))))
        if problems:
            return 1
    if args.export:
        try:
            written = export_catalog(result.products, args.export)
            print(Message("cli.exported", {"path": str(written)}))
        except (CatalogFormatError, OSError) as exc:
            _fail(exc)
            return 2
    return 0


def cmd_console(args: argparse.Namespace) -> int:
    from studio.app.console import console_login
    from studio.app.errors import ConfigError

    try:
        say = lambda words: print(_printable(render(words)))  # noqa: E731
        return 0 if console_login(args.console_platform, say, args.wait) else 1
    except ConfigError as exc:
        _fail(exc)
        return 2


def cmd_token(args: argparse.Namespace) -> int:
    """`studio token set|forget NAME`: what NAME's platform keeps (its `TokenForm`) asked for
    (at a terminal by its prompts, hidden where secret; from a pipe one per line), checked,
    and kept in the keyring; or forgotten."""
    import getpass

    from studio.app.errors import ConfigError
    from studio.app.platforms import CredentialError, token_form

    try:
        form = token_form(args.url)
    except ConfigError as exc:
        _fail(exc)
        return 2
    try:
        if args.action == "forget":
            found = [secret.forget() for secret in form.secrets]
            print(Message("cli.token_forgotten" if any(found) else "cli.token_none"))
            return 0
        values = {}
        for secret in form.secrets:
            if sys.stdin.isatty():
                ask = getpass.getpass if secret.hidden else input
                values[secret.name] = ask(str(secret.prompt)).strip()
            else:
                values[secret.name] = sys.stdin.readline().strip()
        if any(secret.required and not values[secret.name] for secret in form.secrets):
            _fail(form.missing)
            return 2
        wrong = form.check(values)
        if wrong is not None:
            _fail(wrong)
            return 2
        for secret in form.secrets:
            if values[secret.name]:
                secret.store(values[secret.name])
    except CredentialError as exc:
        _fail(exc)
        return 2
    print(form.kept(values))
    return 0


def _url_secrets(url: str) -> list[str]:
    """A playback URL's query values (a play signature): never printed or logged."""
    from urllib.parse import parse_qsl, urlsplit

    try:
        query = urlsplit(url).query
    except ValueError:  # not a URL ("http://[::1"): said by the command that reads it
        return []
    return [v for _, v in parse_qsl(query) if len(v) >= 6]


def cmd_latency(args: argparse.Namespace) -> int:
    """Play the URL and say how late viewers see the picture (the studio's SEI stamps)."""
    from studio.app.latency import LatencyError, measure_viewer_delay

    try:
        result = measure_viewer_delay(args.url, args.seconds, args.timeout)
    except LatencyError as exc:
        _fail(exc)
        if args.json:  # a script reads stdout: the failure as JSON too, its code and words
            code = exc.message.code if exc.message.code != "plain" else "latency.failed"
            words = _printable(render(exc.message))
            print(json.dumps({"error": {"code": code, "message": words}}))
        return 3
    if args.json:
        print(json.dumps(result.to_json()))
        return 0
    data = result.to_json()
    print(
        Message(
            "latency.result",
            {
                "delay": f"{data['delay_s']:.2f}",
                "kind": data["kind"].upper(),
                "frames": data["frames"],
                "p10": f"{data['p10_s']:.2f}",
                "p90": f"{data['p90_s']:.2f}",
                "stalls": data["stalls"],
            },
        )
    )
    return 0
