"""The report after a show or rehearsal: per product, per link-up, and the stream's health.

Built from the journal alone (so a resumed show reports its whole run), saved as JSON (the
names are an interface: external checks read them), CSV for Excel, and an HTML page with
charts drawn as inline SVG (no scripts, opens anywhere, prints well).
"""

from __future__ import annotations

import csv
import html
import json
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict

from studio.app.about import APP_NAME_EN, APP_NAME_ZH, __version__
from studio.app.platforms import find
from studio.core.catalog import csv_safe, fen_to_yuan, format_yuan
from studio.core.messages import Words, render, restored
from studio.core.rundown import ItemState
from studio.storage.journal import Journal

# The report's JSON, typed: the names are an interface (external checks read them), so each
# part is spelled once here and mypy holds build_report and its readers to it.


class ShowPart(TypedDict):
    id: int
    title: str
    platform: str
    started_at: float
    ended_at: float | None
    duration_s: float
    comments: int
    studio_version: str  # which studio ran it: a support question's first


class ProductRow(TypedDict):
    key: str
    name: str
    sku: str
    spec: str
    price: float  # yuan
    live_price: float
    stock: int | None
    limit_per_buyer: int | None
    queue_state: str  # waiting | explaining | done | skipped …
    talk_s: float
    link_ups: int
    orders: int
    units: int
    revenue: float
    buyers: int
    conversion: float | None


class ImportIssueRow(TypedDict):
    row: int
    column: str
    reason: str  # worded in the report's language
    sheet_row: int | None


class LinkUpRow(TypedDict):
    link_up_id: int
    product_name: str
    product_key: str
    status: str  # a LinkUpState's name in lower case
    assisted: bool
    live_price: float
    stock_released: int | None
    countdown_s: float
    requested_at: float | None
    countdown_at: float | None
    zero_at: float | None
    send_at: float | None
    lead_ms: float
    sent_at: float | None
    acked_at: float | None
    platform_received_at: float | None
    ended_at: float | None
    receipt_minus_zero_ms: float | None
    zero_stream_s: float | None
    attempts: int
    error: str  # worded in the report's language
    after_crash: str  # repeated | not_repeated | ""
    orders: int
    units: int
    revenue: float
    buyers: int
    viewers_at_zero: int
    conversion: float | None
    reannounced: int  # times the link-up was announced again


class NotInCatalog(TypedDict):
    orders: int
    units: int
    revenue: float
    product_ids: list[str]


class Totals(TypedDict):
    orders: int
    units: int
    revenue: float
    not_in_catalog: NotInCatalog
    link_ups: int
    listed: int
    failed: int


class StreamPart(TypedDict):
    reconnects: int
    dropped_frames: int
    late_frames: int
    reconnected: int
    missed_frames: int
    events: list[dict[str, Any]]  # {"at", "kind", …the event's own fields}


class ShowReport(TypedDict):
    """What build_report returns and report.json holds."""

    show: ShowPart
    products: list[ProductRow]
    import_errors: list[ImportIssueRow]
    link_ups: list[LinkUpRow]
    totals: Totals
    stream: StreamPart
    orders_timeline: list[list[Any]]  # [at, quantity, product_key]


