"""Personal data encrypted at rest (AES-256-GCM) and keyed hashes for exact lookups (HMAC-SHA256).

Keys live in a keyring: `<data dir>/data_keys.json` (created on first use, owner-only), or the
environment (`GUANXI_DATA_KEY`, base64 of 32 bytes; `GUANXI_DATA_KEYS_PREVIOUS`, comma-separated,
for keys still needed to read older values). Each ciphertext names the key that wrote it
(`gx1:<key id>:<base64 nonce+ciphertext>`), so after `guanxi keys rotate` old and new values are
both readable while the rows are re-encrypted; a process that meets an unknown key id re-reads the
keyring file, so running servers keep reading during a rotation.

The lookup key (for `lookup_hash`) does not rotate with the encryption keys: the hashes of phones
and emails stay comparable across rotations.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from guanxi.settings import get_settings

PREFIX = "gx1"
KEYRING_FILE = "data_keys.json"


@dataclass(frozen=True)
class Keyring:
    current: str
    keys: dict[str, bytes]
    lookup: bytes
    path: Path | None  # None when the keys come from the environment


_lock = threading.Lock()
_cached: Keyring | None = None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode())


def _from_env() -> Keyring | None:
    settings = get_settings()
    key = settings.data_key
    if not key:
        return None
    current = _unb64(key)
    if len(current) != 32:
        raise ValueError("GUANXI_DATA_KEY must be base64 of 32 bytes")
    keys = {"env": current}
    for i, old in enumerate(settings.data_keys_previous):
        keys[f"env-{i + 1}"] = _unb64(old)
    lookup = hmac.new(current, b"guanxi lookup key", hashlib.sha256).digest()
    return Keyring(current="env", keys=keys, lookup=lookup, path=None)


def _read_file(path: Path) -> Keyring:
    raw = json.loads(path.read_text())
    return Keyring(
        current=raw["current"],
        keys={k: _unb64(v) for k, v in raw["keys"].items()},
        lookup=_unb64(raw["lookup"]),
        path=path,
    )


def _write_file(path: Path, ring: Keyring) -> None:
    data = {
        "current": ring.current,
        "keys": {k: _b64(v) for k, v in ring.keys.items()},
        "lookup": _b64(ring.lookup),
    }
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(data, fh)
    os.replace(tmp, path)


def _load() -> Keyring:
    env = _from_env()
    if env is not None:
        return env
    path = get_settings().data_dir / KEYRING_FILE
    if not path.exists():
        ring = Keyring(
            current="k1", keys={"k1": AESGCM.generate_key(256)}, lookup=secrets.token_bytes(32), path=path
        )
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return _read_file(path)  # another process created it first
        os.close(fd)
        _write_file(path, ring)
        return ring
    return _read_file(path)


def keyring(*, reload: bool = False) -> Keyring:
    global _cached
    with _lock:
        if _cached is None or reload:
            _cached = _load()
        return _cached


def reset() -> None:
    """Forget the cached keyring (tests, and after settings change)."""
    global _cached
    with _lock:
        _cached = None


def encrypt(plaintext: str | None, context: str) -> str | None:
    """`context` (e.g. `customer.address`) is bound to the ciphertext: it cannot be moved to another column."""
    if plaintext is None:
        return None
    ring = keyring()
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(ring.keys[ring.current]).encrypt(nonce, plaintext.encode(), context.encode())
    return f"{PREFIX}:{ring.current}:{_b64(nonce + sealed)}"


def key_id(token: str) -> str | None:
    parts = token.split(":", 2)
    return parts[1] if len(parts) == 3 and parts[0] == PREFIX else None


def decrypt(token: str | None, context: str) -> str | None:
    if token is None:
        return None
    kid = key_id(token)
    if kid is None:
        raise ValueError("not an encrypted value")
    ring = keyring()
    if kid not in ring.keys and ring.path is not None:
        ring = keyring(reload=True)  # rotated by another process
    blob = _unb64(token.split(":", 2)[2])
    return AESGCM(ring.keys[kid]).decrypt(blob[:12], blob[12:], context.encode()).decode()


def is_current(token: str) -> bool:
    return key_id(token) == keyring().current


def lookup_hash(kind: str, normalized: str) -> str:
    """A keyed hash of a normalised value: equal inputs give equal hashes, nothing else can be learned."""
    return hmac.new(keyring().lookup, f"{kind}:{normalized}".encode(), hashlib.sha256).hexdigest()


def rotate() -> Keyring:
    """Add a new current key to the keyring file; older keys stay until nothing uses them."""
    ring = keyring(reload=True)
    if ring.path is None:
        raise RuntimeError(
            "The keys come from GUANXI_DATA_KEY: put the new key there and the old one in "
            "GUANXI_DATA_KEYS_PREVIOUS, restart, then run `guanxi keys rotate --reencrypt-only`."
        )
    new_id = f"k{max(int(k[1:]) for k in ring.keys if k[1:].isdigit()) + 1}"
    rotated = Keyring(
        current=new_id,
        keys={**ring.keys, new_id: AESGCM.generate_key(256)},
        lookup=ring.lookup,
        path=ring.path,
    )
    _write_file(ring.path, rotated)
    return keyring(reload=True)
