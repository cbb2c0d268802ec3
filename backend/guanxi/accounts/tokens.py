"""Keyed hashes of secrets (session tokens, bearer tokens, API keys): the secrets are never stored."""

from __future__ import annotations

import hashlib
import hmac

from guanxi.settings import get_settings


def token_hash(secret: str) -> str:
    key = get_settings().secret_key.encode()
    return hmac.new(key, secret.encode(), hashlib.sha256).hexdigest()
