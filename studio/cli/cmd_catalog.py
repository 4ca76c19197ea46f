"""`studio catalog FILE`: check a product sheet (and whether a platform can link each product
up), or convert it."""

from __future__ import annotations

import argparse
from pathlib import Path

from studio.app.logs import setup_logging
from studio.cli.terminal import Subcommands, fail, printable
from studio.core.messages import Message


def add_parser(sub: Subcommands[argparse.ArgumentParser]) -> None:
    catalog = sub.add_parser("catalog", help="check a product sheet, or convert it")
    catalog.add_argument("file", type=Path, help=".xlsx or .csv")
    catalog.add_argument("--export", type=Path, help="write it back as .xlsx or .csv")
    catalog.add_argument(
        "--platform",
        metavar="SPEC",
        help="also check which products could not be linked up there (wechat:ROOM_ID, "
        "volc:ACTIVITY_ID): missing goods ids, goods not in the room",
    )
    catalog.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    setup_logging(args.verbose)
    from studio.app.catalog_files import export_catalog, import_catalog
    from studio.core.catalog import CatalogFormatError, format_yuan

    try:
        result = import_catalog(args.file)
    except CatalogFormatError as exc:
        fail(exc)
        return 2
    for p in result.products:
        line = Message(
            "catalog.product_line",
            {
                "name": p.name,
                "live": format_yuan(p.live_price_fen),
                "price": format_yuan(p.price_fen),
                "stock": Message("catalog.unlimited") if p.stock is None else p.stock,
            },
        )
        print(printable(f"  {line}"))
    for note in result.notes:
        print(printable(str(Message("show.sheet_note", {"note": note}))))
    for issue in result.issues:
        print(printable(str(Message("show.skipped_row", {"issue": issue.describe()}))))
    counts = {"products": len(result.products), "issues": len(result.issues)}
    print(Message("catalog.check_summary", counts))
    if args.platform:
        from studio.app.errors import ConfigError
        from studio.app.showrun import check_on_platform

        try:
            problems = check_on_platform(args.platform, result.products)
        except ConfigError as exc:
            fail(exc)
            return 2
        print(
            Message("show.unlinkable", {"count": len(problems)})
            if problems
            else Message("catalog.all_linkable", {"platform": args.platform[:40]})
        )
        for name, why in problems:
            print(printable(str(Message("show.unlinkable_one", {"name": name, "why": why}))))
        if problems:
            return 1
    if args.export:
        try:
            written = export_catalog(result.products, args.export)
            print(Message("cli.exported", {"path": str(written)}))
        except (CatalogFormatError, OSError) as exc:
            fail(exc)
            return 2
    return 0
