"""Segment members as CSV: the web download and `guanxi export segment`, masked by the caller's rights."""

from __future__ import annotations

import csv
import io

from guanxi.accounts.models import AuditAction, AuditEvent
from guanxi.customers import services as customers
from guanxi.graphql.core.ids import to_global_id
from guanxi.segments import services
from guanxi.segments.models import SegmentKind
from tests.test_cli import run
from tests.worlds import World, world  # noqa: F401 - fixture


async def _segment(world: World) -> int:  # noqa: F811
    admin = world.by_role["ADMIN"]
    await customers.update_customer(
        principal=admin.principal, customer_id=world.own.pk, data={"emails": [{"value": "zhang.wei@example.com"}]}
    )
    segment = await services.create_segment(
        principal=admin.principal,
        data={"name": "Everyone", "kind": SegmentKind.DYNAMIC, "rule": {"field": "KIND", "op": "EQ", "value": "PERSON"}},
    )
    return segment.pk


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


async def test_download_follows_rows_and_masking_of_the_caller(client, world: World) -> None:  # noqa: F811
    segment_id = await _segment(world)
    url = f"/export/segments/{to_global_id('Segment', segment_id)}.csv"

    response = await client.get(url, headers=world.by_role["ADMIN"].headers)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = _rows(response.text)
    assert [r["name"] for r in rows] == ["Own", "Unowned", "North"]
    assert rows[0]["email"] == "zhang.wei@example.com" and rows[0]["phone"] == "138 0013 5678"
    assert rows[0]["owner"] == "South Agent"

    analyst = _rows((await client.get(url, headers=world.by_role["ANALYST"].headers)).text)
    assert (analyst[0]["email"], analyst[0]["phone"]) == ("z***@example.com", "138****5678")

    agent = _rows((await client.get(url, headers=world.by_role["AGENT"].headers)).text)
    assert [r["name"] for r in agent] == ["Own", "Unowned"]

    assert (await client.get(url)).status_code == 401
    assert (await client.get("/export/segments/999.csv", headers=world.by_role["ADMIN"].headers)).status_code == 404
    exports = await AuditEvent.filter(action=AuditAction.EXPORT, record_type="Segment").count()
    assert exports == 3
    pii = await AuditEvent.filter(action=AuditAction.PII_READ, record_id=world.own.pk).count()
    assert pii == 2  # the admin's and the agent's downloads showed it in clear; the analyst's did not


async def test_cli_export_writes_the_same_csv(db, world: World, tmp_path) -> None:  # noqa: F811
    segment_id = await _segment(world)
    out = tmp_path / "members.csv"
    email = world.by_role["ANALYST"].user.email
    result = run("export", "segment", str(segment_id), "--as", email, "--output", str(out))
    assert "3 members exported" in result.stderr
    rows = _rows(out.read_text(encoding="utf-8"))
    assert [r["name"] for r in rows] == ["Own", "Unowned", "North"]
    assert rows[0]["email"] == "z***@example.com"
    refused = run("export", "segment", "12345", "--as", email, check=False)
    assert refused.returncode != 0 and "No such segment" in refused.stderr
