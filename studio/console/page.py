"""One browser tab over CDP: navigate, evaluate, click as a person would, and a binding.

A click is the host's own click: the element is scrolled into view, its box read, and the
mouse pressed and released at its centre through `Input.dispatchMouseEvent`, so the page
sees the same trusted events (and runs the same handlers) as when the host clicks.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from typing import Any

from studio.console.cdp import CALL_TIMEOUT_S, Cdp, CdpClosed, CdpError
from studio.core.messages import Message, platform_text

log = logging.getLogger(__name__)

MAX_BINDING_PAYLOAD = 64 << 10  # one batch of comments from the page


class PageGone(CdpClosed):
    """The tab was closed, or the browser with it."""


class Page:
    """A tab the studio attached to (flattened session)."""

    def __init__(self, cdp: Cdp, target_id: str, session: str) -> None:
        self.cdp = cdp
        self.target_id = target_id
        self.session = session
        self.loads = 0  # main-frame loads seen: a reload mid-show is noticed by this
        self.loaded = asyncio.Event()
        self.detached = asyncio.Event()
        self._bindings: dict[str, Callable[[str], None]] = {}
        self._stop = cdp.listen(session, self._on_event)
        self._stop_browser = cdp.listen("", self._on_browser_event)

    @classmethod
    async def open(cls, cdp: Cdp) -> Page:
        """The browser's first tab (a new one if it has none), attached and enabled."""
        targets = await cdp.call("Target.getTargets")
        infos = targets.get("targetInfos", [])
        pages = [t for t in infos if isinstance(t, dict) and t.get("type") == "page"]
        if pages:
            target_id = str(pages[0]["targetId"])
        else:
            made = await cdp.call("Target.createTarget", {"url": "about:blank"})
            target_id = str(made["targetId"])
        attached = await cdp.call("Target.attachToTarget", {"targetId": target_id, "flatten": True})
        page = cls(cdp, target_id, str(attached["sessionId"]))
        for domain in ("Page", "Runtime"):
            await page.call(f"{domain}.enable")
        await cdp.call("Target.setDiscoverTargets", {"discover": True})
        return page

    async def call(
        self, method: str, params: dict[str, Any] | None = None, timeout_s: float = CALL_TIMEOUT_S
    ) -> dict[str, Any]:
        if self.detached.is_set():
            raise PageGone(Message("browser.tab_closed"))
        try:
            return await self.cdp.call(method, params, self.session, timeout_s)
        except CdpClosed:
            self.detached.set()
            raise PageGone(Message("browser.tab_closed")) from None

    def close(self) -> None:
        self._stop()
        self._stop_browser()

    async def navigate(self, url: str, timeout_s: float = 15.0) -> None:
        self.loaded.clear()
        answer = await self.call("Page.navigate", {"url": url}, timeout_s)
        if answer.get("errorText"):
            why = net_error(str(answer["errorText"]))
            shown = platform_text(url, 120)
            raise CdpError(Message("browser.page_failed", {"url": shown, "why": why}))
        try:
            await asyncio.wait_for(self.loaded.wait(), timeout_s)
        except TimeoutError:
            words = {"url": platform_text(url, 120), "s": f"{timeout_s:.0f}"}
            raise CdpError(Message("browser.not_loaded", words)) from None

    async def evaluate(self, expression: str, timeout_s: float = CALL_TIMEOUT_S) -> Any:
        """The value of a JavaScript expression (a promise is awaited), as JSON."""
        answer = await self.call(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
            timeout_s,
        )
        if "exceptionDetails" in answer:
            details = answer["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise CdpError(Message("browser.script_failed", {"text": platform_text(text, 200)}))
        return answer.get("result", {}).get("value")

    async def click(self, x: float, y: float) -> None:
        """Press and release the left button at (x, y) of the viewport."""
        base = {"x": x, "y": y, "button": "left", "clickCount": 1}
        await self.call("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})
        await self.call("Input.dispatchMouseEvent", {"type": "mousePressed", **base})
        await self.call("Input.dispatchMouseEvent", {"type": "mouseReleased", **base})

    async def bind(self, name: str, on_call: Callable[[str], None], script: str) -> None:
        """`window[name](text)` in the page reaches `on_call`; `script` runs in every document
        from now on (and in this one), e.g. a MutationObserver that reports through it."""
        self._bindings[name] = on_call
        await self.call("Runtime.addBinding", {"name": name})
        await self.call("Page.addScriptToEvaluateOnNewDocument", {"source": script})
        await self.evaluate(script)

    def _on_event(self, method: str, params: dict[str, Any]) -> None:
        if method == "Page.loadEventFired":
            self.loads += 1
            self.loaded.set()
        elif method == "Runtime.bindingCalled":
            handler = self._bindings.get(str(params.get("name")))
            payload = params.get("payload")
            if handler is not None and isinstance(payload, str):
                if len(payload) <= MAX_BINDING_PAYLOAD:
                    handler(payload)
                else:
                    log.info("a binding payload of %d characters was dropped", len(payload))
        elif method == "Inspector.detached":
            self.detached.set()

    def _on_browser_event(self, method: str, params: dict[str, Any]) -> None:
        mine = (
            method == "Target.detachedFromTarget" and params.get("sessionId") == self.session
        ) or (method == "Target.targetDestroyed" and params.get("targetId") == self.target_id)
        if mine:
            self.detached.set()


# Chromium's net:: errors a console page meets, in words (the rest: net.other with the code)
NET_ERRORS = {
    "ERR_CONNECTION_REFUSED": "page_net.refused",
    "ERR_NAME_NOT_RESOLVED": "page_net.no_host",
    "ERR_NAME_RESOLUTION_FAILED": "page_net.no_host",
    "ERR_INTERNET_DISCONNECTED": "page_net.offline",
    "ERR_NETWORK_CHANGED": "page_net.reset",
    "ERR_CONNECTION_TIMED_OUT": "page_net.timeout",
    "ERR_TIMED_OUT": "page_net.timeout",
    "ERR_CONNECTION_RESET": "page_net.reset",
    "ERR_CONNECTION_CLOSED": "page_net.reset",
    "ERR_CONNECTION_ABORTED": "page_net.reset",
    "ERR_EMPTY_RESPONSE": "page_net.reset",
    "ERR_ADDRESS_UNREACHABLE": "page_net.offline",
    "ERR_PROXY_CONNECTION_FAILED": "page_net.proxy",
    "ERR_TUNNEL_CONNECTION_FAILED": "page_net.proxy",
    "ERR_INVALID_URL": "page_net.bad_url",
    "ERR_UNSAFE_PORT": "page_net.bad_url",
}


def net_error(text: str) -> Message:
    """Chromium's `net::ERR_…` (or "Cannot navigate to invalid URL") in words."""
    code = text.strip().removeprefix("net::")
    if code in NET_ERRORS:
        return Message(NET_ERRORS[code])
    if code.startswith("ERR_CERT_") or code.startswith("ERR_SSL_"):
        return Message("page_net.certificate")
    if "invalid URL" in text:
        return Message("page_net.bad_url")
    return Message("page_net.other", {"code": platform_text(code, 60)})


def js_string(value: object) -> str:
    """`value` as a JavaScript literal (JSON is one): data never becomes code."""
    return json.dumps(value, ensure_ascii=False)
