"""`customer_scope_sql` (raw SQL for set-based statements) selects exactly the customers of
`visible_customers` (the ORM), for every kind of principal."""

from __future__ import annotations

import pytest

from guanxi.accounts.apikeys import create_api_key
from guanxi.accounts.models import Role
from guanxi.accounts.principal import Principal
from guanxi.accounts.services import team_named
from guanxi.core.sql import Fragment, Sql
from guanxi.customers import services
from guanxi.customers.models import Customer
from guanxi.customers.scoping import ReachKind, customer_scope_sql, reach_of, visible_customers
from tests.conftest import Staff, make_staff
from tests.worlds import World, world  # noqa: F401 - fixture


async def _more_customers(w: World) -> dict[str, int]:
    """Customers at the edges of the reaches, beyond the world's own, unowned and north ones."""
    south, north = await team_named("South"), await team_named("North")
    assert south is not None and north is not None
    admin = w.by_role["ADMIN"].principal
    ids = {"own": w.own.pk, "unowned": w.unowned.pk, "north": w.north.pk}

    async def customer(name: str, **columns: object) -> None:
        row, _ = await services.create_customer(principal=admin, data={"name": name})
        await Customer.filter(id=row.pk).update(**columns)
        ids[name] = row.pk

    manager, agent = w.by_role["MANAGER"].user, w.by_role["AGENT"].user
    await customer("manager's", owner_id=manager.pk, team_id=south.pk)
    await customer("south agent's, assigned north", owner_id=agent.pk, team_id=north.pk)
    await customer("north agent's, assigned south", owner_id=w.north_agent.user.pk, team_id=south.pk)
    await customer("north, unowned", team_id=north.pk)
    await customer("nobody's", owner_id=None, team_id=None)
    await customer("owned, no team", owner_id=agent.pk, team_id=None)
    await customer("archived", owner_id=agent.pk, team_id=south.pk)
    await services.set_archived(principal=admin, customer_id=ids["archived"], archived=True)
    return ids


async def _principals(w: World) -> dict[str, Principal]:
    loner = await make_staff(Role.AGENT, "Agent Without Team")
    lone_manager = await make_staff(Role.MANAGER, "Manager Without Team")
    await _own(loner)
    key, _ = await create_api_key(principal=None, name="Shop", scopes=["customers:read"])
    principals = {role: staff.principal for role, staff in w.by_role.items()}
    principals["NORTH AGENT"] = w.north_agent.principal
    principals["AGENT WITHOUT TEAM"] = loner.principal
    principals["MANAGER WITHOUT TEAM"] = lone_manager.principal
    principals["API KEY"] = Principal.for_api_key(key)
    return principals


async def _own(staff: Staff) -> None:
    user = staff.user
    row, _ = await services.create_customer(
        principal=Principal.for_user(user), data={"name": f"{user.name}'s"}
    )
    assert row.owner_id == user.pk and row.team_id is None


async def _selected_by_sql(principal: Principal) -> set[int]:
    sql = Sql()
    query = Fragment("SELECT c.id AS id FROM customer c")
    scope = customer_scope_sql(principal)
    if scope is not None:
        query = query + " WHERE " + scope
    return {int(r["id"]) for r in await sql.rows(query.sql, query.params)}


async def test_sql_scope_selects_the_visible_customers_of_every_principal(world: World) -> None:  # noqa: F811
    # given customers owned and assigned across teams, and principals of every kind
    ids = await _more_customers(world)
    principals = await _principals(world)
    names: dict[int, str] = dict(await Customer.all().values_list("id", "name"))
    names.update({pk: name for name, pk in ids.items()})

    for who, principal in principals.items():
        # when the scope is applied in SQL and through the ORM
        by_sql = await _selected_by_sql(principal)
        by_orm = set(await visible_customers(principal).values_list("id", flat=True))
        # then both select the same customers
        assert by_sql == by_orm, (who, sorted(names[i] for i in by_sql ^ by_orm))

    # and the reaches are the ones meant (so the comparison above was not between two empty sets)
    every = set(await Customer.all().values_list("id", flat=True))
    assert await _selected_by_sql(principals["ADMIN"]) == every
    assert await _selected_by_sql(principals["ANALYST"]) == every
    assert await _selected_by_sql(principals["API KEY"]) == every
    south_agent = {names[i] for i in await _selected_by_sql(principals["AGENT"])}
    assert south_agent == {"own", "unowned", "south agent's, assigned north", "owned, no team", "archived"}
    south_manager = {names[i] for i in await _selected_by_sql(principals["MANAGER"])}
    assert south_manager == {
        "own",
        "unowned",
        "manager's",
        "south agent's, assigned north",
        "north agent's, assigned south",
        "owned, no team",
        "archived",
    }
    north_agent = {names[i] for i in await _selected_by_sql(principals["NORTH AGENT"])}
    assert north_agent == {"north", "north, unowned", "north agent's, assigned south"}
    assert {names[i] for i in await _selected_by_sql(principals["AGENT WITHOUT TEAM"])} == {
        "Agent Without Team's"
    }
    assert await _selected_by_sql(principals["MANAGER WITHOUT TEAM"]) == set()


@pytest.mark.parametrize("alias", ["c", "cust"])
async def test_sql_scope_uses_the_given_alias(world: World, alias: str) -> None:  # noqa: F811
    principal = world.by_role["AGENT"].principal
    scope = customer_scope_sql(principal, alias)
    assert scope is not None and reach_of(principal).kind == ReachKind.AGENT
    rows = await Sql().rows(f"SELECT {alias}.id AS id FROM customer {alias} WHERE " + scope.sql, scope.params)
    assert {int(r["id"]) for r in rows} == {world.own.pk, world.unowned.pk}
