from assistant.tokens import count_tokens, get_encoding


def test_counts_match_tiktoken_cl100k():
    assert count_tokens("hello world") == 2
    assert get_encoding().decode(get_encoding().encode("Bonjour à tous")) == "Bonjour à tous"


def test_special_tokens_are_plain_text():
    assert count_tokens("<|endoftext|>") > 1
