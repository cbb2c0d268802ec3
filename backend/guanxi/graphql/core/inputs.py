"""Turning strawberry inputs into plain dicts for services."""

from __future__ import annotations

import dataclasses
from enum import Enum
from typing import Any

import strawberry


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return input_dict(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    return value


def input_dict(value: Any, *, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """The fields the caller sent (UNSET ones left out), snake_case keys, enums as values."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(value):
        if f.name in exclude:
            continue
        v = getattr(value, f.name)
        if v is strawberry.UNSET:
            continue
        out[f.name] = _plain(v)
    return out
