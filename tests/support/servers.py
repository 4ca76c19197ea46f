"""Loopback servers for tests: FFmpeg's RTMP listener, nginx-rtmp, a weak-uplink proxy."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

NGINX_MODULE_DIRS = (
    "/usr/lib/nginx/modules",
    "/usr/lib64/nginx/modules",
    "/usr/share/nginx/modules",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(
    predicate: Callable[[], object],
    timeout_s: float = 20.0,
    what: str = "condition",
    poll_s: float = 0.05,
) -> None:
    """Poll `predicate` until true; fail with `what` after `timeout_s`. No fixed sleeps."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(poll_s)
    raise AssertionError(f"timed out after {timeout_s:.0f} s waiting for {what}")


def stop_process(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL if it does not go within 10 s; always reaped."""
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


@dataclass
class FfmpegIngest:
    """One FFmpeg listener process at a time on a fixed port; `restart()` makes a new session."""

    port: int
    workdir: Path
    app: str = "live"
    stream: str = "show"
    sessions: list[Path] = field(default_factory=list)
    proc: subprocess.Popen[str] | None = None

    @property
    def url(self) -> str:
        return f"rtmp://127.0.0.1:{self.port}/{self.app}/{self.stream}"

    def start(self) -> None:
        base = self.workdir / f"session{len(self.sessions)}"
        self.sessions.append(base)
        script = Path(__file__).with_name("rtmp_listener.py")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                str(script),
                f"rtmp://127.0.0.1:{self.port}/{self.app}/{self.stream}",
                str(base),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        # FFmpeg's listener accepts one publisher and then stops listening: a studio that
        # reconnects every 0.25 s may be taken before a poll sees LISTEN, so a connection
        # already accepted on the port counts as up too
        wait_for(
            lambda: port_open_listening(self.port) or port_accepted(self.port),
            20,
            "the FFmpeg listener to listen",
        )

    def stop(self) -> None:
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.kill()
            self.proc.wait(10)
            if self.proc.stdout:
                self.proc.stdout.close()
            self.proc = None

    def wait_closed(self, timeout_s: float = 20.0) -> None:
        """The current session ended by itself (the publisher disconnected)."""
        proc = self.proc
        assert proc is not None
        proc.wait(timeout_s)

    def restart(self) -> None:
        self.stop()
        self.start()

    def packets(self, session: int = -1) -> list[dict[str, object]]:
        path = self.sessions[session].with_suffix(".json")
        if not path.exists():
            return []
        rows = []
        for line in path.read_text().splitlines():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError:
                break  # a line being written
        return rows

    def media(self, session: int = -1) -> Path:
        return self.sessions[session].with_suffix(".mkv")


def port_open_listening(port: int) -> bool:
    """True once something listens on `port`, checked without connecting (a connect would be
    taken by FFmpeg's single-shot listener as the publisher)."""
    with open("/proc/net/tcp") as f:
        rows = f.read().splitlines()[1:]
    hexport = f"{port:04X}"
    return any(r.split()[1].endswith(":" + hexport) and r.split()[3] == "0A" for r in rows)


def port_accepted(port: int) -> bool:
    """True when a connection to `port` is established on its server side."""
    with open("/proc/net/tcp") as f:
        rows = f.read().splitlines()[1:]
    hexport = f"{port:04X}"
    return any(r.split()[1].endswith(":" + hexport) and r.split()[3] == "01" for r in rows)


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.path.exists(p)), None
    )


def nginx_rtmp_module() -> str | None:
    for d in NGINX_MODULE_DIRS:
        p = Path(d) / "ngx_rtmp_module.so"
        if p.exists():
            return str(p)
    return None


class _AuthHandler(BaseHTTPRequestHandler):
    allowed_key = ""
    # or a check of nginx's on_publish form (name, and the push URL's query arguments)
    check: Callable[[dict[str, str]], bool] | None = None

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        name = form.get("name", "")
        check = type(self).check
        ok = check(form) if check is not None else name == self.allowed_key
        self.send_response(200 if ok else 403)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@dataclass
