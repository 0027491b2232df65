"""Backup and restore: database, conversations and index come back identical, or nothing changes at all."""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import shutil
import sqlite3
import tarfile
from collections.abc import Iterator
from contextlib import AbstractAsyncContextManager, ExitStack, closing
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Table,
    insert,
    make_url,
    select,
    text,
)
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from assistant.backup import BackupError, create_backup, restore_backup
from assistant.backup.rows import scan_table
from assistant.backup.tables import reflect
from assistant.cli import app
from assistant.config import Settings
from assistant.knowledge.embeddings import LocalE5Embeddings
from assistant.knowledge.store import IndexDirectory, IndexLockedError
from assistant.offline import OfflineChatModel
from assistant.runtime import build_runtime, build_services
from assistant.storage.assessments import Owner
from assistant.storage.audit import pseudonym
from assistant.storage.companies import CompanyStore
from assistant.storage.db import make_engine
from assistant.storage.models import Person, TokenUsage
from assistant.storage.users import UserStore
from assistant.streaming import stream_turn
from assistant.tools.assessment import SessionContext
from tests.conftest import make_settings
from tests.databases import BACKENDS, database_url

ALICE, BOB, CAROL = Owner("Acme", "alice"), Owner("Acme", "bob"), Owner("Globex", "carol")
EVIDENCE = "Je ressaisis les bons de livraison de Dupont SARL chaque lundi — 2 h ☕"
PASSWORD = "correct horse battery staple"
QUERY = "Que doit contenir la fiche programme ?"
THREAD = "employee:a1"
PROFILE = {"sector": "métallurgie", "headcount": 42, "sites": ["Lyon", "Köln"], "data": {"erp": None, "ok": True}}
BLOB = bytes(range(256))
runner = CliRunner()


def instance(folder: Path, url: str, index_from: Settings | None = None) -> Settings:
    """Settings of one Cap IA installation in ``folder``, optionally with a copy of another's index."""
    settings = make_settings(folder, database_url=url)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    if index_from is not None:
        shutil.copytree(index_from.index_dir, settings.index_dir)
    return settings


def checkpointer(settings: Settings) -> AbstractAsyncContextManager[Any]:
    """The conversation memory the app uses with this database: the SQLite file, or PostgreSQL itself."""
    url = make_url(settings.sqlalchemy_url)
    if url.get_backend_name() == "postgresql":
        from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver

        return AsyncPostgresSaver.from_conn_string(url.set(drivername="postgresql").render_as_string(False))
    from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

    return AsyncSqliteSaver.from_conn_string(str(settings.checkpoint_path))


async def messages(settings: Settings, thread: str = THREAD) -> list[str]:
    """The texts of a conversation as the checkpointer gives them back."""
    async with checkpointer(settings) as saver:
        if hasattr(saver, "setup"):
            await saver.setup()
        saved = await saver.aget_tuple({"configurable": {"thread_id": thread}})
    return [] if saved is None else [str(m.content) for m in saved.checkpoint["channel_values"]["messages"]]


EXTRA = MetaData()
# A table the app's models know nothing about (as a plug-in or Chainlit would add), with awkward types.
ATTACHMENTS = Table(
    "plugin_attachments",
    EXTRA,
    Column("id", Integer, primary_key=True),
    Column("name", String(100)),
    Column("content", LargeBinary),
    Column("amount", Numeric(10, 2)),
    Column("meta", JSON),
    Column("day", Date),
    Column("at", DateTime(timezone=True)),
    Column("flag", Boolean),
)


def reply(question: Any, last: bool = False) -> str:
    """An answer to any question: an option, or a free-text example."""
    return question.options[-1 if last else 0].id if question.options else EVIDENCE


