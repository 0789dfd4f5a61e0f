"""Evaluate Related Articles against articles with known topics: ours and a baseline.

Reads articles (JSON lines, the record format of ../shared/corpus/README.md), loads them
into a throwaway database (in-memory SQLite; DATELINE_TEST_DATABASE_URL=postgres://...
for a PostgreSQL test database), publishes them through the newsroom's services, all
in one section and without tags (the demo's tags are made from the same links that
serve as labels here), runs `recompute_related` and compares, for every article that
has at least one related article:

- ours: related_articles_for(article), the list the article page shows;
- baseline: the article's section, newest first (what the page showed before).

Labels: a record's `topic` or `story` (a string or a list; two articles are related when
they share one), else its `links` by the rule of ../shared/corpus/related-eval.md (a link
target used by more than 10% of the articles is generic and ignored; two articles are
related when they share at least two other targets). A file with neither has no usable
labels, and is said to have none.

    .venv/bin/python bench/related_eval.py
    .venv/bin/python bench/related_eval.py ../shared/corpus/wikinews_gum_en.jsonl
    .venv/bin/python bench/related_eval.py --distractors ../shared/corpus/wikinews_gum_en.jsonl

--distractors adds unlabelled articles to the pool (harder: more to choose from; any
of them suggested counts as a miss). Prints precision@1, precision@k, recall@k and the
mean reciprocal rank of the first related article in the stored list (MRR@8).
"""

import argparse
import json
import os
import sys
from collections import Counter
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
DEFAULT_FILE = CORPUS / "wikinews_amalgum_en.jsonl"
GENERIC_SHARE = 0.10
MIN_SHARED_LINKS = 2


def read_records(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _as_set(value) -> set[str]:
    if value is None or value == "":
        return set()
    return {str(v) for v in value} if isinstance(value, list) else {str(value)}


def related_pairs(records: list[dict]) -> tuple[str, dict[str, set[str]]] | None:
    """(how labelled, {id: ids of its related articles}), or None without labels."""
    for field in ("topic", "story"):
        if any(_as_set(r.get(field)) for r in records):
            labels = {r["id"]: _as_set(r.get(field)) for r in records}
            return field, _sharing(labels, minimum=1)
    if any(r.get("links") for r in records):
        links = {r["id"]: set(r.get("links") or ()) for r in records}
        counts = Counter(target for targets in links.values() for target in targets)
        generic = {t for t, n in counts.items() if n > GENERIC_SHARE * len(records)}
        kept = {rid: targets - generic for rid, targets in links.items()}
        how = f"links (>= {MIN_SHARED_LINKS} shared, {len(generic)} generic targets ignored)"
        return how, _sharing(kept, minimum=MIN_SHARED_LINKS)
    return None


def _sharing(labels: dict[str, set[str]], *, minimum: int) -> dict[str, set[str]]:
    related: dict[str, set[str]] = {rid: set() for rid in labels}
    ids = list(labels)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            if len(labels[a] & labels[b]) >= minimum:
                related[a].add(b)
                related[b].add(a)
    return related


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.test_settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.test.utils import setup_databases

    return setup_databases(verbosity=0, interactive=False)


def load(records: list[dict]) -> dict[str, object]:
    """Publish every record through the services (tasks held back), then rebuild once."""
    from django.test import override_settings

    from dateline.discovery import related
    from dateline.newsroom import services
    from dateline.newsroom.demo import _at_noon, blocks_to_html, split_lede
    from dateline.newsroom.models import Article

    section = services.get_or_create_section("News", slug="news")
    articles = {}
    dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=dummy):
        for record in records:
            standfirst, blocks = split_lede(record["blocks"])
            article = services.save_article(
                Article(
                    status=Article.Status.DRAFT,
                    headline=record["title"],
                    standfirst=standfirst,
                    body=blocks_to_html(blocks),
                    section=section,
                    language=record.get("language") or "en",
                    published_at=_at_noon(record["date_published"]),
                )
            )
            articles[record["id"]] = services.publish_article(
                article, by=None, at=article.published_at
            )
    related.rebuild()
    return articles