def build_report(journal: Journal, show_id: int, language: str | None = None) -> ShowReport:
    show = journal.show(show_id)
    products = journal.products(show_id)
    queue = {item.product.key: item for item in journal.queue(show_id)}
    links = journal.link_ups(show_id)
    orders = journal.orders(show_id)
    events = journal.stream_events(show_id)
    end = show.ended_at or time.time()

    # An order for a product the show does not have (the platform's mistake, or a product
    # listed from its own console) is counted apart: the totals stay the sum of the products.
    known = {p.key for p in products}
    stray = [o for o in orders if o.product_key not in known]
    counted = [o for o in orders if o.product_key in known]
    by_product: dict[str, list[Any]] = defaultdict(list)
    by_link: dict[int, list[Any]] = defaultdict(list)
    for order in orders:
        by_product[order.product_key].append(order)
        if order.link_up_id is not None:
            by_link[order.link_up_id].append(order)

    link_rows: list[LinkUpRow] = []
    for link in links:
        mine = by_link.get(link.link_up_id, [])
        buyers = len({o.buyer for o in mine})
        receipt_ms = None
        if link.platform_received_at is not None and link.zero_at is not None:
            receipt_ms = round((link.platform_received_at - link.zero_at) * 1000, 3)
        link_rows.append(
            {
                "link_up_id": link.link_up_id,
                "product_name": link.product_name,
                "product_key": link.product_key,
                "status": link.state.name.lower(),
                "assisted": link.assisted,
                "live_price": fen_to_yuan(link.live_price_fen),
                "stock_released": link.stock,
                "countdown_s": link.countdown_s,
                "requested_at": link.requested_at,
                "countdown_at": link.countdown_at,
                "zero_at": link.zero_at,
                "send_at": link.send_at,
                "lead_ms": round(link.lead_s * 1000, 3),
                "sent_at": link.sent_at,
                "acked_at": link.acked_at,
                "platform_received_at": link.platform_received_at,
                "ended_at": link.ended_at,
                "receipt_minus_zero_ms": receipt_ms,
                "zero_stream_s": link.zero_stream_s,
                "attempts": link.attempts,
                "error": render(restored(link.error), language),  # kept as a code: worded here
                "after_crash": link.after_crash,  # repeated | not_repeated | ""
                "orders": len(mine),
                "units": sum(o.quantity for o in mine),
                "revenue": fen_to_yuan(sum(o.amount_fen for o in mine)),
                "buyers": buyers,
                "viewers_at_zero": link.viewers_at_zero,
                "conversion": round(buyers / link.viewers_at_zero, 4)
                if link.viewers_at_zero
                else None,
                "reannounced": link.reannounced,
            }
        )

    product_rows: list[ProductRow] = []
    for p in products:
        mine = by_product.get(p.key, [])
        my_links = [r for r in link_rows if r["product_key"] == p.key]
        item = queue.get(p.key)
        talk_s = item.talk_time_s(end) if item is not None else 0.0
        viewers = max((r["viewers_at_zero"] for r in my_links), default=0)
        buyers = len({o.buyer for o in mine})
        product_rows.append(
            {
                "key": p.key,
                "name": p.name,
                "sku": p.sku,
                "spec": p.spec,
                "price": fen_to_yuan(p.price_fen),
                "live_price": fen_to_yuan(item.live_price_fen if item else p.live_price_fen),
                "stock": p.stock,
                "limit_per_buyer": p.limit_per_buyer,
                "queue_state": item.state.name.lower() if item else ItemState.WAITING.name.lower(),
                "talk_s": round(talk_s, 1),
                "link_ups": len(my_links),
                "orders": len(mine),
                "units": sum(o.quantity for o in mine),
                "revenue": fen_to_yuan(sum(o.amount_fen for o in mine)),
                "buyers": buyers,
                "conversion": round(buyers / viewers, 4) if viewers else None,
            }
        )

    stream_events = [{"at": at, "kind": kind, **detail} for at, kind, detail in events]
    stats = [e for e in stream_events if e["kind"] == "stats"]
    last = stats[-1] if stats else {}
    return {
        "show": {
            "id": show.id,
            "title": show.title,
            "platform": show.platform,
            "started_at": show.started_at,
            "ended_at": show.ended_at,
            "duration_s": round(end - show.started_at, 1),
            "comments": journal.comment_count(show_id),
            "studio_version": __version__,  # which studio ran it: a support question's first
        },
        "products": product_rows,
        "import_errors": [
            {
                "row": i.row,
                "column": i.column,
                "reason": i.reason_text(language),
                "sheet_row": i.sheet_row,
            }
            for i in journal.import_issues(show_id)
        ],
        "link_ups": link_rows,
        "totals": {
            "orders": len(counted),
            "units": sum(o.quantity for o in counted),
            "revenue": fen_to_yuan(sum(o.amount_fen for o in counted)),
            "not_in_catalog": {
                "orders": len(stray),
                "units": sum(o.quantity for o in stray),
                "revenue": fen_to_yuan(sum(o.amount_fen for o in stray)),
                "product_ids": sorted({o.product_key for o in stray})[:20],
            },
            "link_ups": len(link_rows),
            "listed": sum(
                1 for r in link_rows if r["status"] in ("listed", "sold_out", "taken_down")
            ),
            "failed": sum(1 for r in link_rows if r["status"] == "failed"),
        },
        "stream": {
            "reconnects": sum(1 for e in stream_events if e["kind"] == "reconnecting"),
            "dropped_frames": int(last.get("dropped_video_frames", 0)),
            "late_frames": int(last.get("late_frames", 0)),
            "reconnected": int(last.get("reconnects", 0)),
            # frames the computer did not make in time (render or encode lag)
            "missed_frames": int(
                last.get("frames_missed", last.get("late_frames", 0) + last.get("lagged_ticks", 0))
            ),
            "events": stream_events,
        },
        "orders_timeline": [[o.at, o.quantity, o.product_key] for o in orders],
    }


