from __future__ import annotations

from enum import StrEnum


class InteractionErrorCode(StrEnum):
    CONSENT_WITHDRAWN = "CONSENT_WITHDRAWN"
    NO_FOLLOW_UP = "NO_FOLLOW_UP"