async def populate(settings: Settings, embeddings: LocalE5Embeddings) -> dict[str, Any]:
    """Realistic data: conversations, interviews at several stages, users, audit, company profile, odd types."""
    runtime = build_runtime(settings, model=OfflineChatModel(), embeddings=embeddings)
    interview = runtime.interview
    async with checkpointer(settings) as saver:
        if hasattr(saver, "setup"):
            await saver.setup()
        agent = runtime.agent("employee", saver)
        interview.store.remember_thread(ALICE, THREAD, "employee")
        for said in ("Je veux faire mon auto-évaluation", "RH", "2"):
            async for _ in stream_turn(agent, said, THREAD, context=SessionContext(ALICE, "fr")):
                pass
    state = interview.state(ALICE)
    for _ in range(3):
        state = interview.answer(ALICE, state.question.item_id, reply(state.question), evidence=EVIDENCE)
    state = interview.start(BOB, "sales_marketing")
    while state.stage == "question":
        state = interview.answer(BOB, state.question.item_id, reply(state.question, last=True))
    interview.confirm(BOB)
    interview.start(CAROL, "hr", "en")
    sessions = interview.store.sessions
    users = UserStore(sessions)
    users.add("alice@acme.fr", "Acme", "employee", PASSWORD)
    users.add("manon@acme.fr", "Acme", "manager", PASSWORD)
    users.set_disabled("manon@acme.fr")
    runtime.audit.record("data_exported", "Acme", "cli:admin", pseudonym("alice"), "format=json")
    CompanyStore(sessions).save("Acme", PROFILE)
    with sessions.begin() as session:
        person = session.scalars(select(Person).where(Person.key == "alice")).one()
        session.add(TokenUsage(org_id=person.org_id, person_id=person.id, day=date(2026, 11, 24), tokens=1234))
    engine = sessions.kw["bind"]
    EXTRA.create_all(engine)
    full = {"name": "charte.pdf", "content": BLOB, "amount": Decimal("12.50"), "meta": {"pages": [1, "é"]}}
    full |= {"day": date(2026, 1, 31), "at": datetime(2026, 3, 1, 8, 30, 15, 123456, tzinfo=UTC), "flag": True}
    empty = {"name": "vide", "content": b"", "amount": None, "meta": None, "day": None, "at": None, "flag": False}
    with engine.begin() as connection:
        connection.execute(insert(ATTACHMENTS), [full, empty])
    facts = {
        "alice_question": interview.state(ALICE).question.item_id,
        "bob_levels": interview.state(BOB).results.domains,
        "audit": runtime.audit.entries(),
        "messages": await messages(settings),
    }
    engine.dispose()
    return facts


def digests(url: str) -> dict[str, tuple[int, str]]:
    """Row count and content hash of every table of a database."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return {t.name: scan_table(connection, t, [c.name for c in t.columns]) for t in reflect(connection)}
    finally:
        engine.dispose()


def naive_utc(value: Any) -> Any:
    """Datetimes as SQLite gives them back: naive, in UTC."""
    return value.astimezone(UTC).replace(tzinfo=None) if isinstance(value, datetime) and value.tzinfo else value


def rows(url: str, table: str) -> list[dict[str, Any]]:
    """A table's rows as plain dicts, ordered by id (datetimes as naive UTC, as SQLite gives them)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            found = reflect(connection)
            chosen = next(t for t in found if t.name == table)
            result = connection.execute(select(chosen).order_by(*chosen.primary_key.columns)).mappings()
            return [{key: naive_utc(value) for key, value in row.items()} for row in result]
    finally:
        engine.dispose()


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with its hash, to show that nothing changed."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()
    }


def top_ids(settings: Settings, embeddings: LocalE5Embeddings) -> list[tuple[str, str]]:
    store = IndexDirectory(settings.index_dir).open_current(embeddings)
    return [(str(doc.id), doc.metadata["doc_id"]) for doc in store.similarity_search(QUERY, k=5)]


@pytest.fixture(scope="module", params=BACKENDS)
def source(request, tmp_path_factory, mini_index, embeddings) -> Iterator[tuple[Settings, Path, dict[str, Any]]]:
    """An installation full of data (SQLite, or PostgreSQL when available) and its backup archive."""
    folder = tmp_path_factory.mktemp(f"source-{request.param}")
    with database_url(request.param, folder) as url:
        settings = instance(folder, url, index_from=mini_index)
        facts = asyncio.run(populate(settings, embeddings))
        archive = folder / "backups" / "cap-ia.tar.gz"
        facts["report"] = create_backup(settings, archive)
        yield settings, archive, facts


