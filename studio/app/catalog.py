"""The merchant's catalog files: CSV in any encoding Excel/WPS writes, and .xlsx.

The parsing rules (headers, prices, per-row issues) live in `studio.core.catalog`; this module
only turns bytes into rows of text and back.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from pathlib import Path

from studio.app.xlsx import XlsxError, read_xlsx
from studio.core.catalog import (
    CatalogFormatError,
    ImportResult,
    Product,
    export_rows,
    find_header,
    parse_table,
)

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
OLD_EXCEL_SUFFIXES = (".xls", ".et", ".numbers", ".ods")


def import_catalog(path: str | Path) -> ImportResult:
    """Read a CSV or Excel catalog; CatalogFormatError (with advice) if the file is unusable."""
    path = Path(path)
    if not path.is_file():
        raise CatalogFormatError(f"找不到商品表：{path}（请检查文件路径）")
    suffix = path.suffix.lower()
    if suffix in OLD_EXCEL_SUFFIXES:
        raise CatalogFormatError(
            f"{path.name}：暂不支持 {suffix} 格式，"
            "请在 Excel 或 WPS 中“另存为” .xlsx 或 CSV 后再导入"
        )
    if suffix in EXCEL_SUFFIXES:
        return _import_xlsx(path)
    if suffix in CSV_SUFFIXES or not suffix:
        return parse_table(read_csv_rows(path.read_bytes(), path.name))
    raise CatalogFormatError(f"{path.name}：不认识的文件类型，请导入 .xlsx 或 .csv 商品表")


def decode_text(data: bytes, name: str = "文件") -> str:
    """CSV bytes to text: UTF-16 (Excel "Unicode text"), UTF-8 with or without BOM, GB18030/GBK."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")  # a superset of GBK and GB2312: what Chinese Excel/WPS write
    except UnicodeDecodeError:
        raise CatalogFormatError(
            f"{name}：无法识别文字编码（不是 UTF-8 也不是 GBK），请在 Excel 中另存为“CSV UTF-8”"
        ) from None


def read_csv_rows(data: bytes, name: str = "文件") -> list[list[str]]:
    """Decode and split a CSV (comma, tab or semicolon separated, as sniffed from the sample)."""
    text = decode_text(data, name)
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel_tab if sample.count("\t") > sample.count(",") else csv.excel
    return [row for row in csv.reader(io.StringIO(text, newline=""), dialect)]


def _xlsx_sheets(path: Path) -> Iterator[tuple[str, list[list[str]]]]:
    try:
        yield from read_xlsx(path)
    except XlsxError as exc:
        raise CatalogFormatError(
            f"{path.name}：打不开这个 Excel 文件（{exc}），"
            "文件可能已损坏或加了密码；请在 Excel/WPS 中打开后另存为 .xlsx"
        ) from None


def _import_xlsx(path: Path) -> ImportResult:
    first_error: CatalogFormatError | None = None
    for _title, rows in _xlsx_sheets(path):
        try:
            find_header(rows)
        except CatalogFormatError as exc:
            first_error = first_error or exc
            continue  # a notes or summary sheet before the product sheet
        return parse_table(rows)
    raise first_error or CatalogFormatError(f"{path.name}：工作簿里没有数据")


def export_catalog(products: Sequence[Product], path: str | Path) -> Path:
    """Write the catalog as .xlsx or CSV (UTF-8 with BOM, so Excel shows the Chinese correctly)."""
    path = Path(path)
    rows = export_rows(products)
    suffix = path.suffix.lower()
    tmp = path.with_name(path.name + ".part")
    if suffix in EXCEL_SUFFIXES:
        import openpyxl

        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet("商品")
        for row in rows:
            sheet.append(row)
        workbook.save(tmp)
    elif suffix in CSV_SUFFIXES:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh).writerows(rows)
    else:
        raise CatalogFormatError(f"导出只支持 .xlsx 或 .csv，收到的是 {path.name}")
    tmp.replace(path)  # never a half-written catalog under the real name
    return path
