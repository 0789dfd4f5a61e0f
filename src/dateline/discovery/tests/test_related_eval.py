"""The Related Articles evaluation harness (bench/related_eval.py): its labelling rule and
its figures, on small hand-made sets (the real run is in bench/, not in the suite)."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[4] / "bench"))
import related_eval  # noqa: E402


def record(rid: str, **fields) -> dict:
    return {"id": rid, **fields}


def test_links_shared_twice_relate_articles_and_generic_targets_are_ignored():
    common = "https://en.wikinews.org/wiki/United_States"
    records = [
        record("a", links=[common, "x/Kofi_Annan", "x/Raila_Odinga"]),
        record("b", links=[common, "x/Kofi_Annan", "x/Raila_Odinga", "x/Kenya"]),
        record("c", links=[common, "x/Kenya"]),
        *(record(f"filler{n}", links=[common, f"x/Other_{n}"]) for n in range(27)),
    ]
    how, related = related_eval.related_pairs(records)
    assert how.startswith("links") and "1 generic" in how
    assert related["a"] == {"b"} and related["b"] == {"a"}
    assert related["c"] == set()  # Kenya alone is one shared target; the US is generic


@pytest.mark.parametrize("field", ["topic", "story"])
def test_topic_or_story_labels_relate_articles_sharing_one(field):
    records = [
        record("a", **{field: "volcano"}),
        record("b", **{field: ["volcano", "flights"]}),
        record("c", **{field: "budget"}),
    ]
    how, related = related_eval.related_pairs(records)
    assert how == field
    assert related == {"a": {"b"}, "b": {"a"}, "c": set()}


def test_a_file_without_labels_is_said_to_have_none():
    assert related_eval.related_pairs([record("a", title="x"), record("b")]) is None


def test_figures_count_articles_with_at_least_one_related():
    related = {"a": {"b", "c"}, "b": {"a"}, "c": {"a"}, "d": set()}
    lists = {"a": ["d", "b", "x", "y"], "b": ["a"], "c": ["d", "b", "x", "y"], "d": ["a"]}
    figures = related_eval.scores(lists, related, k=4)
    assert figures["articles"] == 3
    assert figures["p@1"] == pytest.approx(1 / 3)
    assert figures["p@4"] == pytest.approx((1 / 4 + 1 / 4 + 0) / 3)
    assert figures["r@4"] == pytest.approx((1 / 2 + 1 + 0) / 3)
    assert figures["mrr@8"] == pytest.approx((1 / 2 + 1 + 0) / 3)