@pytest.fixture
def fresh(source: tuple[Settings, Path, dict[str, Any]], tmp_path: Path) -> Iterator[Any]:
    """Make empty installations on the source's kind of database (dropped at the end)."""
    backend = make_url(source[0].sqlalchemy_url).get_backend_name()
    with ExitStack() as stack:

        def make(name: str) -> Settings:
            folder = tmp_path / name
            folder.mkdir()
            return instance(folder, stack.enter_context(database_url(backend, folder)))

        yield make


async def test_round_trip_restores_database_conversations_and_index(source, fresh, embeddings):
    settings, archive, facts = source
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert names[0] == "manifest.json" and "db/people.jsonl" in names and "db/plugin_attachments.jsonl" in names
    assert manifest["format_version"] == 1 and manifest["created_at"].endswith("+00:00")
    assert manifest["app_version"] and manifest["chromadb_version"]
    tables = {t["name"]: t for t in manifest["database"]["tables"]}
    assert tables["answers"]["rows"] >= 25 and tables["people"]["rows"] == 3 and len(tables["people"]["sha256"]) == 64
    assert facts["report"].tables == {name: t["rows"] for name, t in tables.items()}
    assert manifest["index"]["chunks"] > 0 and "index/manifest.json" in names and "index/chroma.sqlite3" in names
    if manifest["database"]["dialect"] == "sqlite":
        assert manifest["checkpoints"] == {"file": "checkpoints/conversations.sqlite", "threads": 1}
    else:  # LangGraph keeps its checkpoints in PostgreSQL itself: they travel as tables
        assert tables["checkpoints"]["rows"] > 0 and tables["checkpoint_blobs"]["rows"] > 0
    assert not list(archive.parent.glob(".*partial"))

    target = fresh("target")
    report = restore_backup(target, archive)
    assert report.tables == {name: t["rows"] for name, t in tables.items()} and report.index

    before, after = digests(settings.sqlalchemy_url), digests(target.sqlalchemy_url)
    assert after == before
    logins = "accounts" if "accounts" in before else "users"
    for table in ("people", "answers", logins, "audit_events", "plugin_attachments", "token_usage", "company_profiles"):
        assert rows(target.sqlalchemy_url, table) == rows(settings.sqlalchemy_url, table)
    attachment = rows(target.sqlalchemy_url, "plugin_attachments")[0]
    assert attachment["content"] == BLOB and attachment["amount"] == Decimal("12.50") and attachment["flag"] is True
    assert attachment["at"] == datetime(2026, 3, 1, 8, 30, 15, 123456) and attachment["meta"] == {"pages": [1, "é"]}

    assert top_ids(target, embeddings) == top_ids(settings, embeddings)
    generation = IndexDirectory(target.index_dir).current_generation()
    assert generation is not None and generation.name != IndexDirectory(settings.index_dir).current_generation().name
    assert await messages(target) == facts["messages"] and len(facts["messages"]) >= 4

    services = build_services(target)
    try:
        state = services.interview.state(ALICE)
        assert state.stage == "question" and state.question.item_id == facts["alice_question"]
        assert services.interview.state(BOB).results.domains == facts["bob_levels"]
        assert CompanyStore(services.interview.store.sessions).load("Acme") == PROFILE
        assert services.audit.entries() == facts["audit"]
        assert UserStore(services.interview.store.sessions).authenticate("alice@acme.fr", PASSWORD) is not None
        # New rows get fresh ids (PostgreSQL's sequences were moved past the restored ones)...
        services.interview.answer(ALICE, state.question.item_id, "1" if state.question.options else EVIDENCE)
        services.audit.record("data_exported", "Acme", "cli:admin", pseudonym("bob"))
        # ...and the audit log is still append-only.
        with pytest.raises(DBAPIError, match="append-only"), services.interview.store.sessions.begin() as session:
            session.execute(text("DELETE FROM audit_events"))
    finally:
        services.interview.store.sessions.kw["bind"].dispose()


