"""The retrieval gold set is well-formed and points at real documents."""

from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT
from assistant.knowledge.documents import Passage
from assistant.knowledge.evaluation import EvalReport, GoldItem, ItemResult, load_gold

GOLD = sorted((PROJECT_ROOT / "tests" / "data" / "gold").glob("*.yaml"))


def test_gold_set_has_40_items_in_both_languages_with_cross_language_ones():
    items = load_gold(GOLD)
    assert len(items) >= 40
    assert {i.lang for i in items} == {"fr", "en"}
    assert sum(i.cross_language for i in items) >= 6
    assert any(i.lang == "fr" and i.filter and i.filter.lang == "en" for i in items)
    assert len({i.id for i in items}) == len(items)


def test_expected_sources_exist():
    for item in load_gold(GOLD):
        for source in item.expected_sources:
            assert (PROJECT_ROOT / "knowledge" / source).exists(), f"{item.id}: {source}"


def test_terms_only_items_are_accepted_and_scored(tmp_path: Path):
    path = tmp_path / "q.json"
    path.write_text('[{"question": "Que dit la loi ?", "lang": "fr", "expected_terms": ["Notation Sociale"]}]')
    [item] = load_gold([path])
    hit = Passage("c", "d", "t", "h", "La notation sociale est interdite", "fr", 1.0)
    assert item.is_hit(hit)
    report = EvalReport([ItemResult(item, 2, ["d"]), ItemResult(item, None, [])], k=5)
    assert report.recall() == 0.5 and report.mrr() == 0.25


def test_item_without_expectation_is_rejected():
    with pytest.raises(ValueError, match="expected_sources or expected_terms"):
        GoldItem(question="Une question ?", lang="fr")
