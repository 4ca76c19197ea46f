"""Hostile and odd sheets: every one gets a clear message, nothing crashes or runs away."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pytest

from studio.app.catalog_files import export_catalog, import_catalog
from studio.core.catalog import MAX_NAME, CatalogFormatError, Product
from tests.support.cli import run_studio


def _csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def _reasons(result: object) -> list[str]:
    return [i.reason_text("zh") for i in result.issues]  # type: ignore[attr-defined]


def test_values_past_the_platforms_limits_are_found_at_import(tmp_path: Path) -> None:
    long_name = "脐" * (MAX_NAME + 1)
    sheet = _csv(
        tmp_path / "limits.csv",
        "商品名称,直播价,库存,限购\n"
        f"{long_name},19.9,10,\n"
        "贵重品,1000000.01,1,\n"
        "大库存,9.9,100000001,\n"
        "长价格,123456789012345678901234567,1,\n"
        "长库存,9.9," + "9" * 5000 + ",\n"
        "大限购,9.9,10,100001\n"
        "好商品,9.9,10,2\n",
    )
    result = import_catalog(sheet)
    assert [p.name for p in result.products] == ["好商品"]
    reasons = _reasons(result)
    assert len(reasons) == 6
    assert "201 个字" in reasons[0] and "200" in reasons[0]
    assert "1,000,000" in reasons[1]
    assert "1 亿" in reasons[2]
    assert "数字太长" in reasons[3]
    assert "太大" in reasons[4]
    assert "100,000" in reasons[5]


def test_the_sheet_check_says_so_before_the_show(tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "c.csv", "商品名称,直播价\n" + "长" * 300 + ",9.9\n好,1\n")
    result = run_studio("catalog", str(sheet))
    assert result.returncode == 0, result.stderr
    assert "1 行有问题" in result.stdout and "300 个字" in result.stdout


def test_a_cell_longer_than_the_csv_modules_default(tmp_path: Path) -> None:
    pitch = "好吃" * 100_000  # 200,000 characters: the csv module refuses 131,072 by default
    sheet = _csv(tmp_path / "p.csv", f'商品名称,直播价,卖点\n脐橙,9.9,"{pitch}"\n')
    result = import_catalog(sheet)
    assert not result.products and "5000" in result.issues[0].reason_text("zh")


def test_an_endless_cell_is_a_clear_error(tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "q.csv", '商品名称,直播价\n脐橙,"' + "x" * 2_000_000 + "\n")
    with pytest.raises(CatalogFormatError, match="第 2 行"):
        import_catalog(sheet)


def test_big5_sheets_are_read_as_big5_and_said_so(tmp_path: Path) -> None:
    sheet = _csv(
        tmp_path / "tw.csv",
        "商品名稱,直播價,庫存\n台灣高山茶 300克,¥499,20\n凍頂烏龍茶,¥399,10\n",
        "big5",
    )
    result = import_catalog(sheet)
    assert [p.name for p in result.products] == ["台灣高山茶 300克", "凍頂烏龍茶"]
    assert any("Big5" in n.render("zh") and "Big5" in n.render("en") for n in result.notes)


def test_gbk_sheets_are_not_taken_for_big5(tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "cn.csv", "商品名称,直播价\n赣南脐橙,19.9\n台湾高山茶,49.9\n", "gbk")
    result = import_catalog(sheet)
    assert [p.name for p in result.products] == ["赣南脐橙", "台湾高山茶"] and not result.notes


def test_duplicate_columns_are_said(tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "d.csv", "商品名称,直播价,秒杀价\n脐橙,19.9,9.9\n")
    result = import_catalog(sheet)
    assert result.products[0].live_price_fen == 1990
    (note,) = result.notes
    assert "第 B 列" in note.render("zh") and "第 C 列" in note.render("zh")
    assert "Columns C “秒杀价” and B “直播价”" in note.render("en")


def test_terminal_escapes_in_names_are_not_passed_on(tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "e.csv", "商品名称,直播价\n\x1b[2J\x1b[31m脐橙\x1b[0m\u202e,9.9\n")
    result = import_catalog(sheet)
    assert "\x1b" not in result.products[0].name and "\u202e" not in result.products[0].name
    checked = run_studio("catalog", str(sheet))
    assert "\x1b" not in checked.stdout


def test_exports_neutralise_formulas(tmp_path: Path) -> None:
    evil = [
        Product('=HYPERLINK("http://evil.example","点我")', 100, 100, sku="@SUM(1)"),
        Product("+cmd|' /C calc'!A0", 100, 100, pitch="-2+3"),
    ]
    out_csv = export_catalog(evil, tmp_path / "out.csv")
    with open(out_csv, encoding="utf-8-sig", newline="") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    assert '\'=HYPERLINK("http://evil.example","点我")' in cells
    out_xlsx = export_catalog(evil, tmp_path / "out.xlsx")
    sheet = zipfile.ZipFile(out_xlsx).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and 't="inlineStr"' in sheet  # words, never formulas
    back = import_catalog(out_xlsx)
    assert back.products[0].name.startswith("=HYPERLINK")  # still the merchant's text


def _xlsx(
    path: Path,
    sheet_xml: str,
    shared: list[str] | None = None,
    sheet_part: str = "sheet1.xml",
    sheets: str = "",
    book_views: str = "",
    strings_part: str = "sharedStrings.xml",
) -> Path:
    """A workbook written part by part, as hostile files are (Excel would not write them)."""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats'
            '-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml'
            '.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>",
        )
        z.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel_ns}/officeDocument"'
            ' Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'<workbook {ns} xmlns:r="{rel_ns}">{book_views}<sheets>'
            + (sheets or '<sheet name="商品" sheetId="1" r:id="rId1"/>')
            + "</sheets></workbook>",
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel_ns}/worksheet"'
            f' Target="worksheets/{sheet_part}"/><Relationship Id="rId9"'
            f' Type="{rel_ns}/sharedStrings" Target="{strings_part}"/></Relationships>',
        )
        z.writestr(
            f"xl/worksheets/{sheet_part}",
            f"<worksheet {ns}><sheetData>{sheet_xml}</sheetData></worksheet>",
        )
        if shared is not None:
            z.writestr(
                f"xl/{strings_part}",
                f'<sst {ns} count="{len(shared)}">'
                + "".join(f"<si><t>{text}</t></si>" for text in shared)
                + "</sst>",
            )
    return path


HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>商品名称</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>直播价</t></is></c></row>'
)


@pytest.mark.parametrize(
    ("far", "said"),
    [
        ('<row r="400000000"><c r="A400000000"><v>1</v></c></row>', "400,000,000 行"),
        ('<row r="2"><c r="ZZZZZZZ2"><v>1</v></c></row>', "ZZZZZZZ 列"),
        ('<row r="3"><c r="XFD3"><v>1</v></c></row>', "XFD 列"),
        (  # each within bounds, together a grid of 7 million cells
            '<row r="2"><c r="BZ2"><v>1</v></c></row>'
            '<row r="90000"><c r="A90000"><v>1</v></c></row>',
            "90,000 行 78 列",
        ),
    ],
)
def test_a_cell_far_away_is_refused_before_anything_is_built(
    tmp_path: Path, far: str, said: str
) -> None:
    sheet = _xlsx(tmp_path / "far.xlsx", HEADER_ROW + far)
    with pytest.raises(CatalogFormatError, match=said):
        import_catalog(sheet)


def test_a_zip_bomb_is_refused_as_it_unpacks(tmp_path: Path) -> None:
    filler = (
        '<row r="2"><c r="A2" t="inlineStr"><is><t>'
        + "x" * (300 * 1024 * 1024)
        + "</t></is></c></row>"
    )
    sheet = _xlsx(tmp_path / "bomb.xlsx", HEADER_ROW + filler)
    assert sheet.stat().st_size < 2 * 1024 * 1024  # a small file that unpacks to 300 MB
    with pytest.raises(CatalogFormatError, match="MB"):
        import_catalog(sheet)


def test_dates_come_out_as_dates(tmp_path: Path) -> None:
    import datetime as dt

    import xlsxwriter

    path = tmp_path / "d.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["商品名称", "直播价", "卖点"])
    sheet.write_row(1, 0, ["脐橙", 19.9])
    sheet.write_datetime(
        1, 2, dt.datetime(2026, 11, 11), book.add_format({"num_format": "yyyy-mm-dd"})
    )
    book.close()
    result = import_catalog(path)
    assert result.products[0].pitch == "2026-11-11"


def test_a_broken_workbook_says_so_without_a_key_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    with pytest.raises(CatalogFormatError) as info:
        import_catalog(path)
    assert "KeyError" not in str(info.value) and "broken.xlsx" in str(info.value)


def _shared_cells(row: int, index: int, count: int) -> str:
    cells = "".join(
        f'<c r="{_column(n)}{row}" t="s"><v>{index}</v></c>' for n in range(1, count + 1)
    )
    return f'<row r="{row}">{cells}</row>'


def _column(number: int) -> str:
    name = ""
    while number:
        number, rest = divmod(number - 1, 26)
        name = chr(65 + rest) + name
    return name


def test_one_huge_shared_string_in_many_cells_is_refused_in_words(tmp_path: Path) -> None:
    """sst.xlsx of the probe: one 20 MB string in 1000 cells took calamine to ~20 GB and the
    process died with no word. Here 2 MB in 200 cells: a small file, refused as it is read."""
    huge = "长" * (2 * 1024 * 1024)
    rows = "".join(_shared_cells(r, 2, 10) for r in range(2, 22))
    sheet = _xlsx(
        tmp_path / "sst.xlsx",
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>' + rows,
        shared=["商品名称", "直播价", huge],
    )
    assert sheet.stat().st_size < 200 * 1024
    result = run_studio("catalog", str(sheet))
    assert result.returncode != 0 and result.returncode > 0  # said, not killed by a signal
    assert "超长的单元格" in result.stdout + result.stderr
    assert "32,767" in result.stdout + result.stderr
    assert "打不开" not in result.stdout + result.stderr  # it opened; one cell is the trouble


@pytest.mark.parametrize("strings_part", ["sharedStrings.xml", "strings/S.XML"])
def test_shared_text_that_expands_past_the_bound_is_refused(
    tmp_path: Path, strings_part: str
) -> None:
    """Each string within a cell's limit, but copied into so many cells that the sheet would
    expand to more than the bound (calamine copies a shared string into every cell)."""
    from studio.app.xlsx import MAX_CELL, MAX_TEXT

    many = MAX_TEXT // MAX_CELL + 1
    rows = "".join(_shared_cells(r, 2, 10) for r in range(2, 2 + many // 10 + 1))
    sheet = _xlsx(
        tmp_path / "wide.xlsx",
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>' + rows,
        shared=["商品名称", "直播价", "x" * MAX_CELL],
        strings_part=strings_part,  # found where the workbook says, as calamine finds it
    )
    with pytest.raises(CatalogFormatError, match="文字太多"):
        import_catalog(sheet)


def test_shared_strings_within_bounds_still_import(tmp_path: Path) -> None:
    sheet = _xlsx(
        tmp_path / "ok.xlsx",
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>9.9</v></c></row>',
        shared=["商品名称", "直播价", "脐橙 &amp; 红心柚"],
    )
    assert [p.name for p in import_catalog(sheet).products] == ["脐橙 & 红心柚"]


def test_an_inline_string_longer_than_a_cell_is_refused(tmp_path: Path) -> None:
    long_text = "长" * 200_000
    long_cell = f'<row r="2"><c r="A2" t="inlineStr"><is><t>{long_text}</t></is></c></row>'
    with pytest.raises(CatalogFormatError, match="超长的单元格"):
        import_catalog(_xlsx(tmp_path / "inline.xlsx", HEADER_ROW + long_cell))


def test_cells_without_references_are_counted_as_read(tmp_path: Path) -> None:
    """nor.xlsx of the probe: rows and cells without r= went past the grid's bound."""
    row = "<row>" + "<c><v>1</v></c>" * 250 + "</row>"
    sheet = _xlsx(tmp_path / "nor.xlsx", HEADER_ROW + row * 20_100)
    with pytest.raises(CatalogFormatError, match=r"行 250 列，超出了商品表的范围"):
        import_catalog(sheet)


