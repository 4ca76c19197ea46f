"""The console page driven as the host would: read it, click 讲解, see it confirm, hear comments.

Everything the page is asked runs as one self-contained script given the console's
description as JSON data (`CONSOLE_JS`): it reads text (never HTML), bounds every count and
length, and never changes the page. The only change the studio makes is a mouse click at a
button's centre, as the host's own click.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from studio.console.browser import Browser
from studio.console.cdp import CdpError
from studio.console.descriptions import ConsoleSpec, SpecError
from studio.console.page import MAX_BINDING_PAYLOAD, Page, js_string
from studio.core.messages import Message, platform_text

log = logging.getLogger(__name__)

MAX_ITEMS = 500  # goods read from the list
BINDING = "__studioConsoleComments"
# one batch's comments in characters of JSON: under the page's bound on one binding call
# (MAX_BINDING_PAYLOAD), with room for the wrapper; what does not fit is dropped and counted
BATCH_CHARS = MAX_BINDING_PAYLOAD - 1024

# One function for every question: (spec, op, arg) -> JSON. `root` is the console's own
# document (inside its frame where it has one).
CONSOLE_JS = r"""
(function (spec, op, arg) {
  const S = spec.sel;
  function root() {
    if (!S.frame) return document;
    const f = document.querySelector(S.frame);
    try { return f && f.contentDocument; } catch (e) { return null; }
  }
  function clean(t) { return String(t == null ? "" : t).replace(/\s+/g, " ").trim(); }
  function value(el, key) {
    if (!el) return "";
    const a = spec.attr[key];
    let t = clean(a ? (el.getAttribute(a) ?? el[a] ?? "") : el.textContent).slice(0, 500);
    if (spec.pattern[key]) {
      const m = t.match(new RegExp(spec.pattern[key]));
      t = m ? (m[1] ?? m[0]) : "";
    }
    return t.slice(0, 200);
  }
  function button(item) {
    for (const b of item.querySelectorAll(S.explain_button)) {
      const w = clean(b.textContent);
      if (spec.stop.includes(w)) return [b, "stop"];
      if (spec.explain.includes(w)) return [b, "explain"];
    }
    return [null, "none"];
  }
  function items(r) {
    return Array.from(r.querySelectorAll(S.goods_item)).slice(0, %(most)d);
  }
  function idOf(item) { return value(item.querySelector(S.goods_id), "goods_id"); }
  function titleOf(item) { return value(item.querySelector(S.goods_title), "goods_title"); }
  function describe(item) { return {id: idOf(item), title: titleOf(item), state: button(item)[1]}; }
  function find(r, want) {
    const all = items(r);
    if (want.id) {
      for (const it of all) if (idOf(it) === want.id) return it;
      return null;
    }
    // by name (no goods id): the one goods item of that very name, else the one whose
    // longer console title holds the sheet's name; two candidates are none (never click a
    // look-alike: studio.console.adapter.match_title says the same before the show)
    const title = clean(want.title);
    if (!title) return null;
    const exact = all.filter((it) => titleOf(it) === title);
    if (exact.length) return exact.length === 1 ? exact[0] : null;
    const within = all.filter((it) => titleOf(it).includes(title));
    return within.length === 1 ? within[0] : null;
  }
  const r = root();
  if (op === "state") {
    if (!r) return {frame: false};
    const list = r.querySelector(S.goods_list);
    return {
      frame: true, url: String(location.href).slice(0, 300),
      logged_in: !!r.querySelector(S.logged_in),
      account: value(r.querySelector(S.account_name) || document.querySelector(S.account_name),
                     "account_name").slice(0, 60),
      live: !!r.querySelector(S.live),
      goods_list: !!list,
      comment_list: !!r.querySelector(S.comment_list),
      items: list ? items(r).map(describe) : [],
    };
  }
  if (!r) return {found: false, state: "none"};
  if (op === "locate") {
    const it = find(r, arg);
    if (!it) return {found: false, state: "none"};
    const [b, state] = button(it);
    if (!b) return {found: true, state: "none"};
    b.scrollIntoView({block: "center", inline: "center"});
    const box = b.getBoundingClientRect();
    let x = box.left + box.width / 2, y = box.top + box.height / 2;
    if (S.frame) {
      const f = document.querySelector(S.frame).getBoundingClientRect();
      x += f.left; y += f.top;
    }
    return {found: true, state: state, x: x, y: y, w: box.width, h: box.height};
  }
  if (op === "await") {
    // resolves when the item's button reads `arg.want` ("stop": 取消讲解), or at the deadline
    return new Promise(function (resolve) {
      let done = false, obs = null, timer = null;
      function check() {
        if (done) return;
        const rr = root();
        const it = rr && find(rr, arg);
        if (it && button(it)[1] === arg.want) {
          done = true; if (obs) obs.disconnect(); clearTimeout(timer);
          resolve({ok: true, at: Date.now() / 1000});
        }
      }
      obs = new MutationObserver(check);
      obs.observe(r.documentElement || r,
                  {subtree: true, childList: true, characterData: true, attributes: true});
      timer = setTimeout(function () {
        if (!done) { done = true; obs.disconnect(); resolve({ok: false}); }
      }, arg.ms);
      check();
    });
  }
  return null;
})
""".replace("%(most)d", str(MAX_ITEMS))

# Runs in every document of the console's tab: a MutationObserver on the comment list that
# reports new comments (user and text, as text) in small batches through the binding.
COMMENTS_JS = r"""
(function (spec, name) {
  if (window.top !== window || window.__studioCommentsOn) return;
  window.__studioCommentsOn = true;
  const S = spec.sel;
  const load = Math.random().toString(36).slice(2, 8);
  const seen = new WeakSet();
  let list = null, obs = null, batch = [], dropped = 0, n = 0, timer = null, chars = 0;
  function root() {
    if (!S.frame) return document;
    const f = document.querySelector(S.frame);
    try { return f && f.contentDocument; } catch (e) { return null; }
  }
  function text(el) { return el ? String(el.textContent).replace(/\s+/g, " ").trim() : ""; }
  function take(it) {
    if (seen.has(it)) return;
    seen.add(it);
    if (batch.length >= 200) { dropped++; return; }
    const row = [load + "-" + (n++), text(it.querySelector(S.comment_user)).slice(0, 40),
                 text(it.querySelector(S.comment_text)).slice(0, 500)];
    const size = JSON.stringify(row).length + 1;
    if (chars + size > %(budget)d) { dropped++; return; }  // the binding's bound: counted
    chars += size;
    batch.push(row);
  }
  function flush() {
    if (timer) return;
    timer = setTimeout(function () {
      timer = null;
      if (!batch.length && !dropped) return;
      const b = batch, d = dropped; batch = []; dropped = 0; chars = 0;
      try { window[name](JSON.stringify({c: b, d: d})); } catch (e) {}
    }, 100);
  }
  function added(records) {
    for (const rec of records) for (const node of rec.addedNodes) {
      if (node.nodeType !== 1) continue;
      if (node.matches(S.comment_item)) take(node);
      for (const it of node.querySelectorAll(S.comment_item)) take(it);
    }
    flush();
  }
  function attach() {
    const r = root();
    const now = r && r.querySelector(S.comment_list);
    if (!now || now === list) return;
    list = now;
    if (obs) obs.disconnect();
    for (const it of list.querySelectorAll(S.comment_item)) seen.add(it);  // before the studio
    obs = new MutationObserver(added);
    obs.observe(list, {childList: true, subtree: true});
    window.__studioCommentsReady = true;
  }
  attach();
  document.addEventListener("DOMContentLoaded", attach);
  setInterval(attach, 200);
})
""".replace("%(budget)d", str(BATCH_CHARS))


# Every selector and pattern of the description tried once, as the page's own engine reads
# them: a broken one (div[[[, an unclosed "(") is said as the description's mistake, never
# seen later as a console that is "not logged in".
CHECK_JS = r"""
(function (spec) {
  const frag = document.createDocumentFragment();
  for (const key of Object.keys(spec.sel)) {
    try { frag.querySelector(spec.sel[key]); } catch (e) { return {key: key, what: "selector"}; }
  }
  for (const key of Object.keys(spec.pattern)) {
    if (!spec.pattern[key]) continue;
    try { new RegExp(spec.pattern[key]); } catch (e) { return {key: key, what: "pattern"}; }
  }
  return null;
})
"""


@dataclass(frozen=True)
class Goods:
    """One item of the console's goods list."""

    id: str
    title: str
    state: str  # explain (its button reads 讲解) | stop (取消讲解: being explained) | none


