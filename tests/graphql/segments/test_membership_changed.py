"""segmentMembershipChanged over WebSocket: each subscriber sees only the customers it may see."""

from __future__ import annotations

import asyncio
import contextlib

from guanxi.graphql.core.ids import to_global_id
from guanxi.segments import services
from guanxi.segments.models import SegmentKind
from tests.graphql.customers.test_customer_changed import _recv, live, subscribed  # noqa: F401 - fixture
from tests.worlds import World, world  # noqa: F401 - fixture

SUBSCRIPTION = """subscription($id: ID) { segmentMembershipChanged(segmentId: $id) {
  enteredCount leftCount segment { name } entered { name primaryPhone } left { name } } }"""


async def test_events_are_scoped_and_masked_per_subscriber(live, world: World) -> None:  # noqa: F811
    admin = world.by_role["ADMIN"]
    segment = await services.create_segment(principal=admin.principal, data={"name": "VIP", "kind": SegmentKind.STATIC})
    variables = {"id": to_global_id("Segment", segment.pk)}
    async with contextlib.AsyncExitStack() as stack:
        sockets = {
            role: await stack.enter_async_context(subscribed(live, world.by_role[role].token, SUBSCRIPTION, variables))
            for role in ("ADMIN", "AGENT", "ANALYST")
        }
        north = await stack.enter_async_context(subscribed(live, world.north_agent.token, SUBSCRIPTION, variables))
        await asyncio.sleep(0.3)
        await services.pick_members(
            principal=admin.principal, segment_id=segment.pk, customer_ids=[world.own.pk, world.north.pk], add=True
        )
        got = {role: (await _recv(ws))["payload"]["data"]["segmentMembershipChanged"] for role, ws in sockets.items()}
        assert got["ADMIN"]["enteredCount"] == 2
        assert {c["name"] for c in got["ADMIN"]["entered"]} == {"Own", "North"}
        assert got["AGENT"]["entered"] == [{"name": "Own", "primaryPhone": "138 0013 5678"}]
        assert {c["primaryPhone"] for c in got["ANALYST"]["entered"] if c["name"] == "Own"} == {"138****5678"}
        assert (await _recv(north))["payload"]["data"]["segmentMembershipChanged"]["entered"] == [
            {"name": "North", "primaryPhone": None}
        ]
        # an event about a customer the agent may not see does not reach the agent at all
        await services.pick_members(principal=admin.principal, segment_id=segment.pk, customer_ids=[world.north.pk], add=False)
        assert (await _recv(sockets["ADMIN"]))["payload"]["data"]["segmentMembershipChanged"]["left"] == [{"name": "North"}]
        try:
            message = await asyncio.wait_for(sockets["AGENT"].recv(), timeout=0.5)
        except TimeoutError:
            message = None
        assert message is None
