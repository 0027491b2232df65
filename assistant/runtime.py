"""Composition root: build every collaborator from Settings, once."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from langchain_core.embeddings import Embeddings
from langchain_core.language_models import BaseChatModel
from langchain_core.tools import BaseTool
from sqlalchemy.orm import Session, sessionmaker

from assistant.agent import PROFILES, Profile, build_agent, system_prompt_for
from assistant.budget import TokenBudgetMiddleware
from assistant.config import Settings
from assistant.domain.skills import load_framework
from assistant.domain.training import load_modules
from assistant.domain.usecases import load_catalogue
from assistant.knowledge.chunking import ChunkingParams
from assistant.knowledge.ingest import IngestReport, SourceFolder, ingest
from assistant.knowledge.lexicon import load_lexicon
from assistant.knowledge.remote_store import index_location
from assistant.knowledge.retrieval import HybridRetriever
from assistant.models import build_chat_model, build_embeddings, describe_model
from assistant.offline import OfflineChatModel
from assistant.resilience import CircuitBreaker, OfflineFallbackMiddleware
from assistant.services.discovery import DiscoveryService
from assistant.services.interview import InterviewService
from assistant.services.training import TrainingService
from assistant.storage.assessments import AssessmentStore
from assistant.storage.audit import AuditLog
from assistant.storage.companies import CompanyStore
from assistant.storage.db import make_engine, make_sessions
from assistant.storage.usage import UsageStore
from assistant.tools.assessment import SessionContext, make_interview_tools
from assistant.tools.discovery import make_discovery_tools
from assistant.tools.knowledge import make_search_tool
from assistant.tools.training import make_training_tools

log = logging.getLogger(__name__)


def knowledge_sources(settings: Settings, extra: list[SourceFolder] | None = None) -> list[SourceFolder]:
    """The curated guidance folder plus any extra folders."""
    return [SourceFolder(settings.knowledge_dir / "guidance", prefix="guidance/"), *(extra or [])]


def run_ingest(
    settings: Settings, embeddings: Embeddings, extra: list[SourceFolder] | None = None, progress: Any = None
) -> IngestReport:
    """Ingest the knowledge base into the settings' index (local directory or Chroma server)."""
    kwargs = {"progress": progress} if progress else {}
    return ingest(
        knowledge_sources(settings, extra),
        index_location(settings),
        embeddings,
        ChunkingParams(max_tokens=settings.chunk_tokens),
        **kwargs,
    )


@dataclass
class Runtime:
    """Everything the UI and CLI need, built from one Settings object."""

    settings: Settings
    embeddings: Embeddings
    model: BaseChatModel
    retriever: HybridRetriever
    interview: InterviewService
    discovery: DiscoveryService
    training: TrainingService
    audit: AuditLog
    tools: dict[Profile, list[BaseTool]] = field(default_factory=dict)
    breaker: CircuitBreaker = field(default_factory=CircuitBreaker)
    usage: UsageStore | None = None

    @property
    def offline(self) -> bool:
        """True when the built-in offline model answers."""
        return self.settings.resolved_provider() == "offline"

    @property
    def model_label(self) -> str:
        """Which model answers, for display."""
        return describe_model(self.settings)

    def agent(self, profile: Profile, checkpointer: Any = None) -> Any:
        """Compile the agent of one persona."""
        if profile not in PROFILES:
            raise ValueError(f"unknown profile {profile!r}; choose one of {PROFILES}")
        prompt = system_prompt_for(profile, self.settings.prompts_dir, self.settings.ui_language)
        return build_agent(
            self.model,
            self.tools[profile],
            prompt,
            checkpointer,
            self.settings.history_token_budget,
            context_schema=SessionContext,
            fallback=self.fallback(),
            budget=self.budget(),
        )

    def fallback(self) -> OfflineFallbackMiddleware | None:
        """The switch to the offline model when a real provider fails (none when already offline)."""
        if self.offline or isinstance(self.model, OfflineChatModel):
            return None
        language = self.settings.ui_language
        return OfflineFallbackMiddleware(OfflineChatModel(default_language=language), self.breaker, language)

    def budget(self) -> TokenBudgetMiddleware | None:
        """Each person's daily token budget on a real provider (none offline, or when set to 0)."""
        limit = self.settings.daily_token_budget
        if self.usage is None or limit == 0 or self.offline or isinstance(self.model, OfflineChatModel):
            return None
        language = self.settings.ui_language
        return TokenBudgetMiddleware(self.usage, limit, OfflineChatModel(default_language=language), language)


@dataclass(frozen=True)
class Services:
    """The application services, sharing one database and one set of catalogues."""

    interview: InterviewService
    discovery: DiscoveryService
    training: TrainingService
    audit: AuditLog
    usage: UsageStore | None = None


def build_services(settings: Settings, sessions: sessionmaker[Session] | None = None) -> Services:
    """Load the catalogues (validated) and open the database, unless the caller already has it open."""
    framework = load_framework(settings.knowledge_dir / "frameworks")
    modules = load_modules(settings.knowledge_dir / "training" / "modules.yaml", framework.domain_ids)
    catalogue = load_catalogue(settings.knowledge_dir / "usecases", framework.domain_ids)
    sessions = sessions or make_sessions(make_engine(settings.sqlalchemy_url))
    assessments = AssessmentStore(sessions)
    audit = AuditLog(sessions)
    return Services(
        interview=InterviewService(framework, assessments, modules),
        discovery=DiscoveryService(
            catalogue, modules, framework, CompanyStore(sessions), assessments, settings.team_min_group_size, audit
        ),
        training=TrainingService(framework, modules),
        audit=audit,
        usage=UsageStore(sessions),
    )


def build_interview(settings: Settings) -> InterviewService:
    """The interview service alone (benchmarks, scripts)."""
    return build_services(settings).interview


def build_runtime(
    settings: Settings,
    model: BaseChatModel | None = None,
    embeddings: Embeddings | None = None,
    sessions: sessionmaker[Session] | None = None,
) -> Runtime:
    """Open the published index and database, and assemble model, retriever, services and tools.

    A server that already opened the database (for logins and history) passes its ``sessions``: one engine,
    one connection pool, one migration check per process.
    """
    embeddings = embeddings or build_embeddings(settings)
    store = index_location(settings).open_current(embeddings)
    retriever = HybridRetriever(store, load_lexicon(settings.knowledge_dir / "lexicon" / "fr_en.yaml"))
    search = make_search_tool(retriever, k=settings.retrieval_k, min_similarity=settings.min_similarity)
    services = build_services(settings, sessions)
    return Runtime(
        settings=settings,
        embeddings=embeddings,
        model=model or build_chat_model(settings),
        retriever=retriever,
        interview=services.interview,
        discovery=services.discovery,
        training=services.training,
        audit=services.audit,
        usage=services.usage,
        tools={
            "employee": [*make_interview_tools(services.interview), search],
            "manager": [*make_discovery_tools(services.discovery), search],
            "trainer": [*make_training_tools(services.training, services.discovery), search],
        },
    )
