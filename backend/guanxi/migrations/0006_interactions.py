from tortoise import migrations
from tortoise.migrations import operations as ops
from guanxi.interactions.models import Channel, ConsentStatus, Direction, Outcome
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0005_audit_log')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ConsentRecord',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('customer', fields.ForeignKeyField('models.Customer', source_field='customer_id', db_index=True, db_constraint=True, to_field='id', related_name='consent_records', on_delete=OnDelete.CASCADE)),
                ('channel', fields.CharEnumField(description='PHONE: PHONE\nEMAIL: EMAIL\nSMS: SMS\nWECHAT: WECHAT\nSOCIAL: SOCIAL\nLIVE_CHAT: LIVE_CHAT\nVISIT: VISIT\nMEETING: MEETING\nOTHER: OTHER', enum_type=Channel, max_length=16)),
                ('status', fields.CharEnumField(description='OPTED_IN: OPTED_IN\nOPTED_OUT: OPTED_OUT\nUNKNOWN: UNKNOWN', enum_type=ConsentStatus, max_length=16)),
                ('source', fields.CharField(null=True, max_length=100)),
                ('note', fields.CharField(null=True, max_length=500)),
                ('set_by_user', fields.ForeignKeyField('models.User', source_field='set_by_user_id', null=True, db_constraint=True, to_field='id', related_name='consent_records', on_delete=OnDelete.SET_NULL)),
                ('set_by_api_key_id', fields.BigIntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'consent_record', 'app': 'models', 'indexes': [Index(fields=['customer_id', 'channel', 'created_at'])], 'pk_attr': 'id', 'table_description': "A customer's consent to be contacted on one channel, one row per change (the newest is current)."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Interaction',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('customer', fields.ForeignKeyField('models.Customer', source_field='customer_id', db_index=True, db_constraint=True, to_field='id', related_name='interactions', on_delete=OnDelete.RESTRICT)),
                ('channel', fields.CharEnumField(description='PHONE: PHONE\nEMAIL: EMAIL\nSMS: SMS\nWECHAT: WECHAT\nSOCIAL: SOCIAL\nLIVE_CHAT: LIVE_CHAT\nVISIT: VISIT\nMEETING: MEETING\nOTHER: OTHER', enum_type=Channel, max_length=16)),
                ('direction', fields.CharEnumField(description='INBOUND: INBOUND\nOUTBOUND: OUTBOUND', enum_type=Direction, max_length=8)),
                ('subject', fields.CharField(null=True, max_length=200)),
                ('notes', fields.TextField(null=True, unique=False)),
                ('outcome', fields.CharEnumField(null=True, description='REACHED: REACHED\nNO_ANSWER: NO_ANSWER\nLEFT_MESSAGE: LEFT_MESSAGE\nINTERESTED: INTERESTED\nNOT_INTERESTED: NOT_INTERESTED\nRESOLVED: RESOLVED\nOTHER: OTHER', enum_type=Outcome, max_length=16)),
                ('outcome_note', fields.CharField(null=True, max_length=500)),
                ('duration_seconds', fields.IntField(null=True)),
                ('occurred_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('logged_by_user', fields.ForeignKeyField('models.User', source_field='logged_by_user_id', null=True, db_index=True, db_constraint=True, to_field='id', related_name='interactions', on_delete=OnDelete.SET_NULL)),
                ('logged_by_api_key_id', fields.BigIntField(null=True)),
                ('follow_up_due_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('follow_up_note', fields.CharField(null=True, max_length=500)),
                ('follow_up_completed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'interaction', 'app': 'models', 'indexes': [Index(fields=['customer_id', 'occurred_at']), Index(fields=['occurred_at']), Index(fields=['follow_up_completed_at', 'follow_up_due_at'])], 'pk_attr': 'id', 'table_description': 'One contact with a customer: a call, a message, a visit or a meeting, either way.'},
            bases=['TimestampedModel'],
        ),
    ]
