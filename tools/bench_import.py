"""Catalog import speed: a 10,000-row sheet as .xlsx and as GB18030 CSV (target: under 1 s).

The .xlsx is written twice: as Excel and WPS write it (shared strings, via xlsxwriter) and as
openpyxl writes it (inline strings).

    uv run python tools/bench_import.py [--rows 10000]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import openpyxl
import xlsxwriter

from studio.app.catalog_files import import_catalog

HEADER = ["货号", "商品名称", "原价", "直播价", "库存", "限购", "主图", "卖点"]


def rows(n: int) -> list[list[object]]:
    out: list[list[object]] = [["11月助农直播商品表"], HEADER]
    for i in range(n):
        out.append(
            [
                f"SKU-{i:05d}",
                f"赣南脐橙 {i % 9 + 1}斤装 第{i}号",
                f"¥{39 + i % 50}.9",
                19.9 + i % 30,
                100 + i % 400,
                2 if i % 3 else "",
                f"img/{i}.jpg",
                "现摘现发，坏果包赔",
            ]
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    data = rows(args.rows)
    result = {}
    with tempfile.TemporaryDirectory() as tmp:
        excel = Path(tmp) / "excel-like.xlsx"
        xbook = xlsxwriter.Workbook(str(excel))
        xsheet = xbook.add_worksheet("商品")
        for i, row in enumerate(data):
            xsheet.write_row(i, 0, row)
        xbook.close()
        xlsx = Path(tmp) / "openpyxl.xlsx"
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("商品")
        for row in data:
            sheet.append(row)
        book.save(xlsx)
        csv_path = Path(tmp) / "big.csv"
        csv_path.write_bytes(
            "\r\n".join(",".join(str(c) for c in r) for r in data).encode("gb18030")
        )
        for path in (excel, xlsx, csv_path):
            times = []
            for _ in range(3):
                start = time.perf_counter()
                imported = import_catalog(path)
                times.append(time.perf_counter() - start)
            assert len(imported.products) == args.rows, imported.issues[:3]
            result[path.name] = {
                "rows": args.rows,
                "median_s": round(statistics.median(times), 3),
                "runs_s": [round(t, 3) for t in times],
            }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