def test_an_upper_case_part_name_is_bounded_too(tmp_path: Path) -> None:
    """upper.xlsx of the probe: a sheet part named sheet1.XML skipped the unpacked-size check."""
    filler = (
        '<row r="2"><c r="A2" t="inlineStr"><is><t>'
        + "<b/>".join(["x" * 1000] * (300 * 1024))
        + "</t></is></c></row>"
    )
    sheet = _xlsx(tmp_path / "upper.xlsx", HEADER_ROW + filler, sheet_part="sheet1.XML")
    with pytest.raises(CatalogFormatError, match="256 MB"):
        import_catalog(sheet)


def _notes(result: object) -> list[str]:
    from studio.core.messages import render

    return [render(n, "zh") for n in result.notes]  # type: ignore[attr-defined]


def test_a_hidden_sheet_is_never_imported(tmp_path: Path) -> None:
    """hiddensheet.xlsx of the probe: last year's hidden price list came before tonight's."""
    import xlsxwriter

    path = tmp_path / "hidden.xlsx"
    book = xlsxwriter.Workbook(str(path))
    old = book.add_worksheet("旧表(隐藏)")
    old.write_row(0, 0, ["商品名称", "直播价"])
    old.write_row(1, 0, ["去年的旧货", 1])
    tonight = book.add_worksheet("今晚")
    tonight.write_row(0, 0, ["商品名称", "直播价"])
    tonight.write_row(1, 0, ["今晚的脐橙", 19.9])
    notes = book.add_worksheet("备注")
    notes.write(0, 0, "备注")
    tonight.activate()
    old.hide()
    book.close()
    result = import_catalog(path)
    assert [p.name for p in result.products] == ["今晚的脐橙"]
    assert "读取了工作表「今晚」（共 3 个）" in _notes(result)


