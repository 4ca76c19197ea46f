"""One way to speak: what the studio tells the host, as a code with parameters.

Core and app code raise and emit `Message`s, never finished sentences; `render` words them in
the host's language. The window renders in its own language (and re-renders when it
changes), the CLI in the system's, the report in the one asked for. The window's own labels
are Qt Linguist strings; everything that crosses from the library to a person goes through
here.
"""

from __future__ import annotations

import locale
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

LANGUAGES = ("zh", "en")

# code -> (中文, English); {name} placeholders are filled from the message's params
CATALOG: dict[str, tuple[str, str]] = {
    # words that are not the studio's (a platform's, a library's), shown as they are
    "plain": ("{text}", "{text}"),
    # a line the CLI prints with its level in front
    "say.level": ("[{level}] {message}", "[{level}] {message}"),
    # the queue and link-ups (errors of a host's action)
    "queue.no_item": (
        "队列里没有编号为 {item_id} 的商品",
        "There is no product number {item_id} in the queue",
    ),
    "queue.negative_price": (
        "直播价不能为负数",
        "The live price cannot be negative",
    ),
    "queue.negative_stock": (
        "放库存不能为负数",
        "The stock released cannot be negative",
    ),
    "queue.limit_too_low": (
        "限购至少为 1；不限购请留空",
        "The limit per buyer is at least 1; leave it empty for no limit",
    ),
    "queue.no_next": (
        "队列里没有下一个商品了",
        "There is no next product in the queue",
    ),
    "linkup.bad_transition": (
        "链接状态不能从 {old} 变为 {new}",
        "A link-up cannot go from {old} to {new}",
    ),
    "linkup.busy": (
        "上一个上链接还没完成，请等它结束或先取消",
        "The last link-up is still running: wait for it or cancel it",
    ),
    "linkup.nothing_explained": (
        "先选一个正在讲解的商品，再上链接",
        "Choose the product you are presenting first, then link it up",
    ),
    "linkup.bad_countdown": (
        "倒计时请设在 0 到 10 秒之间",
        "Set the countdown between 0 and 10 seconds",
    ),
    "linkup.no_stock": (
        "「{name}」库存为 0：先补库存再上链接（在「放库存」填数量后点「应用」，或改商品表）",
        "“{name}” has 0 in stock: add stock before linking it up (enter a number in Stock "
        "released and click Apply, or fix the product sheet)",
    ),
    "linkup.not_synced": (
        "商品还没同步到平台：{reason}",
        "The product is not on the platform yet: {reason}",
    ),
    "linkup.none_running": (
        "现在没有进行中的上链接",
        "No link-up is running",
    ),
    "linkup.too_late_to_cancel": (
        "已经在上链接了，来不及取消；可以上架后再下架",
        "The link-up is being sent: too late to cancel; take it down once it is listed",
    ),
    "linkup.take_down_failed": (
        "下架失败：{reason}",
        "Taking down failed: {reason}",
    ),
    "linkup.bad_restock": (
        "补库存的数量要在 1 到 1 亿之间",
        "Add between 1 and 100,000,000 to the stock",
    ),
    "linkup.restock_failed": (
        "补库存失败：{reason}",
        "Adding stock failed: {reason}",
    ),
    "linkup.not_listed": (
        "这个商品现在没有上架的链接",
        "This product has no listed link now",
    ),
    "linkup.no_picture": (
        "现在没有推流画面，不能上屏评论",
        "There is no stream picture: a comment cannot go on stream",
    ),
    # product sheets
    "field.name": ("商品名称", "The product name"),
    "field.sku": ("编号", "The SKU"),
    "field.image": ("图片地址", "The picture address"),
    "field.pitch": ("卖点", "The selling points"),
    "field.goods_id": ("小程序商品ID", "The platform's goods id"),
    "field.spec": ("规格", "The specification"),
    "field.stock": ("库存", "The stock"),
    "field.limit": ("限购", "The limit per buyer"),
    "catalog.where": ("第 {row} 条数据", "Data row {row}"),
    "catalog.where_sheet": (
        "第 {row} 条数据（表格第 {sheet_row} 行）",
        "Data row {row} (sheet row {sheet_row})",
    ),
    "catalog.issue": ("{where}「{column}」列：{reason}", "{where}, column “{column}”: {reason}"),
    "catalog.issue_no_column": ("{where}：{reason}", "{where}: {reason}"),
    "catalog.price_too_long": (
        "“{text}…”不是价格（数字太长）",
        "“{text}…” is not a price (too many digits)",
    ),
    "catalog.not_a_price": (
        "“{text}”不是价格，请写成 19.9 或 ¥19.9 这样的数字",
        "“{text}” is not a price: write it like 19.9 or ¥19.9",
    ),
    "catalog.negative_price": ("价格不能为负数（{text}）", "A price cannot be negative ({text})"),
    "catalog.price_over_limit": (
        "价格 {text} 超过了平台的上限 ¥1,000,000",
        "The price {text} is over the platforms' limit of ¥1,000,000",
    ),
    "catalog.count_too_long": ("{what}“{text}…”太大了", "{what} “{text}…” is too large"),
    "catalog.not_whole": ("{what}“{text}”不是整数", "{what} “{text}” is not a whole number"),
    "catalog.negative_count": ("{what}不能为负数（{text}）", "{what} cannot be negative ({text})"),
    "catalog.too_long": (
        "{what}有 {length} 个字，平台最多收 {most} 个，请缩短",
        "{what} has {length} characters; platforms take at most {most}: shorten it",
    ),
    "catalog.no_name": ("没有商品名称，请填写名称", "No product name: fill it in"),
    "catalog.formula_error": (
        "是公式出错时显示的 {text}，不是数值（VLOOKUP 找不到就是 #N/A）：请在 Excel 或 WPS 里改好这一格再导入",
        "holds {text}, what a formula that failed shows, not a value (a VLOOKUP that finds"
        " nothing gives #N/A): mend the cell in Excel or WPS and import again",
    ),
    "catalog.formula_not_computed": (
        "是公式（{text}），文件里没有存它算出的值：请用 Excel 或 WPS 打开这个文件、保存一次再导入",
        "is a formula ({text}) whose result the file does not carry: open the file in Excel or"
        " WPS, save it once and import again",
    ),
    "catalog.id_as_number": (
        "{text} 是被 Excel 当成数字存下的长 ID，后面几位已经变了：请把这一列设成「文本」格式，"
        "重新填上完整的 ID 再导入",
        "{text} is a long id Excel stored as a number, and its last digits have changed: set"
        " the column's format to Text, type the whole id again and import again",
    ),
    "catalog.live_above_list": (
        "这些商品的直播价比原价还高：{names}。已照表导入；如果是两列填反了，请改好再导入",
        "These products' live price is above their list price: {names}. Imported as written;"
        " if the two columns are swapped, correct them and import again",
    ),
    "catalog.live_above_list_more": (
        "这些商品的直播价比原价还高：{names}，还有 {more} 个。已照表导入；如果是两列填反了，请改好再导入",
        "These products' live price is above their list price: {names}, and {more} more."
        " Imported as written; if the two columns are swapped, correct them and import again",
    ),
    "catalog.no_price": (
        "没有价格，请填写原价或直播价",
        "No price: fill in the list price or the live price",
    ),
    "catalog.zero_limit": (
        "限购为 0 表示谁也买不了；不限购请留空",
        "A limit of 0 means nobody can buy: leave it empty for no limit",
    ),
    "catalog.limit_over": (
        "限购 {limit} 超过了平台的上限 {most:,}",
        "A limit of {limit} is over the platforms' limit of {most:,}",
    ),
    "catalog.stock_over": (
        "库存 {stock} 超过了平台的上限 1 亿",
        "A stock of {stock} is over the platforms' limit of 100 million",
    ),
    "catalog.duplicate_sku": (
        "编号“{sku}”与第 {first} 条数据重复，请改成不同的编号",
        "The SKU “{sku}” is the same as data row {first}'s: give it another",
    ),
    "catalog.duplicate_column": (
        "第 {col} 列「{header}」和第 {used_col} 列「{used_header}」都是{field}：用了第 {used_col} 列，第 {col} 列没有导入",
        "Columns {col} “{header}” and {used_col} “{used_header}” are both {field}: column {used_col} is used, column {col} is not imported",
    ),
    "catalog.unused_columns": (
        "未使用的列：{columns}（这些列没有导入；需要的话把列名改成能认出的写法）",
        "Columns not used: {columns} (not imported; rename a column the studio knows to use it)",
    ),
    "catalog.unused_columns_more": (
        "未使用的列：{columns} 等另外 {more} 列（这些列没有导入）",
        "Columns not used: {columns} and {more} more (not imported)",
    ),
    "catalog.no_header": (
        "找不到表头：需要一行列名，至少包含「商品名称」和「价格」或「直播价」（也认识 品名/名称、原价/售价、秒杀价/活动价 等写法）",
        "No header row found: the sheet needs a row of column names with at least a product name (商品名称) and a price (价格 or 直播价); English names work too",
    ),
    "catalog.too_many_rows": (
        "商品表超过 {most:,} 行：请分成几张表，每场直播导入要播的商品",
        "The sheet has more than {most:,} rows: split it, and import for each show the products it sells",
    ),
    "catalog.big5": (
        "{file} 是繁体中文（Big5）编码，已按 Big5 读取",
        "{file} is in Traditional Chinese (Big5) and was read as such",
    ),
    "sheet.not_found": (
        "找不到商品表：{path}（请检查文件路径）",
        "No product sheet at {path} (check the path)",
    ),
    "sheet.unsupported": (
        "{file}：暂不支持 {suffix} 格式，请在 Excel 或 WPS 中“另存为” .xlsx 或 CSV 后再导入",
        "{file}: {suffix} files are not read yet; in Excel or WPS “Save as” .xlsx or CSV and import that",
    ),
    "sheet.too_big": (
        "{file}：文件有 {mb} MB，商品表不会这么大（最多 64 MB）",
        "{file}: the file has {mb} MB, more than a product sheet would (at most 64 MB)",
    ),
    "sheet.unknown_type": (
        "{file}：不认识的文件类型，请导入 .xlsx 或 .csv 商品表",
        "{file}: not a kind of file the studio reads; import a .xlsx or .csv sheet",
    ),
    "sheet.unknown_encoding": (
        "{file}：无法识别文字编码（不是 UTF-8、GBK 也不是 Big5），请在 Excel 中另存为“CSV UTF-8”",
        "{file}: the text encoding is not UTF-8, GBK or Big5; in Excel save it as “CSV UTF-8”",
    ),
    "sheet.bad_csv_line": (
        "{file}：第 {line} 行读不了（{reason}）；单元格最多 100 万字，请检查这一行的引号是否成对",
        "{file}: line {line} cannot be read ({reason}); a cell takes at most a million characters: check that the quotes on that line pair up",
    ),
    "sheet.quote_spans_rows": (
        "{file}：第 {line} 行有一个引号，到第 {end} 行才配对，中间几行商品被读成了一个单元格："
        "请检查第 {line} 行的引号（删掉它，或在这一格末尾补上另一个引号）后再导入",
        "{file}: a quote on line {line} is only closed on line {end}, so the products between"
        " were read as one cell: check the quote on line {line} (remove it, or close it at the"
        " end of that cell) and import again",
    ),
    "sheet.unclosed_quote": (
        "{file}：第 {line} 行有一个引号没有配对，从它起到文件末尾都成了一个单元格："
        "请在这一行补上另一个引号（或删掉这个引号）后再导入",
        "{file}: line {line} has a quote that is never closed, so everything from it to the "
        "end of the file became one cell: add the closing quote on that line (or remove this "
        "one) and import again",
    ),
    "sheet.csv_cell_too_big": (
        "{file}：第 {line} 行有一个单元格超过 {most:,} 个字（一个单元格最多 {most:,} 个字）："
        "通常是这一行的引号没有配对，请检查后再导入",
        "{file}: line {line} has a cell longer than {most:,} characters (a cell holds at most "
        "{most:,}): usually a quote on that line is not closed; check it and import again",
    ),
    "sheet.utf32": (
        "{file} 是 UTF-32 编码，读不了：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或“CSV（逗号分隔）”，"
        "或在记事本里另存为时把编码选为 UTF-8",
        "{file} is in UTF-32, which cannot be read: in Excel save it as “CSV UTF-8 (Comma "
        "delimited)” or “CSV (Comma delimited)”, or in Notepad choose UTF-8 when you save it",
    ),
    "sheet.workbook_refused": ("{file}：{reason}", "{file}: {reason}"),
    "sheet.bad_workbook": (
        "{file}：打不开这个 Excel 文件（{reason}）；请在 Excel/WPS 中打开后另存为 .xlsx",
        "{file}: this Excel file cannot be opened ({reason}); open it in Excel or WPS and save it as .xlsx",
    ),
    "sheet.the_file": ("文件", "the file"),
    "xlsx.unpacks_too_big": (
        "文件解压后超过 {mb} MB，不像是商品表",
        "the file unpacks to more than {mb} MB: it is not a product sheet",
    ),
    "xlsx.too_many_cells": (
        "表格有 {rows:,} 行 {columns} 列，超出了商品表的范围：请删掉多余的行和列",
        "the sheet has {rows:,} rows and {columns} columns, more than a product sheet holds: "
        "delete the extra rows and columns",
    ),
    "xlsx.cell_too_long": (
        "商品表里有一个超长的单元格（超过 {most:,} 个字，这是 Excel 一个单元格的上限）："
        "请找到它删短后另存再导入",
        "the sheet has a cell longer than {most:,} characters (Excel's limit for a cell): "
        "find it, shorten it and save again",
    ),
    "xlsx.too_much_text": (
        "商品表里的文字太多（各单元格合起来超过 {most:,} 个字）：请只留下要卖的商品后另存",
        "the sheet holds too much text (its cells come to more than {most:,} characters): "
        "keep only the products you sell and save again",
    ),
    "catalog.sheet_read": (
        "读取了工作表「{title}」（共 {of} 个）",
        "read the sheet “{title}” (of {of})",
    ),
    "catalog.hidden_rows": (
        "跳过了 {count} 行隐藏的行",
        "skipped {count} hidden rows",
    ),
    "xlsx.not_xlsx": (
        "不是 .xlsx 文件（可能已损坏，或是改了扩展名的旧 .xls）",
        "not an .xlsx file (damaged, or an old .xls renamed)",
    ),
    "xlsx.encrypted": (
        "文件加了密码：请去掉密码后另存",
        "the file has a password: save it without one",
    ),
    "xlsx.damaged": ("文件已损坏，或不是 Excel 文件", "the file is damaged, or not an Excel file"),
    "xlsx.unreadable": ("读不了（{reason}）", "cannot be read ({reason})"),
    "xlsx.column_too_far": (
        "第 {column} 列有内容，超出了商品表的范围（最多 {most} 列，到第 {last} 列）："
        "请删掉右边多余的列后另存",
        "column {column} has something in it, past a product sheet's columns (at most {most}, "
        "up to column {last}): delete the extra columns on the right and save again",
    ),
    "xlsx.row_too_far": (
        "第 {row:,} 行有内容，超出了商品表的范围（最多 {most:,} 行）：请删掉表格下方多余的内容后另存",
        "row {row:,} has something in it, past a product sheet's rows (at most {most:,}): "
        "delete what is below the table and save again",
    ),
    "xlsx.file_too_big": (
        "文件有 {mb} MB，商品表不会这么大（最多 {most} MB）",
        "the file is {mb} MB; a product sheet is never that large (at most {most} MB)",
    ),
    "xlsx.sheet_too_big": (
        "工作表「{title}」有 {rows} 行 {columns} 列，超出了商品表的范围"
        "（最多 {most_rows:,} 行、{most_columns} 列）",
        "the sheet “{title}” has {rows} rows and {columns} columns, past a product sheet's "
        "bounds (at most {most_rows:,} rows and {most_columns} columns)",
    ),
    "sheet.empty_workbook": ("{file}：工作簿里没有数据", "{file}: the workbook has no data"),
    "sheet.bad_export": (
        "导出只支持 .xlsx 或 .csv，收到的是 {file}",
        "Export writes .xlsx or .csv only (got {file})",
    ),
    "catalog.product_line": (
        "{name}  ¥{live}（原价 ¥{price}）  库存 {stock}",
        "{name}  ¥{live} (list price ¥{price})  stock {stock}",
    ),
    "catalog.unlimited": ("不限", "unlimited"),
    "catalog.check_summary": (
        "{products} 个商品可以导入，{issues} 行有问题",
        "{products} products can be imported, {issues} rows have problems",
    ),
    "platform.timeout": ("超时", "it timed out"),
    "platform.open_slow": (
        "平台 {s} 秒内没有准备好这场直播（开场次、同步商品）：请检查网络后再试",
        "The platform did not get the show ready within {s} s (opening the session, syncing "
        "the products): check the connection and try again",
    ),
    "platform.refused": ("连不上平台", "the platform cannot be reached"),
    "platform.not_open": ("平台连接还没打开", "the platform connection is not open yet"),
    "platform.no_answer": ("平台没有响应（{reason}）", "The platform did not answer ({reason})"),
    "platform.no_answer_retried": (
        "平台没有响应（{reason}，已重试 {attempts} 次）",
        "The platform did not answer ({reason}, tried {attempts} times)",
    ),
    "platform.too_large": (
        "平台的回应太大（超过 1 MB）",
        "The platform's answer is too large (over 1 MB)",
    ),
    "platform.status": ("平台返回 {status}", "the platform answered {status}"),
    "platform.bad_token": (
        "平台拒绝了访问令牌：请在设置里重新填写平台令牌",
        "The platform refused the access token: enter the platform token again in the settings",
    ),
    "platform.not_found": ("平台上找不到：{what}", "Not found on the platform: {what}"),
    "platform.rejected": ("平台拒绝：{why}", "The platform refused: {why}"),
    "platform.rule.sold_out": ("已售罄", "sold out"),
    "platform.rule.session_ended": ("直播场次已结束", "the live session has ended"),
    "platform.rule.not_listed": ("商品未上架", "the product is not listed"),
    "platform.rule.limit_exceeded": ("超过限购", "over the limit per buyer"),
    "platform.not_json": ("平台的回应不是 JSON", "The platform's answer is not JSON"),
    "platform.bad_answer": (
        "平台的回应缺少“{field}”或它的值不对（平台接口与约定不符，请联系平台或稍后再试）",
        "The platform's answer lacks '{field}' or its value is wrong (the platform does not "
        "follow the agreed interface; contact the platform or try again later)",
    ),
    "platform.bad_shape": (
        "平台的回应格式不对",
        "The platform's answer is not in the agreed shape",
    ),
    "platform.no_session": ("还没有开始直播场次", "No live session has started yet"),
    "platform.no_session_id": (
        "平台的场次回应缺少 session_id",
        "The platform's session answer has no session_id",
    ),
    "platform.bad_listing": (
        "平台的商品回应缺少字段",
        "The platform's listing answer lacks fields",
    ),
    "assisted.douyin": (
        "请现在在抖音直播中控台（巨量百应）点击该商品的「讲解」",
        "Now click 讲解 (present) for this product in Douyin's live console (巨量百应)",
    ),
    "assisted.kuaishou": (
        "请现在在快手小店直播中控台点击该商品的「上架/讲解」",
        "Now click 上架/讲解 (list / present) for this product in the Kuaishou shop's live console",
    ),
    "assisted.taobao": (
        "请现在在淘宝直播中控台点击该商品的「上架」",
        "Now click 上架 (list) for this product in Taobao Live's console",
    ),
    "assisted.other": (
        "请现在在平台的直播中控台点击该商品的「上架/讲解」",
        "Now click 上架/讲解 (list / present) for this product in the platform's live console",
    ),
    # the merchant's own live console, driven in their browser (studio/console)
    "console.name.douyin": ("抖店", "Douyin Shop"),
    "console.name.buyin": ("巨量百应", "Douyin Buyin (巨量百应)"),
    "console.name.kuaishou": ("快手小店", "Kuaishou Shop"),
    "console.name.taobao": ("淘宝直播", "Taobao Live"),
    "console.name.channels": ("视频号", "WeChat Channels"),
    "console.part.goods_list": ("商品列表", "the goods list"),
    "console.part.explain_button": ("商品的讲解按钮", "the product's 讲解 button"),
    "console.unknown": (
        "不认识的中控台 {name!r}：可用 douyin、buyin、kuaishou、taobao、channels",
        "Unknown console {name!r}: use douyin, buyin, kuaishou, taobao or channels",
    ),
    "console.changed": (
        "{console}中控台的页面变了：找不到{what}。本场上链接改为你在中控台手动点击；"
        "请把这个页面变化告诉我们（见说明书“中控台变了怎么办”）",
        "{console}'s console page has changed: {what} cannot be found. Link-ups in this show are "
        "left to you in the console; please report the change (README: a console that changed)",
    ),
    "console.spec_broken": (
        "{console}中控台的说明文件不能用：{reason}。本场上链接改为你在中控台手动点击",
        "{console}'s console description cannot be used: {reason}. Link-ups in this show are "
        "left to you in the console",
    ),
    "console.setting_broken": (
        "{reason}。本场{console}的上链接改为你手动点击",
        "{reason}. {console} link-ups in this show are left to you",
    ),
    "console.no_browser": (
        "找不到能用的浏览器：请安装 Microsoft Edge 或 Google Chrome（统信 UOS、麒麟等 Linux："
        "安装 chromium），或用 STUDIO_BROWSER=浏览器路径 指定。本场{console}的上链接改为你手动点击",
        "No browser to use: install Microsoft Edge or Google Chrome (on UOS, Kylin and other "
        "Linux: chromium), or name one with STUDIO_BROWSER=PATH. {console} link-ups in this "
        "show are left to you",
    ),
    "console.browser_failed": (
        "{console}中控台打不开：{reason}。本场{console}的上链接改为你手动点击",
        "{console}'s console did not open: {reason}. {console} link-ups in this show are left "
        "to you",
    ),
    "console.profile_in_use": (
        "工作台的浏览器窗口已经开着（登录窗口或另一个工作台）：请先关掉它，{console}的上链接"
        "才能由工作台点击；在此之前由你手动点击",
        "The studio's browser window is already open (a login window, or another studio): "
        "close it so the studio can click {console} link-ups; until then they are left to you",
    ),
    # the same troubles met by `studio console login` (there is no show: say what to do)
    "console.login_spec_broken": (
        "{console}中控台的说明文件不能用：{reason}。改好或删掉它后，{again}",
        "{console}'s console description cannot be used: {reason}. Fix or remove it, then {again}",
    ),
    "console.login_setting_broken": ("{reason}。改好后{again}", "{reason}. Then {again}"),
    "console.login_no_browser": (
        "找不到能用的浏览器，没法登录{console}：请安装 Microsoft Edge 或 Google Chrome（统信 UOS、"
        "麒麟等 Linux：安装 chromium），或用 STUDIO_BROWSER=浏览器路径 指定，再{again}",
        "No browser to log in to {console} with: install Microsoft Edge or Google Chrome (on UOS,"
        " Kylin and other Linux: chromium), or name one with STUDIO_BROWSER=PATH, then {again}",
    ),
    "console.login_failed": (
        "{console}中控台打不开，没能登录：{reason}。解决后{again}",
        "{console}'s console did not open, so no login: {reason}. Then {again}",
    ),
    "console.login_profile_in_use": (
        "工作台的浏览器窗口已经开着（另一个登录窗口或正在直播的工作台）：请先关掉它，再{again}",
        "The studio's browser window is already open (another login window, or a studio on "
        "air): close it, then {again}",
    ),
    "console.again_cli": (
        "再运行 studio console login {platform}",
        "run studio console login {platform} again",
    ),
    "console.again_window": ("再点一次登录按钮", "click the log-in button again"),
    "console.login_cancelled": ("已取消登录", "Login cancelled"),
    "console.no_token": (
        "中控台（{name}）不需要令牌：工作台在你自己的浏览器里操作中控台。请运行 studio console "
        "login {platform} 扫码登录一次",
        "A console ({name}) needs no token: the studio works in the console in your own "
        "browser. Run studio console login {platform} and scan the QR code once",
    ),
    "console.no_name": (
        "没写是哪个中控台：请写 console:douyin、console:buyin、console:kuaishou、console:taobao "
        "或 console:channels",
        "Which console? Write console:douyin, console:buyin, console:kuaishou, console:taobao or "
        "console:channels",
    ),
    # why the browser or the console page could not be used (the reason in the lines above)
    "browser.none": (
        "找不到能用的浏览器：请安装 Microsoft Edge 或 Google Chrome，或用 STUDIO_BROWSER=浏览器路径 指定",
        "no browser to use: install Microsoft Edge or Google Chrome, or name one with "
        "STUDIO_BROWSER=PATH",
    ),
    "browser.no_display": (
        "没有图形桌面可以显示浏览器窗口：请在电脑桌面上（不是远程终端里）运行工作台",
        "there is no desktop to show the browser window on: run the studio on the PC's "
        "desktop (not in a remote terminal)",
    ),
    "browser.exited": (
        "浏览器一启动就退出了（退出码 {code}）：请关掉工作台打开过的浏览器窗口再试；仍不行请用 "
        "STUDIO_BROWSER=浏览器路径 换一个浏览器",
        "the browser quit as it started (exit code {code}): close any browser window the studio"
        " opened and try again; if it still fails, name another browser with STUDIO_BROWSER=PATH",
    ),
    "browser.no_port": (
        "浏览器 {s} 秒内没有准备好：电脑可能太忙，请关掉一些程序后再试",
        "the browser was not ready within {s} s: the PC may be too busy; close some programs "
        "and try again",
    ),
    "browser.cannot_start": (
        "启动不了浏览器 {path}（{why}）：请检查 STUDIO_BROWSER 指的是不是浏览器程序",
        "the browser {path} cannot be started ({why}): check that STUDIO_BROWSER names a "
        "browser program",
    ),
    "browser.why.denied": ("没有运行它的权限", "not allowed to run it"),
    "browser.why.missing": ("文件不存在", "no such file"),
    "browser.why.not_program": ("不是可运行的程序", "not a program"),
    "browser.why.other": ("系统错误 {errno}", "system error {errno}"),
    "browser.no_connect": (
        "连不上浏览器（它的调试端口没有回应）：请关掉工作台打开的浏览器窗口后再试",
        "cannot reach the browser (its debugging port does not answer): close the browser "
        "window the studio opened and try again",
    ),
    "browser.no_answer": (
        "浏览器 {s} 秒内没有回应：它可能卡住了，请关掉浏览器窗口再试",
        "the browser did not answer within {s} s: it may be stuck; close its window and try again",
    ),
    "browser.closed": (
        "浏览器被关掉了（或崩溃了）",
        "the browser was closed (or crashed)",
    ),
    "browser.tab_closed": ("中控台的标签页被关掉了", "the console's tab was closed"),
    "browser.refused": ("浏览器拒绝了：{text}", "the browser refused: {text}"),
    "browser.not_open": ("中控台还没打开", "the console is not open"),
    "browser.not_loaded": (
        "{url} {s} 秒内没有打开完：请检查网络",
        "{url} did not load within {s} s: check the network",
    ),
    "browser.script_failed": (
        "中控台页面里的脚本出错（{text}）",
        "a script failed in the console page ({text})",
    ),
    "browser.page_failed": ("打不开 {url}：{why}", "cannot open {url}: {why}"),
    "page_net.refused": (
        "连接被拒绝（那个地址没有服务在运行）：请检查网址和网络",
        "the connection was refused (nothing answers at that address): check the address and "
        "the network",
    ),
    "page_net.no_host": (
        "找不到这个网址的服务器：请检查网络是否连通、网址是否写对",
        "no server found for this address: check the network and the address",
    ),
    "page_net.offline": ("电脑没有联网：请先连上网络", "the PC is offline: connect to the network"),
    "page_net.timeout": (
        "连接超时：请检查网络，或稍后再试",
        "the connection timed out: check the network, or try again later",
    ),
    "page_net.reset": (
        "连接被中断：请检查网络，或稍后再试",
        "the connection was cut: check the network, or try again later",
    ),
    "page_net.certificate": (
        "网站的安全证书有问题：请检查电脑的日期时间是否正确",
        "the site's security certificate is not valid: check the PC's date and time",
    ),
    "page_net.proxy": (
        "代理服务器连不上：请检查系统的代理设置",
        "the proxy cannot be reached: check the system's proxy settings",
    ),
    "page_net.bad_url": ("网址无效：请检查网址", "the address is not valid: check it"),
    "page_net.other": (
        "网络错误（{code}）：请检查网络，或稍后再试",
        "a network error ({code}): check the network, or try again later",
    ),
    # what is wrong in a console description (resources/consoles/*.json or a drop-in)
    "spec.too_large": (
        "{file} 太大（超过 {kb} KB）：请换回安装包里的版本，或删掉数据目录里的这个文件",
        "{file} is too large (over {kb} KB): use the version the studio ships, or remove this "
        "file from the data folder",
    ),
    "spec.unreadable": (
        "{file} 读不出来（{why}）：请检查文件权限",
        "{file} cannot be read ({why}): check the file's permissions",
    ),
    "spec.not_utf8": (
        "{file} 不是 UTF-8 文本：请用 UTF-8 编码保存",
        "{file} is not UTF-8 text: save it as UTF-8",
    ),
    "spec.not_json": (
        "{file} 不是有效的 JSON（第 {line} 行第 {column} 列附近写错了）：请改正，"
        "或删掉它用安装包里的版本",
        "{file} is not valid JSON (a mistake near line {line}, column {column}): fix it, or "
        "remove it to use the version the studio ships",
    ),
    "spec.not_object": (
        "{file} 的内容应该是一个 {{…}} 对象",
        "{file} should hold one {{…}} object",
    ),
    "spec.bad_text": (
        "{file} 里 {where} 缺少，或不是不超过 {most} 个字的文字",
        "{file}: {where} is missing, or is not a text of at most {most} characters",
    ),
    "spec.missing_entry": (
        "{file} 里缺少 {key}（要写成带 selector 和 source 的对象）",
        "{file}: {key} is missing (an object with a selector and a source)",
    ),
    "spec.bad_attribute": (
        "{file} 里 {key} 的 attribute 或 pattern 写得不对（要是文字，pattern 不超过 200 个字）",
        "{file}: {key} has a bad attribute or pattern (texts; a pattern at most 200 characters)",
    ),
    "spec.bad_selector": (
        "{key} 的选择器写错了（{selector}）：请改正 {file}",
        "{key}'s selector is wrong ({selector}): fix {file}",
    ),
    "spec.bad_page_pattern": (
        "{key} 的 pattern 写错了（{pattern}）：请改正 {file}",
        "{key}'s pattern is wrong ({pattern}): fix {file}",
    ),
    "spec.bad_words": (
        "{file} 里 {key} 要有一组词（每个不超过 20 个字）和 source",
        "{file}: {key} needs a list of words (each at most 20 characters) and a source",
    ),
    "spec.bad_name": (
        "{file} 里 name 要写 zh 和 en 两个名字",
        "{file}: name needs a zh and an en name",
    ),
    "spec.bad_urls": (
        "{file} 里 control_url 和 login_url 要各有 value 和 source",
        "{file}: control_url and login_url each need a value and a source",
    ),
    "spec.bad_url": (
        "{file} 里 {key} 的网址不是 http:// 或 https:// 开头",
        "{file}: {key} is not an http:// or https:// address",
    ),
    "spec.bad_env_url": (
        "环境变量 STUDIO_CONSOLE_URL（{value}）不是 http:// 或 https:// 开头的网址：请改正或删掉它",
        "The environment variable STUDIO_CONSOLE_URL ({value}) is not an http:// or https:// "
        "address: fix it or remove it",
    ),
    "spec.bad_version": (
        "{file} 里 version 要写成日期（如 2027-03-01）或数字",
        "{file}: version should be a date (such as 2027-03-01) or a number",
    ),
    "spec.unknown_platform": (
        "没有“{name}”的中控台说明",
        "No console description for “{name}”",
    ),
    "console.not_logged_in": (
        "{console}中控台还没登录：请运行 studio console login {platform} 扫码登录一次。"
        "登录之前，上链接由你在中控台手动点击",
        "{console}'s console is not logged in: run studio console login {platform} and scan the "
        "QR code once. Until then link-ups are left to you in the console",
    ),
    "console.logged_in": ("已登录 {console}：{account}", "Logged in to {console}: {account}"),
    "console.login_short_known": ("已登录：{account}", "logged in: {account}"),
    "console.login_short_unknown": ("未登录", "not logged in"),
    "console.login_unknown": (
        "还没登录{console}：先运行 studio console login {platform}",
        "Not logged in to {console}: run studio console login {platform} first",
    ),
    "console.not_live": (
        "{console}直播间还没开播：开播后中控台的「讲解」才会生效",
        "{console}'s room is not live yet: 讲解 works once it is",
    ),
    "console.not_in_console": (
        "{console}中控台的商品列表里没有它（{which}）：请先在中控台把它加进直播商品",
        "It is not in {console}'s console goods list ({which}): add it to the show's goods there",
    ),
    "console.which_id": ("商品 ID {goods_id}", "goods id {goods_id}"),
    "console.which_title": ("按商品名找", "looked for by its name"),
    "console.ambiguous": (
        "{console}中控台里有 {count} 个商品的名字都像它，工作台不知道该点哪一个："
        "请在表格里填上它的商品ID（中控台商品卡上的 ID），或把名字写得和中控台一样",
        "{count} goods in {console}'s console have a name like it, so the studio cannot tell"
        " which to click: put its goods id (on the console's goods card) in the sheet, or write"
        " its name as the console does",
    ),
    "console.same_goods": (
        "它和「{other}」在{console}中控台里对上的是同一个商品：请在表格里填上两者的商品ID",
        "It matches the same goods in {console}'s console as {other}: put both goods ids in"
        " the sheet",
    ),
    "console.clicked": (
        "{console}中控台已确认「{name}」在讲解（工作台点的）",
        "{console}'s console confirmed {name} is being presented (the studio clicked)",
    ),
    "console.already": (
        "「{name}」在{console}中控台里已经在讲解，没有再点",
        "{name} was already being presented in {console}'s console: not clicked again",
    ),
    "console.unconfirmed": (
        "{console}中控台 {s} 秒内没有确认「{name}」的讲解：请你现在在中控台亲自点「讲解」",
        "{console}'s console did not confirm {name} within {s} s: click 讲解 in the console "
        "yourself now",
    ),
    "console.by_hand": (
        "请现在在{console}中控台点击「{name}」的「讲解」（{why}）",
        "Click 讲解 for {name} in {console}'s console now ({why})",
    ),
    "console.browser_closed": (
        "{console}中控台的浏览器被关掉了，正在重新打开；在它回来之前上链接由你手动点击",
        "The browser with {console}'s console was closed; reopening it. Until it is back, "
        "link-ups are left to you",
    ),
    "console.reopened": (
        "{console}中控台已重新打开，上链接重新由工作台点击",
        "{console}'s console is open again: the studio clicks the link-ups again",
    ),
    "console.page_lost": (
        "{console}中控台的页面刷新了或退出了登录：在它回来之前，上链接由你手动点击",
        "{console}'s console page reloaded or logged out: until it is back, link-ups are left "
        "to you",
    ),
    "console.back": (
        "{console}中控台回来了，上链接重新由工作台点击",
        "{console}'s console is back: the studio clicks the link-ups again",
    ),
    "console.take_down_by_hand": (
        "请在{console}中控台点「{name}」的「取消讲解」（{why}）",
        "Click 取消讲解 for {name} in {console}'s console ({why})",
    ),
    "console.no_stock": (
        "库存请在{console}中控台或商家后台里改",
        "Change the stock in {console}'s console or shop backend",
    ),
    "console.comments_dropped": (
        "{console}评论太多，有 {count} 条没有收进来",
        "{console} comments came too fast: {count} were not taken",
    ),
    "console.login_open": (
        "已打开{console}中控台的浏览器窗口：请用手机扫码登录（最多等 {wait}）",
        "{console}'s console is open in a browser window: scan the QR code with your phone "
        "(waiting up to {wait})",
    ),
    "console.wait_minutes": ("{n} 分钟", "{n} minutes"),
    "console.wait_seconds": ("{n} 秒", "{n} seconds"),
    "console.login_timeout": (
        "没等到登录：{console}中控台仍未登录。再运行一次 studio console login {platform}",
        "No login seen: {console}'s console is still not logged in. Run studio console login "
        "{platform} again",
    ),
    "keyring.bad_backend": (
        "系统钥匙串不可用：环境变量 PYTHON_KEYRING_BACKEND（“{value}”）指的密钥后端找不到。请删掉这个变量（unset PYTHON_KEYRING_BACKEND），或写成“模块.类名”，例如 keyring.backends.SecretService.Keyring",
        "No system keyring: the environment variable PYTHON_KEYRING_BACKEND ('{value}') names no key store that can be found. Remove it (unset PYTHON_KEYRING_BACKEND) or write it as module.ClassName, e.g. keyring.backends.SecretService.Keyring",
    ),
    "keyring.plain_file": (
        "系统钥匙串不可用：现在的密钥后端（{backend}）把密钥写在普通文件里，工作台不用它。请安装并登录系统钥匙串（Windows 凭据管理器、macOS 钥匙串，Linux 的 GNOME Keyring 或 KWallet）",
        "No system keyring: the key store in use ({backend}) writes keys to a plain file, which the studio does not use. Install and unlock the system keyring (Windows Credential Manager, macOS Keychain, GNOME Keyring or KWallet on Linux)",
    ),
    "keyring.not_kept": (
        "系统钥匙串没有保存密钥（{backend} 收下后读不回来）。请检查系统钥匙串是否已解锁；没有钥匙串时每次开播前输入推流码",
        "The system keyring did not keep the key ({backend} took it and could not give it back). Check that the keyring is unlocked; without one, type the stream key at each go-live",
    ),
    "keyring.locked": ("钥匙串已锁定", "the keyring is locked"),
    "keyring.none_found": ("没有找到钥匙串服务", "no keyring service was found"),
    "keyring.unavailable": (
        "系统钥匙串不可用（{error}）：密钥只保存在系统钥匙串里。Linux 请安装并登录 GNOME Keyring 或 KWallet",
        "No system keyring ({error}): keys are kept only in the system keyring. On Linux install and unlock GNOME Keyring or KWallet",
    ),
    "picture.none": ("没有图片", "no picture"),
    "picture.not_found": (
        "找不到图片 {ref}（请把图片放在商品表旁边，或写完整路径）",
        "no picture at {ref} (put pictures beside the sheet, or write the whole path)",
    ),
    "picture.too_big": (
        "图片太大（{mb} MB），请换一张小于 20 MB 的",
        "the picture is too big ({mb} MB): use one under 20 MB",
    ),
    "picture.not_a_picture": ("链接的内容不是图片（{url}）", "the link is not a picture ({url})"),
    "picture.http_status": (
        "下载图片失败：服务器返回 {status}",
        "the download failed: the server answered {status}",
    ),
    "picture.cancelled": ("已取消", "cancelled"),
    "picture.too_slow": (
        "下载图片太慢（{s} 秒没下完），卡片上先不显示",
        "the download is too slow (not done in {s} s): the card shows no picture for now",
    ),
    "picture.download_failed": ("下载图片失败：{error}", "the download failed: {error}"),
    "picture.bad_answer": (
        "下载图片失败：服务器的回应不对",
        "the download failed: the server's answer makes no sense",
    ),
    "rtmp.connect_timeout": (
        "连接 {host}:{port} 超时",
        "the connection to {host}:{port} timed out",
    ),
    "rtmp.cannot_connect": (
        "无法连接 {host}:{port}（{reason}）",
        "cannot connect to {host}:{port} ({reason})",
    ),
    "rtmp.untrusted": (
        "TLS：{host} 的服务器证书不可信（{reason}）。请检查 rtmps:// 地址和电脑的日期时间",
        "TLS: the server's certificate for {host} is not trusted ({reason}). Check the rtmps:// address and this computer's date and time",
    ),
    "rtmp.tls_failed": (
        "与 {host} 的 TLS 握手失败（{reason}）",
        "the TLS handshake with {host} failed ({reason})",
    ),
    "rtmp.not_connected": ("还没有连接", "not connected"),
    "rtmp.stalled": ("上行网络卡住（{s} 秒没有进展）", "the uplink made no progress for {s} s"),
    "rtmp.lost": ("连接中断（{reason}）", "the connection was lost ({reason})"),
    "rtmp.silent": ("服务器不再应答", "the server stopped answering"),
    "rtmp.closed": ("服务器断开了连接", "the server closed the connection"),
    "rtmp.bad_answer": (
        "推流服务器的回应看不懂（不是正常的 RTMP 应答），稍后自动再试",
        "the streaming server's answer cannot be read (not a normal RTMP answer); trying again",
    ),
    "rtmp.no_answer": ("服务器无响应（{stage}）", "no answer from the server during {stage}"),
    "rtmp.refused": (
        "服务器拒绝了推流（{stage}）：{code} {text}",
        "the server refused the {stage}: {code} {text}",
    ),
    "rtmp.busy": (
        "服务器仍保留旧连接，正在重试（{detail}）",
        "the server still holds the previous session (already publishing); retrying ({detail})",
    ),
    "rtmp.closed_early": (
        "推流服务器在{stage}时断开了连接（还没到推流这一步）：这是网络或服务器的问题，不是推流码的问题",
        "the ingest closed the connection during the {stage}, before the stream was published: "
        "the network or the server, not the stream key",
    ),
    "rtmp.closed_after_publish": (
        "推流服务器在开始推流时立刻断开了连接；如果一直这样，多半是推流码不对或已过期",
        "the ingest closed the connection right after the stream was published; if it keeps "
        "doing so, the stream key is most likely wrong or expired",
    ),
    "output.unexpected": (
        "出了意外的错误（{kind}，详情已记在日志里），自动再试",
        "an unexpected error ({kind}, the details are in the log); trying again",
    ),
    "output.retry_later": (
        "{why}（{s} 秒后自动再试）",
        "{why} (trying again by itself in {s} s)",
    ),
    "rtmp.stage.tcp": ("建立连接", "connection"),
    "rtmp.stage.tls": ("加密握手", "TLS handshake"),
    "rtmp.stage.handshake": ("RTMP 握手", "RTMP handshake"),
    "rtmp.stage.connect": ("连接推流应用", "connect"),
    "rtmp.stage.create_stream": ("建立推流通道", "stream set-up"),
    "rtmp.stage.publish": ("开始推流", "publish"),
    "rtmp.stage.live": ("推流", "stream"),
    "uplink.no_answer": ("推流服务器没有应答", "the ingest did not answer"),
    "uplink.cannot_publish": (
        "上行测速没能推流：{why}",
        "the uplink test could not publish: {why}",
    ),
    "uplink.cancelled": ("上行测速已取消", "the uplink test was cancelled"),
    "cli.go_live_cancelled": (
        "开播已取消（按了 Ctrl+C 或收到停止信号）：没有开始直播，可以重新运行",
        "Going live was cancelled by the user (Ctrl+C or a stop signal): nothing went on "
        "air; run it again when ready",
    ),
    "uplink.measured": (
        "上行约 {kbps} kbps，推得动：{quality}",
        "the uplink carries about {kbps} kbps: enough for {quality}",
    ),
    "uplink.too_slow": (
        "上行只有 {kbps} kbps，连流畅 480p（约 {need} kbps）都推不动：请换一条网络（比如离路由器近一点、用网线，或换 4G/5G 信号好的位置）再开播",
        "the uplink carries only {kbps} kbps, less than even Smooth 480p needs (about {need} kbps): "
        "move to a better connection (closer to the router, a cable, or better 4G/5G) before going live",
    ),
    "rtmp.closes_every_time": (
        "推流服务器 {s} 秒以来每次都在开始推流时断开",
        "for {s} s the ingest has closed the connection every time the stream was published",
    ),
    "rtmp.check_key": (
        "{why}。请检查推流码是否正确、是否过期，然后重新开始",
        "{why}. Check that the stream key is right and not expired (platforms expire keys), then start again",
    ),
    "record.cannot_write": (
        "无法写入录像文件 {path}（{reason}）：请选一个可以写入、有空间的文件夹",
        "cannot write the recording {path} ({reason}): choose a folder you can write to with free space",
    ),
    "record.kept": (
        "已录下的 {mb} MB 保存在 {path}",
        "what was recorded so far ({mb} MB) is kept in {path}",
    ),
    "record.nothing_kept": ("还没有录下任何内容", "nothing had been recorded yet"),
    "record.stopped": (
        "录像写入失败（{reason}）。{where}",
        "the recording stopped ({reason}). {where}",
    ),
    "encoder.cannot_open": (
        "无法打开编码器 {name}（{reason}）：试试 --encoder libx264 或更小的画布",
        "cannot open the encoder {name} ({reason}): try --encoder libx264 or a smaller canvas",
    ),
    "encoder.unavailable": (
        "编码器 {name!r} 在这台电脑上用不了：运行 studio devices 看能用的编码器",
        "the encoder {name!r} does not open on this machine: run `studio devices` to see the encoders that work here",
    ),
    "source.bad_screen": (
        "{spec!r} 不是屏幕：用 screen:1（第一个屏幕）、screen:2……",
        "{spec!r} is not a screen: use screen:1 (the first screen), screen:2, ...",
    ),
    "source.no_such_screen": (
        "没有第 {index} 个屏幕：这台电脑有 {count} 个（screen:1 到 screen:{count}；screen:0 是全部）",
        "there is no screen {index}: this computer has {count} (screen:1 to screen:{count}; screen:0 is all of them)",
    ),
    "source.no_screen": (
        "无法采集屏幕（{reason}）",
        "the screen cannot be captured ({reason})",
    ),
    "source.picture_too_big": (
        "图片 {name} 太大（最多 64 MB、4000 万像素）：缩小后再用",
        "the picture {name} is too big (at most 64 MB and 40 megapixels): make it smaller",
    ),
    "source.picture_shape": (
        "图片 {name} 是 {w}x{h}，太细长了，放不进画面：请换一张正常比例的图片",
        "the picture {name} is {w}x{h}, too thin to show: use a picture of ordinary proportions",
    ),
    "source.not_a_picture": (
        "{name} 不是可用的图片（请用 PNG 或 JPEG）",
        "{name} is not a picture the studio can read (use PNG or JPEG)",
    ),
    "source.camera_lost": (
        "摄像头已断开，正在重新连接…（{why}）",
        "Camera lost, reconnecting… ({why})",
    ),
    "source.camera_unavailable": (
        "摄像头未连接或被占用",
        "not connected, or in use by another program",
    ),
    "source.camera_stopped": ("摄像头读取失败", "it stopped delivering frames"),
    "source.stopped": ("视频源出错（{reason}）", "the video source stopped ({reason})"),
    "source.no_such_file": (
        "找不到文件 {spec}：用 test、camera:0，或视频、图片的路径",
        "no such file: {spec}. Use `test`, `camera:0`, or the path of a video clip or picture",
    ),
    "source.cannot_play": ("无法播放视频 {name}（{reason}）", "cannot play {name} ({reason})"),
    "source.no_frames": ("视频 {name} 没有画面", "{name} has no frames"),
    "source.no_picture": (
        "{name} 只有声音，没有画面：请选一个视频或图片",
        "{name} has no picture, only sound: choose a video clip or a picture",
    ),
    "source.not_a_clip": (
        "{name} 不是能播放的视频或图片：请选 MP4、MOV 视频或 PNG、JPG 图片",
        "{name} is not a video or picture the studio can play: choose an MP4 or MOV clip, "
        "or a PNG or JPG picture",
    ),
    "check.no_picture": (
        "摄像头没有画面（{detail}）：检查是否插好、是否被别的软件占用",
        "the camera gave no picture ({detail}): check that it is plugged in and not in use by another program",
    ),
    "mic.no_answer": ("麦克风打不开（10 秒没有响应）", "the microphone did not open in 10 s"),
    "mic.not_found": (
        "找不到麦克风 {name!r}；可用的有：{available}",
        "no microphone named {name!r}; available: {available}",
    ),
    "mic.none": (
        "没有可用的麦克风：插上一个，或用 --audio tone 或 silence",
        "no microphone found: plug one in, or use --audio tone or silence",
    ),
    "live.bad_denoise": (
        "降噪只能是 on（开）、off（关）或 auto（麦克风开，其他关），不是 {value!r}",
        "--denoise is on, off or auto (on for a microphone, off otherwise), not {value!r}",
    ),
    "picture.bad_beauty": (
        "美颜强度是 0 到 100，不是 {value}",
        "--beauty is 0 to 100, not {value}",
    ),
    "picture.bad_look": (
        "没有 {value!r} 这种色调；可选：{choices}",
        "no look named {value!r}; choose one of: {choices}",
    ),
    "picture.bad_key": (
        "抠像颜色 {value!r} 不对：用 green（绿幕）、blue（蓝幕）或 #RRGGBB，例如 #00FF00",
        "the key colour {value!r} is not one: use green, blue or #RRGGBB, e.g. #00FF00",
    ),
    "picture.background_without_key": (
        "只有开了抠像才用得到背景：加上 --cutout（智能抠像，不用绿幕）或 --chroma-key green（绿幕）",
        "a background is only shown with a cutout or a chroma key: add --cutout (no green screen needed) or --chroma-key green",
    ),
    "picture.tool_failed": (
        "画面工具出错，已关掉美颜、抠像和画中画，直播照常进行：{reason}。可以在“画面与声音”里重新打开",
        "a picture tool failed and beauty, cutout and picture-in-picture were turned off; the stream goes on: {reason}. Turn them on again in Picture and sound",
    ),
    # the frame guard (studio.core.guard): one line each time it steps, saying what the viewers
    # see change; the x264 preset's name is only in the log (studio.media.engine)
    "guard.cutout_down": (
        "电脑忙不过来：智能抠像改为每 {frames} 帧找一次人，人动得快时边缘会稍慢跟上，保证不掉帧",
        "The computer is falling behind: the cutout now finds the host every {frames} frames (its edge follows quick moves a little later), so no frame is lost",
    ),
    "guard.cutout_up": (
        "电脑空出来了：智能抠像恢复为每 {frames} 帧找一次人，边缘跟得更紧",
        "The computer has room again: the cutout finds the host every {frames} frames again, its edge follows closer",
    ),
    "guard.preset_down": (
        "电脑忙不过来：编码改用更省电脑的设置，画面会稍糊一点，保证不掉帧",
        "The computer is falling behind: the video is now compressed in a lighter way, the picture a little softer, so no frame is lost",
    ),
    "guard.preset_up": (
        "电脑空出来了：编码改回更清晰的设置",
        "The computer has room again: the video is compressed for a sharper picture again",
    ),
    "guard.resolution_down": (
        "电脑忙不过来：推流画面降到 {size}，观众看到的画面会小一些、糊一些，保证不掉帧",
        "The computer is falling behind: the stream is sent at {size}, a smaller, softer picture for viewers, so no frame is lost",
    ),
    "guard.resolution_up": (
        "电脑空出来了：推流画面回到 {size}",
        "The computer has room again: the stream is sent at {size} again",
    ),
    "guard.bad_order": (
        "不认识的保帧项“{name}”：请用 cutout、preset、resolution，用逗号隔开（off 为关闭）",
        "Unknown frame guard step “{name}”: use cutout, preset and resolution, separated by commas (off turns it off)",
    ),
    "picture.key_and_cutout": (
        "绿幕抠像和智能抠像只能选一个：有绿幕用 --chroma-key，没有就用 --cutout",
        "choose the chroma key or the cutout, not both: --chroma-key with a green screen, --cutout without one",
    ),
    "picture.blur_needs_cutout": (
        "背景虚化要配智能抠像：加上 --cutout",
        "a blurred background needs the cutout: add --cutout",
    ),
    "cutout.model_unreadable": ("{name} 读不出来（{reason}）", "{name} cannot be read ({reason})"),
    "cutout.model_damaged": (
        "{name} 已损坏（不是工作台自带的文件）",
        "{name} is damaged (not the file the studio shipped)",
    ),
    "picture.no_model": (
        "智能抠像的模型读不出来（安装可能不完整，请重新安装）：{reason}",
        "the cutout's model cannot be read (the install may be incomplete; reinstall): {reason}",
    ),
    "picture.bad_corner": (
        "画中画的位置 {value!r} 不对；可选：{choices}",
        "no corner named {value!r}; choose one of: {choices}",
    ),
    "picture.bad_pip_size": (
        "画中画大小是画面宽度的 0.1 到 0.6，不是 {value}",
        "--pip-size is 0.1 to 0.6 of the canvas's width, not {value}",
    ),
    "picture.bad_background": ("背景用不了：{reason}", "the background cannot be used: {reason}"),
    "picture.bad_pip": (
        "画中画的画面用不了：{reason}",
        "the picture-in-picture source cannot be used: {reason}",
    ),
    "picture.pip_is_main": (
        "画中画不能和主画面用同一个摄像头 {spec}：请选另一个摄像头、视频或图片",
        "the picture-in-picture cannot be the main camera {spec} too: choose another camera, a clip or a picture",
    ),
    "clips.no_recording": (
        "录像 {name} 读不了，剪不了商品片段（{reason}）",
        "the recording {name} cannot be read, so no product clips ({reason})",
    ),
    "clips.folder": (
        "片段文件夹 {folder} 写不进去（{reason}）：换一个文件夹",
        "cannot write the clips into {folder} ({reason}): choose another folder",
    ),
    "clips.failed": (
        "“{name}”的片段没剪成（{reason}），其他的照常",
        "the clip of {name} failed ({reason}); the others go on",
    ),
    "clips.made": (
        "已剪好 {file}：{duration} 秒，用时 {seconds} 秒",
        "made {file}: {duration} s long, in {seconds} s",
    ),
    "clips.folder_name": ("商品片段", "Product clips"),
    "clips.badge": ("主播讲解", "Explained live"),
    "clips.badge_linked": ("直播同款", "As seen live"),
    "clips.need_show": (
        "--clips 要剪的是商品讲解：加上 --catalog 商品表",
        "--clips cuts the products explained: add --catalog with the product sheet",
    ),
    "report.need_show": (
        "--report 写的是商品讲解的报告：加上 --catalog 商品表（只推流没有报告）",
        "--report writes the show's report: add --catalog with the product sheet (a stream alone has none)",
    ),
    "comments.need_show": (
        "--comments 的评论跟着商品讲解走：加上 --catalog 商品表",
        "--comments follows the show's comments: add --catalog with the product sheet",
    ),
    "clips.none": (
        "这场没有讲解过的商品，没有片段可剪",
        "no product was explained in this show: no clips to cut",
    ),
    "scene.unknown": (
        "没有 {name!r} 这个场景；可选：{choices}",
        "no scene named {name!r}; choose one of: {choices}",
    ),
    "scene.no_closeup": (
        "“主播+特写”要先选特写画面（第二个摄像头、屏幕或视频）",
        "the close-up scene needs a close-up source first (a second camera, a screen or a clip)",
    ),
    "scene.no_product_video": (
        "“商品视频”要先选一段商品视频",
        "the product video scene needs a product video first",
    ),
    "scene.bad_source": (
        "这个场景的画面打不开：{reason}",
        "the scene's picture cannot be opened: {reason}",
    ),
    "scene.not_live": ("开播后才能切换场景", "scenes switch once the stream is on"),
    "scene.host": ("主播全屏", "Host"),
    "scene.closeup": ("主播+特写", "Host + close-up"),
    "scene.product": ("商品视频", "Product video"),
    "scene.brb": ("稍后回来", "Be right back"),
    "voice.no_rnnoise": (
        "这台电脑上没有降噪模块（RNNoise），声音照常推送但不降噪；可用 --denoise off 关掉这条提示",
        "noise suppression (RNNoise) is not available on this computer: the sound goes out without it; --denoise off turns this notice off",
    ),
    "cli.error": ("错误：{what}", "error: {what}"),
    "cli.recording_failed": ("录像失败：{reason}", "the recording failed: {reason}"),
    "cli.never_live": (
        "没有一个推流地址连上过：请检查推流地址和网络",
        "no destination ever went live: check the push URL and the network",
    ),
    "cli.cameras": ("摄像头：", "Cameras:"),
    "cli.screens": (
        "屏幕（可作画面或画中画）：",
        "Screens (as the picture or a picture-in-picture):",
    ),
    "cli.no_screens": ("（没有可采集的屏幕）", "(no screen to capture)"),
    "cli.no_cameras": (
        "（没有找到：测试画面和视频照样能用）",
        "(none found: the test pattern and clips still work)",
    ),
    "cli.microphones": ("麦克风：", "Microphones:"),
    "cli.no_microphones": (
        "（没有找到：用 --audio tone、silence 或 file）",
        "(none found: use --audio tone, silence or file)",
    ),
    "cli.encoders": ("这台电脑上能用的编码器：", "Encoders that open here:"),
    "app.already_open": (
        "商家直播工作台已经打开，已切换到它的窗口（同一时间只能开一个，摄像头和直播记录各只有一份）",
        "Merchant Studio is already open: its window was brought forward (one at a time: there is one camera and one show journal)",
    ),
    "cli.to_file_unreadable": (
        "读不了推流地址文件 {path}：{reason}",
        "cannot read the push URL file {path}: {reason}",
    ),
    "cli.to_file_not_text": (
        "推流地址文件 {path} 不是 UTF-8 文本：请用记事本等另存为 UTF-8",
        "the push URL file {path} is not UTF-8 text: save it as UTF-8",
    ),
    "cli.to_file_empty": (
        "推流地址文件 {path} 里没有地址：每行写一个推流地址（# 开头的行会跳过）",
        "the push URL file {path} holds no URL: write one push URL a line (lines starting with # are skipped)",
    ),
    "cli.token_stdin_empty": (
        "--token-stdin 需要在标准输入里给出令牌",
        "--token-stdin needs the token on standard input",
    ),
    "cli.port_unavailable": (
        "端口 {port} 不可用（{reason}），换一个 --port",
        "port {port} is not available ({reason}): choose another --port",
    ),
    "cli.not_a_number": (
        "{what} 需要一个数字（收到的是 “{got}”）",
        "{what} takes a number (got “{got}”)",
    ),
    "cli.out_of_range": (
        "{what} 要在 {low} 到 {high} 之间（收到的是 “{got}”）",
        "{what} must be {low} to {high} (got “{got}”)",
    ),
    "cli.bad_canvas": (
        "--canvas 的格式是 宽x高，如 1280x720 或 720x1280（收到的是 “{got}”）",
        "--canvas takes WIDTHxHEIGHT, such as 1280x720 or 720x1280 (got “{got}”)",
    ),
    "cli.description": ("商家直播工作台 Merchant Studio", "Merchant Studio"),
    "cli.group_picture": ("画面工具（美颜、绿幕、画中画）", "picture tools"),
    "cli.group_show": ("直播带货（商品与上链接）", "show (products and link-ups)"),
    "cli.no_arguments": (
        "不带参数运行 `studio` 打开窗口。",
        "Run `studio` with no arguments for the window.",
    ),
    "cli.port_in_use": (
        "端口 {port} 已被别的程序占用：换一个 --port（如 --port 0，任选一个空闲端口）",
        "port {port} is in use by another program: choose another --port "
        "(--port 0 takes any free one)",
    ),
    "cli.port_not_allowed": (
        "这个账户不能使用端口 {port}（1024 以下的端口要管理员权限）："
        "换一个 1024 以上的 --port（如 --port 8765，或 --port 0 任选一个空闲端口）",
        "this account may not use port {port} (ports below 1024 need administrator rights): "
        "choose a --port above 1024 (such as --port 8765, or --port 0 for any free one)",
    ),
    "cli.platform_not_started": (
        "彩排平台没能在端口 {port} 上启动：换一个 --port 再试",
        "the rehearsal platform did not start on port {port}: try another --port",
    ),
    "cli.platform_ready": (
        "彩排平台已启动（按 Ctrl+C 停止）：{url}",
        "rehearsal platform running (Ctrl+C stops it): {url}",
    ),
    "cli.token_forgotten": ("已删除", "forgotten"),
    "cli.token_none": ("钥匙串里没有这个平台的令牌", "the keyring has no token for this platform"),
    "cli.token_prompt": ("{origin} 的令牌：", "token for {origin}: "),
    "cli.token_empty": ("令牌是空的", "the token is empty"),
    "cli.token_kept": (
        "令牌已保存在系统钥匙串：{origin}",
        "token kept in the system keyring for {origin}",
    ),
    "cli.exported": ("已导出：{path}", "exported: {path}"),
    # push addresses
    "push.too_long": (
        "推流地址太长（超过 {most} 个字符）：只粘贴平台给的地址",
        "The push URL is too long (over {most} characters): paste only the address the platform gave you",
    ),
    "push.not_text": (
        "推流地址或推流码里有无法识别的字符：请从平台页面重新复制",
        "The push URL or key has characters that are not text: copy it again from the platform's page",
    ),
    "push.bad_scheme": (
        "推流地址必须以 rtmp:// 或 rtmps:// 开头（收到 {got!r}）",
        "The push URL must start with rtmp:// or rtmps:// (got {got!r})",
    ),
    "push.no_host": (
        "推流地址缺少服务器：请粘贴平台给的完整地址",
        "The push URL has no server host: paste the whole address the platform gave you",
    ),
    "push.bad_port": (
        "推流地址的端口无效：端口是 1 到 65535 的数字，通常不用写（用平台给的地址）",
        "The port in the push URL is not valid: a port is a number from 1 to 65535, usually "
        "left out (use the address the platform gave you)",
    ),
    "push.bad_address": (
        "推流地址的服务器部分无效（{got!r}）：方括号要成对，里面是 IPv6 地址，服务器名里不能有空格；"
        "请粘贴平台给的完整地址",
        "The server part of the push URL is not valid ({got!r}): square brackets come in pairs "
        "around an IPv6 address, and a server name has no spaces; paste the whole address the "
        "platform gave you",
    ),
    "push.port_zero": (
        "推流地址的端口无效（0）：用平台给的地址，通常不带端口",
        "The port in the push URL is not valid (0): use the address the platform gave you, usually without a port",
    ),
    "push.bad_host": (
        "推流地址的服务器名无效（{host!r}…）：两个点之间最多 63 个字符",
        "The server name in the push URL is not valid ({host!r}…): each part between dots is at most 63 characters",
    ),
    "push.no_key": (
        "推流地址里没有推流码：请粘贴完整地址，或分开填写服务器地址和推流码",
        "The push URL has no stream key: paste the full URL, or the server URL and the stream key separately",
    ),
    # the stream
    "live.already_on_air": ("已经在直播了", "The studio is already on air"),
    "live.no_destinations": (
        "还没有推流地址：先在「推流设置」里添加，或用彩排模式",
        "No push destination yet: add one under Streaming › Push destinations, or rehearse",
    ),
    "bench.cancelled": ("编码器检测已跳过", "The encoder check was skipped"),
    "bench.uplink_test": ("上行测速 → {host}（约 10 秒）", "uplink test → {host} (about 10 s)"),
    "bench.uplink_step": (
        "  要求 {asked} kbps，送出 {carried} kbps，排队 {queue} ms",
        "  {asked} kbps asked, {carried} kbps carried, queue {queue} ms",
    ),
    "bench.uplink": ("上行：{kbps} kbps", "uplink: {kbps} kbps"),
    "bench.recommended": (
        "推荐画质：{quality}，x264 预设 {preset}（{tools}时每秒 30 帧，还留 25% 余量）",
        "recommended quality: {quality}, x264 preset {preset} (30 frames a second {tools}, with 25 % to spare)",
    ),
    "bench.recommended_none": (
        "推荐画质：480p。{tools}时这台电脑连 720p 也做不到每秒 29 帧且留 25% 余量；少开几个画面工具，或换一台电脑推流",
        "recommended quality: 480p. {tools}, this computer cannot hold 29 frames a second at 720p with 25 % to spare: turn some picture tools off, or stream from another computer",
    ),
    "bench.tools_typical": (
        "开着美颜、智能抠像和降噪",
        "with beauty, the cutout and noise suppression on",
    ),
    "bench.tools_on": ("开着你的画面工具", "with your picture tools on"),
    # the go-live check: what this PC holds with the host's tools
    "machine.checking": (
        "正在检查这台电脑开着你的工具能否稳定推{quality}（几秒到半分钟，用测试画面，不推流）…",
        "Checking this computer holds {quality} with your tools on (a few seconds to half a minute, a test picture, nothing sent)…",
    ),
    "machine.holds": (
        "这台电脑{tools}能稳定推{quality}（每秒 30 帧，留 25% 余量，{encoder}）",
        "This computer holds {quality} {tools} (30 frames a second with 25 % to spare, {encoder})",
    ),
    "machine.lowered": (
        "这台电脑{tools}推{asked}会掉帧（约每秒 {fps} 帧）：画质已改为{quality}。少开几个工具可再选回{asked}",
        "This computer drops frames at {asked} {tools} (about {fps} frames a second): the quality is now {quality}. Turn some tools off to choose {asked} again",
    ),
    "machine.lowered_tight": (
        "这台电脑{tools}推{asked}已到极限（每秒 {fps} 帧，但没有余量，电脑稍忙就会掉帧）：画质已改为{quality}。少开几个工具可再选回{asked}",
        "This computer is at its limit at {asked} {tools} ({fps} frames a second, with no room to spare: frames drop as soon as it is busier): the quality is now {quality}. Turn some tools off to choose {asked} again",
    ),
    "machine.lowered_before": (
        "上次检查：这台电脑{tools}推{asked}跟不上，画质已改为{quality}。少开几个工具可再选回{asked}",
        "Found before: this computer cannot keep up at {asked} {tools}; the quality is now {quality}. Turn some tools off to choose {asked} again",
    ),
    "machine.changed": (
        "检查时画质或工具改了：再按一次开始，按现在的选择检查",
        "The quality or the tools changed while it checked: press Start again to check what is chosen now",
    ),
    "machine.none_title": ("这台电脑跟不上", "This computer cannot keep up"),
    "machine.none": (
        "这台电脑{tools}连流畅 480p 也做不到每秒 30 帧（约每秒 {fps} 帧），观众会看到卡顿。{advice}",
        "This computer cannot hold 30 frames a second even at Smooth 480p {tools} (about {fps} frames a second): viewers would see stutter. {advice}",
    ),
    "machine.none_tight": (
        "这台电脑{tools}连流畅 480p 也已到极限（每秒 {fps} 帧，但没有余量，电脑稍忙就会掉帧）。{advice}",
        "This computer is at its limit even at Smooth 480p {tools} ({fps} frames a second, with no room to spare: frames drop as soon as it is busier). {advice}",
    ),
    "machine.advice_tools": (
        "少开几个画面工具再开始，或换一台电脑推流；关掉其他占电脑的程序也有帮助",
        "Turn some picture tools off before you start, or stream from another computer; closing other busy programs helps too",
    ),
    "machine.advice": (
        "关掉其他占电脑的程序再开始，或换一台电脑推流",
        "Close other busy programs before you start, or stream from another computer",
    ),
    "machine.tools_on": ("开着{tools}", "with {tools} on"),
    "machine.tools_none": ("不开画面工具", "with no picture tools on"),
    "machine.tool_cutout": ("智能抠像", "the cutout"),
    "machine.tool_key": ("绿幕抠像", "the green screen"),
    "machine.tool_beauty": ("美颜", "beauty"),
    "machine.tool_look": ("滤镜", "the look"),
    "machine.tool_denoise": ("降噪", "noise suppression"),
    "machine.sep": ("、", ", "),
    "machine.and": ("{some}和{last}", "{some} and {last}"),
    "bench.tools_none": ("不开画面工具", "with no picture tools on"),
    "live.unknown_quality": (
        "不认识的画质“{quality}”：请选 {known} 之一",
        "Unknown quality “{quality}”: choose one of {known}",
    ),
    "live.kind_rehearsal": ("彩排", "Rehearsal"),
    "live.kind_live": ("直播", "Live"),
    "destination.no_key": (
        "「{name}」没有推流码：请在推流设置里重新填写",
        "“{name}” has no stream key: type it again under Streaming › Push destinations",
    ),
    "destination.refused": (
        "{reason}：请检查推流地址和网络",
        "{reason}: check the push URL and the network",
    ),
    "destination.key_refused": (
        "{reason}：多半是推流码不对或已过期，请在平台后台复制新的推流码",
        "{reason}: most likely the stream key is wrong or has expired; copy a new one from "
        "the platform's console",
    ),
    "destination.advice": (
        "{name}：{quality} {shape} {width}x{height}，≤{kbps} kbps，关键帧 {keyframe} s",
        "{name}: {quality} {shape} {width}x{height}, ≤{kbps} kbps, a keyframe every {keyframe} s",
    ),
    "destination.portrait": ("竖屏", "portrait"),
    "destination.landscape": ("横屏", "landscape"),
    "destination.accepted": (
        "推流服务器接受了这个推流码",
        "The ingest server accepted this stream key",
    ),
    "live.nothing_to_send_to": (
        "没有输出：至少给一个 --to 推流地址或 --record 录像文件",
        "Nothing to send to: give at least one --to URL or --record PATH",
    ),
    "live.bad_canvas": (
        "画布尺寸 {width}x{height} 用不了：请用偶数尺寸，例如 1280x720 或 720x1280",
        "A {width}x{height} canvas is not usable: use even sizes such as 1280x720 or 720x1280",
    ),
    "live.bad_fps": (
        "帧率 {fps} 用不了：请用 15 到 60（通常 30）",
        "{fps} fps is not usable: use 15 to 60 (30 is usual)",
    ),
    "live.bad_bitrate": (
        "码率 {kbps} kbps 用不了：请用 300 到 8000",
        "{kbps} kbps is not usable: use 300 to 8000",
    ),
    "live.bad_record_format": (
        "录像只能是 .mkv 或 .mp4（收到 {name!r}），例如 {example}",
        "--record takes a .mkv or .mp4 file (got {name!r}): for example {example}",
    ),
    "live.record_folder_unwritable": (
        "录像文件夹 {folder} 不能写入（{reason}）：请选一个可以写入、有空间的文件夹",
        "Cannot write the recording in {folder} ({reason}): choose a folder you can write to "
        "with free space",
    ),
    "live.no_clip_sound": (
        "--audio file 需要带声音的视频：这个 --source 没有声音",
        "--audio file takes the sound of a --source clip, and this source has none",
    ),
    "live.unknown_audio": (
        "不认识的音频 {spec!r}：用 tone、silence、mic 或 file",
        "Unknown --audio {spec!r}: use tone, silence, mic or file",
    ),
    "live.bad_audio_switch": (
        "直播中只能切换到 tone、silence 或 mic（收到 {spec!r}）",
        "While live the sound can change to tone, silence or mic only (got {spec!r})",
    ),
    # the show from the command line
    "cli.bad_link_up_at": (
        "--link-up-at 需要用逗号分隔的秒数，例如 5,20,40（收到 {text!r}）",
        "--link-up-at takes seconds separated by commas, such as 5,20,40 (got {text!r})",
    ),
    "cli.negative_link_up_at": (
        "--link-up-at 的秒数不能为负",
        "--link-up-at seconds cannot be negative",
    ),
    "show.bad_platform_url": (
        "平台地址 {spec!r} 不是有效的网址，例如 https://shop.example.com",
        "The platform address {spec!r} is not a web address, such as https://shop.example.com",
    ),
    "show.unknown_platform": (
        "不认识的平台 {spec!r}：用 rehearsal（内置彩排平台）、assisted[:douyin] 或 http(s)://地址",
        "Unknown platform {spec!r}: use rehearsal (the built-in one), assisted[:douyin] "
        "or an http(s):// address",
    ),
    "show.needs_catalog": (
        "需要商品表：--catalog 商品表.xlsx 或 .csv",
        "A product sheet is needed: --catalog products.xlsx or .csv",
    ),
    "show.skipped_row": ("跳过 / skipped: {issue}", "skipped: {issue}"),
    "show.sheet_note": ("注意：{note}", "Note: {note}"),
    "show.nothing_imported": (
        "{file}：没有一个商品能导入，请按上面的提示修改",
        "{file}: no product could be imported; fix the rows listed above",
    ),
    "show.imported": (
        "导入 {products} 个商品，跳过 {skipped} 行",
        "Products imported: {products}; rows skipped: {skipped}",
    ),
    "show.nothing_to_resume": (
        "没有未结束的直播可以恢复（去掉 --resume 开始新的一场）",
        "There is no unfinished show to resume (leave out --resume to start a new one)",
    ),
    "show.unfinished": (
        "提示：上次的直播「{title}」没有正常结束，加 --resume 可以接着播",
        "Note: the last show “{title}” did not end; add --resume to carry on with it",
    ),
    "resume.needs_live": (
        "「{title}」是一场直播：要接着播，请取消勾选「彩排模式」再按「开始直播」；"
        "不接着播了，就在「推流 › 未结束的直播…」里结束它",
        "“{title}” was a live show: to carry it on, untick “Rehearsal (not public)” and "
        "press “Go live”; to leave it, end it under Streaming › Unfinished show…",
    ),
    "resume.needs_rehearsal": (
        "「{title}」是一场彩排：要接着彩排，请勾选「彩排模式」再按「开始彩排」；"
        "要开始直播，先在「推流 › 未结束的直播…」里结束它",
        "“{title}” was a rehearsal: to carry it on, tick “Rehearsal (not public)” and "
        "press “Start rehearsal”; to go live, first end it under Streaming › Unfinished show…",
    ),
    "show.resumed_at": (
        "已恢复「{title}」，当前商品：{name}",
        "Resumed “{title}”, presenting: {name}",
    ),
    "show.platform_unreachable": ("连不上平台：{reason}", "Cannot reach the platform: {reason}"),
    "show.link_up_started": (
        "{at}s 上链接「{name}」倒计时 {s:.0f} 秒",
        "{at}s link-up of “{name}”, countdown {s:.0f} s",
    ),
    "show.link_up_not_started": ("上链接没有开始：{reason}", "The link-up did not start: {reason}"),
    "show.report_written": ("报告 / report: {path}", "report: {path}"),
    # the words on stream (the show's language)
    "stream.zero": ("上链接!", "Link is live!"),
    "stream.soon": ("即将开抢", "Coming up"),
    "stream.live": ("抢购中", "Buy now"),
    "stream.sold_out": ("已售罄", "Sold out"),
    "stream.failed": ("链接稍后上架", "Link coming shortly"),
    "stream.taken_down": ("已下架", "Ended"),
    "stream.relisted": ("链接已上架", "The link is up"),
    "stream.stock": ("剩余 {n} 件", "{n} left"),
    "stream.unlimited": ("库存充足", "In stock"),
    "stream.limit": ("每人限购 {n} 件", "Limit {n} per buyer"),
    # the report (its language)
    "report.report": ("直播报告", "show report"),
    "report.timeline": ("订单时间线", "orders over time"),
    "report.units": ("{n} 件", "{n} units"),
    "report.link_up": ("上链接", "link-up"),
    "report.reconnect": ("推流重连", "stream reconnect"),
    "report.scale": ("每格 {bucket} 秒，最多 {top} 件", "bars of {bucket} s, at most {top} units"),
    "report.revenue_chart": ("各商品成交额", "revenue per product"),
    "report.no_sales": ("还没有成交。", "No sales yet."),
    "report.revenue": ("成交额", "Revenue"),
    "report.orders": ("订单", "Orders"),
    "report.units_col": ("件数", "Units"),
    "report.link_ups": ("上链接", "Link-ups"),
    "report.reconnects": ("推流重连", "Reconnects"),
    "report.dropped": ("丢帧", "Dropped frames"),
    "report.missed": ("未出帧（电脑太慢）", "Frames missed (computer too slow)"),
    "report.reconnects_failed": ("{tries} 次（未成功）", "{tries} (none succeeded)"),
    "report.reconnects_some": ("{tries} 次（成功 {done} 次）", "{tries} ({done} succeeded)"),
    "report.skipped": ("导入时跳过的行", "Rows skipped at import"),
    "report.row": ("数据行", "Row"),
    "report.column": ("列", "Column"),
    "report.reason": ("原因", "Reason"),
    "report.not_in_catalog": (
        "平台报来 {n} 笔不在商品表里的订单（{units} 件，¥{revenue}，商品编号：{ids}），没有算进上面的合计",
        "The platform reported {n} order(s) for products not in the product sheet ({units} units, ¥{revenue}; product ids: {ids}); they are not in the totals above",
    ),
    "report.summary": (
        "{start}，时长 {m} 分 {s} 秒，平台 {platform}，评论 {c} 条",
        "{start}, {m} min {s} s, platform {platform}, {c} comments",
    ),
    "report.timeline_title": (
        "订单与上链接（红线：上链接；橙色虚线：推流重连）",
        "Orders and link-ups (red: link-up; dashed orange: stream reconnect)",
    ),
    "report.products": ("商品", "Products"),
    "report.product": ("商品", "Product"),
    "report.live_price": ("直播价", "Live price"),
    "report.price": ("原价", "List price"),
    "report.talk": ("讲解时长", "Talk time"),
    "report.conversion": ("转化率", "Conversion"),
    "report.each_link_up": ("每次上链接", "Each link-up"),
    "report.status": ("结果", "Result"),
    "report.zero_at": ("归零时刻", "Zero at"),
    "report.receipt": ("平台收到-归零 (ms)", "platform receipt − zero (ms)"),
    "report.sku": ("货号", "SKU"),
    "report.spec": ("规格", "Spec"),
    "report.stock": ("库存", "Stock"),
    "report.buyers": ("下单人数", "Buyers"),
    "report.countdown_at": ("开始倒计时", "Countdown started"),
    "report.listed_at": ("上架时刻", "Listed at"),
    "report.units_short": ("件数", "Units"),
    "report.attempts": ("尝试", "Attempts"),
    "report.viewers": ("在线", "Viewers"),
    "report.error": ("错误", "Error"),
    "report.listed": ("已上架", "listed"),
    "report.left_to_host": ("交给主播手动上架", "left to the host"),
    "report.sold_out": ("已售罄", "sold out"),
    "report.taken_down": ("已下架", "taken down"),
    "report.failed": ("失败", "failed"),
    "report.cancelled": ("已取消", "cancelled"),
    "report.held": ("等待推流", "held"),
    "report.counting": ("倒计时", "counting"),
    "report.sending": ("发送中", "sending"),
    "report.platform_rehearsal": ("内置彩排平台", "the built-in rehearsal platform"),
    "report.platform_assisted": ("{name}（手动上架）", "{name} (listed by hand)"),
    "report.platform_douyin": ("抖音", "Douyin"),
    "report.platform_kuaishou": ("快手", "Kuaishou"),
    "report.platform_taobao": ("淘宝直播", "Taobao Live"),
    "report.platform_other": ("平台", "the platform"),
    "report.platform_buyin": ("巨量百应", "Douyin Buyin (巨量百应)"),
    "report.platform_channels": ("视频号", "WeChat Channels"),
    "report.platform_console_douyin": ("抖店", "Douyin Shop"),
    "report.platform_console": ("{name}直播中控台", "{name}'s live console"),
    "report.console_counts": (
        "（工作台在中控台点了 {clicked} 次讲解，{left} 次交给主播手动点）",
        " (the studio clicked 讲解 {clicked} times in the console, {left} left to the host)",
    ),
    # the journal
    "journal.write_failed": (
        "直播记录写入失败：{reason}。订单和评论先保存在内存里，没有丢；{advice}",
        "The show journal cannot be written: {reason}. Orders and comments are kept in memory "
        "and nothing is lost; {advice}",
    ),
    "journal.recovered": (
        "直播记录恢复写入：内存里保存的 {count} 条已写入",
        "The show journal is writable again: {count} kept records were written",
    ),
    "journal.not_saved_at_end": (
        "直播记录还有 {count} 条没能写入（{reason}）；报告里缺少这些记录",
        "{count} records could not be written to the journal ({reason}); the report lacks them",
    ),
    "journal.cannot_open": (
        "打不开直播记录 {path}：{reason}",
        "Cannot open the show journal {path}: {reason}",
    ),
    "journal.no_show": (
        "没有编号为 {show_id} 的直播记录",
        "There is no show number {show_id} in the journal",
    ),
    "journal.open_failed": (
        "打不开直播记录 {path}：{reason}。{advice}",
        "Cannot open the show journal {path}: {reason}. {advice}",
    ),
    "journal.moved_aside": (
        "直播记录 {path} 已损坏，已改名为 {moved} 留存；这场直播用新的记录",
        "The show journal {path} was damaged; it was kept as {moved} and this show starts a new "
        "one",
    ),
    "reason.disk_full": ("磁盘已满", "the disk is full"),
    "reason.read_only": ("数据文件夹是只读的", "the data folder is read-only"),
    "reason.locked": ("文件被别的程序占用", "the file is locked by another program"),
    "reason.not_a_database": ("文件已损坏或不是直播记录", "the file is damaged or not a journal"),
    "reason.io": ("磁盘读写出错", "the disk reported an error"),
    "reason.other": ("写入出错", "a write failed"),
    "net.refused": (
        "对方拒绝连接：那个地址和端口上没有推流服务",
        "refused: nothing serves streams at that address and port",
    ),
    "net.reset": ("连接被对方断开", "the other side reset the connection"),
    "net.unreachable": (
        "网络不通：请检查网线、Wi-Fi 或 4G",
        "the network is unreachable: check the cable, Wi-Fi or 4G",
    ),
    "file.no_such_file": ("没有这个文件或文件夹", "no such file or folder"),
    "file.no_permission": ("没有权限", "permission denied"),
    "file.disk_full": ("磁盘已满", "the disk is full"),
    "file.read_only": ("磁盘是只读的", "the disk is read-only"),
    "file.is_folder": ("这是一个文件夹", "it is a folder"),
    "file.exists": ("已经有同名的文件", "a file of that name exists"),
    "net.dropped": ("连接中断了", "the connection dropped"),
    "net.bad_answer": ("对方的回应格式不对", "the other side's answer was malformed"),
    "net.cannot_connect": ("连不上对方", "could not connect"),
    "reason.unexpected": ("意外的错误（详情见日志）", "an unexpected error (details in the log)"),
    "net.timed_out": ("等待对方超时", "timed out waiting for the other side"),
    "net.broken": ("连接已经断开", "the connection is broken"),
    "net.no_such_host": (
        "找不到这个服务器（域名解析失败）：请检查地址和网络",
        "no such server (the name does not resolve): check the address and the network",
    ),
    "advice.disk_full": (
        "请清理磁盘空间（删掉旧的录像），记录会自动补写",
        "free some disk space (old recordings) and the journal catches up by itself",
    ),
    "advice.read_only": (
        "请把数据文件夹设为可写，或用 STUDIO_DATA_DIR 指定另一个文件夹",
        "make the data folder writable, or point STUDIO_DATA_DIR at another folder",
    ),
    "advice.locked": (
        "请关掉另一个打开着工作台的窗口",
        "close the other studio window that has it open",
    ),
    "advice.not_a_database": (
        "把这个文件移走或改名，工作台会新建一个",
        "move or rename that file and the studio starts a new one",
    ),
    "advice.io": ("请检查磁盘", "check the disk"),
    "advice.other": ("记录会自动重试", "the journal keeps trying"),
    # the show
    "show.resumed": ("已恢复直播「{title}」", "Resumed the show “{title}”"),
    "show.picture_unusable": (
        "「{name}」的商品图片用不了：{reason}（卡片上不显示图片）",
        "The picture of “{name}” cannot be used: {reason} (the card shows none)",
    ),
    "linkup.held": (
        "推流正在重连：上链接会在恢复后自动开始",
        "A destination is reconnecting: the link-up starts as soon as it is back",
    ),
    "linkup.held_connecting": (
        "推流还在连接：上链接会在连上后自动开始",
        "A destination is still connecting: the link-up starts as soon as it is on air",
    ),
    "linkup.retrying": (
        "上链接重试中（第 {attempt} 次：{reason}）",
        "Retrying the link-up (attempt {attempt}: {reason})",
    ),
    "linkup.failed": ("「{name}」上链接失败：{reason}", "Link-up of “{name}” failed: {reason}"),
    "linkup.reannounced": (
        "推流恢复：已重新提示「{name}」的链接",
        "The stream is back: “{name}” was announced again",
    ),
    "linkup.interrupted": ("工作台重启，倒计时中断", "the studio restarted during the countdown"),
    "linkup.show_ended": ("直播结束", "the show ended"),
    "linkup.not_repeated_after_crash": (
        "发送时工作台意外退出，未重发（平台可能已上架，请在直播间查看）",
        "interrupted by a crash; not repeated (the platform may have listed it: look in the room)",
    ),
    "linkup.repeated_after_crash": (
        "「{name}」的上链接在工作台意外退出时正在发送，平台不会重复上架，现在重发一次",
        "The link-up of “{name}” was being sent when the studio stopped; the platform takes a "
        "repeat as one, so it is sent again",
    ),
    "linkup.repeated_as_asked": (
        "「{name}」的上链接在工作台意外退出时正在发送；按你的决定，现在再上一次",
        "The link-up of “{name}” was being sent when the studio stopped; as you decided, it "
        "is sent again now",
    ),
    "linkup.not_repeated_as_asked": (
        "「{name}」的上链接在工作台意外退出时正在发送；按你的决定没有再上。"
        "请在平台中控台查看，需要时再上一次链接",
        "The link-up of “{name}” was being sent when the studio stopped; as you decided, it "
        "was not sent again. Look in the platform's console and link it up again if needed",
    ),
    "linkup.repeated_after_crash_note": ("工作台意外退出后重发", "repeated after a crash"),
    "linkup.not_repeated_said": (
        "「{name}」的上链接在工作台意外退出时正在发送，可能已经上架；这个平台重发会让观众再看到一次，"
        "所以没有重发。请在直播间查看，需要时再上一次链接",
        "The link-up of “{name}” was being sent when the studio stopped and may be listed "
        "already; sending it again on this platform would show it to viewers twice, so it was "
        "not repeated. Look in the room and link it up again if it is not there",
    ),
    "linkup.gave_up_waiting": (
        "推流一直没有恢复，「{name}」的上链接不再等待，现在开始倒计时",
        "The stream did not come back; the link-up of “{name}” goes ahead without it",
    ),
    "platform.end_failed": (
        "结束平台场次失败：{reason}",
        "Ending the platform session failed: {reason}",
    ),
    "platform.events_stopped": ("平台事件中断：{reason}", "Platform events stopped: {reason}"),
    "platform.events_cut": (
        "直播结束后平台还在发事件，{seconds} 秒后不再等：报告里可能少了最后的订单或评论，"
        "请到平台后台核对",
        "The platform was still sending events {seconds} s after the show ended, so the studio"
        " stopped waiting: the report may miss the last orders or comments; check the"
        " platform's own records",
    ),
    "platform.bad_event": (
        "平台发来一条看不懂的{kind}事件，已跳过：{reason}",
        "The platform sent a {kind} event that makes no sense; skipped: {reason}",
    ),
    "platform.bad_events_counted": (
        "最近 {seconds} 秒内又跳过了平台发来的 {count} 条看不懂的事件",
        "Ignored {count} more invalid events from the platform in the last {seconds} s",
    ),
    # the check before the show (a platform that knows which products it can list)
    "show.check_failed": (
        "开播前没能核对平台上的商品：{reason}",
        "The products could not be checked on the platform before the show: {reason}",
    ),
    "show.unlinkable": (
        "有 {count} 个商品在这个直播间上不了链接（开播前查到的），倒计时前会拦下：",
        "{count} products cannot be linked up in this room (found before the show); "
        "their link-ups are refused before a countdown:",
    ),
    "catalog.all_linkable": (
        "每个商品都能在 {platform} 上链接",
        "Every product can be linked up on {platform}",
    ),
    "show.unlinkable_one": ("· {name}：{why}", "· {name}: {why}"),
    "show.and_more": ("……还有 {count} 个", "… and {count} more"),
    "linkup.unlinkable": (
        "「{name}」上不了链接：{why}",
        "“{name}” cannot be linked up: {why}",
    ),
    # WeChat mini-program live (微信小程序直播)
    "wechat.errcode": ("微信：{what}（错误码 {code}）", "WeChat: {what} (errcode {code})"),
    "wechat.err.unknown": ("未知错误", "an unknown error"),
    "wechat.err.-1": ("微信系统繁忙", "WeChat is busy"),
    "wechat.err.40001": (
        "AppSecret 不对，或 access_token 已失效",
        "the AppSecret is wrong or the access token is no longer valid",
    ),
    "wechat.err.40013": (
        "AppID 不对：请核对小程序的 AppID",
        "the AppID is wrong: check the mini-program's AppID",
    ),
    "wechat.err.40014": ("access_token 不对", "the access token is not valid"),
    "wechat.err.40125": (
        "AppSecret 不对：在 mp.weixin.qq.com › 开发 › 开发管理 › 开发设置 重置后重新填写",
        "the AppSecret is wrong: reset it in mp.weixin.qq.com › Development › Settings and "
        "enter it again",
    ),
    "wechat.err.40164": (
        "这台电脑的公网 IP 不在小程序的 IP 白名单里：在 开发设置 › IP白名单 里加上它",
        "this computer's public IP is not on the mini-program's IP whitelist: add it under "
        "Development settings › IP whitelist",
    ),
    "wechat.err.41002": ("缺少 AppID", "the AppID is missing"),
    "wechat.err.42001": ("access_token 已过期", "the access token has expired"),
    "wechat.err.43001": ("需要 GET 请求", "the call needs GET"),
    "wechat.err.45009": (
        "今天的调用次数用完了，明天再试",
        "today's call quota is used up: try again tomorrow",
    ),
    "wechat.err.45011": ("调用太频繁，请稍后再试", "too many calls: try again shortly"),
    "wechat.err.48001": (
        "这个小程序没有开通直播接口权限（小程序后台 › 功能 › 直播）",
        "this mini-program has no live-broadcast API permission (mini-program admin › "
        "Features › Live)",
    ),
    "wechat.err.61024": (
        "第三方平台的授权令牌不对或已过期",
        "the third-party platform's authorizer token is wrong or has expired",
    ),
    "wechat.err.200002": ("参数不对", "a parameter is wrong"),
    "wechat.err.300001": (
        "禁止创建/更新商品，或禁止编辑直播间",
        "editing goods or rooms is blocked",
    ),
    "wechat.err.300002": ("名称长度不符合规则", "the name's length breaks the rules"),
    "wechat.err.300022": ("这个直播间号不存在", "there is no room with this number"),
    "wechat.err.300023": (
        "直播间现在的状态不允许这样做（还没开播或已结束？）",
        "the room's state does not allow this (not started yet, or ended?)",
    ),
    "wechat.err.300024": ("商品不存在", "no such goods"),
    "wechat.err.300025": ("商品审核未通过", "the goods did not pass review"),
    "wechat.err.300027": ("导入商品失败", "importing the goods failed"),
    "wechat.err.300033": ("直播间的商品数已到上限", "the room holds the most goods it can"),
    "wechat.err.300047": (
        "已有商品正在推送，请稍后再试",
        "another product is being pushed: try again shortly",
    ),
    "wechat.err.300048": ("拉取商品列表失败", "the goods list could not be read"),
    "wechat.err.300049": (
        "商品推送过程中不能上下架",
        "goods cannot go on or off sale while a push runs",
    ),
    "wechat.err.300052": ("已下架的商品不能推送", "goods that are off sale cannot be pushed"),
    "wechat.err.300053": (
        "直播间没有添加这个商品：在小程序直播后台把它导入直播间",
        "the room does not have these goods: import them into the room in the live console",
    ),
    "wechat.no_credentials": (
        "没有小程序的 AppID 和 AppSecret：运行 `studio token set wechat`（存进系统钥匙串），"
        "或设置 STUDIO_WECHAT_APPID 和 STUDIO_WECHAT_SECRET",
        "No AppID and AppSecret for the mini-program: run `studio token set wechat` (kept in "
        "the system keyring), or set STUDIO_WECHAT_APPID and STUDIO_WECHAT_SECRET",
    ),
    "wechat.bad_token_answer": (
        "微信返回的 access_token 看不懂",
        "WeChat's answer has no usable access token",
    ),
    "wechat.bad_push_url": (
        "微信返回的推流地址不是 rtmp:// 地址",
        "WeChat's push address is not an rtmp:// address",
    ),
    "wechat.no_such_api": (
        "这个地址不提供微信接口 {path}：请检查 STUDIO_WECHAT_API",
        "This address does not serve WeChat's {path}: check STUDIO_WECHAT_API",
    ),
    "wechat.too_many_rooms": (
        "直播间列表太长（超过 {most} 个），没能找到这个直播间",
        "The room list is too long (over {most}); this room was not found in it",
    ),
    "wechat.no_room": (
        "小程序里没有 {room} 号直播间：在小程序直播后台（mp.weixin.qq.com › 直播）看房间号",
        "The mini-program has no room {room}: look up the room number in the live console "
        "(mp.weixin.qq.com › Live)",
    ),
    "wechat.room_closed": (
        "{room} 号直播间{state}，不能再开播：新建一个直播间",
        "Room {room} {state}: it cannot go live again; create a new room",
    ),
    "wechat.status.ended": ("已结束", "has ended"),
    "wechat.status.banned": ("已被禁播", "is banned"),
    "wechat.status.expired": ("已过期", "has expired"),
    "wechat.no_goods_id": (
        "表格里没有它的小程序商品ID（加一列“小程序商品ID”）",
        "the sheet has no goods id for it (add a column goods_id)",
    ),
    "wechat.bad_goods_id": (
        "小程序商品ID“{goods_id}”不是数字",
        "the goods id “{goods_id}” is not a number",
    ),
    "wechat.not_in_room": (
        "商品 {goods_id} 不在 {room} 号直播间：在小程序直播后台把它导入直播间",
        "goods {goods_id} is not in room {room}: import it into the room in the live console",
    ),
    "wechat.push_unknown": (
        "微信没有回应推送（{reason}），商品可能已经推送：请在直播间里看一眼，没有就再上一次",
        "WeChat did not answer the push ({reason}); it may have gone out: look in the room, "
        "and link it up again if it did not",
    ),
    "wechat.bad_api": (
        "{var} 要是 http:// 或 https:// 开头的地址",
        "{var} must be an address starting with http:// or https://",
    ),
    "wechat.bad_room": (
        "“{spec}” 里的直播间号不对：写成 wechat:房间号，例如 wechat:6474",
        "The room in “{spec}” is not a number: write wechat:ROOM_ID, e.g. wechat:6474",
    ),
    "wechat.push_url_failed": (
        "没能从微信取到 {room} 号直播间的推流地址：{reason}",
        "The push address of room {room} could not be fetched from WeChat: {reason}",
    ),
    "push.unknown_generated": (
        "不认识的推流地址写法“{spec}”：可以是 rtmp:// 地址、wechat:房间号、"
        "tencent:域名/应用/流、volc:域名/应用/流 或 kuaishou",
        "Unknown push spec “{spec}”: give an rtmp:// URL, wechat:ROOM_ID, "
        "tencent:DOMAIN/APP/STREAM, volc:DOMAIN/APP/STREAM or kuaishou",
    ),
    "cli.wechat_appid_prompt": ("小程序 AppID：", "Mini-program AppID: "),
    "cli.wechat_secret_prompt": ("小程序 AppSecret（输入时不显示）：", "AppSecret (not shown): "),
    "cli.wechat_token_empty": (
        "需要 AppID 和 AppSecret 两项：在 mp.weixin.qq.com › 开发 › 开发管理 › 开发设置 里找",
        "Both the AppID and the AppSecret are needed: find them in mp.weixin.qq.com › "
        "Development › Development settings",
    ),
    "cli.wechat_bad_appid": (
        "“{appid}…” 不像小程序的 AppID（wx 开头的字母和数字）",
        "“{appid}…” does not look like a mini-program AppID (letters and digits, wx…)",
    ),
    "cli.wechat_token_kept": (
        "小程序 {appid} 的 AppSecret 已存入系统钥匙串",
        "The AppSecret of mini-program {appid} is kept in the system keyring",
    ),
    "signing.bad_path": (
        "“{spec}” 要写成 推流域名/应用名/流名称，例如 push.example.com/live/show1",
        "Write “{spec}” as PUSH_DOMAIN/APP/STREAM, e.g. push.example.com/live/show1",
    ),
    "signing.no_key": (
        "没有 {domain} 的推流鉴权 KEY：运行 `studio token set {kind}:{domain}`（存进系统钥匙串），"
        "或设置 {var}",
        "No push authentication key for {domain}: run `studio token set {kind}:{domain}` "
        "(kept in the system keyring), or set {var}",
    ),
    "cli.push_key_prompt": (
        "{domain} 的推流鉴权 KEY（输入时不显示）：",
        "Push authentication key of {domain} (not shown): ",
    ),
    "cli.push_key_kept": (
        "{domain} 的推流鉴权 KEY 已存入系统钥匙串；每次开播都会生成新的推流地址",
        "The push key of {domain} is kept in the system keyring; each go-live signs a new push URL",
    ),
    # the viewers' delay, measured (studio latency URL)
    "latency.bad_url": (
        "播放地址要是 rtmp://、http:// 或 https:// 开头（HTTP-FLV 或 .m3u8）",
        "The playback URL must start with rtmp://, http:// or https:// (HTTP-FLV or .m3u8)",
    ),
    "latency.cannot_open": (
        "打不开这个播放地址（{reason}）：直播开始了吗？地址是平台给的播放地址吗？",
        "This playback URL cannot be opened ({reason}): is the stream on, and is it the "
        "platform's playback URL?",
    ),
    "latency.no_video": ("这个地址没有画面", "This URL has no picture"),
    "latency.no_stamps": (
        "{seconds} 秒内没读到工作台的时间戳：要测的是工作台正在推的那路流的播放地址",
        "No studio time stamp within {seconds} s: measure the playback URL of the stream the "
        "studio is pushing now",
    ),
    "latency.result": (
        "观众延迟 {delay} 秒（{kind}，{frames} 帧的中位数；10%–90%：{p10}–{p90} 秒；卡顿 {stalls} 次）",
        "Viewers' delay {delay} s ({kind}, median of {frames} frames; 10–90 %: {p10}–{p90} s; "
        "{stalls} stalls)",
    ),
    "latency.not_measured": (
        "没测出观众延迟（{reason}），仍按设定的延迟上链接",
        "The viewers' delay was not measured ({reason}); link-ups keep the set delay",
    ),
    "latency.used": (
        "测得观众延迟 {delay} 秒（{kind}）：对齐观众画面的上链接按它来",
        "Viewers' delay measured at {delay} s ({kind}): link-ups synced to viewers use it",
    ),
    "linkup.bad_viewer_delay": (
        "观众延迟要在 0 到 60 秒之间",
        "The viewers' delay must be 0 to 60 seconds",
    ),
    "destination.single_use": (
        "{name} 的推流地址每场只能用一次，不能拿来测试：开播时会自动获取",
        "{name}'s push URL is single use, so it cannot be tested: it is fetched at go-live",
    ),
    "push.end_failed": (
        "没能关闭 {name} 的直播间：{reason}（平台会在断流一两分钟后自己关闭）",
        "Could not close the room of {name}: {reason} (the platform closes it by itself a "
        "minute or two after the stream stops)",
    ),
    # Kuaishou open platform (快手开放平台)
    "kuaishou.result": ("快手：{what}（返回码 {code}）", "Kuaishou: {what} (result {code})"),
    "kuaishou.err.200100": ("app_id 不对", "the app_id is wrong"),
    "kuaishou.err.200102": (
        "授权失败：access_token 不对或已过期，请重新授权",
        "authorisation failed: the access token is wrong or expired; authorise again",
    ),
    "kuaishou.err.400001": ("参数不对", "a parameter is wrong"),
    "kuaishou.err.400002": ("调用太频繁，请稍后再试", "too many calls: try again shortly"),
    "kuaishou.err.400003": ("快手服务器出错", "Kuaishou's server failed"),
    "kuaishou.err.400005": ("流名不存在", "no such stream"),
    "kuaishou.err.400006": ("这个账号没有直播权限", "this account may not go live"),
    "kuaishou.err.400008": (
        "这个账号没有电商直播（小黄车）权限",
        "this account has no e-commerce live permission",
    ),
    "kuaishou.err.400009": ("流名不合法", "the stream name is not valid"),
    "kuaishou.err.400013": ("无权操作这个直播", "this live stream is not yours"),
    "kuaishou.err.400014": (
        "封面不合格（jpg/png，不超过 2 MB，建议 720x1280）",
        "the cover is refused (jpg/png, at most 2 MB, 720x1280 advised)",
    ),
    "kuaishou.no_credentials": (
        "没有快手开放平台的 app_id 和 access_token：运行 `studio token set kuaishou`，"
        "或设置 STUDIO_KUAISHOU_APPID 和 STUDIO_KUAISHOU_TOKEN",
        "No Kuaishou app_id and access token: run `studio token set kuaishou`, or set "
        "STUDIO_KUAISHOU_APPID and STUDIO_KUAISHOU_TOKEN",
    ),
    "kuaishou.bad_answer": ("快手的回应看不懂", "Kuaishou's answer makes no sense"),
    "kuaishou.cover_unreadable": (
        "读不了封面 {path}：{reason}",
        "The cover {path} cannot be read: {reason}",
    ),
    "kuaishou.bad_cover": (
        "封面 {name} 要是 jpg 或 png，不超过 2 MB",
        "The cover {name} must be a jpg or png of at most 2 MB",
    ),
    "kuaishou.push_url_failed": (
        "没能从快手取到推流地址：{reason}",
        "No push URL from Kuaishou: {reason}",
    ),
    # Volcengine enterprise live (火山引擎企业直播)
    "volc.error": ("火山引擎：{message}（{code}）", "Volcengine: {message} ({code})"),
    "volc.no_card_id": (
        "表格里没有它的商品卡片 ID（加一列“小程序商品ID”或 goods_id，填企业直播控制台里的商品卡片 ID）",
        "the sheet has no product card id for it (add a goods_id column with the card id from "
        "the enterprise-live console)",
    ),
    "volc.bad_card_id": (
        "商品卡片 ID“{goods_id}”不是数字",
        "the product card id “{goods_id}” is not a number",
    ),
    "volc.not_done": (
        "火山引擎说没有更新商品卡片的讲解状态",
        "Volcengine says the product card's state was not updated",
    ),
    "volc.no_stock_api": (
        "企业直播的商品卡片没有库存接口：请在企业直播控制台里改",
        "Enterprise-live product cards have no stock API: change it in the console",
    ),
    "volc.no_credentials": (
        "没有火山引擎的 Access Key：运行 `studio token set volc`，或设置 STUDIO_VOLC_AK 和 "
        "STUDIO_VOLC_SK",
        "No Volcengine Access Key: run `studio token set volc`, or set STUDIO_VOLC_AK and "
        "STUDIO_VOLC_SK",
    ),
    "volc.bad_activity": (
        "“{spec}” 里的直播间 ID 不对：写成 volc:直播间ID，例如 volc:1779171580",
        "The room in “{spec}” is not a number: write volc:ACTIVITY_ID, e.g. volc:1779171580",
    ),
    # comments from the platforms (Bilibili, YouTube)
    "comments.reconnecting": (
        "{feed}评论断了（{reason}），正在重连；直播不受影响",
        "{feed} comments dropped ({reason}); reconnecting. The stream goes on",
    ),
    "comments.refused": (
        "{feed}不给评论：{reason}",
        "{feed} refuses the comments: {reason}",
    ),
    "comments.stopped": (
        "{feed}评论停了：{reason}",
        "{feed} comments stopped: {reason}",
    ),
    "comments.closed": ("连接被关闭", "the connection was closed"),
    "comments.following": ("正在接收{feed}的评论", "Following {feed} comments"),
    "feed.bilibili": ("哔哩哔哩", "Bilibili"),
    "comments.bilibili_how": (
        "运行 `studio token set bilibili`（开放平台项目的 app_id、access_key_id、"
        "access_key_secret，和主播的身份码），或设置 STUDIO_BILIBILI_APP_ID、_KEY_ID、_KEY_SECRET、_CODE",
        "run `studio token set bilibili` (the open platform project's app_id, access_key_id, "
        "access_key_secret, and the anchor's identity code), or set STUDIO_BILIBILI_APP_ID, "
        "_KEY_ID, _KEY_SECRET and _CODE",
    ),
    "comments.youtube_how": (
        "运行 `studio token set youtube`（YouTube Data API 的 API 密钥），或设置 "
        "STUDIO_YOUTUBE_API_KEY 或 STUDIO_YOUTUBE_TOKEN",
        "run `studio token set youtube` (a YouTube Data API key), or set STUDIO_YOUTUBE_API_KEY "
        "or STUDIO_YOUTUBE_TOKEN",
    ),
    "feed.youtube": ("YouTube", "YouTube"),
    "bilibili.error": ("哔哩哔哩：{message}（{code}）", "Bilibili: {message} ({code})"),
    "bilibili.unreadable": (
        "哔哩哔哩发来的评论包打不开（{why}），其中的评论没有显示",
        "A comment packet from Bilibili could not be opened ({why}); its comments are not shown",
    ),
    "bilibili.bad_packing": (
        "压缩数据损坏或解开后超过 4 MB",
        "the packed data is broken or unpacks past 4 MB",
    ),
    "bilibili.unknown_packing": (
        "工作台不认识这种压缩方式",
        "the studio does not know this packing",
    ),
    "youtube.error": ("YouTube：{reason}（HTTP {status}）", "YouTube: {reason} (HTTP {status})"),
    "youtube.no_chat": (
        "视频 {video} 现在没有直播聊天：直播开始了吗？",
        "Video {video} has no live chat now: has the stream started?",
    ),
    "comments.no_credentials": (
        "没有{feed}评论要用的凭据：{how}",
        "No credentials for {feed} comments: {how}",
    ),
    "comments.unknown": (
        "不认识的评论来源“{spec}”：可以是 bilibili 或 youtube:视频ID",
        "Unknown comment source “{spec}”: give bilibili or youtube:VIDEO_ID",
    ),
    "wechat.no_stock_api": (
        "小程序直播没有改库存的接口：请在小程序自己的后台补库存",
        "Mini-program live has no stock API: add stock in the mini-program's own backend",
    ),
}