async def test_a_database_with_data_is_refused_untouched_and_force_replaces_it(source, fresh, embeddings):
    settings, archive, facts = source
    target = fresh("busy")
    services = build_services(target)
    engine = services.interview.store.sessions.kw["bind"]
    try:
        services.interview.start(Owner("Initech", "zoe"), "hr")
        services.audit.record("user_added", "Initech", "cli:root", "zoe@initech.fr")
    finally:
        engine.dispose()
    before, files = digests(target.sqlalchemy_url), tree(target.data_dir)
    with pytest.raises(BackupError, match=r"already holds data: .*people \(1 rows\).*--force"):
        restore_backup(target, archive)
    assert digests(target.sqlalchemy_url) == before and tree(target.data_dir) == files

    report = restore_backup(target, archive, force=True)  # despite the append-only guard of audit_events
    assert digests(target.sqlalchemy_url) == digests(settings.sqlalchemy_url)
    assert [e.actor for e in build_services(target).audit.entries()] == [e.actor for e in facts["audit"]]
    assert report.index and top_ids(target, embeddings) == top_ids(settings, embeddings)
    assert_audit_append_only(target.sqlalchemy_url, "UPDATE audit_events SET actor = 'someone else'")


@pytest.mark.parametrize("source", ["sqlite"], indirect=True)
def test_existing_conversations_are_not_overwritten_without_force(source, fresh):
    settings, archive, _facts = source
    target = fresh("conversations")
    with (
        closing(sqlite3.connect(settings.checkpoint_path)) as origin,
        closing(sqlite3.connect(target.checkpoint_path)) as copy,
    ):
        origin.backup(copy)  # an empty database, but a conversation file that holds a thread
    files = tree(target.data_dir)
    with pytest.raises(BackupError, match=r"already holds conversations.*--force"):
        restore_backup(target, archive)
    assert tree(target.data_dir) == files
    assert restore_backup(target, archive, force=True).threads == 1


def assert_audit_append_only(url: str, statement: str) -> None:
    """The database still refuses ``statement`` on the audit log (its guard is back after a restore)."""
    engine = make_engine(url)
    try:
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


def repack(archive: Path, target: Path, change: Any) -> Path:
    """Copy an archive, passing its manifest through ``change``."""
    with tarfile.open(archive) as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            data = old.extractfile(member).read() if member.isfile() else None
            if member.name == "manifest.json":
                data = json.dumps(change(json.loads(data))).encode()
                member.size = len(data)
            new.addfile(member, io.BytesIO(data) if data is not None else None)
    return target


def test_a_restore_that_does_not_verify_is_rolled_back_whole(source, fresh, tmp_path):
    archive = source[1]
    target = fresh("target")
    restore_backup(target, archive)
    before, files = digests(target.sqlalchemy_url), tree(target.data_dir)

    def lie(manifest: dict[str, Any]) -> dict[str, Any]:
        tables = [{**t, "sha256": "0" * 64} if t["name"] == "answers" else t for t in manifest["database"]["tables"]]
        return {**manifest, "database": {**manifest["database"], "tables": tables}}

    with pytest.raises(BackupError, match="differ from the backup in answers"):
        restore_backup(target, repack(archive, tmp_path / "lying.tar.gz", lie), force=True)
    # The wipe, the lifted audit guard and the inserts were all undone; conversations and index untouched.
    assert digests(target.sqlalchemy_url) == before and tree(target.data_dir) == files
    assert_audit_append_only(target.sqlalchemy_url, "DELETE FROM audit_events")