def test_a_very_hidden_active_sheet_gives_way_to_the_first_visible_one(tmp_path: Path) -> None:
    """A workbook whose activeTab names a very hidden sheet (as a tool may leave it): the
    first visible sheet is read."""
    import re

    import xlsxwriter

    made = tmp_path / "made.xlsx"
    book = xlsxwriter.Workbook(str(made))
    for title, name in (("旧", "去年的旧货"), ("新", "今晚的脐橙"), ("也新", "别的")):
        sheet = book.add_worksheet(title)
        sheet.write_row(0, 0, ["商品名称", "直播价"])
        sheet.write_row(1, 0, [name, 9.9])
    book.close()
    path = tmp_path / "veryhidden.xlsx"
    with zipfile.ZipFile(made) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/workbook.xml":
                text = re.sub(r'activeTab="\d+"', "", data.decode())
                text = text.replace("<workbookView ", '<workbookView activeTab="0" ')
                text = text.replace('name="旧"', 'name="旧" state="veryHidden"')
                data = text.encode()
            dst.writestr(info, data)
    result = import_catalog(path)
    assert [p.name for p in result.products] == ["今晚的脐橙"]
    assert "读取了工作表「新」（共 3 个）" in _notes(result)


def test_hidden_rows_are_skipped_and_counted(tmp_path: Path) -> None:
    """A merchant hides the rows they do not sell tonight."""
    import xlsxwriter

    path = tmp_path / "rows.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("商品")
    sheet.write_row(0, 0, ["商品名称", "直播价"])
    for row, name in enumerate(["脐橙", "下架的梨", "下架的桃", "下架的李", "柚子"], start=1):
        sheet.write_row(row, 0, [name, 9.9])
    for row in (2, 3, 4):
        sheet.set_row(row, None, None, {"hidden": True})
    book.close()
    result = import_catalog(path)
    assert [p.name for p in result.products] == ["脐橙", "柚子"]
    assert "跳过了 3 行隐藏的行" in _notes(result)
    assert not any("工作表" in n for n in _notes(result))  # one sheet: nothing to say