@dataclass(frozen=True)
class Message:
    """Something to tell a person: a catalog code and its parameters."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, language: str | None = None) -> str:
        return render(self, language)

    def to_json(self) -> dict[str, Any]:
        """For storing (the journal): nested messages kept as messages."""
        return {
            "code": self.code,
            "params": {
                k: v.to_json() if isinstance(v, Message) else v for k, v in self.params.items()
            },
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Message:
        params = {
            k: cls.from_json(v) if isinstance(v, dict) and "code" in v else v
            for k, v in dict(data.get("params") or {}).items()
        }
        return cls(str(data["code"]), params)

    def __str__(self) -> str:
        return render(self)


def add_words(words: Mapping[str, tuple[str, str]]) -> None:
    """Catalog entries a part brings with it (a platform's names and choices); a code the
    catalog has already keeps its words (ValueError when they differ)."""
    for code, pair in words.items():
        if CATALOG.setdefault(code, pair) != pair:
            raise ValueError(f"{code} is in the catalog with other words")


_language: str | None = None


def set_language(language: str) -> None:
    """The language `render` uses when none is asked for (the window's, or the CLI's)."""
    global _language
    _language = language if language in LANGUAGES else "zh"


def system_language() -> str:
    """Chinese on a Chinese system, English on another language's; Chinese where the system
    names none (C, POSIX, unset: a bare server or a scheduled task), the studio's own."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "").strip()
        if value:
            return _language_of(value)
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return _language_of(code)


def _language_of(code: str) -> str:
    code = code.lower()
    if code.startswith("zh") or code in ("", "c", "posix") or code.startswith(("c.", "posix.")):
        return "zh"
    return "en"


def current_language() -> str:
    return _language or system_language()


def render(message: Message | str, language: str | None = None) -> str:
    """The message in `language` (the current one by default); unknown codes say so. Plain
    text (from older code, or a platform's own words) comes back as it is."""
    if not isinstance(message, Message):
        return str(message)
    lang = language or current_language()
    zh, en = CATALOG.get(message.code, (message.code, message.code))
    template = zh if lang == "zh" else en
    params = {
        k: (render(v, lang) if isinstance(v, Message) else v) for k, v in message.params.items()
    }
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return f"{template} {params}"


class Words:
    """The catalog's `group.*` entries in one language, looked up by key: the report's and
    the stream's words (`Words("report", "en")["orders"]`)."""

    def __init__(self, group: str, language: str) -> None:
        self.group = group
        self.index = 1 if language == "en" else 0

    def __getitem__(self, key: str) -> str:
        return CATALOG[f"{self.group}.{key}"][self.index]

    def get(self, key: str, default: str = "") -> str:
        entry = CATALOG.get(f"{self.group}.{key}")
        return entry[self.index] if entry is not None else default


_ESCAPES = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])|\x9b[0-?]*[ -/]*[@-~]"
)


