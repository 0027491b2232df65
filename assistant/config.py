"""Typed settings for Cap IA, read from the environment (prefix ``CAP_``) and ``.env``."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent

LLMProvider = Literal["auto", "offline", "openai", "openai_compatible", "azure"]
EmbeddingBackend = Literal["local", "openai_compatible"]
Language = Literal["fr", "en"]
AuthMode = Literal["none", "password", "header"]


class SettingsError(RuntimeError):
    """Raised when settings are invalid; the message names the variable."""


class Settings(BaseSettings):
    """All the knobs of Cap IA; every field maps to one ``CAP_*`` variable."""

    model_config = SettingsConfigDict(
        env_prefix="CAP_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
    )

    llm_provider: LLMProvider = Field("auto", description="auto, offline, openai, openai_compatible or azure")
    llm_model: str = Field("gpt-4o-mini", description="Chat model name (deployment name on Azure)")
    llm_base_url: str | None = Field(None, description="Base URL of an OpenAI-compatible server")
    llm_api_key: SecretStr | None = Field(None, description="API key for the chat endpoint (else OPENAI_API_KEY)")
    llm_timeout_s: float = Field(60.0, gt=0, le=600, description="Timeout of one LLM request")
    llm_max_retries: int = Field(2, ge=0, le=5, description="Retries on transient LLM errors")
    llm_temperature: float = Field(0.2, ge=0, le=2)
    llm_max_tokens: int = Field(1200, ge=64, le=32000, description="Max tokens of one model answer")
    azure_api_version: str = Field("2024-10-21", description="API version for Azure OpenAI")

    embedding_backend: EmbeddingBackend = Field("local", description="local (bundled e5) or openai_compatible")
    embedding_model: str = Field("text-embedding-3-small", description="Remote embedding model name")
    embedding_base_url: str | None = Field(None, description="Base URL of a remote embeddings endpoint")

    data_dir: Path = Field(PROJECT_ROOT / "data", description="Where the index, checkpoints and DB live")
    knowledge_dir: Path = Field(PROJECT_ROOT / "knowledge", description="Knowledge base sources")
    prompts_dir: Path = Field(PROJECT_ROOT / "prompts", description="Prompt files")
    database_url: str | None = Field(
        None, description="SQLAlchemy URL (sqlite:///… or postgresql+psycopg://…); default SQLite file in data_dir"
    )
    chroma_url: str | None = Field(
        None, description="URL of a Chroma server (client-server mode, several workers); default embedded index"
    )
    auth: AuthMode = Field(
        "none", description="none (pseudonymous browser cookie), password (users in the database) or header (proxy)"
    )
    auth_header: str = Field("x-forwarded-user", description="Header carrying the login when auth is 'header'")
    retention_conversation_days: int = Field(
        365, ge=1, le=3650, description="Conversations older than this are deleted"
    )
    retention_assessment_days: int = Field(730, ge=1, le=3650, description="Assessments older than this are deleted")
    team_min_group_size: int = Field(
        5, ge=5, le=100, description="Smallest group shown in team aggregates (can only be raised above 5)"
    )
    organisation: str = Field(
        "default", min_length=1, max_length=200, description="Organisation (tenant) of people using this instance"
    )

    daily_token_budget: int = Field(
        200_000, ge=0, le=100_000_000, description="LLM tokens one person may use per day (0 = no limit)"
    )
    login_max_failures: int = Field(
        10, ge=1, le=1000, description="Failed logins from one address before it must wait (HTTP 429)"
    )
    login_window_s: int = Field(900, ge=10, le=86400, description="Window of the failed-login count, in seconds")

    ui_language: Language = Field("fr", description="Default language of the assistant")
    history_token_budget: int = Field(3000, ge=500, le=100000, description="Tokens of history sent to the model")
    retrieval_k: int = Field(5, ge=1, le=20, description="Passages returned by a knowledge search")
    min_similarity: float = Field(
        0.845, ge=0, le=1, description="Best dense similarity below which nothing is relevant"
    )
    chunk_tokens: int = Field(200, ge=64, le=480, description="Max tokens of one knowledge chunk")
    max_message_chars: int = Field(4000, ge=200, le=100000, description="Longest accepted user message")
    host: str = Field("127.0.0.1", description="Address the web UI binds to")
    port: int = Field(8000, ge=1, le=65535, description="Port of the web UI")

    @field_validator("llm_base_url", "embedding_base_url", "chroma_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @model_validator(mode="after")
    def _remote_embeddings_need_url(self) -> Settings:
        if self.embedding_backend == "openai_compatible" and not (
            self.embedding_base_url or self.llm_base_url or os.environ.get("OPENAI_API_KEY")
        ):
            raise ValueError("CAP_EMBEDDING_BACKEND=openai_compatible needs CAP_EMBEDDING_BASE_URL or OPENAI_API_KEY")
        return self

    @property
    def index_dir(self) -> Path:
        """Directory holding the Chroma index generations."""
        return self.data_dir / "index"

    @property
    def auth_secret_path(self) -> Path:
        """File holding the session-signing secret generated on first start with authentication."""
        return self.data_dir / ".auth_secret"

    @property
    def checkpoint_path(self) -> Path:
        """SQLite file of the conversation checkpointer."""
        return self.data_dir / "conversations.sqlite"

    @property
    def sqlalchemy_url(self) -> str:
        """Database URL, defaulting to a SQLite file in the data directory."""
        return self.database_url or f"sqlite:///{self.data_dir / 'cap_ia.sqlite'}"

    def api_key(self) -> str | None:
        """Return the chat API key from CAP_LLM_API_KEY or OPENAI_API_KEY."""
        if self.llm_api_key is not None:
            return self.llm_api_key.get_secret_value()
        return os.environ.get("OPENAI_API_KEY") or None

    def resolved_provider(self) -> LLMProvider:
        """Resolve ``auto`` to the provider actually used."""
        if self.llm_provider != "auto":
            return self.llm_provider
        if self.llm_base_url:
            return "openai_compatible"
        if self.api_key():
            return "openai"
        return "offline"


def load_settings(**overrides: object) -> Settings:
    """Build Settings, turning validation errors into a message naming the variables."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            field = ".".join(str(part) for part in error["loc"]) or "settings"
            variable = f"CAP_{field.upper()}" if error["loc"] else "settings"
            lines.append(f"{variable}: {error['msg']}")
        raise SettingsError("Invalid settings:\n  " + "\n  ".join(lines)) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings (read once)."""
    return load_settings()