def test_an_unclosed_quote_is_said_with_its_line(tmp_path: Path) -> None:
    """cell_nocloseq.csv of the probe: the rest of the file became one pitch, said as
    "卖点有 14895 个字"; it is the quote on line 2 that the merchant must close."""
    rows = "".join(f"商品{n},10,9,5,x\n" for n in range(50))
    sheet = _csv(
        tmp_path / "q.csv", '商品名称,原价,直播价,库存,卖点\n引号,10,9,5,"没关的引号\n' + rows
    )
    with pytest.raises(CatalogFormatError) as info:
        import_catalog(sheet)
    said = str(info.value)
    assert "第 2 行有一个引号没有配对" in said and "个字" not in said


def test_a_quoted_cell_over_several_lines_is_still_fine(tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "m.csv", '商品名称,直播价,卖点\n脐橙,9.9,"甜\n多汁"\n')
    assert [p.pitch for p in import_catalog(sheet).products] == ["甜\n多汁"]


def test_a_cell_past_the_limit_is_said_in_words(tmp_path: Path) -> None:
    from studio.app.catalog_files import MAX_CSV_CELL

    sheet = _csv(tmp_path / "big.csv", '商品名称,直播价,卖点\n脐橙,9.9,"' + "x" * 2_000_000 + '"\n')
    result = run_studio("catalog", str(sheet))
    said = result.stdout + result.stderr
    assert result.returncode > 0 and f"超过 {MAX_CSV_CELL:,} 个字" in said
    assert "field larger" not in said and "第 2 行" in said


