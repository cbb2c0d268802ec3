"""graphql/core/fanout.py: the work of one event is shared by the subscribers of the same reach."""

from __future__ import annotations

import asyncio

import pytest

from guanxi.accounts.models import Role, User
from guanxi.accounts.principal import Principal
from guanxi.graphql.core import fanout
from guanxi.graphql.core.fanout import Deliveries, Delivery


def _staff(pk: int, role: Role, team_id: int | None = None) -> Principal:
    """A principal of a user that is not saved (the models must be initialised: take `db`)."""
    return Principal.for_user(
        User(id=pk, name=f"user {pk}", email=f"u{pk}@example.com", role=role, team_id=team_id)
    )


async def test_a_read_runs_once_per_reach_for_every_subscriber_waiting_on_it(db):
    admin, other_admin, analyst = _staff(1, Role.ADMIN), _staff(2, Role.ADMIN), _staff(3, Role.ANALYST)
    agent, same_agent, other_agent = (
        _staff(4, Role.AGENT, 7),
        _staff(4, Role.AGENT, 7),
        _staff(5, Role.AGENT, 7),
    )
    delivery = Delivery({"type": "x", "id": 1}, born=0)
    runs: list[str] = []

    async def fetch(who: str) -> str:
        runs.append(who)
        await asyncio.sleep(0.01)
        return f"row seen by {who}"

    # when subscribers of three reaches ask at the same time
    readers = [admin, other_admin, analyst, agent, same_agent, other_agent]
    rows = await asyncio.gather(*(delivery.read(p, ("Row", 1), lambda p=p: fetch(p.name)) for p in readers))

    # then the first of each reach read for all of its reach
    assert runs == ["user 1", "user 4", "user 5"]
    assert rows == ["row seen by user 1"] * 3 + ["row seen by user 4"] * 2 + ["row seen by user 5"]
    assert delivery.loaders(admin) is delivery.loaders(analyst)
    assert delivery.loaders(agent) is not delivery.loaders(other_agent)


async def test_a_subscriber_leaving_does_not_cancel_the_read_of_the_others(db):
    admin, other_admin = _staff(1, Role.ADMIN), _staff(2, Role.ADMIN)
    delivery = Delivery({"type": "x", "id": 1}, born=0)
    started = asyncio.Event()

    async def fetch() -> str:
        started.set()
        await asyncio.sleep(0.05)
        return "row"

    first = asyncio.create_task(delivery.read(admin, "k", fetch))
    await started.wait()
    second = asyncio.create_task(delivery.read(other_admin, "k", fetch))
    first.cancel()
    assert await second == "row"
    with pytest.raises(asyncio.CancelledError):
        await first


def test_an_event_is_known_by_identity_and_forgotten_after_a_while(monkeypatch):
    now = [100.0]
    monkeypatch.setattr(fanout.time, "monotonic", lambda: now[0])
    deliveries = Deliveries(keep_seconds=10)
    event, equal = {"type": "x", "id": 1}, {"type": "x", "id": 1}

    assert deliveries.of(event) is deliveries.of(event)
    assert deliveries.of(equal) is not deliveries.of(event)  # two updates of one row are two events
    now[0] += 9
    assert len(deliveries) == 2
    later = {"type": "x", "id": 2}
    deliveries.of(later)
    now[0] += 2
    kept = deliveries.of(later)
    assert len(deliveries) == 1 and kept.event is later