def platform_text(text: object, most: int | None = None) -> str:
    """A platform's (or any outsider's) own words, fit to show the host: terminal escape
    sequences (a colour code such as ESC[31m) removed whole, other control characters made
    spaces, cut to `most` characters. Every platform text that enters a `Message` goes
    through here."""
    words = _ESCAPES.sub("", str(text))
    words = "".join(c if c.isprintable() else " " for c in words)
    return (words if most is None else words[:most]).strip()


def plain(text: object) -> Message:
    """Words that are not the studio's (a platform's own, a library's) as a message, shown as
    they are in every language."""
    return Message("plain", {"text": str(text)})


def leveled(level: str, message: Message | str) -> Message:
    """A line said with its level in front (`[warning] …`), as the CLI prints notices."""
    return Message("say.level", {"level": level, "message": message})


def said(exc: BaseException) -> Message:
    """What an exception says, as a message (worded when shown): a studio error's `.message`,
    a message it carries, else its text as it is."""
    message = getattr(exc, "message", None)
    if isinstance(message, Message):
        return message
    if exc.args and isinstance(exc.args[0], Message):
        return exc.args[0]
    return plain(exc)


def stored(value: Message | str) -> str:
    """A message (or plain text) as text to store; `restored` turns it back."""
    import json

    if isinstance(value, Message):
        return json.dumps(value.to_json(), ensure_ascii=False)
    return value


