from django.db import migrations


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("newsroom", "0003_site_settings"),
    ]

    operations: list = []
