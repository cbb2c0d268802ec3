"""reach_of: principals with equal reaches see exactly the same customers (live feeds share reads by it)."""

from __future__ import annotations

from guanxi.accounts.models import Role
from guanxi.accounts.principal import Principal
from guanxi.accounts.services import team_named
from guanxi.customers.models import Customer
from guanxi.customers.scoping import Reach, ReachKind, reach_of, visible_customers
from tests.conftest import make_staff
from tests.worlds import World, world  # noqa: F401 - fixture


async def _ids(principal: Principal) -> set[int]:
    return set(await visible_customers(principal).values_list("id", flat=True))


async def test_each_role_has_the_reach_that_decides_what_it_sees(world: World):
    south = await team_named("South")
    agent = world.by_role["AGENT"].user
    assert reach_of(world.by_role["ADMIN"].principal) == Reach(ReachKind.ALL)
    assert reach_of(world.by_role["ANALYST"].principal) == Reach(ReachKind.ALL)  # masked, not fewer rows
    assert reach_of(world.by_role["MANAGER"].principal) == Reach(ReachKind.TEAM, team_id=south.pk)
    assert reach_of(world.by_role["AGENT"].principal) == Reach(
        ReachKind.AGENT, user_id=agent.pk, team_id=south.pk
    )
    loner = await make_staff(Role.MANAGER, "No Team")
    assert reach_of(loner.principal) == Reach(ReachKind.OWN, user_id=loner.user.pk)


async def test_principals_with_equal_reaches_see_the_same_customers(world: World):
    # given a second manager of the South team, and every principal of the world
    second = await make_staff(Role.MANAGER, "South Manager 2")
    second.user.team = await team_named("South")
    await second.user.save()
    principals = [s.principal for s in (*world.by_role.values(), world.north_agent, second)]
    assert await Customer.all().count() == 3

    # then whenever two reaches are equal, the customers seen are the same; different ones differ here
    seen = {p.key: await _ids(p) for p in principals}
    for a in principals:
        for b in principals:
            if reach_of(a) == reach_of(b):
                assert seen[a.key] == seen[b.key], (a.name, b.name)
    assert len({reach_of(p) for p in principals}) == 4  # everyone, South's team, the South and North agents
    assert (
        seen[second.principal.key]
        == seen[world.by_role["MANAGER"].principal.key]
        == {world.own.pk, world.unowned.pk}
    )
