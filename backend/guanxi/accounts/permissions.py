"""What each role, and each API key scope, may do.

GraphQL fields declare one of these; nothing checks roles ad hoc. Scopes of partner API keys
are the same strings as the permissions they grant (`customers:read`, ...).
"""

from __future__ import annotations

from enum import StrEnum

from guanxi.accounts.models import Role


class Permission(StrEnum):
    CUSTOMERS_READ = "customers:read"
    CUSTOMERS_WRITE = "customers:write"
    PURCHASES_WRITE = "purchases:write"
    INTERACTIONS_READ = "interactions:read"
    INTERACTIONS_WRITE = "interactions:write"
    FEEDBACK_READ = "feedback:read"
    FEEDBACK_WRITE = "feedback:write"
    LOYALTY_READ = "loyalty:read"
    LOYALTY_WRITE = "loyalty:write"
    PII_READ = "pii:read"
    USERS_READ = "users:read"
    USERS_MANAGE = "users:manage"
    API_KEYS_MANAGE = "apikeys:manage"
    AUDIT_READ = "audit:read"  # the audit log: ADMIN only, never an API key scope
    CUSTOMERS_ERASE = "customers:erase"  # data-subject erasure, and overriding an erased identity
    CONTACT_POLICY_MANAGE = "contactpolicy:manage"  # the contact-frequency policy: ADMIN only
    CONTACT_CAP_OVERRIDE = "contactcap:override"  # log an outbound contact past a BLOCK cap: MANAGER+
    SERVICE_STANDARDS_MANAGE = "servicestandards:manage"  # complaint deadlines per severity: ADMIN only
    SEGMENTS_READ = "segments:read"
    SEGMENTS_WRITE = "segments:write"  # create, edit, refresh segments and hand-pick members
    SEGMENT_STRATEGY_MANAGE = "segmentstrategy:manage"  # service strategies (discounts, contact caps): MANAGER+
    LOYALTY_ADJUST = "loyalty:adjust"  # staff corrections of points: MANAGER+
    REWARDS_MANAGE = "rewards:manage"  # the rewards catalogue: MANAGER+
    LOYALTY_PROGRAM_MANAGE = "loyaltyprogram:manage"  # earn rate, tiers, expiry: ADMIN only


# What a partner's API key may be given (staff-only permissions are not scopes).
API_KEY_SCOPES: tuple[Permission, ...] = (
    Permission.CUSTOMERS_READ,
    Permission.CUSTOMERS_WRITE,
    Permission.PURCHASES_WRITE,
    Permission.INTERACTIONS_READ,
    Permission.INTERACTIONS_WRITE,
    Permission.FEEDBACK_READ,
    Permission.FEEDBACK_WRITE,
    Permission.LOYALTY_READ,
    Permission.LOYALTY_WRITE,
    Permission.SEGMENTS_READ,
    Permission.SEGMENTS_WRITE,
    Permission.PII_READ,
)

_READ = {
    Permission.CUSTOMERS_READ,
    Permission.INTERACTIONS_READ,
    Permission.FEEDBACK_READ,
    Permission.LOYALTY_READ,
    Permission.SEGMENTS_READ,
    Permission.USERS_READ,
}
_WRITE = {
    Permission.CUSTOMERS_WRITE,
    Permission.PURCHASES_WRITE,
    Permission.INTERACTIONS_WRITE,
    Permission.FEEDBACK_WRITE,
    Permission.LOYALTY_WRITE,
    Permission.SEGMENTS_WRITE,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    # Managers and agents do the same work; which customers they reach differs (customers/scoping.py).
    Role.MANAGER: frozenset(
        _READ
        | _WRITE
        | {
            Permission.PII_READ,
            Permission.CONTACT_CAP_OVERRIDE,
            Permission.SEGMENT_STRATEGY_MANAGE,
            Permission.LOYALTY_ADJUST,
            Permission.REWARDS_MANAGE,
        }
    ),
    Role.AGENT: frozenset(_READ | _WRITE | {Permission.PII_READ}),
    # Analysts read everything, with personal data masked, and change nothing.
    Role.ANALYST: frozenset(_READ),
}