@pytest.mark.parametrize("source", ["sqlite"], indirect=True)
def test_a_missing_truncated_corrupt_or_foreign_archive_is_refused_and_nothing_changes(source, fresh, tmp_path):
    _settings, archive, _facts = source
    good = archive.read_bytes()
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "truncated.tar.gz").write_bytes(good[: len(good) // 2])
    (broken / "flipped.tar.gz").write_bytes(good[:5000] + bytes([good[5000] ^ 0xFF]) + good[5001:])
    (broken / "text.tar.gz").write_text("not an archive")
    with tarfile.open(broken / "foreign.tar.gz", "w:gz") as tar:
        tar.add(Path(__file__), arcname="test_backup.py")
    repack(archive, broken / "future.tar.gz", lambda m: {**m, "format_version": 99})
    repack(archive, broken / "altered.tar.gz", lambda m: {**m, "files": {**m["files"], "db/people.jsonl": "0" * 64}})
    target = fresh("target")
    expected = {
        "missing.tar.gz": "no backup archive",
        "truncated.tar.gz": "truncated or corrupt",
        "flipped.tar.gz": "truncated or corrupt",
        "text.tar.gz": "truncated or corrupt",
        "foreign.tar.gz": "not a Cap IA backup",
        "future.tar.gz": "format version 99",
        "altered.tar.gz": "db/people.jsonl is missing or altered",
    }
    for name, message in expected.items():
        with pytest.raises(BackupError, match=message):
            restore_backup(target, broken / name)
        assert not any(target.data_dir.iterdir()) and not Path(target.sqlalchemy_url[10:]).exists(), name


@pytest.mark.parametrize("source", ["sqlite"], indirect=True)
def test_a_failed_backup_leaves_no_archive_and_the_previous_one_intact(source, tmp_path):
    settings, _archive, _facts = source
    target = tmp_path / "out" / "cap-ia.tar.gz"
    target.parent.mkdir()
    target.write_bytes(b"yesterday's backup")
    with IndexDirectory(settings.index_dir).writer_lock(), pytest.raises(IndexLockedError):
        create_backup(settings, target)  # an ingest is writing the index
    assert target.read_bytes() == b"yesterday's backup" and [p.name for p in target.parent.iterdir()] == [target.name]
    with pytest.raises(BackupError, match="no database"):
        create_backup(make_settings(tmp_path / "nothing"), tmp_path / "nothing.tar.gz")
    assert not (tmp_path / "nothing.tar.gz").exists()


@pytest.mark.parametrize("source", ["sqlite"], indirect=True)
def test_with_a_chroma_server_the_index_is_left_to_ingest(source, fresh, tmp_path):
    settings, _archive, _facts = source
    remote = settings.model_copy(update={"chroma_url": "http://127.0.0.1:8001"})
    report = create_backup(remote, tmp_path / "remote.tar.gz")
    assert report.index is None and any("cap-ia ingest" in note for note in report.notes)
    with tarfile.open(tmp_path / "remote.tar.gz") as tar:
        assert not [name for name in tar.getnames() if name.startswith("index/")]
    target = fresh("target")
    restored = restore_backup(target, tmp_path / "remote.tar.gz")
    assert restored.index is None and any("cap-ia ingest" in note for note in restored.notes)
    assert digests(target.sqlalchemy_url) == digests(settings.sqlalchemy_url)


@pytest.mark.parametrize("source", ["sqlite"], indirect=True)
def test_cli_round_trip(source, tmp_path, monkeypatch):
    settings, archive, facts = source
    first, second = tmp_path / "first", tmp_path / "second"

    def use(folder: Path) -> None:
        monkeypatch.setenv("CAP_DATA_DIR", str(folder))
        monkeypatch.setenv("CAP_KNOWLEDGE_DIR", str(settings.knowledge_dir))

    use(first)
    restored = runner.invoke(app, ["restore", str(archive)])
    assert restored.exit_code == 0, restored.output
    assert "Restart Cap IA" in restored.output and "checked against the backup" in restored.output
    copy = tmp_path / "again.tar.gz"
    written = runner.invoke(app, ["backup", str(copy)])
    assert written.exit_code == 0, written.output
    assert "Backup written" in written.output and "1 conversation(s)" in written.output

    use(second)
    assert runner.invoke(app, ["restore", str(copy)]).exit_code == 0
    refused = runner.invoke(app, ["restore", str(copy)])
    assert refused.exit_code == 2 and "--force" in refused.output
    assert runner.invoke(app, ["restore", str(copy), "--force"]).exit_code == 0
    (tmp_path / "cut.tar.gz").write_bytes(copy.read_bytes()[:-100])
    cut = runner.invoke(app, ["restore", str(tmp_path / "cut.tar.gz"), "--force"])
    assert cut.exit_code == 2 and "truncated or corrupt" in cut.output
    audit = runner.invoke(app, ["audit"])
    actions = [line.split("\t")[3] for line in audit.output.splitlines()]
    # The first installation's log (its backup came after the archive), then this one's restore.
    assert actions == [entry.action for entry in facts["audit"]] + ["restore", "restore"]