def test_a_utf32_csv_says_how_to_save_it(tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "u.csv", "商品名称,直播价\n脐橙,9.9\n", encoding="utf-32")
    with pytest.raises(CatalogFormatError, match="UTF-32") as info:
        import_catalog(sheet)
    assert "找不到表头" not in str(info.value) and "UTF-8" in str(info.value)


def test_hidden_rows_without_references_are_skipped_too(tmp_path: Path) -> None:
    rows = (
        '<row><c t="inlineStr"><is><t>商品名称</t></is></c><c t="inlineStr"><is><t>直播价'
        "</t></is></c></row>"
        '<row><c t="inlineStr"><is><t>脐橙</t></is></c><c><v>9.9</v></c></row>'
        '<row hidden="1"><c t="inlineStr"><is><t>下架的梨</t></is></c><c><v>5</v></c></row>'
        '<row><c t="inlineStr"><is><t>柚子</t></is></c><c><v>8</v></c></row>'
    )
    result = import_catalog(_xlsx(tmp_path / "norows.xlsx", rows))
    assert [p.name for p in result.products] == ["脐橙", "柚子"]
    assert "跳过了 1 行隐藏的行" in _notes(result)


PRICE_HEADER = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>商品名称</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>原价</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>直播价</t></is></c></row>'
)


def _priced(row: int, name: str, price: str, live: str) -> str:
    return (
        f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>{name}</t></is></c>'
        f"{price.format(ref=f'B{row}')}{live.format(ref=f'C{row}')}</row>"
    )


def test_a_formula_that_failed_is_never_read_as_a_blank(tmp_path: Path) -> None:
    """A VLOOKUP into a price list that finds nothing shows #N/A. calamine reads it as a
    blank, and a blank live price takes the list price: 鸡蛋 would have gone on sale at 45
    instead of its live price. A formula a tool wrote without its result is the same."""
    failed = '<c r="{ref}" t="e"><f>VLOOKUP(A2,价格表!A:B,2,0)</f><v>#N/A</v></c>'
    rows = [
        _priced(2, "脐橙", failed, '<c r="{ref}"><v>19.9</v></c>'),
        _priced(3, "鸡蛋", '<c r="{ref}"><v>45</v></c>', failed),
        _priced(4, "蜂蜜", '<c r="{ref}"><f>C4*2</f></c>', '<c r="{ref}"><v>39</v></c>'),
        _priced(5, "木耳", '<c r="{ref}"><v>30</v></c>', '<c r="{ref}"><v>19</v></c>'),
    ]
    result = import_catalog(_xlsx(tmp_path / "vlookup.xlsx", PRICE_HEADER + "".join(rows)))
    assert [p.name for p in result.products] == ["木耳"]
    reasons = _reasons(result)
    assert reasons[0].startswith("是公式出错时显示的 #N/A，不是数值")
    assert reasons[1].startswith("是公式出错时显示的 #N/A")
    assert reasons[2].startswith("是公式（=C4*2），文件里没有存它算出的值")
    assert [i.sheet_row for i in result.issues] == [2, 3, 4]


