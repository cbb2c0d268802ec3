from __future__ import annotations

from enum import StrEnum


class InteractionErrorCode(StrEnum):
    CONSENT_WITHDRAWN = "CONSENT_WITHDRAWN"
    NO_FOLLOW_UP = "NO_FOLLOW_UP"
    FREQUENCY_CAP_EXCEEDED = "FREQUENCY_CAP_EXCEEDED"


class InteractionWarningCode(StrEnum):
    """Warnings: the change was saved, but someone should know."""

    FREQUENCY_CAP_EXCEEDED = "FREQUENCY_CAP_EXCEEDED"