def suggestions(articles: dict[str, object], *, limit: int) -> tuple[dict, dict, dict]:
    from dateline.discovery.models import RelatedLink
    from dateline.discovery.selectors import related_articles_for
    from dateline.newsroom.selectors import published_articles

    external = {article.pk: rid for rid, article in articles.items()}
    ours, baseline, similar = {}, {}, {}
    for rid, article in articles.items():
        ours[rid] = [external[a.pk] for a in related_articles_for(article, limit=limit)]
        newest = published_articles().in_section(article.section).exclude(pk=article.pk)
        baseline[rid] = [external[pk] for pk in newest.values_list("pk", flat=True)[:limit]]
        found = RelatedLink.objects.filter(article=article, score__gt=0)
        similar[rid] = found.count()
    return ours, baseline, similar


def scores(lists: dict[str, list[str]], related: dict[str, set[str]], *, k: int) -> dict:
    judged = [rid for rid, rel in related.items() if rel]
    p1 = p_k = r_k = rr = 0.0
    for rid in judged:
        got, wanted = lists[rid], related[rid]
        hits = [other in wanted for other in got]
        p1 += hits[0] if hits else 0
        p_k += sum(hits[:k]) / k
        r_k += sum(hits[:k]) / len(wanted)
        rr += next((1 / (i + 1) for i, hit in enumerate(hits) if hit), 0.0)
    n = len(judged) or 1
    return {
        "articles": len(judged),
        "p@1": p1 / n,
        f"p@{k}": p_k / n,
        f"r@{k}": r_k / n,
        "mrr@8": rr / n,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--distractors", type=Path, action="append", default=[])
    parser.add_argument("-k", type=int, default=4)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    say = partial(print, file=sys.stderr if args.json else sys.stdout)
    records = read_records(args.file)
    labelled = related_pairs(records)
    say(f"{args.file.name}: {len(records)} articles")
    if labelled is None:
        say("  no usable labels (no `topic`, `story` or `links` field): nothing to score")
        return 0
    how, related = labelled
    judged = sum(1 for rel in related.values() if rel)
    pairs = sum(len(rel) for rel in related.values()) // 2
    say(f"  labels: {how}; {pairs} related pairs; {judged} articles with >= 1 related")
    pool = list(records)
    for path in args.distractors:
        extra = read_records(path)
        pool += extra
        say(f"  + {len(extra)} unlabelled distractors from {path.name}")
    databases = setup_django()
    try:
        articles = load(pool)
        return report(articles, related, k=args.k, as_json=args.json)
    finally:
        from django.test.utils import teardown_databases

        teardown_databases(databases, verbosity=0)


def report(articles: dict, related: dict[str, set[str]], *, k: int, as_json: bool) -> int:
    judged = sum(1 for rel in related.values() if rel)
    ours, baseline, similar = suggestions(articles, limit=max(k, 8))
    ideal = {rid: sorted(rel) for rid, rel in related.items()}
    results = {
        "ours": scores(ours, related, k=k),
        "baseline": scores(baseline, related, k=k),
        "best possible": scores(ideal, related, k=k),
    }
    if as_json:
        print(json.dumps(results, indent=2))
        return 0
    with_similar = sum(1 for rid, rel in related.items() if rel and similar[rid])
    print(f"  ours found similar articles (above the threshold) for {with_similar}/{judged}")
    columns = ["p@1", f"p@{k}", f"r@{k}", "mrr@8"]
    print(f"  {'engine':<14}" + "".join(f"{c:>8}" for c in columns))
    for name, figures in results.items():
        print(f"  {name:<14}" + "".join(f"{figures[c]:>8.3f}" for c in columns))
    return 0


if __name__ == "__main__":
    sys.exit(main())
