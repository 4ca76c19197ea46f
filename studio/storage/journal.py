"""The show journal: SQLite in WAL mode, one connection owned by one `Journal`.

Every step of a show is written as it happens (catalog, queue, each link-up's timeline,
orders, comments, stream events), each in its own transaction, so a studio killed mid-show
(SIGKILL, a power cut after the OS flushed) loses nothing it had acknowledged: the next start
finds the unfinished show and resumes it. Schema changes are numbered migrations, applied in
order and recorded in `PRAGMA user_version`.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from studio.core.catalog import ImportIssue, Product
from studio.core.errors import StudioError
from studio.core.messages import Message, reason, restored, stored
from studio.core.rundown import ItemState, LinkUp, LinkUpState, QueueItem

log = logging.getLogger(__name__)

MIGRATIONS: tuple[str, ...] = (
    # 1: the first journal
    """
    CREATE TABLE shows (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        platform TEXT NOT NULL DEFAULT '',
        platform_session TEXT NOT NULL DEFAULT '',
        started_at REAL NOT NULL,
        ended_at REAL,
        last_event_id INTEGER NOT NULL DEFAULT 0,
        viewers INTEGER NOT NULL DEFAULT 0,
        settings TEXT NOT NULL DEFAULT '{}',
        catalog_path TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE products (
        show_id INTEGER NOT NULL REFERENCES shows(id),
        position INTEGER NOT NULL,
        product_key TEXT NOT NULL,
        sku TEXT NOT NULL,
        name TEXT NOT NULL,
        price_fen INTEGER NOT NULL,
        live_price_fen INTEGER NOT NULL,
        stock INTEGER,
        limit_per_buyer INTEGER,
        image TEXT NOT NULL,
        pitch TEXT NOT NULL,
        PRIMARY KEY (show_id, product_key)
    );
    CREATE TABLE import_issues (
        show_id INTEGER NOT NULL REFERENCES shows(id),
        row INTEGER NOT NULL,
        column_name TEXT NOT NULL,
        reason TEXT NOT NULL,
        sheet_row INTEGER NOT NULL
    );
    CREATE TABLE queue_items (
        show_id INTEGER NOT NULL REFERENCES shows(id),
        item_id INTEGER NOT NULL,
        position INTEGER NOT NULL,
        product_key TEXT NOT NULL,
        live_price_fen INTEGER NOT NULL,
        release_stock INTEGER,
        limit_per_buyer INTEGER,
        state TEXT NOT NULL,
        talk_s REAL NOT NULL,
        talk_started_at REAL,
        PRIMARY KEY (show_id, item_id)
    );
    CREATE TABLE link_ups (
        id INTEGER PRIMARY KEY,
        show_id INTEGER NOT NULL REFERENCES shows(id),
        data TEXT NOT NULL
    );
    CREATE TABLE orders (
        id INTEGER PRIMARY KEY,
        show_id INTEGER NOT NULL REFERENCES shows(id),
        event_key TEXT NOT NULL,
        product_key TEXT NOT NULL,
        buyer TEXT NOT NULL,
        quantity INTEGER NOT NULL,
        amount_fen INTEGER NOT NULL,
        at REAL NOT NULL,
        link_up_id INTEGER,
        UNIQUE (show_id, event_key)
    );
    CREATE TABLE comments (
        id INTEGER PRIMARY KEY,
        show_id INTEGER NOT NULL REFERENCES shows(id),
        event_key TEXT NOT NULL,
        user TEXT NOT NULL,
        text TEXT NOT NULL,
        at REAL NOT NULL,
        UNIQUE (show_id, event_key)
    );
    CREATE TABLE stream_events (
        id INTEGER PRIMARY KEY,
        show_id INTEGER NOT NULL REFERENCES shows(id),
        at REAL NOT NULL,
        kind TEXT NOT NULL,
        detail TEXT NOT NULL
    );
    CREATE INDEX orders_by_show ON orders(show_id, at);
    CREATE INDEX stream_events_by_show ON stream_events(show_id, at);
    """,
    # 2: link-ups keyed by their idempotency key (written without waiting for a row id);
    # link_up_id becomes a number the show gives (1, 2, … within the show)
    """
    ALTER TABLE link_ups ADD COLUMN key TEXT;
    UPDATE link_ups SET key = json_extract(data, '$.idempotency_key');
    CREATE UNIQUE INDEX link_ups_by_key ON link_ups(show_id, key);
    """,
    # 3: the platform's own id of each product (WeChat mini-program live's goodsId)
    """
    ALTER TABLE products ADD COLUMN goods_id TEXT NOT NULL DEFAULT '';
    """,
    # 4: each product's 规格 ("5斤装"), said on the card
    """
    ALTER TABLE products ADD COLUMN spec TEXT NOT NULL DEFAULT '';
    """,
)


@dataclass(frozen=True)
class ShowRecord:
    id: int
    title: str
    platform: str
    platform_session: str
    started_at: float
    ended_at: float | None
    last_event_id: int
    viewers: int
    settings: dict[str, Any]
    catalog_path: str


@dataclass(frozen=True)
class OrderRecord:
    """An order event; `event_key` is "platform session:event id", unique within a show."""

    event_key: str
    product_key: str
    buyer: str
    quantity: int
    amount_fen: int
    at: float
    link_up_id: int | None


_LINK_FIELDS = [f.name for f in fields(LinkUp)]


class JournalError(StudioError, RuntimeError):
    """The journal cannot be opened or written (disk full, file locked by another studio).

    `reason` is a short code for the cause (`disk_full`, `read_only`, `not_a_database`,
    `locked`, `io`, `other`) so the app can word advice in the host's language.
    """

    def __init__(self, message: Message, reason: str = "other", path: Path | None = None) -> None:
        super().__init__(message)  # a Message: worded where it is shown, in that language
        self.reason = reason
        self.path = path

    @classmethod
    def cannot_open(cls, path: Path, exc: BaseException) -> JournalError:
        """The journal at `path` cannot be opened; SQLite's own (English) words go to the
        log, the host gets the cause as a code."""
        code = error_reason(exc)
        log.warning("journal %s: %s", path, exc)
        return cls(
            Message("journal.cannot_open", {"path": str(path), "reason": reason(code)}), code, path
        )


def error_reason(exc: BaseException) -> str:
    """The cause of an SQLite (or OS) error as a short code: what the host can act on."""
    text = str(exc).lower()
    if isinstance(exc, OSError):
        import errno

        if exc.errno == errno.ENOSPC:
            return "disk_full"
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return "read_only"
        return "io"
    if "full" in text:
        return "disk_full"
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return "read_only"
    if "not a database" in text or "malformed" in text or "file is not" in text:
        return "not_a_database"
    if "locked" in text or "busy" in text:
        return "locked"
    if "i/o" in text:
        return "io"
    return "other"


class Journal:
    """The one owner of the journal's SQLite connection; safe to call from any thread."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                self.path, check_same_thread=False, isolation_level=None, timeout=5.0
            )
        except (sqlite3.Error, OSError) as exc:
            raise JournalError.cannot_open(self.path, exc) from None
        self._lock = threading.RLock()
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")  # WAL: safe against process crashes
            self._db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
            self._db.execute("PRAGMA quick_check(1)").fetchone()
        except sqlite3.Error as exc:
            self._db.close()
            raise JournalError.cannot_open(self.path, exc) from None

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def checkpoint(self) -> bool:
        """Move the WAL into the database and truncate it (PRAGMA wal_checkpoint(TRUNCATE)):
        on a full disk the WAL holds space that the next writes may need. False if SQLite
        could not (the disk is still too full for the database to grow)."""
        with self._lock:
            try:
                busy = self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            except sqlite3.Error:
                return False
        return busy is not None and busy[0] == 0

    def in_memory_copy(self) -> Journal:
        """Everything the journal holds, copied into memory (reading needs no free space):
        the writes the disk refused at the end are applied there, so the report is built
        from the whole show, never from what happened to fit on the disk."""
        memory = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        with self._lock:
            self._db.backup(memory)
        copy = Journal.__new__(Journal)
        copy.path, copy._db, copy._lock = self.path, memory, threading.RLock()
        return copy

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One transaction; inside `batch()` the batch's own (all its writes commit together)."""
        with self._lock:
            if self._db.in_transaction:  # inside a batch (or a save made of smaller ones)
                yield self._db
                return
            try:
                self._db.execute("BEGIN IMMEDIATE")
                yield self._db
                self._db.execute("COMMIT")
            except BaseException:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Several writes in one transaction: all of them are kept, or none (the writer's
        unit, so an order burst costs one commit instead of hundreds)."""
        with self._tx():
            yield

    def _migrate(self) -> None:
        with self._lock:
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                with self._tx() as db:
                    for statement in script.split(";"):
                        if statement.strip():
                            db.execute(statement)
                    db.execute(f"PRAGMA user_version = {number}")

    @property
    def schema_version(self) -> int:
        with self._lock:
            return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    # -- shows ---------------------------------------------------------------------------------
    def start_show(
        self,
        title: str,
        started_at: float,
        platform: str = "",
        settings: dict[str, Any] | None = None,
        catalog_path: str = "",
    ) -> int:
        with self._tx() as db:
            cur = db.execute(
                "INSERT INTO shows (title, platform, started_at, settings, catalog_path)"
                " VALUES (?, ?, ?, ?, ?)",
                (
                    title,
                    platform,
                    started_at,
                    json.dumps(settings or {}, ensure_ascii=False),
                    catalog_path,
                ),
            )
            return int(cur.lastrowid or 0)

    def set_platform_session(self, show_id: int, session_id: str) -> None:
        """A new platform session (also after a resume): its event ids start afresh."""
        with self._tx() as db:
            db.execute(
                "UPDATE shows SET platform_session = ?, last_event_id = CASE"
                " WHEN platform_session = ? THEN last_event_id ELSE 0 END WHERE id = ?",
                (session_id, session_id, show_id),
            )

    def end_show(self, show_id: int, ended_at: float) -> None:
        with self._tx() as db:
            db.execute(
                "UPDATE shows SET ended_at = ? WHERE id = ? AND ended_at IS NULL",
                (ended_at, show_id),
            )

    def show(self, show_id: int) -> ShowRecord:
        with self._lock:
            row = self._db.execute("SELECT * FROM shows WHERE id = ?", (show_id,)).fetchone()
        if row is None:
            raise JournalError(Message("journal.no_show", {"show_id": show_id}))
        return self._show(row)

    @staticmethod
    def _show(row: tuple[Any, ...]) -> ShowRecord:
        return ShowRecord(
            row[0],
            row[1],
            row[2],
            row[3],
            row[4],
            row[5],
            row[6],
            row[7],
            json.loads(row[8]),
            row[9],
        )

    def unfinished_show(self) -> ShowRecord | None:
        """The latest show that never ended: the studio was killed during it."""
        with self._lock:
            row = self._db.execute(
                "SELECT * FROM shows WHERE ended_at IS NULL ORDER BY id DESC LIMIT 1"
            ).fetchone()
        return None if row is None else self._show(row)

    def latest_show(self) -> ShowRecord | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM shows ORDER BY id DESC LIMIT 1").fetchone()
        return None if row is None else self._show(row)

    # -- catalog -------------------------------------------------------------------------------
    def save_catalog(
        self, show_id: int, products: Iterable[Product], issues: Iterable[ImportIssue] = ()
    ) -> None:
        with self._tx() as db:
            db.execute("DELETE FROM products WHERE show_id = ?", (show_id,))
            db.execute("DELETE FROM import_issues WHERE show_id = ?", (show_id,))
            db.executemany(
                "INSERT INTO products (show_id, position, product_key, sku, name, price_fen,"
                " live_price_fen, stock, limit_per_buyer, image, pitch, goods_id, spec)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        show_id,
                        i,
                        p.key,
                        p.sku,
                        p.name,
                        p.price_fen,
                        p.live_price_fen,
                        p.stock,
                        p.limit_per_buyer,
                        p.image,
                        p.pitch,
                        p.goods_id,
                        p.spec,
                    )
                    for i, p in enumerate(products)
                ],
            )
            db.executemany(
                "INSERT INTO import_issues VALUES (?, ?, ?, ?, ?)",
                [(show_id, i.row, i.column, stored(i.reason), i.sheet_row) for i in issues],
            )

    def products(self, show_id: int) -> list[Product]:
        with self._lock:
            rows = self._db.execute(
                "SELECT sku, name, price_fen, live_price_fen, stock, limit_per_buyer, image, pitch,"
                " goods_id, spec FROM products WHERE show_id = ? ORDER BY position",
                (show_id,),
            ).fetchall()
        return [
            Product(
                name=r[1],
                price_fen=r[2],
                live_price_fen=r[3],
                stock=r[4],
                limit_per_buyer=r[5],
                sku=r[0],
                image=r[6],
                pitch=r[7],
                goods_id=r[8],
                spec=r[9],
            )
            for r in rows
        ]

    def import_issues(self, show_id: int) -> list[ImportIssue]:
        with self._lock:
            rows = self._db.execute(
                "SELECT row, column_name, reason, sheet_row FROM import_issues WHERE show_id = ?"
                " ORDER BY rowid",
                (show_id,),
            ).fetchall()
        return [ImportIssue(r[0], r[1], restored(r[2]), r[3]) for r in rows]

    # -- queue ---------------------------------------------------------------------------------
    def save_queue(self, show_id: int, items: Iterable[QueueItem]) -> None:
        """The whole queue (the show's start, a resume): replaces what was there."""
        with self._tx() as db:
            db.execute("DELETE FROM queue_items WHERE show_id = ?", (show_id,))
            self.save_queue_items(show_id, ((pos, it) for pos, it in enumerate(items)))

    def save_queue_items(self, show_id: int, items: Iterable[tuple[int, QueueItem]]) -> None:
        """Only the items that changed, each with its position: a change costs what it
        touched, not the whole queue (a wholesaler's sheet has thousands of products)."""
        with self._tx() as db:
            db.executemany(
                "INSERT OR REPLACE INTO queue_items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        show_id,
                        it.item_id,
                        pos,
                        it.product.key,
                        it.live_price_fen,
                        it.release_stock,
                        it.limit_per_buyer,
                        it.state.name,
                        it.talk_s,
                        it.talk_started_at,
                    )
                    for pos, it in items
                ],
            )

    def remove_queue_item(self, show_id: int, item_id: int) -> None:
        with self._tx() as db:
            db.execute(
                "DELETE FROM queue_items WHERE show_id = ? AND item_id = ?", (show_id, item_id)
            )

    def queue(self, show_id: int) -> list[QueueItem]:
        by_key = {p.key: p for p in self.products(show_id)}
        with self._lock:
            rows = self._db.execute(
                "SELECT item_id, product_key, live_price_fen, release_stock, limit_per_buyer,"
                " state, talk_s, talk_started_at FROM queue_items WHERE show_id = ?"
                " ORDER BY position",
                (show_id,),
            ).fetchall()
        return [
            QueueItem(
                item_id=r[0],
                product=by_key[r[1]],
                live_price_fen=r[2],
                release_stock=r[3],
                limit_per_buyer=r[4],
                state=ItemState[r[5]],
                talk_s=r[6],
                talk_started_at=r[7],
            )
            for r in rows
            if r[1] in by_key
        ]

    # -- link-ups ------------------------------------------------------------------------------
    def save_link_up(self, show_id: int, link: LinkUp) -> None:
        """Insert or update the link-up (its whole state, as JSON), keyed by its
        idempotency key: nothing waits for a row id."""
        data = asdict(link)
        data["state"] = link.state.name
        text = json.dumps(data, ensure_ascii=False)
        with self._tx() as db:
            db.execute(
                "INSERT INTO link_ups (show_id, key, data) VALUES (?, ?, ?)"
                " ON CONFLICT (show_id, key) DO UPDATE SET data = excluded.data",
                (show_id, link.idempotency_key, text),
            )

    def link_ups(self, show_id: int) -> list[LinkUp]:
        with self._lock:
            rows = self._db.execute(
                "SELECT data FROM link_ups WHERE show_id = ? ORDER BY id", (show_id,)
            ).fetchall()
        out = []
        for (text,) in rows:
            data = json.loads(text)
            data["state"] = LinkUpState[data["state"]]
            out.append(LinkUp(**{k: v for k, v in data.items() if k in _LINK_FIELDS}))
        return out

    # -- platform events -----------------------------------------------------------------------
    def add_order(self, show_id: int, order: OrderRecord, event_id: int) -> bool:
        """False if this event was already journaled (a replay after a reconnect)."""
        with self._tx() as db:
            cur = db.execute(
                "INSERT OR IGNORE INTO orders (show_id, event_key, product_key, buyer, quantity,"
                " amount_fen, at, link_up_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    show_id,
                    order.event_key,
                    order.product_key,
                    order.buyer,
                    order.quantity,
                    order.amount_fen,
                    order.at,
                    order.link_up_id,
                ),
            )
            db.execute(
                "UPDATE shows SET last_event_id = max(last_event_id, ?) WHERE id = ?",
                (event_id, show_id),
            )
            return cur.rowcount == 1

    def add_comment(
        self, show_id: int, event_key: str, event_id: int, user: str, text: str, at: float
    ) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT OR IGNORE INTO comments (show_id, event_key, user, text, at)"
                " VALUES (?, ?, ?, ?, ?)",
                (show_id, event_key, user, text, at),
            )
            db.execute(
                "UPDATE shows SET last_event_id = max(last_event_id, ?) WHERE id = ?",
                (event_id, show_id),
            )

    def set_viewers(self, show_id: int, viewers: int, event_id: int) -> None:
        with self._tx() as db:
            db.execute(
                "UPDATE shows SET viewers = ?, last_event_id = max(last_event_id, ?) WHERE id = ?",
                (viewers, event_id, show_id),
            )

    def orders(self, show_id: int) -> list[OrderRecord]:
        with self._lock:
            rows = self._db.execute(
                "SELECT event_key, product_key, buyer, quantity, amount_fen, at, link_up_id"
                " FROM orders WHERE show_id = ? ORDER BY at",
                (show_id,),
            ).fetchall()
        return [OrderRecord(*r) for r in rows]

    def comment_count(self, show_id: int) -> int:
        with self._lock:
            return int(
                self._db.execute(
                    "SELECT count(*) FROM comments WHERE show_id = ?", (show_id,)
                ).fetchone()[0]
            )

    def add_stream_event(self, show_id: int, at: float, kind: str, detail: dict[str, Any]) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT INTO stream_events (show_id, at, kind, detail) VALUES (?, ?, ?, ?)",
                (show_id, at, kind, json.dumps(detail, ensure_ascii=False)),
            )

    def stream_events(self, show_id: int) -> list[tuple[float, str, dict[str, Any]]]:
        with self._lock:
            rows = self._db.execute(
                "SELECT at, kind, detail FROM stream_events WHERE show_id = ? ORDER BY at",
                (show_id,),
            ).fetchall()
        return [(r[0], r[1], json.loads(r[2])) for r in rows]
