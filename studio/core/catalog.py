"""The merchant's catalog: products, prices in fen, and turning spreadsheet rows into products.

Spreadsheets arrive as merchants really keep them: Chinese or English headers in many
spellings, a title row above the headers, prices written "¥19.9", "19.90元" or "1,299",
blank optional cells. `parse_table` takes the rows as text (the file readers in
`studio.app.catalog_files` decode CSV and Excel) and returns the good products plus one
`ImportIssue` per bad row; a bad row never stops the others, and no row is dropped silently.

Money is held as integer fen (分): no float rounding between the sheet, the platform and
the report.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import Enum

from studio.core.errors import StudioError
from studio.core.messages import Message, render


class Field(Enum):
    """A catalog column. No valid zero."""

    SKU = 1
    NAME = 2
    PRICE = 3
    LIVE_PRICE = 4
    STOCK = 5
    LIMIT = 6
    IMAGE = 7
    PITCH = 8
    GOODS_ID = 9  # the platform's own id of the product (WeChat mini-program live's goodsId)
    SPEC = 10  # 规格: what one unit is ("5斤装", "30枚", "500g×2"), said on the card


# Header spellings seen in merchants' sheets (Excel, WPS, platform exports), normalised by
# `_normalise_header`: lower case, no spaces, no units in brackets, no "*" required marks.
HEADER_ALIASES: dict[Field, tuple[str, ...]] = {
    Field.SKU: (
        "编号",
        "sku",
        "货号",
        "商品编号",
        "商品id",
        "商品编码",
        "编码",
        "款号",
        "产品编号",
        "id",
        "code",
        "itemno",
        "productid",
        "skuid",
        "商家编码",
    ),
    Field.NAME: (
        "商品名称",
        "名称",
        "品名",
        "商品",
        "商品名",
        "产品名称",
        "产品",
        "产品名",
        "宝贝名称",
        "宝贝标题",
        "商品标题",
        "标题",
        "name",
        "product",
        "productname",
        "title",
        "item",
        "itemname",
    ),
    Field.PRICE: (
        "原价",
        "价格",
        "售价",
        "零售价",
        "市场价",
        "吊牌价",
        "划线价",
        "单价",
        "日常价",
        "price",
        "originalprice",
        "listprice",
        "regularprice",
        "msrp",
        "retailprice",
    ),
    Field.LIVE_PRICE: (
        "直播价",
        "秒杀价",
        "活动价",
        "到手价",
        "现价",
        "优惠价",
        "福利价",
        "直播间价格",
        "直播价格",
        "特价",
        "liveprice",
        "saleprice",
        "promoprice",
        "flashprice",
        "dealprice",
    ),
    Field.STOCK: (
        "库存",
        "数量",
        "库存数量",
        "可售库存",
        "库存数",
        "放库存",
        "上架库存",
        "stock",
        "qty",
        "quantity",
        "inventory",
    ),
    Field.LIMIT: (
        "限购",
        "每人限购",
        "限购数量",
        "限购数",
        "单人限购",
        "limit",
        "perbuyerlimit",
        "maxperbuyer",
        "purchaselimit",
        "limitperbuyer",
    ),
    Field.IMAGE: (
        "图片",
        "主图",
        "图片链接",
        "图片地址",
        "商品图片",
        "主图链接",
        "商品主图",
        "图片路径",
        "image",
        "picture",
        "photo",
        "imageurl",
        "img",
        "pictureurl",
    ),
    Field.PITCH: (
        "卖点",
        "话术",
        "介绍",
        "商品介绍",
        "描述",
        "商品描述",
        "讲解词",
        "讲解话术",
        "卖点话术",
        "sellingpoints",
        "pitch",
        "description",
        "notes",
        "script",
    ),
    Field.GOODS_ID: (
        "小程序商品id",
        "微信商品id",
        "直播商品id",
        "直播间商品id",
        "平台商品id",
        "goodsid",
        "wechatgoodsid",
        "platformid",
        "platformproductid",
    ),
    Field.SPEC: (
        "规格",
        "商品规格",
        "规格型号",
        "包装规格",
        "规格说明",
        "净含量",
        "spec",
        "specs",
        "specification",
        "specifications",
        "size",
        "packsize",
        "variant",
    ),
}
# A header that names the platform's id when the sheet has another id column (编号 and
# 商品ID), and the sheet's own id when it is the only one.
_SHARED_ID_HEADERS = frozenset({"商品id"})

# Column titles for export, in the order a merchant reads them (and that re-import understands).
EXPORT_HEADERS: tuple[tuple[Field, str], ...] = (
    (Field.SKU, "编号"),
    (Field.NAME, "商品名称"),
    (Field.PRICE, "原价"),
    (Field.LIVE_PRICE, "直播价"),
    (Field.STOCK, "库存"),
    (Field.LIMIT, "限购"),
    (Field.IMAGE, "图片"),
    (Field.PITCH, "卖点"),
    (Field.GOODS_ID, "小程序商品ID"),
    (Field.SPEC, "规格"),
)

FIELD_LABELS: dict[Field, str] = dict(EXPORT_HEADERS)

_HEADER_SEARCH_ROWS = 10  # how far below a title block the header row may sit

# What platforms accept (the open contract's limits; Douyin, Kuaishou and WeChat are close):
# checked at import, so the sheet check says it, not the platform at go-live.
MAX_NAME = 200
MAX_SKU = 64
MAX_KEY = 128
MAX_IMAGE = 2000
MAX_PITCH = 5000
MAX_SPEC = 100
MAX_UNUSED_NAMED = 10  # columns named in "not used" (a sheet may have thousands)
MAX_HEADER_SHOWN = 20  # characters of each such header
MAX_PRICE_FEN = 100_000_000  # ¥1,000,000
MAX_STOCK = 100_000_000
MAX_LIMIT = 100_000
MAX_ROWS = 100_000
_MAX_DIGITS = 15  # longer than any price or count; past it Decimal and int() misbehave
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def clean_cell(text: str) -> str:
    """A cell without control characters (terminal escapes, bidi overrides) and outer
    blanks: what is shown in a terminal or on stream is what the merchant typed."""
    if text.isprintable():  # nearly every cell: C speed, no regex
        return text.strip()
    return _CONTROL.sub(" ", text).strip()


@dataclass(frozen=True)
class Product:
    """One product of the catalog. Prices in fen; `None` means the sheet left it blank."""

    name: str
    price_fen: int
    live_price_fen: int
    stock: int | None = None
    limit_per_buyer: int | None = None
    sku: str = ""
    image: str = ""
    pitch: str = ""
    goods_id: str = ""  # the platform's id (商品ID / 小程序商品ID / goods_id), if the sheet has it
    spec: str = ""  # 规格 as the sheet writes it ("5斤装"): on the card and the teleprompter

    @property
    def key(self) -> str:
        """A stable identity for the platform and the journal: the SKU, else the name (a
        very long name shortened with its hash: platforms take ids of up to 128)."""
        if self.sku:
            return self.sku
        if len(self.name) <= MAX_KEY:
            return self.name
        digest = hashlib.sha1(self.name.encode("utf-8")).hexdigest()[:16]
        return f"{self.name[: MAX_KEY - 17]}#{digest}"


@dataclass(frozen=True)
class ImportIssue:
    """A row that was not imported, and why; `row` counts data rows from 1 (under the header)."""

    row: int
    column: str
    reason: Message | str  # a message, worded in the reader's language
    sheet_row: int = 0  # the row number Excel or WPS shows, for the host to find it
    name: str = ""  # the product's name, when the row has one (the host knows it by its name)

    def reason_text(self, language: str | None = None) -> str:
        return render(self.reason, language) if isinstance(self.reason, Message) else self.reason

    def describe(self, language: str | None = None) -> str:
        where = (
            Message("catalog.where_sheet", {"row": self.row, "sheet_row": self.sheet_row})
            if self.sheet_row
            else Message("catalog.where", {"row": self.row})
        )
        params = {"where": where, "column": self.column, "reason": self.reason_text(language)}
        code = "catalog.issue" if self.column else "catalog.issue_no_column"
        return render(Message(code, params), language)


@dataclass
class ImportResult:
    """What an import produced: products, the rows it refused, and which columns it recognised."""

    products: list[Product] = field(default_factory=list)
    issues: list[ImportIssue] = field(default_factory=list)
    columns: dict[Field, str] = field(default_factory=dict)  # field -> header as written
    header_row: int = 0  # sheet row of the header (1-based)
    notes: list[Message] = field(default_factory=list)  # about the sheet as a whole
    unused: list[str] = field(default_factory=list)  # headers of the columns not imported


class CatalogFormatError(StudioError, ValueError):
    """The file as a whole cannot be read as a catalog (no header row, unknown format, …)."""


class CellError(StudioError, ValueError):
    """One cell the catalog cannot use (a price, a count); the message says why."""


# --- money ---------------------------------------------------------------------------------

_CURRENCY = re.compile(r"(?i)rmb|cny|人民币|元|¥|￥|\s")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


def parse_price_fen(text: str) -> int:
    """ "¥19.9" → 1990, "19.90元" → 1990, "1,299" → 129900, "￥8" → 800.

    Raises CellError (a ValueError) with a message for the host when the text is not a price.
    """
    cleaned = _CURRENCY.sub("", unicodedata.normalize("NFKC", text))
    if len(cleaned) > _MAX_DIGITS:
        raise CellError(Message("catalog.price_too_long", {"text": text[:20]}))
    if _THOUSANDS.match(cleaned):
        cleaned = cleaned.replace(",", "")
    if not _NUMBER.match(cleaned):
        raise CellError(Message("catalog.not_a_price", {"text": text}))
    try:
        value = Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the regex admits only decimals
        raise CellError(Message("catalog.not_a_price", {"text": text})) from None
    if value < 0:
        raise CellError(Message("catalog.negative_price", {"text": text}))
    fen = int((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if fen > MAX_PRICE_FEN:
        raise CellError(Message("catalog.price_over_limit", {"text": text}))
    return fen


def format_yuan(fen: int) -> str:
    """1990 → "19.9", 800 → "8", 129900 → "1299": the way a host says it."""
    yuan = Decimal(fen) / 100
    text = f"{yuan:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def fen_to_yuan(fen: int) -> float:
    """For JSON reports: 1990 → 19.9."""
    return round(fen / 100, 2)


def parse_count(text: str, what: Message | str) -> int | None:
    """Stock or limit: "100", "1,000", "100件" → int; blank or "不限" → None."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    cleaned = re.sub(r"(件|个|份|箱|盒|袋|斤|只|瓶|包|pcs|units?)$", "", cleaned, flags=re.I)
    cleaned = cleaned.strip()
    if cleaned in ("", "不限", "无限", "不限购", "-", "—", "unlimited", "none"):
        return None
    if _THOUSANDS.match(cleaned):
        cleaned = cleaned.replace(",", "")
    if len(cleaned) > _MAX_DIGITS:
        raise CellError(Message("catalog.count_too_long", {"what": what, "text": text[:20]}))
    if re.fullmatch(r"[+-]?\d+(\.0+)?", cleaned) is None:
        raise CellError(Message("catalog.not_whole", {"what": what, "text": text}))
    value = int(Decimal(cleaned))
    if value < 0:
        raise CellError(Message("catalog.negative_count", {"what": what, "text": text}))
    return value


