"""Personal data is encrypted at rest; exact lookups still work; keys rotate without losing reads."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import date

from tortoise import connections

from guanxi.core import crypto
from guanxi.customers import pii, services
from guanxi.customers.models import ContactPoint, Customer
from guanxi.customers.queries import customer_list
from tests.conftest import ROOT

PHONE, EMAIL, WECHAT, ADDRESS = (
    "138 0013 5678",
    "Zhang.Wei@Example.com",
    "wxid_zhangwei88",
    "广州市天河区体育西路 1 号",
)


async def _zhang(admin) -> Customer:
    customer, _ = await services.create_customer(
        principal=admin.principal,
        data={
            "name": "张伟",
            "phones": [{"value": PHONE}],
            "emails": [{"value": EMAIL}],
            "wechat_id": WECHAT,
            "address": ADDRESS,
            "birthday": date(1988, 2, 29),
        },
    )
    return customer


async def test_no_plaintext_in_the_database_file_or_table(db, admin):
    await _zhang(admin)
    needles = [
        "13800135678",
        "0013 5678",
        "zhang.wei@example.com",
        "Zhang.Wei@Example.com",
        WECHAT,
        "体育西路",
        "1988-02-29",
    ]
    if db.backend == "sqlite":
        path = db.url.removeprefix("sqlite://").split("?")[0]
        # Read the files from another process: closing a descriptor of the database file in this one
        # would drop SQLite's POSIX locks held by the app's own connection.
        reader = "import sys,os; sys.stdout.buffer.write(b''.join(open(p,'rb').read() for p in sys.argv[1:] if os.path.exists(p)))"
        raw = subprocess.run(
            [sys.executable, "-c", reader, path, path + "-wal"], capture_output=True, check=True
        ).stdout
        assert "张伟".encode() in raw  # the file is readable: the name is there in clear ...
        for needle in needles:  # ... but no personal contact data
            assert needle.encode() not in raw, needle
    else:
        conn = connections.get("default")
        for table in ("customer", "contact_point"):
            dump = str(await conn.execute_query_dict(f'SELECT * FROM "{table}"'))
            for needle in needles:
                assert needle not in dump, (table, needle)


async def test_exact_lookup_by_phone_and_email_still_works(db, admin):
    customer = await _zhang(admin)
    for text in ("+86 138-0013-5678", "zhang.wei@EXAMPLE.com"):
        assert [c.pk for c in await customer_list(admin.principal, search=text)] == [customer.pk]
    stored = await Customer.get(id=customer.pk)
    assert (pii.wechat_id(stored.wechat_id), pii.address(stored.address)) == (WECHAT, ADDRESS)
    assert (pii.birthday(stored.birthday_encrypted), stored.birth_month) == (date(1988, 2, 29), 2)


async def test_keys_rotate_and_every_value_is_re_encrypted(db, admin):
    customer = await _zhang(admin)
    result = subprocess.run(
        [sys.executable, "-m", "guanxi", "keys", "rotate"],
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert "re-encrypted" in result.stdout
    crypto.reset()  # this process reads the rotated keyring, as a running server would on an unknown key id
    stored = await Customer.get(id=customer.pk)
    points = await ContactPoint.filter(customer_id=customer.pk)
    tokens = [stored.wechat_id, stored.address, stored.birthday_encrypted, *(p.value for p in points)]
    assert all(crypto.is_current(t) for t in tokens)
    assert pii.wechat_id(stored.wechat_id) == WECHAT
    assert sorted(pii.contact_value(p.value) for p in points) == sorted([PHONE, EMAIL])
    assert [c.pk for c in await customer_list(admin.principal, search=PHONE)] == [customer.pk]


def test_the_migration_encrypts_rows_written_in_clear_by_earlier_versions(tmp_path):
    """Migrate to 0002 (plaintext columns), write rows, migrate on: they are encrypted and findable."""
    script = textwrap.dedent(f"""
        import asyncio, os, sqlite3
        os.environ["GUANXI_DATA_DIR"] = {str(tmp_path)!r}
        os.environ.pop("GUANXI_DATABASE_URL", None)
        from tortoise import Tortoise
        from tortoise.migrations.api import migrate
        from guanxi import db
        from guanxi.settings import reset_settings
        reset_settings()

        async def main():
            await migrate(config=db.tortoise_config(), target="models.0002_teams_and_api_keys")
            await Tortoise.close_connections()
            path = os.path.join({str(tmp_path)!r}, "guanxi.sqlite3")
            con = sqlite3.connect(path)
            con.execute("INSERT INTO customer (created_at, updated_at, kind, name, wechat_id, address, birthday, "
                        "custom_attributes, lifecycle_stage, lifecycle_stage_pinned) VALUES "
                        "('2026-01-01', '2026-01-01', 'PERSON', 'Old', 'wx_old', 'Old Street 1', '1970-07-01', '{{}}', "
                        "'PROSPECT', 0)")
            con.execute("INSERT INTO contact_point (customer_id, kind, value, normalized, is_primary, position) "
                        "VALUES (1, 'PHONE', '139 1111 2222', '+8613911112222', 1, 0)")
            con.execute("INSERT INTO purchase (customer_id, amount, currency, occurred_at, source, created_at, updated_at) "
                        "VALUES (1, 10, 'CNY', '2026-01-02', '', '2026-01-02', '2026-01-02')")
            con.execute("INSERT INTO customer_tag (customer_id, tag) VALUES (1, 'VIP')")
            con.commit(); con.close()
            await db.migrate()
            raw = b"".join(open(p, "rb").read() for p in (path, path + "-wal") if os.path.exists(p))
            assert b"139 1111 2222" not in raw and b"wx_old" not in raw, "plaintext left in the file"
            await db.init()
            from guanxi.customers import pii
            from guanxi.customers.models import ContactPoint, Customer
            c = await Customer.get(id=1)
            p = await ContactPoint.get(id=1)
            print(pii.wechat_id(c.wechat_id), pii.address(c.address), pii.birthday(c.birthday_encrypted), c.birth_month,
                  pii.contact_value(p.value))
            from guanxi.core.crypto import lookup_hash
            assert p.lookup_hash == lookup_hash("PHONE", "+8613911112222")
            from guanxi.customers.models import CustomerTag, Purchase
            assert (await Purchase.all().count(), await CustomerTag.all().count()) == (1, 1)  # nothing cascaded

        async def run():
            try:
                await main()
            finally:
                await Tortoise.close_connections()

        asyncio.run(run())
    """)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GUANXI_")}
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "wx_old Old Street 1 1970-07-01 7 139 1111 2222"
