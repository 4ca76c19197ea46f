"""The merchant's catalog files: CSV in any encoding Excel/WPS writes, and .xlsx.

The parsing rules (headers, prices, per-row issues) live in `studio.core.catalog`; this module
only turns bytes into rows of text and back.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from studio.app.xlsx import WorkbookSheet, XlsxError, read_workbook
from studio.core.catalog import (
    CatalogFormatError,
    ImportResult,
    Product,
    csv_safe,
    export_rows,
    find_header,
    parse_table,
)
from studio.core.messages import Message, said

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls")
EXPORT_EXCEL_SUFFIXES = (".xlsx",)
OTHER_SUFFIXES = (".et", ".numbers", ".ods", ".xlsb")
MAX_CSV = 64 * 1024 * 1024
THE_FILE = Message("sheet.the_file")  # a sheet with no name to give, in the words of the reader
MAX_CSV_CELL = 1 << 20  # the csv module's own default (131,072) refuses long pitches


def import_catalog(path: str | Path) -> ImportResult:
    """Read a CSV or Excel catalog; CatalogFormatError (with advice) if the file is unusable."""
    path = Path(path)
    if not path.is_file():
        raise CatalogFormatError(Message("sheet.not_found", {"path": str(path)}))
    suffix = path.suffix.lower()
    if suffix in OTHER_SUFFIXES:
        raise CatalogFormatError(
            Message("sheet.unsupported", {"file": path.name, "suffix": suffix})
        )
    if suffix in EXCEL_SUFFIXES:
        return _import_xlsx(path)
    if suffix in CSV_SUFFIXES or not suffix:
        size = path.stat().st_size
        if size > MAX_CSV:
            raise CatalogFormatError(
                Message("sheet.too_big", {"file": path.name, "mb": size // (1024 * 1024)})
            )
        data = path.read_bytes()
        text, encoding = _decode(data)
        if not encoding:
            raise CatalogFormatError(_encoding_error(data, path.name))
        result = parse_table(split_csv(text, path.name))
        if encoding == "big5":
            result.notes.insert(0, Message("catalog.big5", {"file": path.name}))
        return result
    raise CatalogFormatError(Message("sheet.unknown_type", {"file": path.name}))


_HAN = re.compile("[\u4e00-\u9fff]")


def _uncommon_share(text: str, common: str) -> float:
    """The share of Chinese characters in `text` that the `common` encoding lacks (counted
    in C: encoded with "?" for what it lacks)."""
    han = "".join(_HAN.findall(text))
    if not han:
        return 0.0
    missing = han.encode(common, errors="replace").count(b"?")
    return missing / len(han)


def _decode(data: bytes) -> tuple[str, str]:
    """(text, encoding): utf-16, utf-8-sig, gb18030 or big5; ("", "") if none decodes.

    Bytes from a Big5 (Traditional Chinese, Taiwan and Hong Kong Excel) file mostly also
    decode as GB18030, as strings of rare characters (台灣高山茶 becomes 芖蔼…). Text in
    GB18030 uses GB2312's common characters almost only, so a decoding where many are
    outside it, while Big5 decodes the same bytes, is Big5.
    """
    if data.startswith(_UTF32_BOMS):
        return "", ""  # UTF-32 also starts with UTF-16's mark; said by _encoding_error
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return "", ""
    try:
        return data.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError:
        pass
    try:
        gb: str | None = data.decode("gb18030")
    except UnicodeDecodeError:
        gb = None
    sample = data[:65536]
    try:
        big5_sample: str | None = sample.decode(
            "big5", errors="strict" if len(data) <= 65536 else "ignore"
        )
    except UnicodeDecodeError:
        big5_sample = None
    if big5_sample is not None and (
        gb is None or _uncommon_share(gb[: len(big5_sample)], "gb2312") > 0.25
    ):
        try:
            return data.decode("big5"), "big5"
        except UnicodeDecodeError:
            pass
    if gb is not None:
        return gb, "gb18030"
    return "", ""


def decode_text(data: bytes, name: str | Message = THE_FILE) -> str:
    """CSV bytes to text: UTF-16 (Excel "Unicode text"), UTF-8 with or without BOM,
    GB18030/GBK (what Chinese Excel and WPS write), or Big5 (Traditional Chinese)."""
    text, encoding = _decode(data)
    if encoding:
        return text
    raise CatalogFormatError(_encoding_error(data, name))


_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")


def _encoding_error(data: bytes, name: str | Message) -> Message:
    """Why the bytes are not text we read, and how to save them so they are."""
    if data.startswith(_UTF32_BOMS):
        return Message("sheet.utf32", {"file": name})
    return Message("sheet.unknown_encoding", {"file": name})


def read_csv_rows(data: bytes, name: str | Message = THE_FILE) -> list[list[str]]:
    """Decode and split a CSV (comma, tab or semicolon separated, as sniffed from the sample)."""
    return split_csv(decode_text(data, name), name)


def split_csv(text: str, name: str | Message = THE_FILE) -> list[list[str]]:
    """Split CSV text into rows (the delimiter sniffed from the start)."""
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel_tab if sample.count("\t") > sample.count(",") else csv.excel
    csv.field_size_limit(MAX_CSV_CELL)
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    started = started_last = 1  # the lines the row being read and the last row start on
    # rows whose cell went on over lines (a pitch, or a stray quote), with the widest row
    # above them: the header's width, also under a title row of one cell
    over_lines: list[tuple[int, int, int, int]] = []
    widest = 0
    try:
        for row in reader:
            rows.append(row)
            if reader.line_num > started:
                over_lines.append((len(rows) - 1, started, reader.line_num, widest))
            widest = max(widest, len(row))
            started_last, started = started, reader.line_num + 1
    except csv.Error as exc:
        if "field limit" in str(exc):
            detail = {"file": name, "line": started, "most": MAX_CSV_CELL}
            raise CatalogFormatError(Message("sheet.csv_cell_too_big", detail)) from None
        detail = {"file": name, "line": reader.line_num, "reason": str(exc)}
        raise CatalogFormatError(Message("sheet.bad_csv_line", detail)) from None
    if rows and reader.line_num > started_last and _unclosed_quote(text, dialect):
        # the csv module takes an unclosed quote's cell to the end of the file, silently
        detail = {"file": name, "line": started_last}
        raise CatalogFormatError(Message("sheet.unclosed_quote", detail))
    for index, line, end, width in over_lines:
        _check_swallowed_rows(rows[index], width, str(dialect.delimiter), name, line, end)
    return rows


_SWALLOWED_NUMBER = re.compile(r"\s*[¥￥]?\s*\d+(\.\d+)?\s*元?\s*")


def _looks_like_a_row(text: str, delimiter: str, width: int) -> bool:
    """A line that reads as a product row of the sheet: a whole row's separators, and a
    price or a count among its cells (a pitch of 甜,脆,多汁,包邮 has no number)."""
    if text.count(delimiter) < width - 1:
        return False
    return any(_SWALLOWED_NUMBER.fullmatch(cell) for cell in text.split(delimiter)[1:])


def _check_swallowed_rows(
    row: list[str], width: int, delimiter: str, name: str | Message, line: int, end: int
) -> None:
    """A quote typed at the start of a cell ("好吃) that the csv module pairs with one
    lines later takes the rows between into one cell, and those products are lost without
    a word. A line of a multi-line cell that reads as a product row is such a row: a pitch
    over two lines does not read 木耳,30,19,5."""
    if width < 3:
        return
    for cell in row:
        if "\n" not in cell:
            continue
        if any(_looks_like_a_row(text, delimiter, width) for text in cell.splitlines()[1:]):
            detail = {"file": name, "line": line, "end": end}
            raise CatalogFormatError(Message("sheet.quote_spans_rows", detail))


def _unclosed_quote(text: str, dialect: type[csv.Dialect] | csv.Dialect) -> bool:
    """Whether the file ends inside a quoted cell: read again strictly, the csv module says
    "unexpected end of data" there (and only there, past what the loose read accepted)."""
    try:
        for _row in csv.reader(io.StringIO(text, newline=""), dialect, strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


_BOUNDS_SAID = frozenset(
    {
        "xlsx.cell_too_long",
        "xlsx.too_much_text",
        "xlsx.too_many_cells",
        "xlsx.column_too_far",
        "xlsx.row_too_far",
        "xlsx.sheet_too_big",
    }
)


def _xlsx_sheets(path: Path) -> Iterator[WorkbookSheet]:
    try:
        yield from read_workbook(path)
    except XlsxError as exc:
        detail = {"file": path.name, "reason": said(exc)}
        if exc.message.code in _BOUNDS_SAID:
            # the workbook opened; what is wrong with it is said with what to do about it
            raise CatalogFormatError(Message("sheet.workbook_refused", detail)) from None
        raise CatalogFormatError(Message("sheet.bad_workbook", detail)) from None


def _import_xlsx(path: Path) -> ImportResult:
    first_error: CatalogFormatError | None = None
    for sheet in _xlsx_sheets(path):
        try:
            find_header(sheet.rows)
        except CatalogFormatError as exc:
            first_error = first_error or exc
            continue  # a notes or summary sheet before the product sheet
        result = parse_table(sheet.rows, unknown=sheet.unknown)
        notes = []
        if sheet.of > 1:  # the merchant knows which of the sheets became tonight's goods
            notes.append(Message("catalog.sheet_read", {"title": sheet.title, "of": sheet.of}))
        if sheet.hidden_rows:
            notes.append(Message("catalog.hidden_rows", {"count": sheet.hidden_rows}))
        result.notes[:0] = notes
        return result
    raise first_error or CatalogFormatError(Message("sheet.empty_workbook", {"file": path.name}))


def export_catalog(products: Sequence[Product], path: str | Path) -> Path:
    """Write the catalog as .xlsx or CSV (UTF-8 with BOM, so Excel shows the Chinese correctly)."""
    path = Path(path)
    rows = export_rows(products)
    suffix = path.suffix.lower()
    tmp = path.with_name(path.name + ".part")
    if suffix in EXPORT_EXCEL_SUFFIXES:
        import openpyxl
        from openpyxl.cell import WriteOnlyCell

        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet("商品")
        for row in rows:
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text, never a formula: "=HYPERLINK(…)" stays words
                cells.append(cell)
            sheet.append(cells)
        workbook.save(tmp)
    elif suffix in CSV_SUFFIXES:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh).writerows([[csv_safe(v) for v in row] for row in rows])
    else:
        raise CatalogFormatError(Message("sheet.bad_export", {"file": path.name}))
    tmp.replace(path)  # never a half-written catalog under the real name
    return path
