from tortoise import migrations
from tortoise.migrations import operations as ops
from guanxi.customers.models import ContactKind
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0003_encrypt_personal_data')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ErasedIdentity',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharEnumField(description='EMAIL: EMAIL\nPHONE: PHONE', enum_type=ContactKind, max_length=8)),
                ('lookup_hash', fields.CharField(max_length=64)),
                ('customer_id', fields.BigIntField()),
                ('erased_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'erased_identity', 'app': 'models', 'indexes': [Index(fields=['kind', 'lookup_hash'])], 'pk_attr': 'id', 'table_description': 'The keyed hash of a phone or email of an erased customer: a later import of it is refused.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Customer',
            name='erased_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
    ]
