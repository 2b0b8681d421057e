# The organization's second-factor policy for roles other than admin and privacy (issue 10).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0006_passkeys'),
    ]

    operations = [
        migrations.AddField(
            model_name='organization',
            name='mfa_for_everyone',
            field=models.BooleanField(default=True),
        ),
    ]
