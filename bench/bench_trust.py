"""Trust and scale-out figures: migrations, conversation history, backup/restore, Chroma server search, token ledger.

SQLite always; PostgreSQL too when CAP_TEST_POSTGRES_URL holds an admin URL (``scripts/test-postgres.sh``
sets it): each measure gets a fresh database with a random name, dropped at the end.
``--quick`` runs a much smaller workload, with the search part on tests/data/mini_kb.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import tarfile
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import yaml
from common import PROJECT_ROOT, shared_index, summary, temp_settings

from assistant.backup import create_backup, restore_backup
from assistant.config import Settings
from assistant.knowledge.lexicon import load_lexicon
from assistant.knowledge.remote_store import index_location
from assistant.knowledge.retrieval import HybridRetriever
from assistant.models import build_embeddings
from assistant.runtime import build_services, run_ingest
from assistant.services.interview import QuestionView
from assistant.storage.audit import pseudonym
from assistant.storage.chat_history import ChatHistoryStore
from assistant.storage.db import make_engine, make_sessions
from assistant.storage.owner import Owner
from assistant.storage.usage import UsageStore
from assistant.storage.users import UserStore
from tests.chroma_server import CHROMA_BIN, ChromaServer, MemoEmbeddings
from tests.databases import temporary_postgres_database

POSTGRES_ADMIN_URL = os.environ.get("CAP_TEST_POSTGRES_URL")
PASSWORD = "correct horse battery staple"
EVIDENCE = "Je ressaisis les bons de livraison dans l'ERP chaque lundi, environ 2 heures."
ANSWER = "Voici les points clés, tirés du guide [1] et de la fiche pratique [2]. " * 8


@dataclass(frozen=True)
class Scale:
    """How much work each measure does."""

    migrations: int = 3
    users: int = 10
    threads: int = 5
    steps: int = 20
    people: int = 50
    ledger_people: int = 20
    ledger_adds: int = 10
    questions: int = 20
    rounds: int = 3


QUICK = Scale(
    migrations=1, users=3, threads=2, steps=10, people=5, ledger_people=5, ledger_adds=4, questions=8, rounds=1
)


def percentiles(samples_ms: list[float]) -> str:
    """``p50 / p95`` in ms, for the final table (same rule as ``summary``)."""
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{statistics.median(ordered):.1f} / {p95:.1f}"


def timed(samples: list[float], call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call, appending the elapsed milliseconds to ``samples``."""
    started = time.perf_counter()
    result = call(*args, **kwargs)
    samples.append((time.perf_counter() - started) * 1000)
    return result


