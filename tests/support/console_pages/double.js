// The behaviour all console doubles share (tests/support/console_pages/__init__.py serves
// them). Each page gives `window.SHAPE`: the structure its console has (class names and
// nesting as its resources/consoles/<platform>.json describes them, from the source cited
// in the page). State comes from the server's knobs (/knobs.js); the page polls /control
// for what a test makes happen (reload, comments, a flood).
(function () {
  "use strict";
  const K = window.KNOBS;
  const SH = window.SHAPE;
  const doc = SH.frameDocument ? SH.frameDocument() : document;
  let explaining = K.explaining || "";
  let since = 0;
  function esc(t) { return String(t).replace(/[&<>"']/g, c => "&#" + c.charCodeAt(0) + ";"); }
  function post(path, body) {
    fetch(path, {method: "POST", body: JSON.stringify(body)}).catch(() => {});
  }
  function render() {
    const body = doc.body;
    if (!K.logged_in) { body.innerHTML = SH.login(); return; }
    const goods = K.goods.filter(g => g.id !== K.missing);
    const items = goods.map(g => SH.item(g, explaining === g.id, esc)).join("");
    body.innerHTML = SH.page({account: esc(K.account), live: K.live, changed: K.changed, items: items});
  }
  function item(id) {
    for (const el of doc.querySelectorAll("[data-goods]")) if (el.dataset.goods === id) return el;
    return null;
  }
  function rerender(id) {  // as React does: the item's node is replaced
    const old = item(id);
    const g = K.goods.find(x => x.id === id);
    if (!old || !g) return;
    const box = doc.createElement("div");
    box.innerHTML = SH.item(g, explaining === id, esc);
    old.replaceWith(box.firstElementChild);
  }
  doc.addEventListener("click", function (ev) {
    const el = ev.target.closest("[data-action]");
    if (!el) return;
    const id = el.closest("[data-goods]").dataset.goods;
    const words = el.textContent.trim();
    post("/clicked", {id: id, words: words, trusted: ev.isTrusted});
    if (!ev.isTrusted) return;  // a console answers a person's click, not a script's
    if (K.reload_on_click) { location.reload(); return; }
    setTimeout(function () {
      const before = explaining;
      explaining = SH.stop.includes(words) ? "" : id;
      post("/explaining", {id: explaining});  // the console's state lives on its server
      if (before && before !== id) rerender(before);
      rerender(id);
    }, K.slow_ms || 0);
  });
  function addComments(rows) {
    const list = doc.querySelector(SH.commentList);
    if (!list) return;
    const html = rows.map(r => SH.comment(esc(r[0]), esc(r[1]))).join("");
    list.insertAdjacentHTML("beforeend", html);
    while (list.children.length > 300) list.firstElementChild.remove();
  }
  function poll() {
    fetch("/control?since=" + since).then(r => r.json()).then(function (c) {
      since = c.next;
      for (const cmd of c.commands) {
        if (cmd.op === "reload") { location.reload(); return; }
        if (cmd.op === "comments") addComments(cmd.rows);
        if (cmd.op === "flood") {
          const rows = [];
          for (let i = 0; i < cmd.count; i++) rows.push(["观众" + i, "刷屏第 " + i + " 条"]);
          addComments(rows);
        }
      }
      setTimeout(poll, 50);
    }).catch(() => setTimeout(poll, 200));
  }
  render();
  since = K.control_next;
  poll();
})();