def restored(text: str) -> Message | str:
    import json

    if text.startswith('{"code"'):
        try:
            return Message.from_json(json.loads(text))
        except (ValueError, KeyError, TypeError):
            return text
    return text


def reason(code: str) -> Message:
    """The words for a cause code (`disk_full`, `read_only`, …)."""
    return Message(f"reason.{code}" if f"reason.{code}" in CATALOG else "reason.other")


def advice(code: str) -> Message:
    return Message(f"advice.{code}" if f"advice.{code}" in CATALOG else "advice.other")


def error_words(exc: BaseException) -> Message | str:
    """Why something failed, in the host's words: a message it carries, an OSError through
    `network_reason`, a library's own exception (httpx, websockets, FFmpeg) by what its class
    says it is. A class name (`RemoteProtocolError`) never reaches the host: the log has it."""
    message = getattr(exc, "message", None)
    if isinstance(message, Message):
        return message
    if exc.args and isinstance(exc.args[0], Message):
        return exc.args[0]
    if isinstance(exc, TimeoutError):
        return Message("net.timed_out")
    if isinstance(exc, OSError) and exc.errno is not None:
        return os_reason(exc)
    for cls in type(exc).__mro__:  # the most specific class that says what it is
        name = cls.__name__
        for words, code in _ERROR_NAMES:
            if any(word in name for word in words):
                return Message(code)
    return Message("reason.unexpected")


