"""Relay global ids: opaque strings naming a type and a row."""

from __future__ import annotations

from strawberry import relay

from guanxi.core.errors import CoreErrorCode, DomainError


def to_global_id(type_name: str, pk: int) -> str:
    return str(relay.GlobalID(type_name, str(pk)))


def parse_global_id(value: str) -> tuple[str, int] | None:
    try:
        gid = relay.GlobalID.from_id(value)
        return gid.type_name, int(gid.node_id)
    except Exception:  # noqa: BLE001 - any malformed id is simply not an id
        return None


def decode_id(value: str, type_name: str, field: str) -> int:
    """The row id in a global id of `type_name`; a userError at `field` otherwise."""
    parsed = parse_global_id(value)
    if parsed is None:
        raise DomainError(CoreErrorCode.INVALID_VALUE, "Not a valid id.", field)
    kind, pk = parsed
    if kind != type_name:
        raise DomainError(CoreErrorCode.NOT_FOUND, f"No such {type_name.lower()}.", field)
    return pk
