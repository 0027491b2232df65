"""Hybrid retrieval on the real mini index."""

import pytest

from assistant.knowledge.retrieval import HybridRetriever, SearchFilters
from assistant.knowledge.store import IndexDirectory


@pytest.fixture(scope="module")
def retriever(mini_index, embeddings):
    return HybridRetriever(IndexDirectory(mini_index.index_dir).open_current(embeddings))


def test_french_question_finds_the_french_passage(retriever):
    top = retriever.search("Quelles pratiques sont interdites ?", k=3)
    assert top[0].doc_id == "guidance/fr/ai-act.md" and top[0].heading == "Pratiques interdites"
    assert top[0].title and top[0].score > 0 and top[0].similarity is not None


def test_french_question_finds_english_passage(retriever):
    top = retriever.search("Quelles pratiques sont interdites ?", k=3, filters=SearchFilters(lang="en"))
    assert top and all(p.lang == "en" for p in top)
    assert top[0].heading == "Prohibited practices"


def test_english_question_finds_french_passage(retriever):
    top = retriever.search("What must a training programme sheet contain?", k=3, filters=SearchFilters(lang="fr"))
    assert top[0].doc_id == "guidance/fr/qualiopi.md"


def test_audience_and_tag_filters(retriever):
    trainer = retriever.search("objectifs", k=10, filters=SearchFilters(audience="trainer"))
    assert trainer and {p.doc_id for p in trainer} <= {"guidance/fr/qualiopi.md", "guidance/fr/prompting.md"}
    tagged = retriever.search("données", k=10, filters=SearchFilters(tags=("prompting",)))
    assert tagged and {p.doc_id for p in tagged} == {"guidance/fr/prompting.md"}


def test_empty_query_returns_nothing(retriever):
    assert retriever.search("   ") == []
