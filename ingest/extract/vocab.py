"""Vocabularies of the extraction contract (shared/eval/SCHEMA.md), loaded from vocab.json.

The catalogue seeds its vocabulary tables from the same file, so codes and labels live in one place.
"""

import json
from functools import cache
from pathlib import Path
from typing import Any

VOCAB_PATH = Path(__file__).with_name("vocab.json")


@cache
def load() -> dict[str, Any]:
    with VOCAB_PATH.open(encoding="utf-8") as f:
        return json.load(f)


def codes(kind: str) -> tuple[str, ...]:
    return tuple(item["code"] for item in load()[kind])


def labels(kind: str, lang: str = "ja") -> dict[str, str]:
    return {item["code"]: item[lang] for item in load()[kind]}


def firm_aliases() -> dict[str, str]:
    """Alias (as written in notices) -> canonical firm name, from the shipped table."""
    table: dict[str, str] = {}
    for firm in load()["forensic_firms"]:
        table[firm["name"]] = firm["name"]
        for alias in firm["aliases"]:
            table[alias] = firm["name"]
    return table