@dataclass(frozen=True)
class ConsoleState:
    logged_in: bool = False
    account: str = ""
    live: bool = False
    goods_list: bool = False
    comment_list: bool = False
    goods: tuple[Goods, ...] = ()
    url: str = ""


@dataclass(frozen=True)
class Clicked:
    """What became of a 讲解 / 取消讲解."""

    outcome: str  # confirmed | already | unconfirmed | missing | no_button
    confirmed_at: float | None = None  # the console's own time of the change (Unix s)
    clicked_at: float | None = None


@dataclass
class Comments:
    """Comments the page reported, waiting for the show (bounded: a flood drops, counted)."""

    most: int = 500
    queue: asyncio.Queue[tuple[str, str, str]] = field(default_factory=asyncio.Queue)
    dropped: int = 0

    def feed(self, payload: str) -> None:
        try:
            data = json.loads(payload)
        except ValueError:
            return
        if not isinstance(data, dict) or not isinstance(data.get("c"), list):
            return
        dropped = data.get("d")
        self.dropped += dropped if isinstance(dropped, int) and 0 < dropped < 10**6 else 0
        for row in data["c"][:200]:
            if not (
                isinstance(row, list) and len(row) == 3 and all(isinstance(v, str) for v in row)
            ):
                continue
            if self.queue.qsize() >= self.most:
                self.dropped += 1
                continue
            key, user, text = row
            self.queue.put_nowait((key[:64], user[:40], text[:500]))


