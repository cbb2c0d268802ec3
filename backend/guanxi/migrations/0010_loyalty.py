from tortoise import migrations
from tortoise.migrations import operations as ops
from guanxi.loyalty.models import EntryKind, ReferenceType, Rounding
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0009_segments')]

    initial = False

    operations = [
        ops.CreateModel(
            name='LoyaltyProgram',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('earn_rate', fields.DecimalField(default=1, max_digits=10, decimal_places=4)),
                ('rounding', fields.CharEnumField(default=Rounding.FLOOR, description='FLOOR: FLOOR\nROUND: ROUND\nCEIL: CEIL', enum_type=Rounding, max_length=8)),
                ('auto_enrol', fields.BooleanField(default=True)),
                ('points_lifetime_months', fields.IntField(default=24)),
                ('birthday_bonus', fields.IntField(default=100)),
                ('tier_review_month', fields.CharField(null=True, max_length=7)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('updated_by_user', fields.ForeignKeyField('models.User', source_field='updated_by_user_id', null=True, db_constraint=True, to_field='id', related_name='loyalty_programs', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'loyalty_program', 'app': 'models', 'pk_attr': 'id', 'table_description': 'The one program (id 1), edited by ADMIN.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LoyaltyTier',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(unique=True, max_length=50)),
                ('threshold', fields.IntField()),
                ('discount_percent', fields.DecimalField(default=0, max_digits=5, decimal_places=2)),
                ('multiplier', fields.DecimalField(default=1, max_digits=6, decimal_places=2)),
                ('service_level', fields.CharField(null=True, max_length=200)),
            ],
            options={'table': 'loyalty_tier', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A tier: reached with `threshold` points earned in a rolling 12 months.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LoyaltyAccount',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('customer', fields.OneToOneField('models.Customer', source_field='customer_id', db_constraint=True, to_field='id', related_name='loyalty_account', on_delete=OnDelete.RESTRICT)),
                ('balance', fields.BigIntField(default=0)),
                ('tier', fields.ForeignKeyField('models.LoyaltyTier', source_field='tier_id', null=True, db_constraint=True, to_field='id', related_name='accounts', on_delete=OnDelete.SET_NULL)),
                ('tier_since', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('birthday_bonus_year', fields.SmallIntField(null=True)),
            ],
            options={'table': 'loyalty_account', 'app': 'models', 'indexes': [Index(fields=['tier_id'])], 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='LedgerEntry',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('account', fields.ForeignKeyField('models.LoyaltyAccount', source_field='account_id', db_constraint=True, to_field='id', related_name='entries', on_delete=OnDelete.RESTRICT)),
                ('kind', fields.CharEnumField(description='EARN: EARN\nBONUS: BONUS\nREDEEM: REDEEM\nEXPIRE: EXPIRE\nADJUST: ADJUST\nREVERSAL: REVERSAL', enum_type=EntryKind, max_length=8)),
                ('amount', fields.BigIntField()),
                ('reason', fields.CharField(max_length=500)),
                ('reference_type', fields.CharEnumField(null=True, description='PURCHASE: PURCHASE\nREWARD: REWARD\nCOMPLAINT: COMPLAINT\nSTAFF: STAFF\nBIRTHDAY: BIRTHDAY\nPROGRAM: PROGRAM', enum_type=ReferenceType, max_length=16)),
                ('reference_id', fields.BigIntField(null=True)),
                ('shortfall', fields.BigIntField(default=0)),
                ('dedupe_key', fields.CharField(null=True, unique=True, max_length=100)),
                ('created_by_user', fields.ForeignKeyField('models.User', source_field='created_by_user_id', null=True, db_constraint=True, to_field='id', related_name='ledger_entries', on_delete=OnDelete.SET_NULL)),
                ('created_by_api_key_id', fields.BigIntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'loyalty_ledger_entry', 'app': 'models', 'indexes': [Index(fields=['account_id', 'id']), Index(fields=['reference_type', 'reference_id']), Index(fields=['kind', 'created_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LoyaltyLot',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('account', fields.ForeignKeyField('models.LoyaltyAccount', source_field='account_id', db_constraint=True, to_field='id', related_name='lots', on_delete=OnDelete.RESTRICT)),
                ('entry', fields.OneToOneField('models.LedgerEntry', source_field='entry_id', db_constraint=True, to_field='id', related_name='lot', on_delete=OnDelete.RESTRICT)),
                ('points', fields.BigIntField()),
                ('remaining', fields.BigIntField()),
                ('earned_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'loyalty_lot', 'app': 'models', 'indexes': [Index(fields=['account_id', 'remaining', 'expires_at']), Index(fields=['expires_at', 'remaining'])], 'pk_attr': 'id', 'table_description': 'Points earned together that expire together. Redemptions and expiry take the oldest first.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Reward',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('name', fields.CharField(max_length=200)),
                ('description', fields.TextField(null=True, unique=False)),
                ('points_cost', fields.IntField()),
                ('stock', fields.IntField(null=True)),
                ('active_from', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('active_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('min_tier', fields.ForeignKeyField('models.LoyaltyTier', source_field='min_tier_id', null=True, db_constraint=True, to_field='id', related_name='rewards', on_delete=OnDelete.SET_NULL)),
                ('archived_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'loyalty_reward', 'app': 'models', 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='TierChange',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('account', fields.ForeignKeyField('models.LoyaltyAccount', source_field='account_id', db_constraint=True, to_field='id', related_name='tier_changes', on_delete=OnDelete.RESTRICT)),
                ('from_tier', fields.CharField(null=True, max_length=50)),
                ('to_tier', fields.CharField(null=True, max_length=50)),
                ('reason', fields.CharField(max_length=200)),
                ('changed_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'loyalty_tier_change', 'app': 'models', 'indexes': [Index(fields=['account_id', 'changed_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AlterModelOptions(
            name='CustomerMetrics',
            options={'table': 'customer_metrics', 'app': 'models', 'indexes': [Index(fields=['total_spend_minor']), Index(fields=['last_purchase_at']), Index(fields=['purchase_count'])], 'pk_attr': 'customer_id', 'table_description': "What a customer's kept (not refunded) purchases add up to."},
        ),
    ]
