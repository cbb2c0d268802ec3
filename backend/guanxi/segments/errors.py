from __future__ import annotations

from enum import StrEnum


class SegmentErrorCode(StrEnum):
    UNKNOWN_FIELD = "UNKNOWN_FIELD"  # a rule names a field the catalogue does not have
    INVALID_OPERATOR = "INVALID_OPERATOR"  # the operator does not apply to the field's type
    INVALID_RULE = "INVALID_RULE"  # a rule node is neither a group, a negation nor a condition
    EMPTY_GROUP = "EMPTY_GROUP"  # `all` or `any` without conditions
    RULE_TOO_DEEP = "RULE_TOO_DEEP"  # nested deeper than the limit
    RULE_TOO_LARGE = "RULE_TOO_LARGE"  # more conditions than the limit
    NOT_STATIC = "NOT_STATIC"  # members are added by hand only to STATIC segments
    NOT_DYNAMIC = "NOT_DYNAMIC"  # only DYNAMIC segments have a rule to refresh