class ConsoleDriver:
    """One console in one studio-owned browser: open, read, click, and its comments."""

    def __init__(
        self,
        spec: ConsoleSpec,
        profile: Path,
        headless: bool | None = None,
        launch: Callable[..., Any] = Browser.launch,
    ) -> None:
        self.spec = spec
        self.profile = profile
        self.headless = headless
        self._launch = launch
        self.browser: Browser | None = None
        self.page: Page | None = None
        self.comments = Comments()
        self._page_data = js_string(spec.to_page())

    @property
    def open_now(self) -> bool:
        return (
            self.browser is not None
            and self.browser.running
            and self.page is not None
            and not self.page.detached.is_set()
        )

    async def open(self, url: str | None = None) -> None:
        """Start the browser (if it is not running) and show the console's control page."""
        if not self.open_now:
            await self.close()
            self.browser = await self._launch(self.profile, self.headless)
            assert self.browser is not None
            self.page = await Page.open(self.browser.cdp)
            try:
                await self._check_spec()
            except SpecError:
                await self.close()  # nothing to drive with a description the page refuses
                raise
            script = f"({COMMENTS_JS})({self._page_data}, {js_string(BINDING)})"
            await self.page.bind(BINDING, self.comments.feed, script)
        assert self.page is not None
        await self.page.navigate(url or self.spec.control_url)
        await self.comments_ready()

    async def _check_spec(self) -> None:
        """SpecError naming the first selector or pattern the page cannot read."""
        assert self.page is not None
        bad = await self.page.evaluate(f"({CHECK_JS})({self._page_data})")
        if not isinstance(bad, dict) or bad.get("key") not in self.spec.entries:
            return
        key = str(bad["key"])
        entry = self.spec.entry(key)
        where = {"key": key, "file": platform_text(self.spec.origin, 200)}
        if bad.get("what") == "pattern":
            words = Message("spec.bad_page_pattern", where | {"pattern": entry.pattern[:80]})
        else:
            words = Message("spec.bad_selector", where | {"selector": entry.selector[:80]})
        raise SpecError(words)

    async def comments_ready(self, timeout_s: float = 3.0) -> bool:
        """Whether the page's comment observer found the comment list (within `timeout_s`):
        comments before that are the room's history, not new ones."""
        if self.page is None:
            return False
        most_ms = int(timeout_s * 1000)
        wait = (
            "new Promise(function (done) { const t0 = Date.now(); (function w() {"
            f" if (window.__studioCommentsReady || Date.now() - t0 > {most_ms}) "
            "done(!!window.__studioCommentsReady); else setTimeout(w, 20); })(); })"
        )
        with contextlib.suppress(CdpError):
            return bool(await self.page.evaluate(wait, timeout_s + 2.0))
        return False

    async def close(self) -> None:
        if self.page is not None:
            self.page.close()
            self.page = None
        if self.browser is not None:
            browser, self.browser = self.browser, None
            await browser.stop()

    async def _ask(self, op: str, arg: object = None, timeout_s: float = 5.0) -> Any:
        if self.page is None:
            raise CdpError(Message("browser.not_open"))
        expression = f"({CONSOLE_JS})({self._page_data}, {js_string(op)}, {js_string(arg)})"
        return await self.page.evaluate(expression, timeout_s)

    async def state(self) -> ConsoleState:
        data = await self._ask("state")
        if not isinstance(data, dict) or not data.get("frame"):
            return ConsoleState()
        goods = []
        for g in data.get("items", [])[:MAX_ITEMS]:
            if isinstance(g, dict):
                goods.append(
                    Goods(
                        str(g.get("id", ""))[:64],
                        str(g.get("title", ""))[:200],
                        str(g.get("state")),
                    )
                )
        return ConsoleState(
            logged_in=bool(data.get("logged_in")),
            account=str(data.get("account", ""))[:60],
            live=bool(data.get("live")),
            goods_list=bool(data.get("goods_list")),
            comment_list=bool(data.get("comment_list")),
            goods=tuple(goods),
            url=str(data.get("url", ""))[:300],
        )

    async def press(self, goods_id: str, title: str, want: str, confirm_s: float) -> Clicked:
        """Click the item's button so that it comes to read `want` ("stop": 取消讲解 after a
        讲解, "explain" after a 取消讲解); not clicked when it already does (idempotent)."""
        which = {"id": goods_id, "title": title}
        found = await self._ask("locate", which)
        if not isinstance(found, dict) or not found.get("found"):
            return Clicked("missing")
        if found.get("state") == want:
            return Clicked("already")
        if found.get("state") == "none" or not _box_ok(found):
            return Clicked("no_button")
        assert self.page is not None
        clicked_at = time.time()
        await self.page.click(float(found["x"]), float(found["y"]))
        answer = await self._ask(
            "await", which | {"want": want, "ms": int(confirm_s * 1000)}, confirm_s + 3.0
        )
        if isinstance(answer, dict) and answer.get("ok"):
            at = answer.get("at")
            confirmed = float(at) if isinstance(at, int | float) else time.time()
            return Clicked("confirmed", confirmed, clicked_at)
        return Clicked("unconfirmed", None, clicked_at)

    async def wait_logged_in(self, timeout_s: float, every_s: float = 1.0) -> ConsoleState:
        """The console's state once it shows a logged-in page (the merchant scanned the QR
        code), or as it is at the deadline; the browser closed ends the wait at once."""
        deadline = time.monotonic() + timeout_s
        state = ConsoleState()
        while time.monotonic() < deadline and self.open_now:
            with contextlib.suppress(CdpError):
                state = await self.state()
                if state.logged_in:
                    return state
            assert self.page is not None
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.page.detached.wait(), every_s)
        return state


def _box_ok(found: dict[str, Any]) -> bool:
    values = [found.get(k) for k in ("x", "y", "w", "h")]
    if not all(isinstance(v, int | float) for v in values):
        return False
    x, y, w, h = (float(v) for v in values)  # type: ignore[arg-type]
    return w > 0 and h > 0 and -1e5 < x < 1e5 and -1e5 < y < 1e5
