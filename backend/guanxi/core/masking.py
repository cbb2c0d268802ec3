"""Masked forms of personal data, for callers without `pii:read` (over HTTP, WebSocket and exports)."""

from __future__ import annotations

import re


def mask_phone(value: str) -> str:
    """`138 0013 5678` -> `138****5678`; `+86 138 0013 5678` -> `138****5678`."""
    digits = re.sub(r"\D", "", value)
    if value.strip().startswith(("+86", "0086")) and len(digits) > 11:
        digits = digits[-11:]
    if len(digits) >= 8:
        return f"{digits[:3]}****{digits[-4:]}"
    return "****" + digits[-2:]


def mask_email(value: str) -> str:
    """`zhang.wei@example.com` -> `z***@example.com`."""
    local, _, domain = value.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def mask_text(value: str, keep: int = 2) -> str:
    """The first characters, then `***`: for WeChat ids and addresses."""
    return value[:keep] + "***"
