"""credentials_in_force: which of many credentials still sign in, in one query per kind (live feeds
check every subscriber's at each event)."""

from __future__ import annotations

from datetime import timedelta

from guanxi.accounts import apikeys
from guanxi.accounts.models import ApiKey, AuthToken, Role, User
from guanxi.accounts.services import create_session, credentials_in_force, principal_for_token, revoke_token
from guanxi.core import clock
from tests.conftest import make_staff

SCOPES = ["customers:read"]


async def test_the_credentials_in_force_are_those_that_still_sign_in(db):
    # given a live bearer token, a live session, a revoked token, an expired session, a token of a
    # deactivated user, a live API key, a revoked key and an expired key
    live = await make_staff(Role.AGENT, "Live")
    session = await create_session(live.user)
    revoked = (await make_staff(Role.AGENT, "Revoked")).token
    await revoke_token(revoked)
    expired = await create_session(live.user)
    last = await AuthToken.filter(user_id=live.user.pk).order_by("-id").first()
    await AuthToken.filter(id=last.pk).update(expires_at=clock.now() - timedelta(seconds=1))
    gone = await make_staff(Role.ADMIN, "Gone")
    await User.filter(id=gone.user.pk).update(is_active=False)
    _, key = await apikeys.create_api_key(principal=None, name="Shop", scopes=SCOPES)
    old, revoked_key = await apikeys.create_api_key(principal=None, name="Old", scopes=SCOPES)
    await apikeys.revoke_api_key(key_id=old.pk)
    trial, expired_key = await apikeys.create_api_key(principal=None, name="Trial", scopes=SCOPES)
    await ApiKey.filter(id=trial.pk).update(expires_at=clock.now() - timedelta(seconds=1))
    candidates = [
        live.token,
        session,
        revoked,
        expired,
        gone.token,
        key,
        revoked_key,
        expired_key,
        "gx_forged",
        "",
    ]

    # when they are checked together
    in_force = await credentials_in_force(candidates)

    # then exactly those principal_for_token accepts are in force
    assert in_force == {live.token, session, key}
    assert in_force == {c for c in candidates if await principal_for_token(c) is not None}


async def test_checking_costs_one_query_per_kind_whatever_their_number(db, sql_statements):
    tokens = [(await make_staff(Role.AGENT, "Agent")).token for _ in range(20)]
    keys = [
        (await apikeys.create_api_key(principal=None, name=f"Key {i}", scopes=SCOPES))[1] for i in range(5)
    ]
    await credentials_in_force(keys)  # the first check also notes when the keys were last used
    sql_statements.clear()

    assert await credentials_in_force(tokens + keys) == set(tokens + keys)
    assert len(sql_statements) == 2, sql_statements
