"""Shared fixtures: offline guard, isolated settings, a small real index built once."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.config import Settings, load_settings
from assistant.knowledge.embeddings import LocalE5Embeddings
from tests.databases import BACKENDS, database_url

DATA = Path(__file__).parent / "data"
MINI_KB = DATA / "mini_kb"
PROVIDER_VARIABLES = ("OPENAI_API_KEY", "AZURE_OPENAI_API_KEY", "MISTRAL_API_KEY", "OPENAI_BASE_URL")


@pytest.fixture(autouse=True)
def _offline_environment(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """Remove provider keys and CAP_ settings so no test can reach a real model by accident."""
    if request.node.get_closest_marker("live"):
        return
    import os

    for name in list(os.environ):
        if (name.startswith("CAP_") and name != "CAP_TEST_POSTGRES_URL") or name in PROVIDER_VARIABLES:
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="session")
def embeddings() -> LocalE5Embeddings:
    """The real local embedding model, loaded once."""
    return LocalE5Embeddings()


def make_settings(tmp: Path, knowledge: Path = MINI_KB, **overrides: object) -> Settings:
    """Settings pointing at a temporary data dir and a knowledge folder."""
    return load_settings(data_dir=tmp / "data", knowledge_dir=knowledge, **overrides)


@pytest.fixture(scope="session")
def mini_index(tmp_path_factory: pytest.TempPathFactory, embeddings: LocalE5Embeddings) -> Settings:
    """Settings whose index holds the mini knowledge base (built once per session)."""
    from assistant.runtime import run_ingest

    root = tmp_path_factory.mktemp("mini")
    settings = make_settings(root)
    report = run_ingest(settings, embeddings)
    assert report.chunks_total > 0 and not report.skipped
    return settings


@pytest.fixture
def kb_copy(tmp_path: Path) -> Iterator[Path]:
    """A writable copy of the mini knowledge base."""
    target = tmp_path / "kb"
    shutil.copytree(MINI_KB, target)
    yield target


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: SQLite, and PostgreSQL when CAP_TEST_POSTGRES_URL is set (skipped otherwise)."""
    with database_url(request.param, tmp_path) as url:
        yield url