_ERROR_NAMES = (
    (("Timeout",), "net.timed_out"),
    (("Closed", "Reset", "Broken"), "net.dropped"),
    (("Connect",), "net.cannot_connect"),
    (("Protocol", "Decoding", "InvalidMessage", "Handshake"), "net.bad_answer"),
    (("Read", "Write", "Network", "Transport"), "net.dropped"),
)


def os_reason(exc: OSError) -> Message | str:
    """Why a file or folder (or a connection) failed, in the host's words instead of the
    system's English ("No such file or directory"); the system's text only for the rest."""
    import errno

    code = {
        errno.ENOENT: "no_such_file",
        errno.ENOTDIR: "no_such_file",
        errno.EACCES: "no_permission",
        errno.EPERM: "no_permission",
        errno.ENOSPC: "disk_full",
        errno.EROFS: "read_only",
        errno.EISDIR: "is_folder",
        errno.EEXIST: "exists",
    }.get(exc.errno or 0)
    if code is not None:
        return Message(f"file.{code}")
    return network_reason(exc)


def network_reason(exc: OSError) -> Message | str:
    """Why a connection failed, in words a merchant understands (the system's own text,
    often English, only for what is not listed)."""
    import errno
    import socket

    if isinstance(exc, socket.gaierror):
        return Message("net.no_such_host")
    code = {
        errno.ECONNREFUSED: "refused",
        errno.ECONNRESET: "reset",
        errno.ECONNABORTED: "reset",
        errno.ENETUNREACH: "unreachable",
        errno.EHOSTUNREACH: "unreachable",
        errno.ENETDOWN: "unreachable",
        errno.ETIMEDOUT: "timed_out",
        errno.EPIPE: "broken",
    }.get(exc.errno or 0)
    if code is not None:
        return Message(f"net.{code}")
    return exc.strerror or str(exc)
