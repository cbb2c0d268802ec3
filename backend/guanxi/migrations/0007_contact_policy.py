from tortoise import migrations
from tortoise.migrations import operations as ops
from guanxi.interactions.models import Channel, PolicyMode
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0006_interactions')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ContactPolicy',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('max_contacts', fields.IntField(default=3)),
                ('window_days', fields.IntField(default=7)),
                ('mode', fields.CharEnumField(default=PolicyMode.WARN, description='WARN: WARN\nBLOCK: BLOCK', enum_type=PolicyMode, max_length=8)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('updated_by_user', fields.ForeignKeyField('models.User', source_field='updated_by_user_id', null=True, db_constraint=True, to_field='id', related_name='contact_policies', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'contact_policy', 'app': 'models', 'pk_attr': 'id', 'table_description': 'The contact-frequency policy: at most max_contacts outbound contacts per customer per window_days.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ContactState',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('customer', fields.OneToOneField('models.Customer', source_field='customer_id', db_constraint=True, to_field='id', related_name='contact_state', on_delete=OnDelete.CASCADE)),
                ('preferred_channel', fields.CharEnumField(null=True, description='PHONE: PHONE\nEMAIL: EMAIL\nSMS: SMS\nWECHAT: WECHAT\nSOCIAL: SOCIAL\nLIVE_CHAT: LIVE_CHAT\nVISIT: VISIT\nMEETING: MEETING\nOTHER: OTHER', enum_type=Channel, max_length=16)),
                ('last_contact_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'contact_state', 'app': 'models', 'indexes': [Index(fields=['last_contact_at'])], 'pk_attr': 'id', 'table_description': 'Per customer: the preferred channel and the last contact.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Interaction',
            name='cap_overridden',
            field=fields.BooleanField(default=False),
        ),
        ops.AddField(
            model_name='Interaction',
            name='over_cap',
            field=fields.BooleanField(default=False),
        ),
        # Existing contacts: each customer's last contact, so "no contact for N days" is right at once.
        ops.RunSQL(
            'INSERT INTO "contact_state" ("customer_id", "last_contact_at", "updated_at") '
            'SELECT "customer_id", MAX("occurred_at"), MAX("occurred_at") FROM "interaction" GROUP BY "customer_id"'
        ),
    ]
