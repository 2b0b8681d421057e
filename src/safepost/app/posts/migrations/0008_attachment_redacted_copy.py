import safepost.app.lib.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("posts", "0007_org_engine_model"),
    ]

    operations = [
        migrations.AddField(
            model_name="attachment",
            name="redacted",
            field=safepost.app.lib.fields.EncryptedTextField(blank=True, default=""),
        ),
        migrations.AddField(
            model_name="attachment",
            name="redacted_scan",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="attachment",
            name="publish_copy",
            field=models.CharField(choices=[("original", "Original (metadata removed)"), ("redacted", "Redacted")],
                                   default="original", max_length=10),
        ),
    ]
