# Entry format 2 (every field hashed, Ed25519-signed): two nullable columns, added with ALTER TABLE
# ADD COLUMN on both databases (no table rebuild), so the append-only triggers of 0002 stay in place
# and format-1 rows keep NULL (= format 1) and still verify.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_append_only_triggers'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditentry',
            name='format',
            field=models.SmallIntegerField(null=True),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='signature',
            field=models.CharField(max_length=100, null=True),
        ),
    ]
