"""Catalog files as Excel and WPS on Chinese Windows really write them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from studio.app.catalog_files import export_catalog, import_catalog
from studio.core.catalog import CatalogFormatError

ROWS = [
    ["商品名称", "原价", "直播价", "库存", "限购", "主图", "卖点"],
    ["赣南脐橙 5斤装", "￥39.9", "19.9元", "200", "2", "orange.jpg", "现摘现发，甜过初恋"],
    ["土鸡蛋 30枚", "1,299", "¥8", "50", "", "", ""],
    ["坏行", "abc", "9", "10", "", "", ""],
]


def _sheet(delimiter: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(ROWS)  # \r\n and quoting, as Excel writes
    return out.getvalue()


SHEET = _sheet()


def _names(result) -> list[str]:
    return [p.name for p in result.products]


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8-sig", "utf-8", "utf-16"])
def test_csv_in_every_encoding_excel_and_wps_write(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "商品表.csv"
    text = _sheet("\t") if encoding == "utf-16" else SHEET  # Excel "Unicode text" is tab-separated
    if encoding == "gbk":
        text = text.replace("¥", "￥")  # GBK has only the full-width sign
    path.write_bytes(text.encode(encoding))
    result = import_catalog(path)
    assert _names(result) == ["赣南脐橙 5斤装", "土鸡蛋 30枚"]
    orange, eggs = result.products
    assert (orange.price_fen, orange.live_price_fen, orange.stock, orange.limit_per_buyer) == (
        3990,
        1990,
        200,
        2,
    )
    assert orange.pitch == "现摘现发，甜过初恋"
    assert (eggs.price_fen, eggs.live_price_fen, eggs.limit_per_buyer) == (129900, 800, None)
    assert [(i.row, i.column) for i in result.issues] == [(3, "原价")]


def test_xlsx_with_a_merged_title_row_and_numeric_cells(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    notes = workbook.active
    notes.title = "说明"
    notes.append(["本表由运营填写，勿删"])
    sheet = workbook.create_sheet("商品")
    sheet.append(["双十一直播商品清单"])
    sheet.merge_cells("A1:E1")
    sheet.append(["货号", "品名", "价格(元)", "秒杀价", "数量"])
    sheet.append(["HN-01", "海南贵妃芒 5斤", 49.9, 29.9, 300])
    sheet.append([1002, "红心火龙果", 35, None, 120.0])
    sheet.append(["HN-03", "", 10, 9, 1])
    sheet.append(["HN-04", "椰子", 12, 9.9, -5])
    path = tmp_path / "货单.xlsx"
    workbook.save(path)

    result = import_catalog(path)
    assert _names(result) == ["海南贵妃芒 5斤", "红心火龙果"]
    mango, pitaya = result.products
    assert (mango.sku, mango.price_fen, mango.live_price_fen, mango.stock) == (
        "HN-01",
        4990,
        2990,
        300,
    )
    assert (pitaya.sku, pitaya.live_price_fen, pitaya.stock) == ("1002", 3500, 120)
    assert [(i.row, i.column, i.sheet_row) for i in result.issues] == [
        (3, "品名", 5),
        (4, "数量", 6),
    ]


def test_old_and_broken_files_get_advice_not_a_traceback(tmp_path: Path) -> None:
    xls = tmp_path / "商品.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(CatalogFormatError, match="另存为"):
        import_catalog(xls)
    broken = tmp_path / "商品.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(CatalogFormatError, match="打不开"):
        import_catalog(broken)
    with pytest.raises(CatalogFormatError, match="找不到商品表"):
        import_catalog(tmp_path / "missing.csv")
    binary = tmp_path / "photo.csv"
    binary.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(CatalogFormatError):
        import_catalog(binary)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_and_reimport_round_trip(tmp_path: Path, suffix: str) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(SHEET.encode("gb18030"))
    products = import_catalog(source).products
    out = export_catalog(products, tmp_path / f"导出{suffix}")
    assert import_catalog(out).products == products
    if suffix == ".csv":
        assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8


def test_xlsx_as_excel_writes_it_shared_strings_rich_text_and_formulas(tmp_path: Path) -> None:
    import xlsxwriter  # writes the way Excel does: a shared-strings table, cached formula values

    path = tmp_path / "excel.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("商品清单")
    bold = book.add_format({"bold": True})
    sheet.write_row(0, 0, ["商品名称", "原价", "直播价", "库存"])
    sheet.write_rich_string(1, 0, bold, "赣南", "脐橙 5斤装")
    sheet.write_number(1, 1, 39.9)
    sheet.write_formula(1, 2, "=B2/2", None, 19.95)
    sheet.write_number(1, 3, 200)
    sheet.write(3, 0, "土鸡蛋")  # row 3 left out entirely, as Excel does for blank rows
    sheet.write(3, 2, "¥29.9")
    sheet.write(3, 3, 1.0000000000000002)  # float noise Excel leaves in computed cells
    book.close()

    result = import_catalog(path)
    assert result.issues == []
    orange, eggs = result.products
    assert (orange.name, orange.price_fen, orange.live_price_fen, orange.stock) == (
        "赣南脐橙 5斤装",
        3990,
        1995,
        200,
    )
    assert (eggs.name, eggs.live_price_fen, eggs.stock) == ("土鸡蛋", 2990, 1)


SPEC_ROWS = [
    ["商品名称", "规格", "直播价", "产地", "备注"],
    ["赣南脐橙", "5斤装", "19.9", "江西赣州", "现摘"],
    ["土鸡蛋", "30枚", "29.9", "湖北", ""],
    ["五常大米", "10斤", "59", "黑龙江", "新米"],
]


def test_a_spec_column_in_a_gb18030_csv_and_an_xlsx_is_imported_and_the_rest_named(
    tmp_path: Path,
) -> None:
    import xlsxwriter

    out = io.StringIO()
    csv.writer(out).writerows(SPEC_ROWS)
    sheet_csv = tmp_path / "商品表.csv"
    sheet_csv.write_bytes(out.getvalue().encode("gb18030"))
    sheet_xlsx = tmp_path / "商品表.xlsx"
    workbook = xlsxwriter.Workbook(str(sheet_xlsx))
    page = workbook.add_worksheet("商品")
    for r, row in enumerate(SPEC_ROWS):
        for c, value in enumerate(row):
            page.write(r, c, value)
    workbook.close()
    for sheet in (sheet_csv, sheet_xlsx):
        result = import_catalog(sheet)
        assert [(p.name, p.spec) for p in result.products] == [
            ("赣南脐橙", "5斤装"),
            ("土鸡蛋", "30枚"),
            ("五常大米", "10斤"),
        ]
        assert result.unused == ["产地", "备注"]
        from studio.core.messages import render

        said = [render(note, "zh") for note in result.notes]
        assert any(s.startswith("未使用的列：产地、备注") for s in said), said
        assert any(
            "产地" in render(n, "en") and "not used" in render(n, "en") for n in result.notes
        )
