# The organization's time zone: the default for members who have not chosen one (issue 12).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_drop_old_lockout'),
    ]

    operations = [
        migrations.AddField(
            model_name='organization',
            name='time_zone',
            field=models.CharField(blank=True, default='', max_length=64),
        ),
    ]
