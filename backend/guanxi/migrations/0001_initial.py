from tortoise import migrations
from tortoise.migrations import operations as ops
from guanxi.accounts.models import Role, TokenKind
from guanxi.customers.models import CompanySize, ContactKind, CustomerKind, Gender, GeographyClass, IncomeBand, LifecycleStage, PurchaseChannel
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='IdempotencyRecord',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('principal', fields.CharField(max_length=64)),
                ('operation', fields.CharField(max_length=64)),
                ('key', fields.CharField(max_length=128)),
                ('request_hash', fields.CharField(max_length=64)),
                ('result_id', fields.BigIntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'idempotency_record', 'app': 'models', 'unique_together': (('principal', 'operation', 'key'),), 'indexes': [Index(fields=['created_at'])], 'pk_attr': 'id', 'table_description': 'The first result of a mutation sent with an idempotency key.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='User',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('email', fields.CharField(unique=True, max_length=254)),
                ('name', fields.CharField(max_length=200)),
                ('role', fields.CharEnumField(description='ADMIN: ADMIN\nMANAGER: MANAGER\nAGENT: AGENT\nANALYST: ANALYST', enum_type=Role, max_length=16)),
                ('password_hash', fields.CharField(null=True, max_length=255)),
                ('is_active', fields.BooleanField(default=True)),
                ('last_login_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'staff_user', 'app': 'models', 'indexes': [Index(fields=['name'])], 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='AuthToken',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_index=True, db_constraint=True, to_field='id', related_name='tokens', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='SESSION: SESSION\nBEARER: BEARER', enum_type=TokenKind, max_length=16)),
                ('name', fields.CharField(default='', max_length=200)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'auth_token', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A credential: only a keyed hash of its secret is stored.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Customer',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('kind', fields.CharEnumField(default=CustomerKind.PERSON, description='PERSON: PERSON\nCOMPANY: COMPANY', enum_type=CustomerKind, max_length=16)),
                ('name', fields.CharField(max_length=200)),
                ('wechat_id', fields.CharField(null=True, max_length=100)),
                ('address', fields.TextField(null=True, unique=False)),
                ('gender', fields.CharEnumField(null=True, description='MALE: MALE\nFEMALE: FEMALE\nOTHER: OTHER', enum_type=Gender, max_length=16)),
                ('birthday', fields.DateField(null=True)),
                ('occupation', fields.CharField(null=True, max_length=100)),
                ('income_band', fields.CharEnumField(null=True, description='LOW: LOW\nLOWER_MIDDLE: LOWER_MIDDLE\nMIDDLE: MIDDLE\nUPPER_MIDDLE: UPPER_MIDDLE\nHIGH: HIGH', enum_type=IncomeBand, max_length=16)),
                ('industry', fields.CharField(null=True, db_index=True, max_length=100)),
                ('company_size', fields.CharEnumField(null=True, description='SMALL: SMALL\nMEDIUM: MEDIUM\nLARGE: LARGE', enum_type=CompanySize, max_length=16)),
                ('country', fields.CharField(null=True, max_length=2)),
                ('province', fields.CharField(null=True, max_length=100)),
                ('city', fields.CharField(null=True, max_length=100)),
                ('geography_class', fields.CharEnumField(null=True, description='LOCAL: LOCAL\nDOMESTIC: DOMESTIC\nINTERNATIONAL: INTERNATIONAL', enum_type=GeographyClass, max_length=16)),
                ('acquisition_channel', fields.CharField(null=True, max_length=100)),
                ('acquisition_campaign', fields.CharField(null=True, max_length=200)),
                ('owner', fields.ForeignKeyField('models.User', source_field='owner_id', null=True, db_index=True, db_constraint=True, to_field='id', related_name='customers', on_delete=OnDelete.SET_NULL)),
                ('custom_attributes', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('lifecycle_stage', fields.CharEnumField(default=LifecycleStage.PROSPECT, description='PROSPECT: PROSPECT\nPOTENTIAL_BUYER: POTENTIAL_BUYER\nPURCHASER: PURCHASER\nLOYAL: LOYAL\nADVOCATE: ADVOCATE', enum_type=LifecycleStage, max_length=16)),
                ('lifecycle_stage_pinned', fields.BooleanField(default=False)),
                ('external_reference', fields.CharField(null=True, unique=True, max_length=200)),
                ('archived_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'customer', 'app': 'models', 'indexes': [Index(fields=['archived_at', 'created_at']), Index(fields=['archived_at', 'name']), Index(fields=['archived_at', 'updated_at']), Index(fields=['created_at']), Index(fields=['lifecycle_stage']), Index(fields=['country', 'province', 'city']), Index(fields=['geography_class'])], 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='ContactPoint',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('customer', fields.ForeignKeyField('models.Customer', source_field='customer_id', db_index=True, db_constraint=True, to_field='id', related_name='contact_points', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='EMAIL: EMAIL\nPHONE: PHONE', enum_type=ContactKind, max_length=8)),
                ('value', fields.CharField(max_length=254)),
                ('normalized', fields.CharField(max_length=254)),
                ('is_primary', fields.BooleanField(default=False)),
                ('label', fields.CharField(null=True, max_length=50)),
                ('position', fields.SmallIntField(default=0)),
            ],
            options={'table': 'contact_point', 'app': 'models', 'indexes': [Index(fields=['kind', 'normalized'])], 'pk_attr': 'id', 'table_description': 'An email address or phone number of a customer, one of each kind primary.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CustomerTag',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('customer', fields.ForeignKeyField('models.Customer', source_field='customer_id', db_index=True, db_constraint=True, to_field='id', related_name='tag_rows', on_delete=OnDelete.CASCADE)),
                ('tag', fields.CharField(max_length=50)),
            ],
            options={'table': 'customer_tag', 'app': 'models', 'unique_together': (('customer', 'tag'),), 'indexes': [Index(fields=['tag'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Purchase',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('customer', fields.ForeignKeyField('models.Customer', source_field='customer_id', db_index=True, db_constraint=True, to_field='id', related_name='purchases', on_delete=OnDelete.RESTRICT)),
                ('amount', fields.DecimalField(max_digits=18, decimal_places=4)),
                ('currency', fields.CharField(max_length=3)),
                ('occurred_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('channel', fields.CharEnumField(null=True, description='ONLINE: ONLINE\nSTORE: STORE\nPHONE: PHONE\nMOBILE_APP: MOBILE_APP\nPARTNER: PARTNER\nOTHER: OTHER', enum_type=PurchaseChannel, max_length=16)),
                ('source', fields.CharField(default='', max_length=100)),
                ('external_order_id', fields.CharField(null=True, max_length=200)),
                ('items', fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads)),
                ('refunded_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('refund_reason', fields.CharField(null=True, max_length=500)),
            ],
            options={'table': 'purchase', 'app': 'models', 'unique_together': (('source', 'external_order_id'),), 'indexes': [Index(fields=['customer_id', 'occurred_at']), Index(fields=['occurred_at'])], 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
    ]
