"""Model factory: provider choice and the quirks of OpenAI-compatible servers (no network)."""

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from assistant.config import load_settings
from assistant.knowledge.embeddings import LocalE5Embeddings
from assistant.models import build_chat_model, build_embeddings, describe_model
from assistant.offline import OfflineChatModel


def test_no_key_gives_the_offline_model(tmp_path):
    settings = load_settings(data_dir=tmp_path)
    assert isinstance(build_chat_model(settings), OfflineChatModel)
    assert isinstance(build_embeddings(settings), LocalE5Embeddings)
    assert describe_model(settings) == "offline"


def test_base_url_gives_a_compatible_client_with_settings_applied(monkeypatch):
    monkeypatch.setenv("CAP_LLM_BASE_URL", "http://127.0.0.1:8080/v1")
    monkeypatch.setenv("CAP_LLM_TIMEOUT_S", "12")
    model = build_chat_model(load_settings())
    assert type(model).__name__ == "CompatibleChatOpenAI"
    assert model.request_timeout == 12 and model.max_retries == 2
    assert str(model.openai_api_base) == "http://127.0.0.1:8080/v1"


def test_compatible_payload_sends_tool_choice_and_no_null_content(monkeypatch):
    monkeypatch.setenv("CAP_LLM_BASE_URL", "http://127.0.0.1:8080/v1")
    model = build_chat_model(load_settings())
    tool = {
        "type": "function",
        "function": {"name": "search_knowledge", "parameters": {"type": "object", "properties": {}}},
    }
    messages = [
        HumanMessage("Bonjour"),
        AIMessage("", tool_calls=[{"name": "search_knowledge", "args": {}, "id": "c1"}]),
        ToolMessage("résultat", tool_call_id="c1"),
    ]
    payload = model._get_request_payload(messages, tools=[tool])  # type: ignore[attr-defined]
    assert payload["tool_choice"] == "auto"
    assert all(m.get("content") is not None for m in payload["messages"])


def test_azure_needs_an_endpoint(monkeypatch):
    monkeypatch.setenv("CAP_LLM_PROVIDER", "azure")
    with pytest.raises(ValueError, match="CAP_LLM_BASE_URL"):
        build_chat_model(load_settings())


def test_openai_provider_needs_a_key(monkeypatch):
    monkeypatch.setenv("CAP_LLM_PROVIDER", "openai")
    with pytest.raises(ValueError, match="OPENAI_API_KEY"):
        build_chat_model(load_settings())
