from tortoise import migrations
from tortoise.migrations import operations as ops
from guanxi.accounts.models import AuditAction, AuditActorKind
from orjson import loads
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0004_data_subject_rights')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AuditEvent',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('occurred_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('actor_kind', fields.CharEnumField(description='USER: USER\nAPI_KEY: API_KEY\nSYSTEM: SYSTEM\nANONYMOUS: ANONYMOUS', enum_type=AuditActorKind, max_length=16)),
                ('actor_id', fields.BigIntField(null=True)),
                ('actor_name', fields.CharField(max_length=200)),
                ('action', fields.CharEnumField(description='LOGIN: LOGIN\nLOGIN_FAILED: LOGIN_FAILED\nLOGOUT: LOGOUT\nPII_READ: PII_READ\nCREATE: CREATE\nUPDATE: UPDATE\nARCHIVE: ARCHIVE\nRESTORE: RESTORE\nERASE: ERASE\nEXPORT: EXPORT\nAPI_KEY_CREATED: API_KEY_CREATED\nAPI_KEY_REVOKED: API_KEY_REVOKED\nKEYS_ROTATED: KEYS_ROTATED', enum_type=AuditAction, max_length=32)),
                ('record_type', fields.CharField(null=True, max_length=64)),
                ('record_id', fields.BigIntField(null=True)),
                ('details', fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads)),
                ('ip_address', fields.CharField(null=True, max_length=45)),
                ('request_id', fields.CharField(null=True, max_length=128)),
            ],
            options={'table': 'audit_event', 'app': 'models', 'indexes': [Index(fields=['actor_kind', 'actor_id', 'id']), Index(fields=['action', 'id']), Index(fields=['record_type', 'record_id', 'id']), Index(fields=['request_id'])], 'pk_attr': 'id', 'table_description': 'Who did what to which record, when and from where. Append-only (guanxi.accounts.audit).'},
            bases=['Model'],
        ),
    ]
