import pytest

from assistant.config import SettingsError, load_settings


def test_defaults_are_offline_and_french(tmp_path):
    settings = load_settings(data_dir=tmp_path)
    assert settings.resolved_provider() == "offline"
    assert settings.ui_language == "fr"
    assert settings.sqlalchemy_url.startswith("sqlite:///")


def test_environment_variables_use_cap_prefix(monkeypatch):
    monkeypatch.setenv("CAP_LLM_BASE_URL", "http://127.0.0.1:8080/v1/")
    monkeypatch.setenv("CAP_RETRIEVAL_K", "7")
    settings = load_settings()
    assert settings.resolved_provider() == "openai_compatible"
    assert settings.llm_base_url == "http://127.0.0.1:8080/v1"
    assert settings.retrieval_k == 7


def test_openai_key_selects_openai(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    assert load_settings().resolved_provider() == "openai"


def test_invalid_value_names_the_variable(monkeypatch):
    monkeypatch.setenv("CAP_RETRIEVAL_K", "zero")
    with pytest.raises(SettingsError, match="CAP_RETRIEVAL_K"):
        load_settings()


def test_invalid_url_is_rejected(monkeypatch):
    monkeypatch.setenv("CAP_LLM_BASE_URL", "localhost:8080")
    with pytest.raises(SettingsError, match="CAP_LLM_BASE_URL"):
        load_settings()


def test_remote_embeddings_need_an_endpoint(monkeypatch):
    monkeypatch.setenv("CAP_EMBEDDING_BACKEND", "openai_compatible")
    with pytest.raises(SettingsError, match="CAP_EMBEDDING_BASE_URL"):
        load_settings()