def report_paths(target: Path) -> tuple[Path, Path, Path, Path, Path]:
    """JSON, products CSV, link-ups CSV, the engineers' link-ups CSV and the HTML page for
    `--report PATH` (a .json file or a folder)."""
    if target.suffix.lower() == ".json":
        base = target.with_suffix("")
        return (
            target,
            base.with_suffix(".csv"),
            Path(f"{base}-link-ups.csv"),
            Path(f"{base}-technical.csv"),
            base.with_suffix(".html"),
        )
    target.mkdir(parents=True, exist_ok=True)
    return (
        target / "report.json",
        target / "report.csv",
        target / "report-link-ups.csv",
        target / "report-technical.csv",
        target / "report.html",
    )


# The merchant's CSVs: (field, word) in the report's language, values as a person reads them
PRODUCT_COLUMNS = (
    ("name", "product"),
    ("sku", "sku"),
    ("spec", "spec"),
    ("price", "price"),
    ("live_price", "live_price"),
    ("stock", "stock"),
    ("talk_s", "talk"),
    ("link_ups", "link_ups"),
    ("orders", "orders"),
    ("units", "units_col"),
    ("revenue", "revenue"),
    ("buyers", "buyers"),
    ("conversion", "conversion"),
)
LINK_UP_COLUMNS = (
    ("product_name", "product"),
    ("status", "status"),
    ("countdown_at", "countdown_at"),
    ("zero_at", "zero_at"),
    ("acked_at", "listed_at"),
    ("attempts", "attempts"),
    ("orders", "orders"),
    ("units", "units_col"),
    ("revenue", "revenue"),
    ("viewers_at_zero", "viewers"),
    ("conversion", "conversion"),
    ("error", "error"),
)
# The engineers' CSV: fixed English names, epoch seconds, and the platform's receipt
TECHNICAL_COLUMNS = (
    "product_name",
    "status",
    "countdown_at",
    "zero_at",
    "sent_at",
    "acked_at",
    "platform_received_at",
    "receipt_minus_zero_ms",
    "attempts",
    "orders",
    "units",
    "revenue",
    "viewers_at_zero",
    "conversion",
    "error",
)
TIMES = ("countdown_at", "zero_at", "sent_at", "acked_at")


