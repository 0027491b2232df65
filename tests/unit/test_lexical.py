import numpy as np

from assistant.knowledge.lexical import BM25Index, tokenize


def test_tokenize_folds_accents_and_drops_stop_words():
    assert tokenize("Les Données de l'entreprise") == ["donnee", "entreprise"]


def test_bm25_ranks_the_matching_text_first():
    index = BM25Index(["a", "b", "c"], ["les données clients", "la formation des salariés", "données et formation"])
    assert index.search("données", 3)[0][0] in {"a", "c"}
    assert index.search("formation salariés", 1)[0][0] == "b"
    assert index.search("inconnu", 3) == []


def test_allowed_positions_restrict_results():
    index = BM25Index(["a", "b"], ["données", "données"])
    assert [i for i, _ in index.search("données", 5, allowed=np.array([False, True]))] == ["b"]
