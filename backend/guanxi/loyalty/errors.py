from __future__ import annotations

from enum import StrEnum


class LoyaltyErrorCode(StrEnum):
    INSUFFICIENT_POINTS = "INSUFFICIENT_POINTS"  # the balance does not cover it: nothing was written
    NOT_ENROLLED = "NOT_ENROLLED"  # the customer has no loyalty account
    OUT_OF_STOCK = "OUT_OF_STOCK"  # the reward has none left
    REWARD_UNAVAILABLE = "REWARD_UNAVAILABLE"  # outside its active window, or archived
    TIER_TOO_LOW = "TIER_TOO_LOW"  # the reward needs a higher tier