@contextmanager
def fresh_database(backend: str, root: Path) -> Iterator[str]:
    """URL of an empty database: a new SQLite file, or a PostgreSQL database dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{Path(tempfile.mkdtemp(dir=root)) / 'cap_ia.sqlite'}"
        return
    assert POSTGRES_ADMIN_URL
    with temporary_postgres_database(POSTGRES_ADMIN_URL, prefix="cap_bench") as url:
        yield url


@contextmanager
def chroma_server(path: Path) -> Iterator[str]:
    """A real ``chroma run`` on a loopback port; yields its URL and stops it afterwards."""

    def give_up(reason: str) -> NoReturn:
        raise SystemExit(reason)

    path.parent.mkdir(parents=True, exist_ok=True)
    server = ChromaServer(path)
    server.start(give_up=give_up)
    try:
        yield server.url
    finally:
        server.stop()


def gold_questions(count: int) -> list[str]:
    """``count`` questions spread over the retrieval gold sets."""
    items = [
        item
        for path in sorted((PROJECT_ROOT / "tests" / "data" / "gold").glob("*.yaml"))
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))
    ]
    return [item["question"] for item in items[:: max(1, len(items) // count)]][:count]


def search_figures(root: Path, scale: Scale, quick: bool, table: dict[str, dict[str, str]]) -> Settings:
    """Ingest the base into an embedded index and a Chroma server; time hybrid searches on both."""
    raw = build_embeddings(temp_settings(root))
    memo = MemoEmbeddings(raw)
    knowledge = PROJECT_ROOT / "tests" / "data" / "mini_kb" if quick else PROJECT_ROOT / "knowledge"
    if not quick:  # reuse the vectors of the index the other benchmarks share (built once, kept in /tmp)
        stored = index_location(shared_index()).open_current(raw).get(include=["documents", "embeddings"])
        memo.passages.update(
            (doc, [float(x) for x in vector])
            for doc, vector in zip(stored["documents"], stored["embeddings"], strict=True)
        )
    embedded = temp_settings(root / "embedded", knowledge_dir=knowledge)
    lexicon = load_lexicon(PROJECT_ROOT / "knowledge" / "lexicon" / "fr_en.yaml")
    questions = gold_questions(scale.questions)
    labelled = [("embedded", embedded)]
    with chroma_server(root / "chroma" / "db") if CHROMA_BIN else nullcontext(None) as url:
        if url is None:
            print("Chroma server skipped: no `chroma` binary next to this Python")
        else:
            labelled.append(("chroma server", temp_settings(root / "remote", knowledge_dir=knowledge, chroma_url=url)))
        for label, settings in labelled:
            before = memo.computed
            report = run_ingest(settings, memo)
            print(
                f"ingest into the {label} index: {report.chunks_total} chunks in {report.seconds:.1f} s "
                f"({memo.computed - before} of them embedded by the model, the others from the cache)"
            )
            table.setdefault("ingest (s)", {})[label] = f"{report.seconds:.1f}"
        for question in questions:
            memo.embed_query(question)
        for label, settings in labelled:
            for mode, embeddings in (("query vector precomputed", memo), ("query embedding included", raw)):
                retriever = HybridRetriever(index_location(settings).open_current(embeddings), lexicon)
                retriever.search(questions[0], k=5)  # warm-up
                samples: list[float] = []
                for _ in range(scale.rounds):
                    for question in questions:
                        timed(samples, retriever.search, question, k=5)
                print(f"search, {label} ({len(retriever)} chunks), {mode}: {summary(samples)}")
                table.setdefault(f"search, {mode} (ms)", {})[label] = percentiles(samples)
    return embedded


def pick(question: QuestionView, rng: random.Random) -> str:
    """A plausible answer: any option, sometimes "I don't know", or a free-text example."""
    if not question.options:
        return EVIDENCE
    return "dont_know" if rng.random() < 0.1 else rng.choice(question.options).id


def chat_history(sessions: Any, scale: Scale) -> dict[str, list[float]]:
    """Per-operation latency of the conversation history store."""
    store = ChatHistoryStore(sessions)
    times: dict[str, list[float]] = {
        k: [] for k in ("save_thread new", "save_thread rename", "save_step", "thread()", "threads_of()")
    }
    for u in range(scale.users):
        login, owner = f"user{u}@bench.fr", Owner("bench", f"user-{u}")
        for t in range(scale.threads):
            thread_id = f"thread-{u}-{t}"
            timed(
                times["save_thread new"], store.save_thread, thread_id, login, owner, metadata={"profile": "employee"}
            )
            for step in steps(thread_id, scale.steps):
                timed(times["save_step"], store.save_step, step, login)
            timed(times["save_thread rename"], store.save_thread, thread_id, login, owner, name=f"Conversation {t}")
    for u in range(scale.users):
        for t in range(scale.threads):
            record = timed(times["thread()"], store.thread, f"thread-{u}-{t}")
            assert record is not None and len(record.steps) == scale.steps
        assert len(timed(times["threads_of()"], store.threads_of, f"user{u}@bench.fr")) == scale.threads
    return times


def steps(thread_id: str, count: int) -> list[dict[str, Any]]:
    """Chainlit-like steps: a question, an answer, in turn."""
    return [
        {
            "id": f"{thread_id}-s{n}",
            "threadId": thread_id,
            "type": "user_message" if n % 2 == 0 else "assistant_message",
            "name": "Vous" if n % 2 == 0 else "Cap IA",
            "output": f"Question {n} : comment prioriser nos cas d'usage ?" if n % 2 == 0 else ANSWER,
            "createdAt": f"2026-05-01T10:{n // 60:02d}:{n % 60:02d}.000Z",
            "metadata": {},
        }
        for n in range(count)
    ]


def populate(settings: Settings, scale: Scale) -> None:
    """People with a full, confirmed interview, a login, audit events, conversations and token counts."""
    services = build_services(settings)
    interview, rng = services.interview, random.Random(5)
    sessions = interview.store.sessions
    users, history = UserStore(sessions), ChatHistoryStore(sessions)
    assert services.usage is not None
    roles = [role.id for role in interview.framework.roles]
    try:
        for n in range(scale.people):
            owner, login = Owner("Acme", f"person-{n}"), f"person{n}@acme.fr"
            state = interview.start(owner, roles[n % len(roles)])
            while state.question is not None:
                question = state.question
                state = interview.answer(owner, question.item_id, pick(question, rng), evidence=EVIDENCE)
            interview.confirm(owner)
            users.add(login, "Acme", "employee", PASSWORD)
            services.audit.record("user_added", "Acme", "cli:admin", login)
            services.audit.record("data_exported", "Acme", "cli:admin", pseudonym(owner.person_key), "format=json")
            for t in range(2):
                history.save_thread(f"{login}-{t}", login, owner, name=f"Conversation {t}")
                for step in steps(f"{login}-{t}", 6):
                    history.save_step(step, login)
            services.usage.add(owner, 1234)
    finally:
        sessions.kw["bind"].dispose()


def backup_figures(backend: str, root: Path, scale: Scale, index_from: Settings, column: dict[str, str]) -> None:
    """Back up a populated installation and restore it into an empty one."""
    with fresh_database(backend, root) as source_url, fresh_database(backend, root) as target_url:
        source = temp_settings(Path(tempfile.mkdtemp(dir=root)), database_url=source_url)
        shutil.copytree(index_from.index_dir, source.index_dir)
        started = time.perf_counter()
        populate(source, scale)
        seconds = time.perf_counter() - started
        print(f"  populated {scale.people} people (full interview, login, audit, 2 conversations) in {seconds:.1f} s")
        archive = root / f"backup-{backend}-{uuid.uuid4().hex[:6]}.tar.gz"
        report = create_backup(source, archive)
        with tarfile.open(archive) as tar:
            sizes = {
                part: sum(m.size for m in tar.getmembers() if m.name.startswith(part)) for part in ("db/", "index/")
            }
        rows = ", ".join(f"{name} {count}" for name, count in report.tables.items() if count)
        print(
            f"  backup: {report.seconds:.2f} s, archive {report.size / 1e6:.2f} MB "
            f"(uncompressed: database {sizes['db/'] / 1e6:.2f} MB, index {sizes['index/'] / 1e6:.2f} MB)"
        )
        print(f"  rows per table: {rows}")
        target = temp_settings(Path(tempfile.mkdtemp(dir=root)), database_url=target_url)
        restored = restore_backup(target, archive)
        index = "restored" if restored.index else "not restored"
        rows_back = sum(restored.tables.values())
        print(f"  restore into an empty installation: {restored.seconds:.2f} s ({rows_back} rows, index {index})")
        column["backup (s)"] = f"{report.seconds:.2f}"
        column["archive size (MB)"] = f"{report.size / 1e6:.2f}"
        column["restore (s)"] = f"{restored.seconds:.2f}"


def database_figures(
    backend: str, root: Path, scale: Scale, index_from: Settings, table: dict[str, dict[str, str]]
) -> None:
    """Migration, conversation history, token ledger and backup/restore on one kind of database."""
    print(f"-- {backend}")
    column: dict[str, str] = {}
    migrations: list[float] = []
    for _ in range(scale.migrations):
        with fresh_database(backend, root) as url:
            engine = make_engine(url)
            timed(migrations, make_sessions, engine)
            engine.dispose()
    print(f"  migrate an empty database to head: {summary(migrations)}")
    column["migrate empty DB to head (ms)"] = percentiles(migrations)
    with fresh_database(backend, root) as url:
        engine = make_engine(url)
        try:
            sessions = make_sessions(engine)
            times = chat_history(sessions, scale)
            for name, samples in times.items():
                print(f"  chat history {name}: {summary(samples)}")
                column[f"chat {name} (ms)"] = percentiles(samples)
            usage, first, more = UsageStore(sessions), [], []
            for p in range(scale.ledger_people):
                owner = Owner("bench", f"ledger-{p}")
                for i in range(scale.ledger_adds):
                    timed(more if i else first, usage.add, owner, 250)
            print(f"  token ledger add, first of the day (person + row created): {summary(first)}")
            print(f"  token ledger add, increment: {summary(more)}")
            column["ledger add, first of day (ms)"] = percentiles(first)
            column["ledger add, increment (ms)"] = percentiles(more)
        finally:
            engine.dispose()
    backup_figures(backend, root, scale, index_from, column)
    for measure, value in column.items():
        table.setdefault(measure, {})[backend] = value


def print_table(title: str, table: dict[str, dict[str, str]], columns: list[str]) -> None:
    width = max(len(m) for m in table) + 2
    print(f"{title:<{width}}" + "".join(f"{c:>18}" for c in columns))
    for measure, values in table.items():
        print(f"{measure:<{width}}" + "".join(f"{values.get(c, '-'):>18}" for c in columns))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a much shorter run (mini knowledge base, fewer rows)")
    quick = parser.parse_args().quick
    scale = QUICK if quick else Scale()
    root = Path(tempfile.mkdtemp(prefix="cap-bench-trust-"))
    backends = ["sqlite", "postgresql"] if POSTGRES_ADMIN_URL else ["sqlite"]
    if not POSTGRES_ADMIN_URL:
        print("PostgreSQL skipped: set CAP_TEST_POSTGRES_URL (scripts/test-postgres.sh does)")
    try:
        search: dict[str, dict[str, str]] = {}
        embedded = search_figures(root, scale, quick, search)
        databases: dict[str, dict[str, str]] = {}
        for backend in backends:
            database_figures(backend, root, scale, embedded, databases)
        print(
            f"\nSummary (latencies p50 / p95 in ms; {scale.users} users x {scale.threads} threads "
            f"x {scale.steps} steps, {scale.people} people backed up, "
            f"{scale.questions} questions x {scale.rounds} round(s))"
        )
        print_table("measure", databases, backends)
        print_table("knowledge search", search, ["embedded", "chroma server"])
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
