from __future__ import annotations

from enum import StrEnum


class AccountErrorCode(StrEnum):
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    WEAK_PASSWORD = "WEAK_PASSWORD"
    INVALID_EMAIL = "INVALID_EMAIL"
    INVALID_SCOPE = "INVALID_SCOPE"