def test_failed_formulas_are_found_across_the_whole_sheet(tmp_path: Path) -> None:
    """The sheet is read in 1 MB pieces, and its cells are long formulas: the 1 MB edges
    fall inside cells, failed ones (still found) and computed ones (still not flagged)."""
    lookup = "IFERROR(VLOOKUP(A1,价格表!A:B,2,0)," * 60 + "0" + ")" * 60  # about 3 KB
    failed = '<c r="{ref}" t="e"><f>' + lookup + "</f><v>#REF!</v></c>"
    computed = '<c r="{ref}"><f>' + lookup + "</f><v>9</v></c>"
    live = '<c r="{ref}"><v>9</v></c>'
    rows = [_priced(n, f"商品{n}", failed if n % 2 else computed, live) for n in range(2, 3002)]
    result = import_catalog(_xlsx(tmp_path / "many.xlsx", PRICE_HEADER + "".join(rows)))
    assert [i.sheet_row for i in result.issues] == list(range(3, 3002, 2))
    assert [p.name for p in result.products] == [f"商品{n}" for n in range(2, 3002, 2)]


def test_an_error_excel_saved_into_a_csv_is_refused_in_words(tmp_path: Path) -> None:
    """Excel's 另存为 CSV writes what the cell shows: #N/A, #VALUE!."""
    sheet = _csv(
        tmp_path / "e.csv",
        "商品名称,原价,直播价,库存\n脐橙,#N/A,19.9,5\n鸡蛋,45,29.9,#VALUE!\n木耳,30,19,5\n",
    )
    result = import_catalog(sheet)
    assert [p.name for p in result.products] == ["木耳"]
    assert [r.split("，")[0] for r in _reasons(result)] == [
        "是公式出错时显示的 #N/A",
        "是公式出错时显示的 #VALUE!",
    ]


def test_a_live_price_above_the_list_price_is_said(tmp_path: Path) -> None:
    """Swapped columns would put "原价 ¥30" under a ¥39 price on the card: imported as written
    (the merchant may mean it), and said with the products it concerns."""
    sheet = _csv(tmp_path / "p.csv", "商品名称,原价,直播价\n蜂蜜,30,39\n木耳,30,19\n")
    result = import_catalog(sheet)
    assert [p.name for p in result.products] == ["蜂蜜", "木耳"]
    assert "这些商品的直播价比原价还高：蜂蜜 (¥39 > ¥30)。" in _notes(result)[0]


def test_a_stray_quote_closed_lines_later_is_said_with_its_line(tmp_path: Path) -> None:
    """A quote typed before 好吃 on line 2 pairs with the one on line 5: the csv module
    reads 鸡蛋 and 蜂蜜 into 脐橙's pitch, and the merchant would lose them unsaid."""
    sheet = _csv(
        tmp_path / "stray.csv",
        "商品名称,原价,直播价,库存,卖点\n"
        '脐橙,10,9,5,"好吃\n'
        "鸡蛋,45,29.9,5,新鲜\n"
        "蜂蜜,60,39,5,纯\n"
        '木耳,30,19,5,"干货"\n',
    )
    with pytest.raises(CatalogFormatError) as info:
        import_catalog(sheet)
    assert "第 2 行有一个引号，到第 5 行才配对" in str(info.value)


def test_a_pitch_over_lines_with_commas_is_still_one_cell(tmp_path: Path) -> None:
    """What a merchant does write: a pitch over lines, with a comma or two in it."""
    sheet = _csv(
        tmp_path / "pitch.csv",
        '商品名称,原价,直播价,库存,卖点\n脐橙,10,9,5,"甜, 多汁\n现摘, 包邮"\n木耳,30,19,5,干货\n',
    )
    result = import_catalog(sheet)
    assert [p.pitch for p in result.products] == ["甜, 多汁\n现摘, 包邮", "干货"]


