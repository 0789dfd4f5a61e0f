"""A section's listing index also holds expire_at: the capped count of a section page
is then read from the index alone, not from the table (see Article.Meta.indexes).

The new index is built before the old one goes, so listings never lack one."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0003_site_settings"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["section", "status", "-published_at", "expire_at"],
                name="article_section_listed_idx",
            ),
        ),
        migrations.RemoveIndex(
            model_name="article",
            name="article_section_pub_idx",
        ),
    ]
