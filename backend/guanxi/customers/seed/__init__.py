"""Realistic demo data: staff users, customers with contact points and tags, two years of purchases.

`seed_demo_data` is deterministic for a given seed, customer count and day: everything is
drawn from one `random.Random(seed)` against "today" (`clock.now()` truncated to the day),
and no draw depends on what the database already holds. Seeding a non-empty database adds
customers with fresh ids; external order ids embed the customer id, so they stay unique.

Purchases follow the BG/NBD story (Fader, Hardie & Lee, 2005): each buyer has a purchase rate
drawn from a gamma distribution and a dropout probability drawn from a beta distribution,
and may become inactive after each repeat purchase; amounts scatter around a per-customer
gamma-distributed mean spend, as in the Gamma-Gamma spend model. Lifecycle stages follow
`rules.derived_stage` from the kept (non-refunded) purchases.

Rows are written in batches, one transaction per batch, with `executemany` on the Tortoise
connection (the ORM's model instances would cost more than the data itself). The
names, addresses, phone numbers and emails are invented; any likeness is a coincidence.
"""

from guanxi.customers.seed.data import STAFF
from guanxi.customers.seed.params import SeedSummary
from guanxi.customers.seed.writer import seed_demo_data

__all__ = ["STAFF", "SeedSummary", "seed_demo_data"]
