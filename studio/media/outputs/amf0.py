"""AMF0, the value encoding of RTMP commands (the subset publishers and ingests use)."""

from __future__ import annotations

import struct
from typing import Any

from studio.core.errors import StudioError

NUMBER, BOOLEAN, STRING, OBJECT, NULL, UNDEFINED, ECMA_ARRAY, OBJECT_END = 0, 1, 2, 3, 5, 6, 8, 9
STRICT_ARRAY, DATE, LONG_STRING = 0x0A, 0x0B, 0x0C


# Objects inside objects deeper than this are not an ingest's answer but an attack on the
# decoder (each level is one Python frame: 3000 levels end in RecursionError).
MAX_DEPTH = 32


class AmfError(StudioError, ValueError):
    pass


def _key(name: str) -> bytes:
    raw = name.encode()
    return struct.pack(">H", len(raw)) + raw


def encode(value: Any) -> bytes:
    if value is None:
        return bytes([NULL])
    if isinstance(value, bool):
        return bytes([BOOLEAN, int(value)])
    if isinstance(value, int | float):
        return bytes([NUMBER]) + struct.pack(">d", float(value))
    if isinstance(value, str):
        raw = value.encode()
        if len(raw) > 0xFFFF:
            return bytes([LONG_STRING]) + struct.pack(">I", len(raw)) + raw
        return bytes([STRING]) + struct.pack(">H", len(raw)) + raw
    if isinstance(value, dict):
        body = b"".join(_key(k) + encode(v) for k, v in value.items())
        return bytes([OBJECT]) + body + b"\x00\x00" + bytes([OBJECT_END])
    raise AmfError(f"cannot encode {type(value).__name__} in AMF0")


def encode_all(*values: Any) -> bytes:
    return b"".join(encode(v) for v in values)


def decode_all(data: bytes) -> list[Any]:
    out: list[Any] = []
    pos = 0
    while pos < len(data):
        value, pos = _decode(data, pos)
        out.append(value)
    return out


def _decode(data: bytes, pos: int, depth: int = 0) -> tuple[Any, int]:
    if depth > MAX_DEPTH:
        raise AmfError(f"AMF0 values nested deeper than {MAX_DEPTH}")
    try:
        marker = data[pos]
        pos += 1
        if marker == NUMBER:
            return struct.unpack_from(">d", data, pos)[0], pos + 8
        if marker == BOOLEAN:
            return bool(data[pos]), pos + 1
        if marker == STRING:
            (n,) = struct.unpack_from(">H", data, pos)
            return data[pos + 2 : pos + 2 + n].decode(errors="replace"), pos + 2 + n
        if marker == LONG_STRING:
            (n,) = struct.unpack_from(">I", data, pos)
            return data[pos + 4 : pos + 4 + n].decode(errors="replace"), pos + 4 + n
        if marker in (NULL, UNDEFINED):
            return None, pos
        if marker in (OBJECT, ECMA_ARRAY):
            if marker == ECMA_ARRAY:
                pos += 4
            obj: dict[str, Any] = {}
            while True:
                (n,) = struct.unpack_from(">H", data, pos)
                pos += 2
                if n == 0 and data[pos] == OBJECT_END:
                    return obj, pos + 1
                name = data[pos : pos + n].decode(errors="replace")
                obj[name], pos = _decode(data, pos + n, depth + 1)
        if marker == STRICT_ARRAY:
            (n,) = struct.unpack_from(">I", data, pos)
            pos += 4
            items = []
            for _ in range(n):
                item, pos = _decode(data, pos, depth + 1)
                items.append(item)
            return items, pos
        if marker == DATE:
            return struct.unpack_from(">d", data, pos)[0], pos + 10
    except (IndexError, struct.error) as exc:
        raise AmfError("truncated AMF0 value") from exc
    raise AmfError(f"unsupported AMF0 marker {marker:#x}")
