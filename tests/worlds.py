"""A small organisation for access tests: teams South and North, one staff user per role."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from guanxi.accounts.models import Role
from guanxi.accounts.services import team_named
from guanxi.customers import services
from guanxi.customers.models import Customer
from tests.conftest import Staff, make_staff


@dataclass
class World:
    by_role: dict[str, Staff]
    own: Customer  # owned by the South agent
    unowned: Customer  # South's, nobody owns it
    north: Customer  # owned by a North agent
    north_agent: Staff


@pytest.fixture
async def world(db) -> World:
    south, north = await team_named("South"), await team_named("North")
    admin = await make_staff(Role.ADMIN, "Root Admin")
    manager = await make_staff(Role.MANAGER, "South Manager")
    agent = await make_staff(Role.AGENT, "South Agent")
    analyst = await make_staff(Role.ANALYST, "Ana Analyst")
    north_agent = await make_staff(Role.AGENT, "North Agent")
    for staff, team in ((manager, south), (agent, south), (north_agent, north)):
        staff.user.team = team
        await staff.user.save()
    p = admin.principal
    own, _ = await services.create_customer(
        principal=p, data={"name": "Own", "owner_id": agent.user.pk, "phones": [{"value": "138 0013 5678"}]}
    )
    unowned, _ = await services.create_customer(principal=p, data={"name": "Unowned"})
    await Customer.filter(id=unowned.pk).update(team_id=south.pk)
    north_customer, _ = await services.create_customer(
        principal=p, data={"name": "North", "owner_id": north_agent.user.pk}
    )
    return World(
        by_role={"ADMIN": admin, "MANAGER": manager, "AGENT": agent, "ANALYST": analyst},
        own=own,
        unowned=unowned,
        north=north_customer,
        north_agent=north_agent,
    )
