"""Loyalty program: accounts, an append-only points ledger, tiers, expiry, rewards (会员积分)."""
