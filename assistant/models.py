"""Chat model and embeddings factories: the only module that knows about providers."""

from __future__ import annotations

from typing import Any

from langchain_core.embeddings import Embeddings
from langchain_core.language_models import BaseChatModel, LanguageModelInput

from assistant.config import Settings
from assistant.knowledge.embeddings import LocalE5Embeddings
from assistant.offline import OfflineChatModel


def _compatible_class() -> type[Any]:
    """ChatOpenAI adapted to local OpenAI-compatible servers (imported on demand: it is slow to import)."""
    from langchain_openai import ChatOpenAI

    class CompatibleChatOpenAI(ChatOpenAI):
        """ChatOpenAI for local OpenAI-compatible servers (llama.cpp server, Ollama, vLLM).

        llama.cpp's server returns no tool calls unless ``tool_choice`` is sent, and rejects
        assistant messages whose ``content`` is null; both are fixed on the request here.
        """

        def _get_request_payload(
            self, input_: LanguageModelInput, *, stop: list[str] | None = None, **kwargs: Any
        ) -> dict[str, Any]:
            payload = super()._get_request_payload(input_, stop=stop, **kwargs)
            if payload.get("tools") and "tool_choice" not in payload:
                payload["tool_choice"] = "auto"
            for message in payload.get("messages", []):
                if message.get("role") == "assistant" and message.get("content") is None:
                    message["content"] = ""
            return payload

    return CompatibleChatOpenAI


def build_chat_model(settings: Settings, http_client: Any = None, http_async_client: Any = None) -> BaseChatModel:
    """Return the chat model the settings ask for (offline when nothing is configured).

    ``http_client`` / ``http_async_client`` (httpx clients) replace the transport, e.g. behind a corporate proxy or
    in tests; the client library's timeout and retries (Retry-After honoured, no retry on other 4xx) still apply.
    """
    provider = settings.resolved_provider()
    if provider == "offline":
        return OfflineChatModel(default_language=settings.ui_language)
    common: dict[str, Any] = {
        "model": settings.llm_model,
        "timeout": settings.llm_timeout_s,
        "max_retries": settings.llm_max_retries,
        "temperature": settings.llm_temperature,
        "max_tokens": settings.llm_max_tokens,
    }
    if http_client is not None:
        common["http_client"] = http_client
    if http_async_client is not None:
        common["http_async_client"] = http_async_client
    api_key = settings.api_key()
    from langchain_openai import AzureChatOpenAI, ChatOpenAI

    if provider == "azure":
        if not settings.llm_base_url:
            raise ValueError("CAP_LLM_BASE_URL must be the Azure OpenAI endpoint when CAP_LLM_PROVIDER=azure")
        return AzureChatOpenAI(
            azure_endpoint=settings.llm_base_url,
            azure_deployment=settings.llm_model,
            api_version=settings.azure_api_version,
            api_key=api_key,  # type: ignore[arg-type]
            **{k: v for k, v in common.items() if k != "model"},
        )
    if provider == "openai_compatible":
        if not settings.llm_base_url:
            raise ValueError("CAP_LLM_BASE_URL is required when CAP_LLM_PROVIDER=openai_compatible")
        # Local servers accept any key; the client library insists on one being set.
        compatible: BaseChatModel = _compatible_class()(
            base_url=settings.llm_base_url, api_key=api_key or "not-needed", **common
        )
        return compatible
    if not api_key:
        raise ValueError("OPENAI_API_KEY or CAP_LLM_API_KEY is required when CAP_LLM_PROVIDER=openai")
    return ChatOpenAI(api_key=api_key, stream_usage=True, **common)  # type: ignore[arg-type]


def build_embeddings(settings: Settings) -> Embeddings:
    """Return the embeddings backend (bundled local e5 by default)."""
    if settings.embedding_backend == "local":
        return LocalE5Embeddings()
    from langchain_openai import OpenAIEmbeddings

    return OpenAIEmbeddings(
        model=settings.embedding_model,
        base_url=settings.embedding_base_url or settings.llm_base_url,
        api_key=settings.api_key() or "not-needed",  # type: ignore[arg-type]
        check_embedding_ctx_length=False,
        timeout=settings.llm_timeout_s,
        max_retries=settings.llm_max_retries,
    )


def describe_model(settings: Settings) -> str:
    """One line saying which model answers, for the UI and logs (never the key)."""
    provider = settings.resolved_provider()
    if provider == "offline":
        return "offline"
    where = f" @ {settings.llm_base_url}" if settings.llm_base_url else ""
    return f"{provider}:{settings.llm_model}{where}"