# --- headers and rows -----------------------------------------------------------------------


# Traditional characters of the header words, so a Big5 sheet from Taiwan or Hong Kong
# (商品名稱, 直播價, 庫存, 限購) is read like a simplified one
_TRADITIONAL = str.maketrans(
    "稱價庫數購圖賣點話術紹編號貨殺動單條碼簡規剩餘額內說紅優惠",
    "称价库数购图卖点话术绍编号货杀动单条码简规剩余额内说红优惠",
)


def _normalise_header(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip().lower().translate(_TRADITIONAL)
    text = re.sub(r"[(\[（【].*?[)\]）】]", "", text)  # units and notes: 价格(元), 库存【件】
    text = re.sub(r"[/／].*$", "", text)  # 库存/件, 单价/元
    return re.sub(r"[\s*_:：\-/.]", "", text)


_ALIAS_INDEX: dict[str, Field] = {
    alias: fld for fld, aliases in HEADER_ALIASES.items() for alias in aliases
}


def match_header(text: str) -> Field | None:
    """The catalog field a header cell names, if any."""
    return _ALIAS_INDEX.get(_normalise_header(text))


def _fields_of(row: Sequence[str]) -> list[Field | None]:
    """The field each header cell names. 商品ID is the platform's goods id beside another id
    column (编号 + 商品ID), and the sheet's own id when it is the only one."""
    fields = [match_header(cell) for cell in row]
    shared = [i for i, cell in enumerate(row) if _normalise_header(cell) in _SHARED_ID_HEADERS]
    other_sku = any(f is Field.SKU and i not in shared for i, f in enumerate(fields))
    if other_sku and Field.GOODS_ID not in fields:
        for i in shared:
            fields[i] = Field.GOODS_ID
    return fields


def _map_header(row: Sequence[str]) -> dict[Field, int]:
    mapping: dict[Field, int] = {}
    for index, fld in enumerate(_fields_of(row)):
        if fld is not None and fld not in mapping:
            mapping[fld] = index
    if Field.GOODS_ID not in mapping and Field.SKU in mapping:
        sku_header = row[mapping[Field.SKU]]
        if _normalise_header(sku_header) in _SHARED_ID_HEADERS:
            mapping[Field.GOODS_ID] = mapping[Field.SKU]  # one 商品ID column: both
    return mapping


def _letter(index: int) -> str:
    name, number = "", index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        name = chr(65 + rest) + name
    return name


def _duplicate_columns(header: Sequence[str]) -> list[Message]:
    """Two columns for one field (直播价 and 秒杀价): the first is used; say which."""
    first: dict[Field, int] = {}
    notes = []
    for index, (cell, fld) in enumerate(zip(header, _fields_of(header), strict=True)):
        if fld is None:
            continue
        if fld in first:
            used = first[fld]
            notes.append(
                Message(
                    "catalog.duplicate_column",
                    {
                        "col": _letter(index),
                        "header": cell.strip(),
                        "used_col": _letter(used),
                        "used_header": header[used].strip(),
                        "field": FIELD_LABELS[fld],
                    },
                )
            )
        else:
            first[fld] = index
    return notes


def find_header(rows: Sequence[Sequence[str]]) -> tuple[int, dict[Field, int]]:
    """The index of the header row (title rows above it are skipped) and its column map."""
    for index, row in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        mapping = _map_header(row)
        has_price = Field.PRICE in mapping or Field.LIVE_PRICE in mapping
        if Field.NAME in mapping and has_price:
            return index, mapping
    raise CatalogFormatError(Message("catalog.no_header"))


def unused_note(headers: Sequence[str]) -> Message:
    """ "未使用的列：产地、备注": the first few headers, each cut short, and how many more (a
    sheet of thousands of columns keeps the message one line)."""
    shown = [
        h if len(h) <= MAX_HEADER_SHOWN else h[: MAX_HEADER_SHOWN - 1] + "…"
        for h in (clean_cell(h) for h in headers[:MAX_UNUSED_NAMED])
    ]
    more = len(headers) - len(shown)
    if more:
        return Message("catalog.unused_columns_more", {"columns": "、".join(shown), "more": more})
    return Message("catalog.unused_columns", {"columns": "、".join(shown)})


def parse_table(
    rows: Iterable[Sequence[str]], unknown: Collection[tuple[int, int]] = ()
) -> ImportResult:
    """Turn a sheet's rows (cells as text) into products and per-row issues. `unknown`:
    the (sheet row, column) cells, 1-based, whose value the file does not carry (a formula
    stored without its result): a row that needs one is refused."""
    all_rows = []
    for row in rows:
        all_rows.append([("" if c is None else str(c)) for c in row])
        if len(all_rows) > MAX_ROWS + _HEADER_SEARCH_ROWS:
            raise CatalogFormatError(Message("catalog.too_many_rows", {"most": MAX_ROWS}))
    header_index, mapping = find_header(all_rows)
    header = all_rows[header_index]
    result = ImportResult(
        columns={fld: header[col].strip() for fld, col in mapping.items()},
        header_row=header_index + 1,
    )
    result.notes.extend(_duplicate_columns(header))
    used = set(mapping.values())
    fields = _fields_of(header)
    result.unused = [
        cell.strip()
        for index, cell in enumerate(header)
        if cell.strip() and index not in used and fields[index] is None  # duplicates: noted
    ]
    if result.unused:
        result.notes.append(unused_note(result.unused))
    seen_skus: dict[str, int] = {}
    data_row = 0
    for offset, row in enumerate(all_rows[header_index + 1 :], start=header_index + 2):
        if not any(cell.strip() for cell in row):
            continue  # blank spacer rows carry nothing
        data_row += 1
        product, issue = _parse_row(row, mapping, result.columns, data_row, offset, unknown)
        if issue is not None:
            result.issues.append(issue)
            continue
        assert product is not None
        if product.sku:
            first = seen_skus.get(product.sku)
            if first is not None:
                result.issues.append(
                    ImportIssue(
                        data_row,
                        result.columns[Field.SKU],
                        Message("catalog.duplicate_sku", {"sku": product.sku, "first": first}),
                        offset,
                        product.name,
                    )
                )
                continue
            seen_skus[product.sku] = data_row
        result.products.append(product)
    result.notes.extend(_price_notes(result.products))
    return result


# What Excel and WPS show in a cell whose formula failed (a VLOOKUP that found nothing is
# #N/A): never a value, and never to be read as a blank (a blank price takes the other one)
EXCEL_ERRORS = frozenset(
    {
        "#N/A",
        "#VALUE!",
        "#REF!",
        "#DIV/0!",
        "#NUM!",
        "#NAME?",
        "#NULL!",
        "#SPILL!",
        "#CALC!",
        "#GETTING_DATA",
        "#BLOCKED!",
        "#FIELD!",
        "#UNKNOWN!",
        "#CONNECT!",
        "#BUSY!",
    }
)
_NUMBER_FIELDS = frozenset({Field.PRICE, Field.LIVE_PRICE, Field.STOCK, Field.LIMIT})
# an id Excel took for a number: 3.60123456789012E+18, or 1234567890123456.0 (more digits
# than a number keeps); a 19-digit Douyin goods id typed as text is an id
_ROUNDED_ID = re.compile(r"\d(?:\.\d+)?[eE]\+?\d+|\d{16,}\.0")

MAX_NAMED = 3  # products named in a note about several; the rest are counted


def _price_notes(products: Sequence[Product]) -> list[Message]:
    """A live price above the list price is kept (the merchant may mean it) but said: the
    card would show a "was" price lower than the price, which reads like the columns are
    swapped."""
    above = [p for p in products if p.live_price_fen > p.price_fen]
    if not above:
        return []

    def said(p: Product) -> str:
        live, listed = format_yuan(p.live_price_fen), format_yuan(p.price_fen)
        return f"{p.name[:MAX_HEADER_SHOWN]} (¥{live} > ¥{listed})"

    named = "、".join(said(p) for p in above[:MAX_NAMED])
    more = len(above) - MAX_NAMED
    if more > 0:
        return [Message("catalog.live_above_list_more", {"names": named, "more": more})]
    return [Message("catalog.live_above_list", {"names": named})]


def _parse_row(
    row: Sequence[str],
    mapping: dict[Field, int],
    columns: dict[Field, str],
    data_row: int,
    sheet_row: int,
    unknown: Collection[tuple[int, int]] = (),
) -> tuple[Product | None, ImportIssue | None]:
    def cell(fld: Field) -> str:
        index = mapping.get(fld)
        if index is None or index >= len(row):
            return ""
        return clean_cell(row[index])

    name = cell(Field.NAME)
    # the name as the host would know the row by it: not a failed formula, not a whole page
    known = "" if name.upper() in EXCEL_ERRORS else name[:MAX_NAME]

    def issue(fld: Field, reason: Message | str) -> tuple[None, ImportIssue]:
        where = columns.get(fld, FIELD_LABELS[fld])
        return None, ImportIssue(data_row, where, reason, sheet_row, known)

    if not name:
        return issue(Field.NAME, Message("catalog.no_name"))
    for fld, most, what in (
        (Field.NAME, MAX_NAME, "field.name"),
        (Field.SKU, MAX_SKU, "field.sku"),
        (Field.IMAGE, MAX_IMAGE, "field.image"),
        (Field.PITCH, MAX_PITCH, "field.pitch"),
        (Field.GOODS_ID, MAX_SKU, "field.goods_id"),
        (Field.SPEC, MAX_SPEC, "field.spec"),
    ):
        length = len(cell(fld))
        if length > most:
            detail = {"what": Message(what), "length": length, "most": most}
            return issue(fld, Message("catalog.too_long", detail))
    for fld in mapping:
        text = cell(fld)
        if text.upper() in EXCEL_ERRORS:  # what Excel shows for a formula that failed
            return issue(fld, Message("catalog.formula_error", {"text": text}))
        if (sheet_row, mapping[fld] + 1) in unknown or (
            fld in _NUMBER_FIELDS and text.startswith("=")
        ):
            # a formula the file carries without its result (written by a tool, not by
            # Excel or WPS): its value is not known, and a blank would read as "none"
            return issue(fld, Message("catalog.formula_not_computed", {"text": text[:40]}))
        if fld in (Field.GOODS_ID, Field.SKU) and _ROUNDED_ID.fullmatch(text):
            # 3601234567890123456 typed into a number cell: Excel kept 15 digits of it
            return issue(fld, Message("catalog.id_as_number", {"text": text[:30]}))
    prices: dict[Field, int | None] = {}
    for fld in (Field.PRICE, Field.LIVE_PRICE):
        text = cell(fld)
        try:
            prices[fld] = parse_price_fen(text) if text else None
        except CellError as exc:
            return issue(fld, exc.message)
    price, live = prices[Field.PRICE], prices[Field.LIVE_PRICE]
    if price is None and live is None:
        return issue(
            Field.LIVE_PRICE if Field.LIVE_PRICE in mapping else Field.PRICE,
            Message("catalog.no_price"),
        )
    counts: dict[Field, int | None] = {}
    for fld, what in ((Field.STOCK, "field.stock"), (Field.LIMIT, "field.limit")):
        try:
            counts[fld] = parse_count(cell(fld), Message(what))
        except CellError as exc:
            return issue(fld, exc.message)
    limit = counts[Field.LIMIT]
    if limit == 0:
        return issue(Field.LIMIT, Message("catalog.zero_limit"))
    if limit is not None and limit > MAX_LIMIT:
        return issue(
            Field.LIMIT, Message("catalog.limit_over", {"limit": limit, "most": MAX_LIMIT})
        )
    stock = counts[Field.STOCK]
    if stock is not None and stock > MAX_STOCK:
        return issue(Field.STOCK, Message("catalog.stock_over", {"stock": stock}))
    if price is None:
        price = live
    if live is None:
        live = price
    assert price is not None and live is not None
    product = Product(
        name=name,
        price_fen=price,
        live_price_fen=live,
        stock=counts[Field.STOCK],
        limit_per_buyer=limit,
        sku=cell(Field.SKU),
        image=cell(Field.IMAGE),
        pitch=cell(Field.PITCH),
        goods_id=cell(Field.GOODS_ID),
        spec=cell(Field.SPEC),
    )
    return product, None


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_safe(value: object) -> object:
    """A cell for a CSV that Excel or WPS will open: text that would start a formula
    (=, +, -, @, a tab or return, or their full-width forms) gets a leading apostrophe, as
    OWASP advises, so it stays text. Numbers pass as they are."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def export_rows(products: Iterable[Product]) -> list[list[str | int | float]]:
    """The catalog as rows for CSV/XLSX export: a header row, then one row per product."""
    rows: list[list[str | int | float]] = [[title for _, title in EXPORT_HEADERS]]
    for p in products:
        rows.append(
            [
                p.sku,
                p.name,
                fen_to_yuan(p.price_fen),
                fen_to_yuan(p.live_price_fen),
                "" if p.stock is None else p.stock,
                "" if p.limit_per_buyer is None else p.limit_per_buyer,
                p.image,
                p.pitch,
                p.goods_id,
                p.spec,
            ]
        )
    return rows


def with_stock(product: Product, stock: int | None) -> Product:
    """A copy with another stock figure (products are immutable)."""
    return replace(product, stock=stock)