class NginxRtmp:
    """nginx with the RTMP module in the foreground, recording every publish to FLV files.

    With `allowed_key`, an on_publish callback to a loopback HTTP server refuses other keys
    (how platforms check keys). `pause()`/`resume()` SIGSTOP/SIGCONT it: an ingest that stops
    reading without closing the connection, i.e. a dead uplink as the sender sees it.
    """

    workdir: Path
    allowed_key: str = ""
    port: int = 0
    proc: subprocess.Popen[bytes] | None = None
    _auth: ThreadingHTTPServer | None = None
    auth_handler: type[_AuthHandler] = _AuthHandler  # its `allowed_key` can change mid-test
    netns: str = ""  # run inside this network namespace (tests.support.netns)
    publish_check: Callable[[dict[str, str]], bool] | None = None  # instead of allowed_key
    hls_fragment_s: float = 0.0  # > 0: also HLS, served over HTTP on `http_port` (/hls/KEY.m3u8)
    http_port: int = 0

    def start(self) -> None:
        binary, module = nginx_binary(), nginx_rtmp_module()
        assert binary and module, "nginx with the RTMP module is not installed (see README)"
        if not self.port:
            self.port = free_port()
        (self.workdir / "rec").mkdir(parents=True, exist_ok=True)
        (self.workdir / "logs").mkdir(exist_ok=True)
        on_publish = ""
        if self.allowed_key or self.publish_check:
            check = staticmethod(self.publish_check) if self.publish_check else None
            handler = type(
                "Auth", (_AuthHandler,), {"allowed_key": self.allowed_key, "check": check}
            )
            self.auth_handler = handler
            self._auth = ThreadingHTTPServer(("127.0.0.1", 0), handler)
            threading.Thread(target=self._auth.serve_forever, daemon=True).start()
            on_publish = f"on_publish http://127.0.0.1:{self._auth.server_address[1]}/auth;"
        hls, http = "", ""
        if self.hls_fragment_s:
            self.http_port = self.http_port or free_port()
            (self.workdir / "hls").mkdir(exist_ok=True)
            hls = f"""hls on;
            hls_path {self.workdir}/hls;
            hls_fragment {int(self.hls_fragment_s * 1000)}ms;
            hls_playlist_length {int(self.hls_fragment_s * 6000)}ms;"""
            http = f"""
http {{
    access_log off;
    server {{
        listen 127.0.0.1:{self.http_port};
        location /hls {{
            types {{ application/vnd.apple.mpegurl m3u8; video/mp2t ts; }}
            root {self.workdir};
            add_header Cache-Control no-cache;
        }}
    }}
}}"""
        conf = self.workdir / "nginx.conf"
        conf.write_text(f"""
load_module {module};
daemon off;
master_process off;
worker_processes 1;
error_log {self.workdir}/logs/error.log info;
pid {self.workdir}/nginx.pid;
events {{ worker_connections 64; }}
rtmp {{
    server {{
        listen 127.0.0.1:{self.port};
        chunk_size 4096;
        application live {{
            live on;
            {on_publish}
            record all;
            record_path {self.workdir}/rec;
            record_unique on;
            {hls}
        }}
    }}
}}
{http}
""")
        command = [binary, "-p", str(self.workdir), "-c", str(conf)]
        if self.netns:
            command = ["ip", "netns", "exec", self.netns, *command]
        self.proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if self.netns:
            probe = f"exec 3<>/dev/tcp/127.0.0.1/{self.port}"
            wait_for(
                lambda: (
                    subprocess.run(
                        ["ip", "netns", "exec", self.netns, "bash", "-c", probe],
                        capture_output=True,
                    ).returncode
                    == 0
                ),
                15,
                "nginx to listen in its namespace",
            )
        else:
            wait_for(lambda: port_open_listening(self.port), 15, "nginx to listen")

    def url(self, key: str = "show") -> str:
        return f"rtmp://127.0.0.1:{self.port}/live/{key}"

    def hls_url(self, key: str = "show") -> str:
        return f"http://127.0.0.1:{self.http_port}/hls/{key}.m3u8"

    def pause(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.send_signal(signal.SIGCONT)  # a paused nginx cannot handle SIGTERM
            stop_process(self.proc)
            self.proc = None
        if self._auth is not None:
            self._auth.shutdown()
            self._auth.server_close()
            self._auth = None

    def recordings(self) -> list[Path]:
        return sorted((self.workdir / "rec").glob("*.flv"), key=lambda p: p.stat().st_mtime)

    def error_log(self) -> str:
        p = self.workdir / "logs" / "error.log"
        return p.read_text(errors="replace") if p.exists() else ""


class ThrottleProxy:
    """A TCP proxy on loopback that limits the upstream rate (a weak rural uplink) or cuts it.

    `rate_kbps` caps client→server bytes with a token bucket; `cut()` stops forwarding (and
    reading) without closing, so the sender's socket buffer fills as on a dead link; `drop()`
    closes every connection; `restore()` forwards again.
    """

    def __init__(
        self, target_port: int, rate_kbps: float = 0.0, tls: ssl.SSLContext | None = None
    ) -> None:
        self.target_port = target_port
        self.rate_kbps = rate_kbps
        self.tls = tls  # terminate TLS here: an RTMPS ingest in front of a plain RTMP server
        self._server = socket.socket()
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(8)
        self.port = int(self._server.getsockname()[1])
        self._open = threading.Event()
        self._open.set()
        self._stop = threading.Event()
        self._conns: list[socket.socket] = []
        self._lock = threading.Lock()
        self.bytes_forwarded = 0
        self._thread = threading.Thread(target=self._accept_loop, daemon=True)
        self._thread.start()

    def _accept_loop(self) -> None:
        self._server.settimeout(0.2)
        while not self._stop.is_set():
            try:
                client, _ = self._server.accept()
            except (TimeoutError, OSError):
                continue
            try:
                if self.tls is not None:
                    client.settimeout(5)
                    client = self.tls.wrap_socket(client, server_side=True)
                upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
            except OSError:
                client.close()
                continue
            for s in (client, upstream):
                s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
            with self._lock:
                self._conns += [client, upstream]
            threading.Thread(target=self._pipe, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, False), daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket, limited: bool) -> None:
        src.settimeout(0.2)
        allowance, last = 0.0, time.monotonic()
        while not self._stop.is_set():
            if limited and not self._open.is_set():
                self._open.wait(0.2)
                continue
            try:
                data = src.recv(4096)
            except TimeoutError:
                continue
            except OSError:
                break
            if not data:
                break
            if limited and self.rate_kbps > 0:
                rate = self.rate_kbps * 1000 / 8
                now = time.monotonic()
                allowance = min(rate * 0.2, allowance + (now - last) * rate)
                last = now
                allowance -= len(data)
                if allowance < 0:
                    self._stop.wait(-allowance / rate)  # pace the link, as a slow uplink does
            try:
                dst.sendall(data)
            except OSError:
                break
            if limited:
                self.bytes_forwarded += len(data)
        for s in (src, dst):
            with contextlib.suppress(OSError):
                s.close()

    def cut(self) -> None:
        self._open.clear()

    def restore(self) -> None:
        self._open.set()

    def drop(self) -> None:
        with self._lock:
            conns, self._conns = self._conns, []
        for s in conns:
            try:
                s.shutdown(socket.SHUT_RDWR)
                s.close()
            except OSError:
                pass

    def close(self) -> None:
        self._stop.set()
        self._open.set()
        self.drop()
        self._server.close()
        self._thread.join(2)


