"""The rehearsal platform facing a bad client: huge or nested bodies, half-sent requests."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator

import httpx
import pytest

import studio.rehearsal.server as server_module
from studio.rehearsal.server import RehearsalServer
from tests.support.cli import run_studio


@pytest.fixture
def server() -> Iterator[RehearsalServer]:
    with RehearsalServer() as srv:
        yield srv


@pytest.mark.slow
def test_a_huge_body_is_refused_and_never_echoed(server: RehearsalServer) -> None:
    title = "长" * (40 * 1024 * 1024)  # ~120 MB of UTF-8
    response = httpx.post(
        f"{server.url}/v1/sessions",
        content=json.dumps({"title": title}).encode(),
        headers={"content-type": "application/json"},
        timeout=60,
    )
    assert response.status_code == 413 and len(response.content) < 1000


def test_an_overlong_field_is_refused_without_echoing_it(server: RehearsalServer) -> None:
    response = httpx.post(f"{server.url}/v1/sessions", json={"title": "x" * 100_000}, timeout=30)
    assert response.status_code == 400 and len(response.content) < 2000


def test_deeply_nested_json_is_a_bad_request_not_a_crash(server: RehearsalServer) -> None:
    body = b'{"title": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    response = httpx.post(
        f"{server.url}/v1/sessions",
        content=body,
        headers={"content-type": "application/json"},
        timeout=30,
    )
    assert response.status_code == 400
    assert httpx.get(f"{server.url}/v1/health", timeout=5).status_code == 200


def test_half_sent_requests_are_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server_module, "HEAD_TIMEOUT_S", 0.5)
    monkeypatch.setattr(server_module, "BODY_TIMEOUT_S", 0.5)
    with RehearsalServer() as srv:
        port = int(srv.url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=20) as head:
            head.sendall(b"POST /v1/sessions HTTP/1.1\r\nHost: x\r\n")  # and then nothing
            start = time.monotonic()
            assert head.recv(1024) == b""  # closed by the server, not by our timeout
            assert time.monotonic() - start < 20
        with socket.create_connection(("127.0.0.1", port), timeout=20) as half:
            half.sendall(
                b"POST /v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b'Content-Length: 100\r\n\r\n{"title"'
            )
            answer = half.recv(4096)
            assert b" 408 " in answer.split(b"\r\n", 1)[0]


def test_a_port_that_is_not_one() -> None:
    result = run_studio("platform", "--port", "99999", timeout=60)
    assert result.returncode == 2 and "--port" in result.stderr and "Traceback" not in result.stderr