@pytest.mark.parametrize("empty", ["<v />", "<v/>", "<v></v>", ""])
def test_a_formula_stored_with_an_empty_value_is_refused_too(tmp_path: Path, empty: str) -> None:
    """openpyxl writes <f>B2*1.5</f><v />: the result is not in the file. A formula whose
    result is the empty text (t="str", as Excel writes =IF(A2="","",…)) is a blank."""
    rows = [
        _priced(
            2, "苹果", '<c r="{ref}"><v>19.9</v></c>', '<c r="{ref}"><f>B2*1.5</f>' + empty + "</c>"
        ),
        _priced(
            3,
            "梨",
            '<c r="{ref}" t="str"><f>IF(A3="","",B9)</f><v></v></c>',
            '<c r="{ref}"><v>9</v></c>',
        ),
    ]
    result = import_catalog(_xlsx(tmp_path / "openpyxl.xlsx", PRICE_HEADER + "".join(rows)))
    assert [p.name for p in result.products] == ["梨"]
    assert _reasons(result)[0].startswith("是公式（=B2*1.5），文件里没有存它算出的值")


def test_a_chart_beside_the_sheet_is_not_read_for_cells(tmp_path: Path) -> None:
    """A chart's part is full of <c:…> tags and <c:f> references: they are not cells (reading
    them as cells cost minutes for a chart of a few thousand points)."""
    path = _xlsx(
        tmp_path / "chart.xlsx",
        PRICE_HEADER
        + _priced(2, "苹果", '<c r="{ref}"><v>29</v></c>', '<c r="{ref}"><v>19</v></c>'),
    )
    points = "".join(f'<c:pt idx="{n}"><c:v>{n}</c:v></c:pt>' for n in range(3000))
    chart = (
        '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        f"<c:chart><c:val><c:numRef><c:f>商品!$B$2:$B$3001</c:f><c:numCache>{points}"
        "</c:numCache></c:numRef></c:val></c:chart></c:chartSpace>"
    )
    with zipfile.ZipFile(path, "a") as z:
        z.writestr("xl/charts/chart1.xml", chart)
    result = import_catalog(path)
    assert [p.name for p in result.products] == ["苹果"] and not result.issues


def test_a_stray_quote_under_a_title_row_is_said_too(tmp_path: Path) -> None:
    sheet = _csv(
        tmp_path / "title.csv",
        "XX农场货单\n商品名称,原价,直播价,库存,卖点\n"
        '苹果,10,9,5,"好吃\n梨,12,9.9,5,甜\n木耳,30,19,5,"干货"\n',
    )
    with pytest.raises(CatalogFormatError) as info:
        import_catalog(sheet)
    assert "第 3 行有一个引号，到第 5 行才配对" in str(info.value)


def test_a_pitch_listing_words_with_commas_over_lines_is_kept(tmp_path: Path) -> None:
    sheet = _csv(
        tmp_path / "pitch2.csv",
        '商品名称,直播价,库存,卖点\n苹果,9,5,"产地直发\n甜,脆,多汁,包邮"\n梨,9.9,5,甜\n',
    )
    result = import_catalog(sheet)
    assert [p.pitch for p in result.products] == ["产地直发\n甜,脆,多汁,包邮", "甜"]


def test_a_name_or_id_that_is_not_what_the_merchant_typed_is_refused(tmp_path: Path) -> None:
    """A name that is a formula the file carries no result of (a text of the merchant's
    own that begins with "=" is kept: see the export test), and a 19-digit goods id Excel
    stored as a number (it keeps 15 digits: the id can never match the console's)."""
    name = '<c r="A2"><f>VLOOKUP(E2,名称表!A:B,2,0)</f><v /></c><c r="B2"><v>9</v></c>'
    sheet = PRICE_HEADER.replace("原价", "直播价").replace(
        '<c r="C1" t="inlineStr"><is><t>直播价</t></is></c>', ""
    )
    result = import_catalog(_xlsx(tmp_path / "name.xlsx", sheet + f'<row r="2">{name}</row>'))
    assert result.products == []
    assert _reasons(result)[0].startswith("是公式（=VLOOKUP(E2,名称表!A:B,2,0)）")

    sheet = _csv(
        tmp_path / "ids.csv",
        "商品名称,直播价,商品ID,卖点\n"
        "苹果,9,3.60123456789012E+18,\n"
        "梨,9,3601234567890123456,===爆款===\n",
    )
    result = import_catalog(sheet)
    assert [p.name for p in result.products] == ["梨"]
    assert _reasons(result)[0].startswith("3.60123456789012E+18 是被 Excel 当成数字存下的长 ID")
    assert result.products[0].pitch == "===爆款==="
