from assistant.knowledge.citations import cited_numbers, format_passages
from assistant.knowledge.documents import Passage


def passage(text: str = "Ligne un\nLigne deux") -> Passage:
    return Passage("c1", "guidance/fr/x.md", "Titre", "Section", text, "fr", 0.5)


def test_passages_are_numbered_and_quoted():
    out = format_passages([passage(), passage()], first_number=3)
    assert out.startswith("[3] « Titre » — Section (source: guidance/fr/x.md)\n> Ligne un\n> Ligne deux")
    assert "\n[4] " in out


def test_cited_numbers_in_order_without_duplicates():
    assert cited_numbers("A [2], B [1][2] and [10].") == [2, 1, 10]


def test_passage_round_trip():
    original = passage()
    assert Passage.from_dict(original.as_dict()).as_dict() == original.as_dict()
