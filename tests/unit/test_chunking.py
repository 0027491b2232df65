from assistant.knowledge.chunking import ChunkingParams, chunk_document
from assistant.knowledge.documents import LoadedDocument
from assistant.tokens import count_tokens


def doc(text: str, doc_id: str = "d.md") -> LoadedDocument:
    return LoadedDocument(doc_id, doc_id, "Titre", "fr", ("manager",), ("t",), text, "sha")


TEXT = (
    "# Titre\n\n## Alpha\n"
    + "Phrase sur alpha numéro un. " * 30
    + "\n\n## Beta\n### Détail\n"
    + "Un texte beta assez long pour un bloc. " * 10
)


def test_chunks_follow_headings_and_keep_the_path():
    chunks = chunk_document(doc(TEXT))
    headings = [c.heading for c in chunks]
    assert headings[0] == "Alpha" and headings[-1] == "Beta > Détail"


def test_no_chunk_exceeds_the_token_budget():
    long = "## Long\n" + " ".join(f"mot{i} suivant." for i in range(3000))
    chunks = chunk_document(doc(long), ChunkingParams(max_tokens=120))
    assert len(chunks) > 5
    assert all(count_tokens(c.text) <= 120 for c in chunks)


def test_ids_are_stable_and_local_to_changes():
    first = chunk_document(doc(TEXT))
    again = chunk_document(doc(TEXT))
    assert [c.chunk_id for c in first] == [c.chunk_id for c in again]
    edited = chunk_document(doc(TEXT.replace("beta assez long", "beta bien plus long")))
    assert first[0].chunk_id == edited[0].chunk_id
    assert first[-1].chunk_id != edited[-1].chunk_id


def test_identical_sections_get_distinct_ids():
    text = "## A\n" + "Même contenu répété pour le test. " * 10 + "\n## A\n" + "Même contenu répété pour le test. " * 10
    ids = [c.chunk_id for c in chunk_document(doc(text))]
    assert len(ids) == len(set(ids)) == 2


def test_metadata_is_flat_and_filterable():
    meta = chunk_document(doc(TEXT))[0].metadata()
    assert meta["aud_manager"] is True and meta["aud_trainer"] is False
    assert meta["tags"] == "|t|" and all(isinstance(v, str | int | bool) for v in meta.values())
