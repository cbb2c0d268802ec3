from tortoise import migrations
from tortoise.migrations import operations as ops
from guanxi.feedback.models import ComplaintEventKind, ComplaintStatus, FeedbackKind, NeedStatus, Priority, ScoreScale, Severity
from guanxi.interactions.models import Channel
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0007_contact_policy')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Feedback',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('customer', fields.ForeignKeyField('models.Customer', source_field='customer_id', db_index=True, db_constraint=True, to_field='id', related_name='feedback', on_delete=OnDelete.RESTRICT)),
                ('kind', fields.CharEnumField(description='SURVEY: SURVEY\nCOMPLAINT: COMPLAINT\nSUGGESTION: SUGGESTION\nPRAISE: PRAISE\nREQUEST: REQUEST', enum_type=FeedbackKind, max_length=16)),
                ('channel', fields.CharEnumField(null=True, description='PHONE: PHONE\nEMAIL: EMAIL\nSMS: SMS\nWECHAT: WECHAT\nSOCIAL: SOCIAL\nLIVE_CHAT: LIVE_CHAT\nVISIT: VISIT\nMEETING: MEETING\nOTHER: OTHER', enum_type=Channel, max_length=16)),
                ('text', fields.TextField(null=True, unique=False)),
                ('score', fields.SmallIntField(null=True)),
                ('scale', fields.CharEnumField(null=True, description='NPS: NPS\nCSAT: CSAT\nCES: CES', enum_type=ScoreScale, max_length=8)),
                ('interaction', fields.ForeignKeyField('models.Interaction', source_field='interaction_id', null=True, db_constraint=True, to_field='id', related_name='feedback', on_delete=OnDelete.SET_NULL)),
                ('purchase', fields.ForeignKeyField('models.Purchase', source_field='purchase_id', null=True, db_constraint=True, to_field='id', related_name='feedback', on_delete=OnDelete.SET_NULL)),
                ('sentiment_score', fields.FloatField(null=True)),
                ('sentiment_label', fields.CharField(null=True, max_length=8)),
                ('topics', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('need_status', fields.CharEnumField(null=True, description='IDENTIFIED: IDENTIFIED\nANALYZING: ANALYZING\nPLANNED: PLANNED\nFULFILLED: FULFILLED\nDECLINED: DECLINED', enum_type=NeedStatus, max_length=16)),
                ('priority', fields.CharEnumField(null=True, description='LOW: LOW\nMEDIUM: MEDIUM\nHIGH: HIGH', enum_type=Priority, max_length=8)),
                ('occurred_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('submitted_by_user', fields.ForeignKeyField('models.User', source_field='submitted_by_user_id', null=True, db_constraint=True, to_field='id', related_name='feedback', on_delete=OnDelete.SET_NULL)),
                ('submitted_by_api_key_id', fields.BigIntField(null=True)),
            ],
            options={'table': 'feedback', 'app': 'models', 'indexes': [Index(fields=['customer_id', 'occurred_at']), Index(fields=['kind', 'occurred_at']), Index(fields=['scale', 'occurred_at'])], 'pk_attr': 'id', 'table_description': 'What a customer told us: a survey answer, a complaint, a suggestion, praise or a request (a need).'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='Complaint',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('feedback', fields.OneToOneField('models.Feedback', source_field='feedback_id', db_constraint=True, to_field='id', related_name='complaint', on_delete=OnDelete.RESTRICT)),
                ('customer', fields.ForeignKeyField('models.Customer', source_field='customer_id', db_index=True, db_constraint=True, to_field='id', related_name='complaints', on_delete=OnDelete.RESTRICT)),
                ('subject', fields.CharField(max_length=200)),
                ('severity', fields.CharEnumField(description='LOW: LOW\nMEDIUM: MEDIUM\nHIGH: HIGH\nCRITICAL: CRITICAL', enum_type=Severity, max_length=8)),
                ('status', fields.CharEnumField(default=ComplaintStatus.NEW, description='NEW: NEW\nACKNOWLEDGED: ACKNOWLEDGED\nIN_PROGRESS: IN_PROGRESS\nRESOLVED: RESOLVED\nCLOSED: CLOSED\nREOPENED: REOPENED', enum_type=ComplaintStatus, max_length=16)),
                ('assignee', fields.ForeignKeyField('models.User', source_field='assignee_id', null=True, db_constraint=True, to_field='id', related_name='assigned_complaints', on_delete=OnDelete.SET_NULL)),
                ('first_response_due_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('resolution_due_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('first_responded_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('resolved_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('closed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('first_response_breached_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('resolution_breached_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('resolution', fields.TextField(null=True, unique=False)),
                ('resolution_rating', fields.SmallIntField(null=True)),
            ],
            options={'table': 'complaint', 'app': 'models', 'indexes': [Index(fields=['status', 'created_at']), Index(fields=['severity', 'status']), Index(fields=['assignee_id', 'status']), Index(fields=['status', 'first_response_due_at']), Index(fields=['status', 'resolution_due_at'])], 'pk_attr': 'id', 'table_description': 'A complaint and its handling: NEW, ACKNOWLEDGED, IN_PROGRESS, RESOLVED, CLOSED (or REOPENED).'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='ComplaintEvent',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('complaint', fields.ForeignKeyField('models.Complaint', source_field='complaint_id', db_index=True, db_constraint=True, to_field='id', related_name='events', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='FILED: FILED\nTRANSITION: TRANSITION\nASSIGNED: ASSIGNED\nRATED: RATED\nBREACHED: BREACHED', enum_type=ComplaintEventKind, max_length=16)),
                ('from_status', fields.CharEnumField(null=True, description='NEW: NEW\nACKNOWLEDGED: ACKNOWLEDGED\nIN_PROGRESS: IN_PROGRESS\nRESOLVED: RESOLVED\nCLOSED: CLOSED\nREOPENED: REOPENED', enum_type=ComplaintStatus, max_length=16)),
                ('to_status', fields.CharEnumField(null=True, description='NEW: NEW\nACKNOWLEDGED: ACKNOWLEDGED\nIN_PROGRESS: IN_PROGRESS\nRESOLVED: RESOLVED\nCLOSED: CLOSED\nREOPENED: REOPENED', enum_type=ComplaintStatus, max_length=16)),
                ('note', fields.TextField(null=True, unique=False)),
                ('details', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('actor_user', fields.ForeignKeyField('models.User', source_field='actor_user_id', null=True, db_constraint=True, to_field='id', related_name='complaint_events', on_delete=OnDelete.SET_NULL)),
                ('actor_api_key_id', fields.BigIntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'complaint_event', 'app': 'models', 'pk_attr': 'id', 'table_description': "One step in a complaint's history: who did what, when, with an optional note."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ServiceStandard',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('severity', fields.CharEnumField(unique=True, description='LOW: LOW\nMEDIUM: MEDIUM\nHIGH: HIGH\nCRITICAL: CRITICAL', enum_type=Severity, max_length=8)),
                ('first_response_minutes', fields.IntField()),
                ('resolution_minutes', fields.IntField()),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('updated_by_user', fields.ForeignKeyField('models.User', source_field='updated_by_user_id', null=True, db_constraint=True, to_field='id', related_name='service_standards', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'service_standard', 'app': 'models', 'pk_attr': 'id', 'table_description': 'How fast a complaint of one severity gets its first response and its resolution (客户服务标准).'},
            bases=['Model'],
        ),
    ]
