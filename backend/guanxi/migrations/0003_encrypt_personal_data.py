from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index



async def foreign_keys_off(apps, schema_editor) -> None:
    """SQLite rebuilds `customer` below (new table, copy, DROP TABLE, rename). With foreign keys on,
    DROP TABLE would cascade-delete contact points and tags and trip over purchases, so they are off
    for the rebuild (outside any transaction, as SQLite requires) and checked afterwards."""
    if schema_editor.client.capabilities.dialect == "sqlite":
        await schema_editor.client.execute_script("PRAGMA foreign_keys=OFF")


async def foreign_keys_on(apps, schema_editor) -> None:
    client = schema_editor.client
    if client.capabilities.dialect == "sqlite":
        problems = await client.execute_query_dict("PRAGMA foreign_key_check")
        await client.execute_script("PRAGMA foreign_keys=ON")
        if problems:
            raise RuntimeError(f"foreign key violations after the rebuild: {problems[:5]}")


async def encrypt_existing_rows(apps, schema_editor) -> None:
    """Encrypt what earlier versions stored in clear, and fill the lookup hashes and birth months."""
    from guanxi.core import crypto
    from guanxi.customers.rules import normalize_email, normalize_phone

    client = schema_editor.client
    sqlite = client.capabilities.dialect == "sqlite"

    def p(i: int) -> str:
        return "?" if sqlite else f"${i}"

    for row in await client.execute_query_dict('SELECT "id", "kind", "value", "normalized" FROM "contact_point"'):
        normalized = row["normalized"] or (
            normalize_email(row["value"]) if row["kind"] == "EMAIL" else normalize_phone(row["value"])
        ) or row["value"]
        await client.execute_query(
            f'UPDATE "contact_point" SET "value" = {p(1)}, "lookup_hash" = {p(2)} WHERE "id" = {p(3)}',
            [crypto.encrypt(row["value"], "contact_point.value"), crypto.lookup_hash(row["kind"], normalized), row["id"]],
        )
    rows = await client.execute_query_dict('SELECT "id", "wechat_id", "address", "birthday" FROM "customer" '
                                           'WHERE "wechat_id" IS NOT NULL OR "address" IS NOT NULL OR "birthday" IS NOT NULL')
    for row in rows:
        birthday = str(row["birthday"])[:10] if row["birthday"] is not None else None
        await client.execute_query(
            f'UPDATE "customer" SET "wechat_id" = {p(1)}, "address" = {p(2)}, "birthday_encrypted" = {p(3)}, '
            f'"birth_month" = {p(4)} WHERE "id" = {p(5)}',
            [
                crypto.encrypt(row["wechat_id"], "customer.wechat_id"),
                crypto.encrypt(row["address"], "customer.address"),
                crypto.encrypt(birthday, "customer.birthday_encrypted"),
                int(birthday[5:7]) if birthday else None,
                row["id"],
            ],
        )


class Migration(migrations.Migration):
    dependencies = [('models', '0002_teams_and_api_keys')]

    # Not atomic: SQLite can switch foreign keys off only outside a transaction (see foreign_keys_off).
    atomic = False

    operations = [
        ops.RunPython(foreign_keys_off),
        ops.RemoveIndex(
            model_name='ContactPoint',
            name=None,
            fields=['kind', 'normalized'],
        ),
        ops.AlterField(
            model_name='ContactPoint',
            name='value',
            field=fields.TextField(unique=False),
        ),
        ops.AddField(
            model_name='ContactPoint',
            name='lookup_hash',
            field=fields.CharField(max_length=64, null=True),  # filled below, then made NOT NULL
        ),
        ops.AlterField(
            model_name='Customer',
            name='wechat_id',
            field=fields.TextField(null=True, unique=False),
        ),
        ops.AddField(
            model_name='Customer',
            name='birth_month',
            field=fields.SmallIntField(null=True),
        ),
        ops.AddField(
            model_name='Customer',
            name='birthday_encrypted',
            field=fields.TextField(null=True, unique=False),
        ),
        ops.RunPython(encrypt_existing_rows),
        ops.RemoveField(model_name='ContactPoint', name='normalized'),
        ops.RemoveField(model_name='Customer', name='birthday'),
        ops.AlterField(
            model_name='ContactPoint',
            name='lookup_hash',
            field=fields.CharField(max_length=64),
        ),
        ops.AddIndex(
            model_name='ContactPoint',
            index=Index(fields=['kind', 'lookup_hash']),
        ),
        # SQLite rebuilt customer and contact_point above (AlterField/RemoveField) and lost their
        # indexes (STACK-NOTES); on PostgreSQL they still exist and these are no-ops.
        ops.RunSQL(
            [
                'CREATE INDEX IF NOT EXISTS "idx_customer_industr_26f0cf" ON "customer" ("industry")',
                'CREATE INDEX IF NOT EXISTS "idx_customer_owner_i_396b5f" ON "customer" ("owner_id")',
                'CREATE INDEX IF NOT EXISTS "idx_customer_team_id" ON "customer" ("team_id")',
                'CREATE INDEX IF NOT EXISTS "idx_customer_archive_cbe035" ON "customer" ("archived_at", "created_at")',
                'CREATE INDEX IF NOT EXISTS "idx_customer_archive_d90ed1" ON "customer" ("archived_at", "name")',
                'CREATE INDEX IF NOT EXISTS "idx_customer_archive_fe6326" ON "customer" ("archived_at", "updated_at")',
                'CREATE INDEX IF NOT EXISTS "idx_customer_created_d55ff5" ON "customer" ("created_at")',
                'CREATE INDEX IF NOT EXISTS "idx_customer_lifecyc_90083a" ON "customer" ("lifecycle_stage")',
                'CREATE INDEX IF NOT EXISTS "idx_customer_country_a6d2c1" ON "customer" ("country", "province", "city")',
                'CREATE INDEX IF NOT EXISTS "idx_customer_geograp_528b87" ON "customer" ("geography_class")',
                'CREATE INDEX IF NOT EXISTS "idx_contact_poi_custome_df0b6f" ON "contact_point" ("customer_id")',
            ],
        ),
        ops.RunPython(foreign_keys_on),
    ]
