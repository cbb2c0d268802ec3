from __future__ import annotations

from enum import StrEnum


class FeedbackErrorCode(StrEnum):
    INVALID_TRANSITION = "INVALID_TRANSITION"
    INVALID_SCORE = "INVALID_SCORE"
    NOT_A_NEED = "NOT_A_NEED"
    WRONG_CUSTOMER = "WRONG_CUSTOMER"
