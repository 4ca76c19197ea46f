"""`studio platform` (the rehearsal platform alone) stops on SIGTERM and Ctrl-C in every state,
and a port it cannot have is said in words with what to do, at once and non-zero."""

from __future__ import annotations

import contextlib
import re
import signal
import socket
import subprocess
from collections.abc import Iterator

import httpx
import pytest

from tests.support.cli import studio_command, studio_env

pytestmark = pytest.mark.slow  # runs the studio as its own process: not in the fast tier

STOP_S = 15  # generous for a loaded machine; a process that ignores the signal never ends


@contextlib.contextmanager
def _platform(*args: str, lang: str = "C.UTF-8") -> Iterator[subprocess.Popen[str]]:
    """`studio platform` in its own process group, stopped by its pid whatever the test did."""
    process = subprocess.Popen(
        studio_command("platform", *args),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=studio_env(LANG=lang),
        start_new_session=True,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=STOP_S)
        for pipe in (process.stdin, process.stdout, process.stderr):
            if pipe is not None:
                pipe.close()


def _url(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    line = process.stdout.readline()
    found = re.search(r"http://127\.0\.0\.1:\d+", line)
    assert found, line
    return found.group(0)


def _stopped(process: subprocess.Popen[str], signum: int) -> tuple[int, str]:
    """Send `signum` to the process by its pid; its exit code and stderr once it ends."""
    process.send_signal(signum)
    try:
        _, err = process.communicate(timeout=STOP_S)
    except subprocess.TimeoutExpired:
        pytest.fail(f"studio platform still running {STOP_S} s after signal {signum}")
    return process.returncode, err


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_serving_platform_stops_on_the_signal(signum: int) -> None:
    with _platform("--port", "0", "--audience", "5") as process:
        url = _url(process)
        session = httpx.post(f"{url}/v1/sessions", json={"title": "信号测试"}, timeout=10)
        assert session.status_code == 201
        code, err = _stopped(process, signum)
    assert code == 0, err
    assert "Traceback" not in err


def test_the_platform_stops_with_requests_half_sent_and_an_event_stream_open() -> None:
    with _platform("--port", "0", "--audience", "20") as process:
        url = _url(process)
        port = int(url.rsplit(":", 1)[1])
        session = httpx.post(f"{url}/v1/sessions", json={"title": "t"}, timeout=10).json()
        half_sent = []
        with contextlib.ExitStack() as open_sockets:
            for _ in range(10):  # a body announced, a few bytes of it sent, then nothing
                sock = open_sockets.enter_context(socket.create_connection(("127.0.0.1", port)))
                sock.sendall(
                    b"POST /v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"
                )
                half_sent.append(sock)
            events = open_sockets.enter_context(socket.create_connection(("127.0.0.1", port)))
            path = f"/v1/sessions/{session['session_id']}/events"
            events.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            assert b" 200 " in events.recv(4096).split(b"\r\n", 1)[0]  # the stream is open
            code, err = _stopped(process, signal.SIGTERM)
    assert code == 0, err
    assert "Traceback" not in err and "ERROR" not in err, err


def test_the_platform_stops_while_it_waits_for_the_token() -> None:
    with _platform("--port", "0", "--token-stdin") as process:  # stdin stays open, empty
        code, err = _stopped(process, signal.SIGTERM)
    assert code in (0, -signal.SIGTERM), err  # stopped by the studio or, still starting, by Python
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("lang", "said"),
    [("C.UTF-8", "已被别的程序占用"), ("en_US.UTF-8", "is in use by another program")],
)
def test_a_port_in_use_is_said_in_words_and_exits_at_once(lang: str, said: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with _platform("--port", str(port), lang=lang) as process:
            try:
                out, err = process.communicate(timeout=STOP_S)
            except subprocess.TimeoutExpired:
                pytest.fail("studio platform did not exit on a port in use")
    assert process.returncode == 2
    assert said in err and "--port" in err
    assert "Traceback" not in err and not out