def write_report(report: ShowReport, target: Path, language: str = "zh") -> list[Path]:
    """JSON (names fixed: checks read them), the merchant's CSVs and HTML page in `language`
    (zh|en), and the technical CSV; the page comes last."""
    json_path, csv_path, links_csv, technical_csv, html_path = report_paths(target)
    json_path.parent.mkdir(parents=True, exist_ok=True)
    _atomic_text(json_path, json.dumps(report, ensure_ascii=False, indent=2))
    w = _words(language)
    _write_csv(
        csv_path,
        [w[word] for _, word in PRODUCT_COLUMNS],
        [[_cell(row.get(k), k, w) for k, _ in PRODUCT_COLUMNS] for row in report["products"]],
    )
    _write_csv(
        links_csv,
        [w[word] for _, word in LINK_UP_COLUMNS],
        [[_cell(_shown(row, k), k, w) for k, _ in LINK_UP_COLUMNS] for row in report["link_ups"]],
    )
    _write_csv(
        technical_csv,
        list(TECHNICAL_COLUMNS),
        [[row.get(k) for k in TECHNICAL_COLUMNS] for row in report["link_ups"]],
    )
    _atomic_text(html_path, render_html(report, language))
    return [json_path, csv_path, links_csv, technical_csv, html_path]


def _cell(value: Any, key: str, w: Words) -> Any:
    """A merchant's CSV cell: local times, and the page's words for states, percentages and
    talk time; money stays a number (Excel sums the revenue column)."""
    if value is None:
        return None
    if key in TIMES and isinstance(value, int | float):
        stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(value))
        return f"{stamp}.{int(value * 1000) % 1000:03d}"
    if key == "error" and isinstance(value, str):
        return render(restored(value), "en" if w.index else "zh")
    worded = _worded(value, key, w)
    return value if worded is None else worded


def _atomic_text(path: Path, text: str) -> None:
    part = path.with_name(path.name + ".part")
    part.write_text(text, encoding="utf-8")
    part.replace(path)


def _write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    part = path.with_name(path.name + ".part")
    with open(part, "w", encoding="utf-8-sig", newline="") as fh:  # BOM: Excel reads UTF-8
        writer = csv.writer(fh)
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if value is None else csv_safe(value) for value in row])
    part.replace(path)


# --- HTML -----------------------------------------------------------------------------------

