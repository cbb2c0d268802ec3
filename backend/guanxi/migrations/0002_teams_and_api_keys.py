from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ApiKey',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('name', fields.CharField(max_length=200)),
                ('prefix', fields.CharField(max_length=16)),
                ('secret_hash', fields.CharField(unique=True, max_length=64)),
                ('scopes', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('created_by', fields.ForeignKeyField('models.User', source_field='created_by_id', null=True, db_index=True, db_constraint=True, to_field='id', related_name='api_keys', on_delete=OnDelete.SET_NULL)),
                ('expires_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('rate_limit_per_minute', fields.IntField(null=True)),
            ],
            options={'table': 'api_key', 'app': 'models', 'pk_attr': 'id', 'table_description': "A partner's key: scopes instead of a role. Only a keyed hash of the secret is stored."},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='Team',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('name', fields.CharField(unique=True, max_length=100)),
            ],
            options={'table': 'team', 'app': 'models', 'pk_attr': 'id', 'table_description': "A group of staff: managers see their team's customers, agents their team's unowned ones."},
            bases=['TimestampedModel'],
        ),
        ops.AddField(
            model_name='Customer',
            name='team',
            field=fields.ForeignKeyField('models.Team', source_field='team_id', null=True, db_index=True, db_constraint=True, to_field='id', related_name='customers', on_delete=OnDelete.SET_NULL),
        ),
        ops.AddField(
            model_name='User',
            name='team',
            field=fields.ForeignKeyField('models.Team', source_field='team_id', null=True, db_index=True, db_constraint=True, to_field='id', related_name='members', on_delete=OnDelete.SET_NULL),
        ),
        # AddField with db_index creates no index (STACK-NOTES): create them here.
        ops.RunSQL(
            [
                'CREATE INDEX IF NOT EXISTS "idx_customer_team_id" ON "customer" ("team_id")',
                'CREATE INDEX IF NOT EXISTS "idx_staff_user_team_id" ON "staff_user" ("team_id")',
            ],
            reverse_sql=[
                'DROP INDEX IF EXISTS "idx_customer_team_id"',
                'DROP INDEX IF EXISTS "idx_staff_user_team_id"',
            ],
        ),
    ]
