"""The shipped knowledge base: valid, bilingual where it matters, sourced."""

from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT
from assistant.knowledge.lexicon import load_lexicon
from assistant.knowledge.loaders import iter_source_files, load_document

GUIDANCE = PROJECT_ROOT / "knowledge" / "guidance"
KEY_TEN = {
    "parcours-adoption-pme",
    "priorisation-valeur-faisabilite",
    "estimer-roi-ia",
    "ai-act-niveaux-risque",
    "ai-act-maitrise-ia-article-4",
    "rgpd-et-ia",
    "securite-ia-generative",
    "bases-du-prompting",
    "conception-atelier-bloom",
    "fiche-programme-qualiopi",
}


def documents():
    return [load_document(path, path.relative_to(GUIDANCE.parent).as_posix()) for path in iter_source_files(GUIDANCE)]


def test_every_guidance_file_loads_with_valid_front_matter():
    docs = documents()
    assert len([d for d in docs if d.lang == "fr"]) >= 30
    assert all(d.sources for d in docs)
    assert all(d.doc_id.split("/")[1] == d.lang for d in docs), "fr/ and en/ folders hold their language"


def test_key_documents_exist_in_english_and_point_to_their_original():
    english = {Path(d.doc_id).stem: d for d in documents() if d.lang == "en"}
    assert english.keys() >= KEY_TEN
    for slug in english:
        assert (GUIDANCE / "fr" / f"{slug}.md").exists(), f"{slug} has no French original"


@pytest.mark.parametrize("topic", ["ai-act", "rgpd", "qualiopi", "roi", "bloom", "kirkpatrick", "opco"])
def test_required_topics_are_covered(topic):
    corpus = " ".join(f"{d.doc_id} {' '.join(d.tags)} {d.text}" for d in documents()).lower()
    assert topic in corpus


def test_lexicon_loads_and_expands_both_ways():
    lexicon = load_lexicon(PROJECT_ROOT / "knowledge" / "lexicon" / "fr_en.yaml")
    assert len(lexicon) > 200
    assert "training" in lexicon.expand("formation des salariés")
    assert "donnee" in lexicon.expand("data quality")