_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:24px;
color:#222;max-width:1100px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px}.made-by{color:#888;font-size:12px;margin-top:32px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid #ddd;padding:5px 8px;text-align:right}
th:first-child,td:first-child{text-align:left}
table.kpis{width:auto}table.kpis td{border:none;text-align:left;padding:2px 28px 0 0}
table.kpis b{font-size:22px}
.failed{color:#c00}
"""


def _platform_words(platform: str, w: Words) -> str:
    """The platform as a merchant names it (its description's `report_name`): not
    "rehearsal" or "assisted:douyin"."""
    described = find(platform)
    if described is None or described.report_name is None:
        return platform
    return described.report_name(platform, w)


def _console_counts(report: ShowReport, w: Words) -> str:
    """On a live console: how many link-ups the studio clicked, how many it left to the host
    (a console that did not confirm, a page that logged out): said, never blurred."""
    if not str(report["show"]["platform"]).startswith("console:"):
        return ""
    rows = [r for r in report["link_ups"] if r["status"] not in ("cancelled", "counting", "held")]
    left = sum(1 for r in rows if r.get("assisted"))
    return w["console_counts"].format(clicked=len(rows) - left, left=left)


def _reconnects_cell(stream: StreamPart, w: Words) -> str:
    """Attempts and what they came to: "16 (none succeeded)", never a bare count."""
    tries, done = int(stream["reconnects"]), int(stream.get("reconnected", 0))
    if not tries:
        return "0"
    if not done:
        return w["reconnects_failed"].format(tries=tries)
    return w["reconnects_some"].format(tries=tries, done=done)


def _words(language: str) -> Words:
    """The report's words in `language`, from the one catalog (`studio.core.messages`)."""
    return Words("report", language)


MONEY = ("live_price", "price", "revenue")


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    fill: str
    title: str = ""


@dataclass(frozen=True)
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str
    width: float = 1.0
    dashed: bool = False
    title: str = ""


@dataclass(frozen=True)
class Label:
    x: float
    y: float  # the baseline
    text: str
    size: int
    anchor: str = "start"  # start | middle


@dataclass(frozen=True)
class Chart:
    """A chart as shapes on a width × height canvas: written as inline SVG for browsers and
    painted into a picture by the studio's own report window (Qt's rich text draws no SVG)."""

    name: str
    title: str
    width: int
    height: int
    shapes: tuple[Bar | Rule | Label, ...]


def _timeline_chart(report: ShowReport, w: Words) -> Chart:
    """Units sold over the show, link-up zeros in red, reconnects in orange, one time axis."""
    start = float(report["show"]["started_at"])
    duration = max(1.0, float(report["show"]["duration_s"]))
    width, height, pad = 1000, 220, 30
    # about 80 bars whatever the length: 1 s bars for a rehearsal, minutes for an evening
    bucket = next((b for b in (1, 2, 5, 10, 15, 30, 60, 120, 300, 600) if duration / b <= 80), 900)
    counts: dict[int, int] = defaultdict(int)
    for at, quantity, _ in report["orders_timeline"]:
        counts[int((at - start) // bucket)] += quantity
    top = max(counts.values(), default=1)

    def x(t: float) -> float:
        return pad + (width - 2 * pad) * max(0.0, min(1.0, (t - start) / duration))

    bar_w = max(1.0, (width - 2 * pad) * bucket / duration - 1)
    shapes: list[Bar | Rule | Label] = [Rule(pad, height - pad, width - pad, height - pad, "#999")]
    for index, units in sorted(counts.items()):
        h = (height - 2 * pad) * units / top
        bx = x(start + index * bucket)
        bw = max(0.5, min(bar_w, width - pad - bx))
        shapes.append(Bar(bx, height - pad - h, bw, h, "#4a90d9", w["units"].format(n=units)))
    for link in report["link_ups"]:
        if link["zero_at"]:
            lx = x(link["zero_at"])
            title = f"{w['link_up']} {link['product_name']}"
            shapes.append(Rule(lx, pad, lx, height - pad, "#ff2d55", 2.0, title=title))
    for event in report["stream"]["events"]:
        if event["kind"] in ("reconnecting", "failed"):
            ex = x(event["at"])
            title = f"{w['reconnect']} {event.get('output', '')}"
            shapes.append(Rule(ex, pad, ex, height - pad, "#ff9500", dashed=True, title=title))
    for frac, anchor in ((0, "start"), (0.5, "middle"), (1, "end")):
        t = duration * frac
        label = f"{int(t // 60)}:{int(t % 60):02d}"
        shapes.append(Label(x(start + t), height - 8, label, 11, anchor))
    scale = w["scale"].format(bucket=bucket, top=top)
    shapes.append(Label(pad, pad - 10, scale, 11))
    return Chart("timeline", w["timeline"], width, height, tuple(shapes))


def _revenue_chart(report: ShowReport, w: Words) -> Chart | None:
    rows = [p for p in report["products"] if p["revenue"]]
    if not rows:
        return None
    width, row_h, label_w = 1000, 26, 260
    top = max(p["revenue"] for p in rows)
    shapes: list[Bar | Rule | Label] = []
    for i, p in enumerate(rows):
        bar = (width - label_w - 120) * p["revenue"] / top
        y = i * row_h + 5
        shapes.append(Label(0, y + 17, p["name"][:20], 13))
        shapes.append(Bar(label_w, y, bar, row_h - 6, "#ff2d55"))
        money = f"¥{format_yuan(round(p['revenue'] * 100))}"
        shapes.append(Label(label_w + bar + 6, y + 17, money, 13))
    return Chart("revenue", w["revenue_chart"], width, row_h * len(rows) + 10, tuple(shapes))


def report_charts(report: ShowReport, language: str = "zh") -> list[Chart]:
    """The page's charts in order: the timeline, and revenue per product once something sold."""
    w = _words(language)
    charts = [_timeline_chart(report, w), _revenue_chart(report, w)]
    return [c for c in charts if c is not None]


_ANCHORS = {"start": "start", "middle": "middle", "end": "end"}


def _svg(chart: Chart) -> str:
    esc = html.escape
    parts = [
        f'<svg viewBox="0 0 {chart.width} {chart.height}" width="100%" role="img" '
        f'aria-label="{esc(chart.title)}">'
    ]
    for s in chart.shapes:
        if isinstance(s, Bar):
            title = f"<title>{esc(s.title)}</title>" if s.title else ""
            parts.append(
                f'<rect x="{s.x:.1f}" y="{s.y:.1f}" width="{s.width:.1f}" '
                f'height="{s.height:.1f}" fill="{s.fill}">{title}</rect>'
            )
        elif isinstance(s, Rule):
            dash = ' stroke-dasharray="4 3"' if s.dashed else ""
            wide = f' stroke-width="{s.width:g}"' if s.width != 1 else ""
            title = f"<title>{esc(s.title)}</title>" if s.title else ""
            parts.append(
                f'<line x1="{s.x1:.1f}" y1="{s.y1:.1f}" x2="{s.x2:.1f}" y2="{s.y2:.1f}" '
                f'stroke="{s.stroke}"{wide}{dash}>{title}</line>'
            )
        else:
            anchor = "" if s.anchor == "start" else f' text-anchor="{_ANCHORS[s.anchor]}"'
            parts.append(
                f'<text x="{s.x:.1f}" y="{s.y:.1f}" font-size="{s.size}"{anchor}>'
                f"{esc(s.text)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def chart_image_name(chart: Chart) -> str:
    """The picture a chart becomes in the studio's own window (`render_html(pictures=True)`)."""
    return f"chart-{chart.name}.png"


def _chart_html(chart: Chart | None, w: Words, pictures: bool, width: int) -> str:
    if chart is None:
        return f"<p>{w['no_sales']}</p>"
    if not pictures:
        return _svg(chart)
    height = round(chart.height * width / chart.width)
    return (
        f'<p><img src="{chart_image_name(chart)}" width="{width}" height="{height}" '
        f'alt="{html.escape(chart.title)}"></p>'
    )


def _table(rows: Sequence[Mapping[str, Any]], columns: list[tuple[str, str]], w: Words) -> str:
    # the first column's side said on the cell too: Qt's rich text knows no :first-child
    left = ' align="left"'
    head = "".join(
        f"<th{left if i == 0 else ''}>{html.escape(w[title])}</th>"
        for i, (_, title) in enumerate(columns)
    )
    body = []
    for row in rows:
        cls = ' class="failed"' if row.get("status") == "failed" else ""
        cells = "".join(
            f"<td{left if i == 0 else ''}>{html.escape(_fmt(_shown(row, key), key, w))}</td>"
            for i, (key, _) in enumerate(columns)
        )
        body.append(f"<tr{cls}>{cells}</tr>")
    return f"<table><tr>{head}</tr>{''.join(body)}</table>"


def _shown(row: Mapping[str, Any], key: str) -> Any:
    """A row's value as the merchant reads it: an assisted link-up "listed" is one the studio
    handed to the host (it clicked nothing on the platform and cannot know), not 已上架."""
    value = row.get(key)
    if key == "status" and value == "listed" and row.get("assisted"):
        return "left_to_host"
    return value


def _worded(value: Any, key: str, w: Words) -> str | None:
    """A state, a conversion or a talk time as a person reads it (the page and the CSVs);
    None for anything else."""
    if key == "status":
        return w.get(str(value), str(value))
    if key == "conversion" and isinstance(value, int | float):
        return f"{value * 100:.1f}%"
    if key == "talk_s" and isinstance(value, int | float):
        return f"{int(value) // 60}:{int(value) % 60:02d}"
    return None


def _fmt(value: Any, key: str, w: Words) -> str:
    if value is None:
        return "—"
    if key in MONEY and isinstance(value, int | float):
        return f"¥{format_yuan(round(value * 100))}"
    worded = _worded(value, key, w)
    if worded is not None:
        return worded
    if isinstance(value, float):
        return (
            f"{value:.4g}" if abs(value) < 1e6 else time.strftime("%H:%M:%S", time.localtime(value))
        )
    return str(value)


def render_html(
    report: ShowReport, language: str = "zh", pictures: bool = False, width: int = 840
) -> str:
    """The report page. `pictures`: charts as `<img src="chart-….png">` of `width` px, which
    the studio's own window paints from `report_charts` (Qt's rich text draws no SVG)."""
    w = _words(language)
    charts = {c.name: c for c in report_charts(report, language)}
    show, totals, stream = report["show"], report["totals"], report["stream"]
    kpis = [
        (w["revenue"], f"¥{format_yuan(round(totals['revenue'] * 100))}"),
        (w["orders"], str(totals["orders"])),
        (w["units_col"], str(totals["units"])),
        (w["link_ups"], f"{totals['listed']}/{totals['link_ups']}"),
        (w["reconnects"], _reconnects_cell(stream, w)),
        (w["dropped"], str(stream["dropped_frames"])),
        (w["missed"], str(stream.get("missed_frames", 0))),
    ]
    errors = ""
    stray = totals.get("not_in_catalog") or {}
    if stray.get("orders"):
        errors += (
            "<p>"
            + html.escape(
                w["not_in_catalog"].format(
                    n=stray["orders"],
                    units=stray["units"],
                    revenue=format_yuan(round(stray["revenue"] * 100)),
                    ids="、".join(stray.get("product_ids", []))
                    if language == "zh"
                    else ", ".join(stray.get("product_ids", [])),
                )
            )
            + "</p>"
        )
    if report["import_errors"]:
        errors += f"<h2>{w['skipped']}</h2>" + _table(
            report["import_errors"],
            [("row", "row"), ("column", "column"), ("reason", "reason")],
            w,
        )
    title = html.escape(f"{show['title']} · {w['report']}")
    summary = w["summary"].format(
        start=time.strftime("%Y-%m-%d %H:%M", time.localtime(show["started_at"])),
        m=int(show["duration_s"] // 60),
        s=int(show["duration_s"] % 60),
        platform=_platform_words(str(show["platform"]), w) + _console_counts(report, w),
        c=show["comments"],
    )
    # a table, not styled boxes: every reader (Qt's rich text too) keeps each figure under
    # its own word ("成交额" over "¥5728.7", not "成交额¥5728.7订单86…")
    kpi_html = (
        '<table class="kpis"><tr>'
        + "".join(f"<td>{html.escape(k)}</td>" for k, _ in kpis)
        + "</tr><tr>"
        + "".join(f"<td><b>{html.escape(v)}</b></td>" for _, v in kpis)
        + "</tr></table>"
    )
    products = _table(
        report["products"],
        [
            ("name", "product"),
            ("spec", "spec"),
            ("live_price", "live_price"),
            ("price", "price"),
            ("talk_s", "talk"),
            ("link_ups", "link_ups"),
            ("orders", "orders"),
            ("units", "units_col"),
            ("revenue", "revenue"),
            ("conversion", "conversion"),
        ],
        w,
    )
    links = _table(
        report["link_ups"],
        [
            ("product_name", "product"),
            ("status", "status"),
            ("zero_at", "zero_at"),
            # platform receipt − zero stays in report-technical.csv: a figure for engineers
            ("attempts", "attempts"),
            ("orders", "orders"),
            ("units", "units_col"),
            ("revenue", "revenue"),
            ("viewers_at_zero", "viewers"),
            ("conversion", "conversion"),
            ("error", "error"),
        ],
        w,
    )
    lang = "zh-CN" if language == "zh" else "en"
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<title>{title}</title><style>{_CSS}</style></head><body>
<h1>{title}</h1>
<p>{html.escape(summary)}</p>
<div>{kpi_html}</div>
<h2>{w["timeline_title"]}</h2>{_chart_html(charts["timeline"], w, pictures, width)}
<h2>{w["revenue_chart"]}</h2>{_chart_html(charts.get("revenue"), w, pictures, width)}
<h2>{w["products"]}</h2>{products}
<h2>{w["each_link_up"]}</h2>{links}
{errors}
<p class="made-by">{APP_NAME_ZH if language == "zh" else APP_NAME_EN} {html.escape(__version__)}</p>
</body></html>
"""