class DelayProxy:
    """A TCP proxy on loopback that hands the server's bytes to the client `delay_s` late (a
    CDN between viewers and the ingest); the client's bytes go straight through."""

    def __init__(self, target_port: int, delay_s: float) -> None:
        self.target_port, self.delay_s = target_port, delay_s
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._server.getsockname()[1])
        self._stop = threading.Event()
        self._socks: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        self._server.settimeout(0.2)
        while not self._stop.is_set():
            try:
                client, _ = self._server.accept()
                upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
            except (TimeoutError, OSError):
                continue
            self._socks += [client, upstream]
            threading.Thread(target=self._straight, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._late, args=(upstream, client), daemon=True).start()

    def _straight(self, src: socket.socket, dst: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := src.recv(65536):
                dst.sendall(data)

    def _late(self, src: socket.socket, dst: socket.socket) -> None:
        import queue

        pending: queue.Queue[tuple[float, bytes] | None] = queue.Queue()

        def send() -> None:
            with contextlib.suppress(OSError):
                while (item := pending.get()) is not None:
                    due, data = item
                    if (wait := due - time.monotonic()) > 0:
                        self._stop.wait(wait)
                    dst.sendall(data)

        threading.Thread(target=send, daemon=True).start()
        with contextlib.suppress(OSError):
            while data := src.recv(65536):
                pending.put((time.monotonic() + self.delay_s, data))
        pending.put(None)

    def stop(self) -> None:
        self._stop.set()
        self._server.close()
        for s in self._socks:
            with contextlib.suppress(OSError):
                s.close()


@dataclass
class PulseServer:
    """A private PulseAudio server: a null sink playing a 440 Hz sine, and "StudioMic", a normal
    source remapped from the sink's monitor (Qt hides monitor sources, and Qt's stream stalls
    on module-sine-source), so QtMultimedia sees a real microphone that hears a tone."""

    workdir: Path
    proc: subprocess.Popen[bytes] | None = None

    @property
    def server(self) -> str:
        return f"unix:{self.workdir}/native"

    def env(self) -> dict[str, str]:
        return {**os.environ, "PULSE_SERVER": self.server, "QT_QPA_PLATFORM": "offscreen"}

    def start(self) -> None:
        binary = shutil.which("pulseaudio")
        assert binary, "PulseAudio is not installed (apt-get install pulseaudio)"
        self.workdir.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "HOME": str(self.workdir),
            "XDG_RUNTIME_DIR": str(self.workdir),
            "PULSE_RUNTIME_PATH": str(self.workdir),
            "PULSE_STATE_PATH": str(self.workdir),
        }
        self.proc = subprocess.Popen(
            [
                binary,
                "-n",
                "--daemonize=no",
                "--exit-idle-time=-1",
                "--use-pid-file=no",
                "--disable-shm",
                "--log-target=stderr",
                "-L",
                f"module-native-protocol-unix socket={self.workdir}/native auth-anonymous=1",
                "-L",
                "module-null-sink sink_name=studio_null",
                "-L",
                "module-sine sink=studio_null frequency=440",
                "-L",
                "module-remap-source master=studio_null.monitor source_name=studio_mic "
                "source_properties=device.description=StudioMic",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        wait_for(lambda: (self.workdir / "native").exists(), 15, "PulseAudio to listen")

    def stop(self) -> None:
        if self.proc is not None:
            stop_process(self.proc)
            self.proc = None


def self_signed_tls(workdir: Path) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A server context with a fresh self-signed certificate for 127.0.0.1, and a client
    context that trusts exactly that certificate."""
    cert, key = workdir / "cert.pem", workdir / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(cert, key)
    client = ssl.create_default_context(cafile=str(cert))
    return server, client


class HttpFlvRelay:
    """HTTP-FLV playback on loopback (what CDNs serve as `.flv` play URLs): each GET plays an
    RTMP stream and sends it on as one chunked FLV body, packets copied as they come."""

    def __init__(self, rtmp_url: str) -> None:
        import av

        source = rtmp_url

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "video/x-flv")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                out = self.wfile

                class Chunked:
                    def write(self, data: bytes) -> int:
                        out.write(b"%x\r\n%s\r\n" % (len(data), data))
                        return len(data)

                    def flush(self) -> None:
                        out.flush()

                options = {"rtmp_live": "live", "analyzeduration": "0", "probesize": "131072",
                           "fflags": "nobuffer"}  # fmt: skip
                # the player hanging up ends the copy (a broken pipe): nothing to report
                with (
                    contextlib.suppress(Exception),
                    av.open(source, options=options, timeout=10) as inp,
                ):
                    video = inp.streams.video[0]
                    with av.open(Chunked(), "w", format="flv") as sink:
                        copy = sink.add_stream_from_template(video)
                        for packet in inp.demux(video):
                            if packet.dts is None:
                                continue
                            packet.stream = copy
                            sink.mux(packet)
                            out.flush()

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True).start()

    def url(self, name: str = "show") -> str:
        return f"http://127.0.0.1:{self.port}/live/{name}.flv"

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
