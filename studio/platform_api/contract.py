"""The open platform contract (openapi.yaml beside this file), loaded once, and its validators.

The rehearsal server validates request bodies against the same document the tests check it
with, so the contract and the server cannot drift apart.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator

CONTRACT_PATH = Path(__file__).with_name("openapi.yaml")


@functools.cache
def load_contract() -> dict[str, Any]:
    with open(CONTRACT_PATH, encoding="utf-8") as fh:
        document: dict[str, Any] = yaml.safe_load(fh)
    return document


@functools.cache
def validator(schema_name: str) -> Draft202012Validator:
    """A validator for one `components/schemas` entry, resolving its $refs in the document."""
    components = load_contract()["components"]
    return Draft202012Validator(
        {"$ref": f"#/components/schemas/{schema_name}", "components": components}
    )


def problems(schema_name: str, value: object) -> list[str]:
    """Human-readable contract violations of `value` (empty when it conforms)."""
    out = []
    for error in sorted(validator(schema_name).iter_errors(value), key=lambda e: list(e.path)):
        where = "/".join(str(p) for p in error.absolute_path) or "body"
        out.append(f"{where}: {error.message}")
    return out
