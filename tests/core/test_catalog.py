"""Spreadsheet rows to products: headers, prices, counts and per-row issues."""

from __future__ import annotations

import pytest

from studio.core.catalog import (
    CatalogFormatError,
    Field,
    export_rows,
    format_yuan,
    match_header,
    parse_count,
    parse_price_fen,
    parse_table,
)


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("¥19.9", 1990),
        ("19.90元", 1990),
        ("1,299", 129900),
        ("￥8", 800),
        ("８．５", 850),  # full-width digits from a Chinese input method
        (" 12 ", 1200),
        ("RMB 3.333", 333),
        ("0", 0),
        ("1,299.50元", 129950),
    ],
)
def test_prices_as_merchants_write_them(text: str, fen: int) -> None:
    assert parse_price_fen(text) == fen


@pytest.mark.parametrize("text", ["十九块", "19.9.9", "-5", "abc", "1,29"])
def test_unreadable_prices_say_why(text: str) -> None:
    with pytest.raises(ValueError) as err:
        parse_price_fen(text)
    assert text in str(err.value)


def test_yuan_formatting_as_spoken() -> None:
    assert [format_yuan(f) for f in (1990, 800, 129900, 5, 0)] == ["19.9", "8", "1299", "0.05", "0"]


def test_counts() -> None:
    assert parse_count("100件", "库存") == 100
    assert parse_count("1,000", "库存") == 1000
    assert parse_count("", "库存") is None
    assert parse_count("不限", "限购") is None
    assert parse_count("12.0", "库存") == 12
    with pytest.raises(ValueError, match="负数"):
        parse_count("-3", "库存")
    with pytest.raises(ValueError, match="整数"):
        parse_count("2.5", "库存")


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("商品名称", Field.NAME),
        ("品名", Field.NAME),
        (" Product Name ", Field.NAME),
        ("价格（元）", Field.PRICE),
        ("原价(元)", Field.PRICE),
        ("*秒杀价", Field.LIVE_PRICE),
        ("活动价", Field.LIVE_PRICE),
        ("库存/件", Field.STOCK),
        ("库存【件】", Field.STOCK),
        ("数量", Field.STOCK),
        ("每人限购", Field.LIMIT),
        ("主图", Field.IMAGE),
        ("话术", Field.PITCH),
        ("货号", Field.SKU),
        ("SKU", Field.SKU),
        ("备注栏", None),
    ],
)
def test_header_variants(header: str, field: Field | None) -> None:
    assert match_header(header) is field


def test_title_rows_above_header_are_skipped_and_rows_numbered_from_data() -> None:
    rows = [
        ["王家果园 11月直播商品表", "", ""],
        ["", "", ""],
        ["品名", "秒杀价", "库存"],
        ["赣南脐橙 5斤装", "¥19.9", "200"],
        ["", "", ""],  # a spacer row is not a data row
        ["", "9.9", "10"],
        ["苹果", "九块九", "10"],
        ["梨", "8", "-1"],
        ["柚子", "12", ""],
    ]
    result = parse_table(rows)
    assert result.header_row == 3
    assert [p.name for p in result.products] == ["赣南脐橙 5斤装", "柚子"]
    orange = result.products[0]
    assert (orange.price_fen, orange.live_price_fen, orange.stock) == (1990, 1990, 200)
    assert result.products[1].stock is None
    issues = [(i.row, i.column, i.sheet_row) for i in result.issues]
    assert issues == [(2, "品名", 6), (3, "秒杀价", 7), (4, "库存", 8)]
    assert "名称" in result.issues[0].reason_text("zh")
    assert "九块九" in result.issues[1].reason_text("zh")
    assert "负数" in result.issues[2].reason_text("zh")
    assert "第 3 条数据（表格第 7 行）「秒杀价」列" in result.issues[1].describe("zh")
    # the same issue in an English window
    assert "negative" in result.issues[2].reason_text("en")
    assert "Data row 3 (sheet row 7), column “秒杀价”" in result.issues[1].describe("en")


def test_no_price_at_all_and_duplicate_sku_are_reported() -> None:
    rows = [
        ["编号", "名称", "原价", "直播价", "限购"],
        ["A1", "土鸡蛋", "", "", ""],
        ["A2", "蜂蜜", "68", "49.9", "2"],
        ["A2", "蜂蜜礼盒", "128", "99", "0"],
        ["A3", "核桃", "30", "", ""],
        ["A2", "蜂蜜大罐", "88", "", ""],
    ]
    result = parse_table(rows)
    assert [p.sku for p in result.products] == ["A2", "A3"]
    honey = result.products[0]
    assert (honey.price_fen, honey.live_price_fen, honey.limit_per_buyer) == (6800, 4990, 2)
    assert result.products[1].live_price_fen == 3000  # no live price: sells at the list price
    assert [(i.row, i.column) for i in result.issues] == [(1, "直播价"), (3, "限购"), (5, "编号")]
    assert "重复" in result.issues[2].reason_text("zh")


def test_a_sheet_without_recognisable_headers_is_refused_with_advice() -> None:
    with pytest.raises(CatalogFormatError, match="商品名称"):
        parse_table([["a", "b"], ["1", "2"]])


def test_export_rows_reimport_identically() -> None:
    rows = [
        ["SKU", "name", "price", "live price", "stock", "limit", "image", "pitch"],
        ["X-1", "Walnuts", "30", "19.9", "5", "", "w.png", "crisp"],
    ]
    products = parse_table(rows).products
    assert parse_table([[str(c) for c in r] for r in export_rows(products)]).products == products


def test_the_platforms_goods_id_comes_from_its_own_column() -> None:
    beside = parse_table(
        [["编号", "商品名称", "商品ID", "直播价"], ["A1", "苹果", "101", "9.9"]]
    ).products[0]
    assert (beside.sku, beside.goods_id) == ("A1", "101")  # 商品ID beside another id column
    alone = parse_table([["商品ID", "商品名称", "直播价"], ["101", "苹果", "9.9"]]).products[0]
    assert (alone.sku, alone.goods_id) == ("101", "101")  # the only id column: both
    named = parse_table(
        [["商品ID", "商品名称", "小程序商品ID", "直播价"], ["S-1", "苹果", "2024", "9.9"]]
    ).products[0]
    assert (named.sku, named.goods_id) == ("S-1", "2024")
    english = parse_table([["name", "goods_id", "price"], ["apple", "77", "9.9"]]).products[0]
    assert english.goods_id == "77"
    again = parse_table([[str(c) for c in r] for r in export_rows([named])]).products[0]
    assert again == named


@pytest.mark.parametrize("header", ["规格", "规格型号", "規格", "Spec", "specification", "SIZE"])
def test_the_spec_column_in_its_spellings(header: str) -> None:
    result = parse_table([["商品名称", "价格", header], ["脐橙", "19.9", "5斤装"]])
    assert result.products[0].spec == "5斤装" and result.unused == []


def test_a_sheet_of_thousands_of_columns_names_a_few_and_counts_the_rest() -> None:
    from studio.core.messages import render

    header = ["商品名称", "价格"] + [f"第{i}列" + "很长的列名" * 40 for i in range(5000)]
    result = parse_table([header, ["脐橙", "19.9"]])
    assert len(result.unused) == 5000
    said = render(result.notes[-1], "zh")
    assert said.startswith("未使用的列：第0列很长的列名") and "另外 4990 列" in said
    assert len(said) < 400  # one line, not a page
    assert "and 4990 more" in render(result.notes[-1], "en")
