from tortoise import migrations
from tortoise.migrations import operations as ops
from guanxi.interactions.models import Channel
from guanxi.segments.models import SegmentKind
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

async def fill_birth_years(apps, schema_editor) -> None:
    """Birth years, kept in clear from now on for age in segment rules, from the encrypted birthdays."""
    from guanxi.core import crypto

    client = schema_editor.client
    mark = "?" if client.capabilities.dialect == "sqlite" else "$1"
    mark2 = "?" if client.capabilities.dialect == "sqlite" else "$2"
    rows = await client.execute_query_dict(
        'SELECT "id", "birthday_encrypted" FROM "customer" WHERE "birthday_encrypted" IS NOT NULL'
    )
    for row in rows:
        birthday = crypto.decrypt(row["birthday_encrypted"], "customer.birthday_encrypted")
        if birthday:
            await client.execute_query(
                f'UPDATE "customer" SET "birth_year" = {mark} WHERE "id" = {mark2}', [int(birthday[:4]), row["id"]]
            )


async def fill_metrics(apps, schema_editor) -> None:
    """Every customer's purchase metrics, from the purchases already recorded."""
    from guanxi.core.sql import Sql
    from guanxi.value import metrics

    await metrics.rebuild_all(sql=Sql(schema_editor.client))


class Migration(migrations.Migration):
    dependencies = [('models', '0008_feedback')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CustomerMetrics',
            fields=[
                ('customer', fields.OneToOneField('models.Customer', source_field='customer_id', primary_key=True, db_index=True, db_constraint=True, to_field='id', related_name='metrics', on_delete=OnDelete.CASCADE)),
                ('purchase_count', fields.IntField(default=0)),
                ('spend_count', fields.IntField(default=0)),
                ('total_spend_minor', fields.BigIntField(default=0)),
                ('first_purchase_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_purchase_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'customer_metrics', 'app': 'models', 'indexes': [Index(fields=['total_spend_minor']), Index(fields=['last_purchase_at']), Index(fields=['purchase_count'])], 'pk_attr': 'customer_id', 'table_description': "What a customer's kept (not refunded) purchases add up to."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Segment',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('name', fields.CharField(max_length=200)),
                ('description', fields.TextField(null=True, unique=False)),
                ('kind', fields.CharEnumField(description='STATIC: STATIC\nDYNAMIC: DYNAMIC', enum_type=SegmentKind, max_length=8)),
                ('rule', fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads)),
                ('refresh_interval_minutes', fields.IntField(null=True)),
                ('refreshed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('owner', fields.ForeignKeyField('models.User', source_field='owner_id', null=True, db_index=True, db_constraint=True, to_field='id', related_name='segments', on_delete=OnDelete.SET_NULL)),
                ('service_priority', fields.SmallIntField(null=True)),
                ('service_level', fields.CharField(null=True, max_length=200)),
                ('discount_percent', fields.DecimalField(null=True, max_digits=5, decimal_places=2)),
                ('preferred_channel', fields.CharEnumField(null=True, description='PHONE: PHONE\nEMAIL: EMAIL\nSMS: SMS\nWECHAT: WECHAT\nSOCIAL: SOCIAL\nLIVE_CHAT: LIVE_CHAT\nVISIT: VISIT\nMEETING: MEETING\nOTHER: OTHER', enum_type=Channel, max_length=16)),
                ('contact_cap_max', fields.IntField(null=True)),
                ('contact_cap_window_days', fields.IntField(null=True)),
            ],
            options={'table': 'segment', 'app': 'models', 'indexes': [Index(fields=['kind', 'refreshed_at']), Index(fields=['service_priority'])], 'pk_attr': 'id', 'table_description': 'A named group of customers, with an optional service strategy (个性化服务策略).'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='SegmentMembership',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('segment', fields.ForeignKeyField('models.Segment', source_field='segment_id', db_constraint=True, to_field='id', related_name='memberships', on_delete=OnDelete.CASCADE)),
                ('customer', fields.ForeignKeyField('models.Customer', source_field='customer_id', db_constraint=True, to_field='id', related_name='segment_memberships', on_delete=OnDelete.CASCADE)),
                ('entered_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('exited_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'segment_membership', 'app': 'models', 'indexes': [Index(fields=['segment_id', 'exited_at', 'customer_id']), Index(fields=['segment_id', 'entered_at']), Index(fields=['customer_id', 'exited_at'])], 'pk_attr': 'id', 'table_description': 'One stay of a customer in a segment: open while `exited_at` is NULL. Rows are never deleted'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Customer',
            name='birth_year',
            field=fields.SmallIntField(null=True),
        ),
        ops.RunPython(fill_birth_years),
        ops.RunPython(fill_metrics),
    ]
