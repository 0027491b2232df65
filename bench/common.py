"""Helpers shared by the benchmark scripts (timing summaries, temporary settings)."""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.config import PROJECT_ROOT, Settings, load_settings


def summary(samples_ms: list[float]) -> str:
    """Median and 95th percentile of millisecond samples."""
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms (n={len(ordered)})"


def temp_settings(root: Path, **overrides: object) -> Settings:
    """Settings with a private data directory and (by default) the shipped knowledge base."""
    values: dict[str, object] = {"data_dir": root / "data", "knowledge_dir": PROJECT_ROOT / "knowledge", **overrides}
    return load_settings(**values)


def shared_index() -> Settings:
    """Settings whose index holds the shipped base, built once and reused by later benchmarks."""
    from assistant.models import build_embeddings
    from assistant.runtime import run_ingest

    settings = temp_settings(Path(tempfile.gettempdir()) / "cap-bench-shared")
    run_ingest(settings, build_embeddings(settings))
    return settings


QUESTIONS = [
    "Quelles pratiques d'IA sont interdites par l'AI Act ?",
    "Comment estimer le ROI d'un projet d'IA dans une PME ?",
    "What must a French training programme sheet contain?",
    "Comment préparer ses données avant un projet d'IA ?",
    "Which HR uses of AI are high-risk?",
    "Quels verbes utiliser pour des objectifs pédagogiques mesurables ?",
    "How can an SME fund AI training?",
    "Que faut-il ne jamais coller dans un chatbot public ?",
    "Comment prioriser nos cas d'usage ?",
    "What is shadow AI and how do we handle it?",
]
