"""Customer value: per-customer purchase metrics (and, later, RFM, CLV and churn risk)."""
