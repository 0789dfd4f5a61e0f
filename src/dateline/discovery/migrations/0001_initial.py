"""Related Articles (index and stored lists) and page-view counts: see models.py."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("newsroom", "0003_site_settings"),
    ]

    operations = [
        migrations.CreateModel(
            name="IndexedArticle",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="newsroom.article",
                    ),
                ),
                ("language", models.CharField(db_index=True, max_length=10)),
                ("article_updated_at", models.DateTimeField()),
            ],
        ),
        migrations.CreateModel(
            name="TermFrequency",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("language", models.CharField(max_length=10)),
                ("term", models.CharField(max_length=80)),
                ("documents", models.PositiveIntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("language", "term"), name="termfrequency_unique"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="PageViewBucket",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("hour", models.DateTimeField(db_index=True)),
                ("views", models.PositiveIntegerField(default=0)),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        related_query_name="page_views",
                        to="newsroom.article",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("article", "hour"), name="pageviewbucket_unique"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="RelatedLink",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("rank", models.PositiveSmallIntegerField()),
                ("score", models.FloatField(default=0.0)),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="related_links",
                        to="newsroom.article",
                    ),
                ),
                (
                    "related",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        related_query_name="related_from",
                        to="newsroom.article",
                    ),
                ),
            ],
            options={
                "ordering": ["article", "rank"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("article", "rank"), name="relatedlink_unique_rank"
                    ),
                    models.UniqueConstraint(
                        fields=("article", "related"), name="relatedlink_unique"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="RelatedTerm",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("term", models.CharField(max_length=80)),
                ("weight", models.FloatField()),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="newsroom.article",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["term", "article", "weight"], name="relatedterm_term_idx")
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("article", "term"), name="relatedterm_unique")
                ],
            },
        ),
    ]
