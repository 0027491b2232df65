"""The ``cap-ia`` command: serve, ingest, chat, eval."""

from __future__ import annotations

import asyncio
import getpass
import json
import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

from assistant.config import PROJECT_ROOT, Settings, SettingsError, load_settings
from assistant.personas import PROFILES

T = TypeVar("T")

if TYPE_CHECKING:
    from assistant.knowledge.ingest import IngestReport

app = typer.Typer(help="Cap IA — AI adoption coach for PME and training organisations.", no_args_is_help=True)
eval_app = typer.Typer(help="Evaluate the assistant.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
console = Console()
err = Console(stderr=True)


def _settings() -> Settings:
    from assistant.logging_setup import configure_logging

    configure_logging()
    try:
        return load_settings()
    except SettingsError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None


def _print_report(report: IngestReport) -> None:
    console.print(
        f"Knowledge base: {len(report.added)} added, {len(report.updated)} updated, "
        f"{len(report.removed)} removed, {report.unchanged} unchanged, {len(report.skipped)} skipped; "
        f"{report.chunks_embedded} chunks embedded, {report.chunks_total} in the index; {report.seconds:.1f} s"
        + (" (full rebuild: embedding or chunking settings changed)" if report.full_rebuild else "")
    )
    for path, reason in report.skipped:
        err.print(f"[yellow]skipped[/yellow] {path}: {reason}")


def do_ingest(settings: Settings, sources: list[Path] | None = None) -> IngestReport:
    """Ingest with a progress bar; exit with a clear message if the index is busy."""
    from assistant.knowledge.ingest import SourceFolder
    from assistant.knowledge.store import IndexLockedError
    from assistant.models import build_embeddings
    from assistant.runtime import run_ingest

    extra = [SourceFolder(path.resolve(), prefix=f"{path.resolve().name}/") for path in sources or []]
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("Embedding chunks", total=None)

        def progress(stage: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        try:
            report = run_ingest(settings, build_embeddings(settings), extra, progress)
        except IndexLockedError as exc:
            err.print(f"[red]{exc}[/red]")
            raise typer.Exit(3) from None
    _print_report(report)
    counts = {"added": len(report.added), "updated": len(report.updated), "removed": len(report.removed)}
    detail = " ".join(f"{name}={count}" for name, count in counts.items()) + f" skipped={len(report.skipped)}"
    _audit("knowledge_ingested", settings.organisation, detail=detail[:500])
    return report


@app.command()
def ingest(
    source: Annotated[list[Path] | None, typer.Option("--source", help="Extra folder of documents to ingest")] = None,
) -> None:
    """Load knowledge/ (and --source folders) into the index; only changes are re-embedded."""
    do_ingest(_settings(), source)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (default CAP_HOST)")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default CAP_PORT)")] = None,
    skip_ingest: Annotated[bool, typer.Option("--skip-ingest", help="Do not refresh the index first")] = False,
) -> None:
    """Refresh the knowledge index, then start the chat UI."""
    settings = _settings()
    if not skip_ingest:
        do_ingest(settings)
    # Chainlit reads its app root and address from the environment when it is imported.
    os.environ.update(
        CHAINLIT_APP_ROOT=str(PROJECT_ROOT),
        CHAINLIT_HOST=host or settings.host,
        CHAINLIT_PORT=str(port or settings.port),
        CAP_DATA_DIR=str(settings.data_dir),
    )
    if settings.auth != "none" and not os.environ.get("CHAINLIT_AUTH_SECRET"):
        os.environ["CHAINLIT_AUTH_SECRET"] = _auth_secret(settings.auth_secret_path)
    console.print(f"Cap IA on http://{host or settings.host}:{port or settings.port} (Ctrl-C to stop)")
    from chainlit.cli import run_chainlit
    from chainlit.config import config as chainlit_config

    chainlit_config.run.headless = True
    run_chainlit(str(PROJECT_ROOT / "assistant" / "ui" / "app.py"))


def _auth_secret(path: Path) -> str:
    """The session-signing secret: generated once, kept readable by this user only."""
    import secrets

    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    path.write_text(secret, encoding="utf-8")
    path.chmod(0o600)
    return secret


users_app = typer.Typer(help="Manage the users who log in (CAP_AUTH=password or header).", no_args_is_help=True)
app.add_typer(users_app, name="users")


def _user_store() -> Any:
    from assistant.storage.db import make_engine, make_sessions
    from assistant.storage.users import UserStore

    return UserStore(make_sessions(make_engine(_settings().sqlalchemy_url)))


def _audit(action: str, organisation: str, target: str | None = None, detail: str | None = None) -> None:
    from assistant.storage.audit import AuditLog
    from assistant.storage.db import make_engine, make_sessions

    log = AuditLog(make_sessions(make_engine(_settings().sqlalchemy_url)))
    log.record(action, organisation, f"cli:{getpass.getuser()}", target, detail)


def _read_password(from_stdin: bool) -> str:
    import sys

    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@users_app.command("add")
def users_add(
    login: Annotated[str, typer.Argument(help="Login (e-mail address or name)")],
    role: Annotated[str, typer.Option(help="employee, manager, trainer or admin")] = "employee",
    organisation: Annotated[str | None, typer.Option("--org", help="Organisation (default CAP_ORGANISATION)")] = None,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from stdin")] = False,
) -> None:
    """Create a user (the password is asked for, never passed as an argument)."""
    from assistant.storage.users import UserError

    try:
        account = _user_store().add(
            login, organisation or _settings().organisation, role, _read_password(password_stdin)
        )
    except UserError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    _audit("user_added", account.organisation, account.login, f"role={account.role}")
    console.print(f"Created {account.login} ({account.role}, {account.organisation})")


@users_app.command("list")
def users_list() -> None:
    """List users: login, organisation, role, status."""
    for account in _user_store().list():
        status = "disabled" if account.disabled else "active"
        typer.echo(f"{account.login}\t{account.organisation}\t{account.role}\t{status}")


@users_app.command("disable")
def users_disable(login: Annotated[str, typer.Argument()]) -> None:
    """Disable a user: they can no longer log in (their data stay until erased)."""
    from assistant.storage.users import UserError

    try:
        _user_store().set_disabled(login, True)
    except UserError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    _audit("user_disabled", _settings().organisation, login)
    console.print(f"Disabled {login}")


@users_app.command("reset-password")
def users_reset_password(
    login: Annotated[str, typer.Argument()],
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from stdin")] = False,
) -> None:
    """Set a new password (and lift a lock after failed logins)."""
    from assistant.storage.users import UserError

    try:
        _user_store().reset_password(login, _read_password(password_stdin))
    except UserError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    _audit("password_reset", _settings().organisation, login)
    console.print(f"Password reset for {login}")


def _person(login: str | None, key: str | None, organisation: str | None) -> Any:
    from assistant.storage.assessments import Owner

    if bool(login) == bool(key):
        err.print("[red]give a LOGIN, or --key for a person without login[/red]")
        raise typer.Exit(2)
    return Owner(organisation or _settings().organisation, key or f"user:{str(login).strip().lower()}")


async def _personal_data(action: str, owner: Any, actor: str) -> Any:
    from assistant.runtime import build_services
    from assistant.services.personal_data import PersonalData
    from assistant.storage.checkpoints import open_checkpointer

    settings = _settings()
    services = build_services(settings)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    async with open_checkpointer(settings) as saver:
        data = PersonalData(services.interview.store, saver, services.audit, actor)
        return await (data.export(owner) if action == "export" else data.erase(owner))


@app.command("export")
def export_person(
    login: Annotated[str | None, typer.Argument(help="The person's login")] = None,
    key: Annotated[str | None, typer.Option(help="Person key (people without a login)")] = None,
    organisation: Annotated[str | None, typer.Option("--org")] = None,
) -> None:
    """Answer a data-subject access request: everything stored about a person, as JSON (audited)."""
    data = asyncio.run(_personal_data("export", _person(login, key, organisation), f"cli:{getpass.getuser()}"))
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@app.command("erase")
def erase_person(
    login: Annotated[str | None, typer.Argument(help="The person's login")] = None,
    key: Annotated[str | None, typer.Option(help="Person key (people without a login)")] = None,
    organisation: Annotated[str | None, typer.Option("--org")] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation")] = False,
) -> None:
    """Erase a person's answers, results and conversations (audited without content)."""
    owner = _person(login, key, organisation)
    if not yes and not typer.confirm(f"Erase everything about {owner.person_key} ({owner.organisation})?"):
        raise typer.Exit(1)
    report = asyncio.run(_personal_data("erase", owner, f"cli:{getpass.getuser()}"))
    console.print(f"Erased {report.database_rows} rows and {report.conversations} conversation(s)")


@app.command()
def retention() -> None:
    """Delete conversations and assessments older than CAP_RETENTION_* days (run it daily, e.g. from cron)."""
    from datetime import UTC, datetime, timedelta

    from assistant.runtime import build_services
    from assistant.storage.chat_history import ChatHistoryStore
    from assistant.storage.checkpoints import open_checkpointer
    from assistant.storage.usage import UsageStore

    settings = _settings()
    services = build_services(settings)
    now = datetime.now(UTC)
    threads, assessments = services.interview.store.expire(
        now - timedelta(days=settings.retention_conversation_days),
        now - timedelta(days=settings.retention_assessment_days),
    )
    history = ChatHistoryStore(services.interview.store.sessions).expire(
        now - timedelta(days=settings.retention_conversation_days)
    )
    # Token counts only matter for today's budget; a month is kept for cost follow-up.
    UsageStore(services.interview.store.sessions).expire((now - timedelta(days=31)).date())

    async def forget() -> None:
        async with open_checkpointer(settings) as saver:
            for thread in threads:
                await saver.adelete_thread(thread)

    if threads:
        asyncio.run(forget())
    detail = f"conversations={len(threads)} history={len(history)} assessments={assessments}"
    services.audit.record("retention_applied", settings.organisation, f"cli:{getpass.getuser()}", detail=detail)
    console.print(f"Removed {len(threads)} conversation(s) and {assessments} assessment(s)")


@app.command()
def audit(organisation: Annotated[str | None, typer.Option("--org")] = None) -> None:
    """Print the audit log (who did what and when; never content)."""
    from assistant.runtime import build_services

    for entry in build_services(_settings()).audit.entries(organisation):
        fields = (entry.at.isoformat(), entry.organisation, entry.actor, entry.action, entry.target, entry.detail)
        typer.echo("\t".join(field or "-" for field in fields))


@app.command()
def migrate(
    check: Annotated[bool, typer.Option("--check", help="Only report; exit 1 if the database is behind")] = False,
) -> None:
    """Bring the database to the current schema (workers also do it on start; run it before a rolling update)."""
    from assistant.storage.db import make_engine
    from assistant.storage.migrate import current_revision, head_revision, upgrade

    settings = _settings()
    engine = make_engine(settings.sqlalchemy_url)
    before, head = current_revision(engine), head_revision()
    if check:
        console.print(f"database at {before or 'no schema'}, this version needs {head}")
        raise typer.Exit(0 if before == head else 1)
    upgrade(engine)
    console.print(f"database at {current_revision(engine)} (was {before or 'empty'})")


@app.command()
def chat(
    profile: Annotated[str, typer.Option(help="employee, manager or trainer")] = "employee",
    thread: Annotated[str | None, typer.Option(help="Conversation id to resume")] = None,
) -> None:
    """Talk to the same agent in the terminal."""
    if profile not in PROFILES:
        err.print(f"[red]--profile must be one of {', '.join(PROFILES)}[/red]")
        raise typer.Exit(2)
    settings = _settings()
    asyncio.run(_chat_loop(settings, profile, thread or uuid.uuid4().hex[:12]))


async def _chat_loop(settings: Settings, profile: str, thread: str) -> None:
    from assistant.knowledge.store import IndexMissingError
    from assistant.language import Lang, message_language
    from assistant.runtime import build_runtime
    from assistant.services.interview_text import panel_markdown
    from assistant.storage.assessments import Owner
    from assistant.storage.checkpoints import open_checkpointer
    from assistant.streaming import Failed, Sources, Token, ToolFinished, ToolStarted, stream_turn
    from assistant.tools.assessment import INTERVIEW_TOOLS, SessionContext

    try:
        runtime = build_runtime(settings)
    except IndexMissingError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(3) from None
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    console.print(
        f"[dim]Cap IA ({profile}, model {runtime.model_label}, conversation {thread}). Empty line to quit.[/dim]"
    )
    async with open_checkpointer(settings) as saver:
        agent = runtime.agent(profile, saver)  # type: ignore[arg-type]
        owner = Owner(settings.organisation, f"terminal:{getpass.getuser()}")
        lang: Lang = settings.ui_language
        runtime.interview.store.remember_thread(owner, f"{profile}:{thread}", profile)
        while True:
            try:
                text = console.input("[bold]> [/bold]").strip()
            except (EOFError, KeyboardInterrupt):
                break
            if not text:
                break
            if len(text) > settings.max_message_chars:
                console.print(
                    f"[yellow]Message too long ({len(text)} > {settings.max_message_chars} characters).[/yellow]"
                )
                continue
            lang = message_language(text, lang)
            interview_ran = False
            context = SessionContext(owner, lang)
            async for event in stream_turn(agent, text, f"{profile}:{thread}", language=lang, context=context):
                if isinstance(event, ToolFinished) and event.name in INTERVIEW_TOOLS:
                    interview_ran = True
                if isinstance(event, Token):
                    console.print(event.text, end="", markup=False, highlight=False)
                elif isinstance(event, ToolStarted):
                    console.print(f"[dim]… {event.name}({json.dumps(event.args, ensure_ascii=False)})[/dim]")
                elif isinstance(event, Sources):
                    console.print()
                    for number, passage in event.passages:
                        console.print(f"[dim][{number}] {passage.doc_id} — {passage.heading}[/dim]", markup=True)
                elif isinstance(event, Failed):
                    console.print(f"[red]{event.message}[/red]")
            console.print()
            if interview_ran:
                state = runtime.interview.state(owner, lang)
                console.print(panel_markdown(state, runtime.interview.roles(lang), lang), markup=False)


@app.command()
def discover(
    profile: Annotated[Path, typer.Option("--profile", help="Company profile, YAML or JSON (see README)")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the full result as JSON")] = False,
    lang: Annotated[str, typer.Option(help="fr or en")] = "fr",
    top: Annotated[int, typer.Option(help="How many use cases to rank")] = 10,
) -> None:
    """Rank AI use cases for a company profile file (same pipeline as the Manager chat)."""
    from assistant.domain.company import ProfileError, load_profile
    from assistant.domain.discovery import discover as run_discovery
    from assistant.domain.skills import load_framework
    from assistant.domain.training import load_modules
    from assistant.domain.usecases import load_catalogue
    from assistant.services.discovery_text import portfolio_table, roadmap_markdown, what_if_lines

    settings = _settings()
    framework = load_framework(settings.knowledge_dir / "frameworks")
    catalogue = load_catalogue(settings.knowledge_dir / "usecases", framework.domain_ids)
    modules = load_modules(settings.knowledge_dir / "training" / "modules.yaml", framework.domain_ids)
    try:
        company = load_profile(profile, catalogue.vocabulary)
    except ProfileError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    language = "en" if lang == "en" else "fr"
    data = run_discovery(company, catalogue, modules, None, language, top_n=top).as_dict()
    if as_json:
        console.print_json(json.dumps(data, ensure_ascii=False, default=str))
        return
    for block in (portfolio_table(data, language), what_if_lines(data, language), roadmap_markdown(data, language)):
        console.print(block, markup=False, highlight=False, soft_wrap=True)
        console.print()
    console.print(data["disclaimer"], markup=False, soft_wrap=True)


def _training_service(settings: Settings) -> Any:
    from assistant.domain.skills import load_framework
    from assistant.domain.training import load_modules
    from assistant.services.training import TrainingService

    framework = load_framework(settings.knowledge_dir / "frameworks")
    return TrainingService(framework, load_modules(settings.knowledge_dir / "training" / "modules.yaml"))


@app.command()
def outline(
    request: Annotated[str, typer.Option("--request", help='e.g. "atelier de 3h sur le prompting, débutants"')],
    as_json: Annotated[bool, typer.Option("--json", help="Print the outline as JSON")] = False,
    lang: Annotated[str, typer.Option(help="fr or en")] = "fr",
    docx: Annotated[Path | None, typer.Option(help="Also write the programme sheet as DOCX here")] = None,
) -> None:
    """Outline an atelier from a request in French or English (same domain as the Formateur chat)."""
    from assistant.exports.programme_sheet import build_programme_sheet
    from assistant.exports.render import to_docx, to_markdown

    service = _training_service(_settings())
    result = service.outline_from_text(request, "en" if lang == "en" else "fr")
    if result.outline is None:
        err.print(f"[yellow]Missing: {service.missing_text(result, lang)}[/yellow]")
        raise typer.Exit(2)
    if docx is not None:
        docx.write_bytes(to_docx(build_programme_sheet(result.outline)))
    if as_json:
        console.print_json(json.dumps(result.as_dict(), ensure_ascii=False, default=str))
        return
    console.print(to_markdown(build_programme_sheet(result.outline)), markup=False, highlight=False, soft_wrap=True)


@app.command("check-programme")
def check_programme_command(
    sheet: Annotated[Path, typer.Argument(help="Programme sheet: DOCX, PDF, Markdown or text")],
    lang: Annotated[str, typer.Option(help="fr or en")] = "fr",
    as_json: Annotated[bool, typer.Option("--json", help="Print the findings as JSON")] = False,
) -> None:
    """List what a programme sheet misses (Qualiopi indicator 1, L6353-1) and its vague objectives."""
    from assistant.offline_training import check_summary
    from assistant.services.training import TrainingError

    service = _training_service(_settings())
    try:
        check = service.check_file(sheet, "en" if lang == "en" else "fr")
    except TrainingError as exc:
        err.print(f"[red]{sheet}: {exc}[/red]")
        raise typer.Exit(2) from None
    if as_json:
        console.print_json(json.dumps(check.as_dict(), ensure_ascii=False, default=str))
    else:
        console.print(check_summary(check.as_dict(), lang), markup=False, soft_wrap=True)
    raise typer.Exit(0 if check.passed else 1)


@app.command("literacy-record")
def literacy_record(
    source: Annotated[Path, typer.Argument(help="YAML: organisation, as_of, headcounts, systems, completions")],
    csv_out: Annotated[Path | None, typer.Option("--csv", help="Write the record as CSV here")] = None,
    docx_out: Annotated[Path | None, typer.Option("--docx", help="Write the record as DOCX here")] = None,
    lang: Annotated[str, typer.Option(help="fr or en")] = "fr",
) -> None:
    """Build the AI Act Article 4 AI-literacy record (per role, no names, no scores)."""
    from assistant.domain.literacy_record import to_csv
    from assistant.services.training import TrainingError

    service = _training_service(_settings())
    try:
        record = service.literacy_record_from_file(source, "en" if lang == "en" else "fr")
    except TrainingError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    text = to_csv(record)
    if docx_out is not None:
        from assistant.exports.literacy import build_literacy_report
        from assistant.exports.render import to_docx

        docx_out.write_bytes(to_docx(build_literacy_report(record)))
    if csv_out is not None:
        csv_out.write_text(text, encoding="utf-8")
    else:
        console.print(text, markup=False, soft_wrap=True)


@eval_app.command("retrieval")
def eval_retrieval(
    questions: Annotated[list[Path] | None, typer.Option("--questions", help="Gold file(s), YAML or JSON")] = None,
    k: Annotated[int, typer.Option(help="Cut-off rank")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Print recall@k and MRR of the retriever on a gold set."""
    from assistant.knowledge.evaluation import evaluate, load_gold
    from assistant.knowledge.lexicon import load_lexicon
    from assistant.knowledge.remote_store import index_location
    from assistant.knowledge.retrieval import HybridRetriever
    from assistant.knowledge.store import IndexMissingError
    from assistant.models import build_embeddings

    settings = _settings()
    paths = questions or sorted((PROJECT_ROOT / "tests" / "data" / "gold").glob("*.yaml"))
    try:
        items = load_gold(paths)
        store = index_location(settings).open_current(build_embeddings(settings))
    except (IndexMissingError, OSError, ValueError) as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    lexicon = load_lexicon(settings.knowledge_dir / "lexicon" / "fr_en.yaml")
    report: dict[str, Any] = evaluate(HybridRetriever(store, lexicon), items, k=k).as_dict()
    if as_json:
        console.print_json(json.dumps(report, ensure_ascii=False))
        return
    console.print(f"{report['items']} questions — recall@{k} {report[f'recall@{k}']:.3f}, MRR {report['mrr']:.3f}")
    for name, group in report["groups"].items():
        console.print(
            f"  {name}: {group['items']} questions, recall@{k} {group[f'recall@{k}']:.3f}, MRR {group['mrr']:.3f}"
        )
    for miss in report["misses"]:
        console.print(f"  [yellow]miss[/yellow] {miss['id']}: {miss['question']} -> {miss['top'][:3]}")


def _backup_step(step: Callable[[], T]) -> T:
    """Run a backup or a restore; a busy index or a refused archive ends with a clear message."""
    from assistant.backup import BackupError
    from assistant.knowledge.store import IndexLockedError

    try:
        return step()
    except IndexLockedError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(3) from None
    except BackupError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None


@app.command()
def backup(archive: Annotated[Path, typer.Argument(help="Archive to write, e.g. cap-ia-2026-11-24.tar.gz")]) -> None:
    """Write the database, the conversations and the knowledge index to one .tar.gz archive."""
    from assistant.backup import create_backup

    settings = _settings()
    report = _backup_step(lambda: create_backup(settings, archive))
    rows = sum(report.tables.values())
    _audit("backup", settings.organisation, detail=f"tables={len(report.tables)} rows={rows}")
    conversations = "no conversation file" if report.threads is None else f"{report.threads} conversation(s)"
    index = f"index {report.index}" if report.index else "no index"
    console.print(
        f"Backup written to {report.archive}: {len(report.tables)} tables, {rows} rows, {conversations}, {index}; "
        f"{report.size / 1e6:.1f} MB in {report.seconds:.1f} s"
    )
    for note in report.notes:
        err.print(f"[yellow]{note}[/yellow]")


@app.command()
def restore(
    archive: Annotated[Path, typer.Argument(help="Archive written by `cap-ia backup`")],
    force: Annotated[
        bool, typer.Option("--force", help="Replace what the database and conversation file already hold")
    ] = False,
) -> None:
    """Restore a backup into an empty database (or replace its content with --force); then restart the app."""
    from assistant.backup import restore_backup

    settings = _settings()
    report = _backup_step(lambda: restore_backup(settings, archive, force=force))
    rows = sum(report.tables.values())
    _audit("restore", settings.organisation, detail=f"tables={len(report.tables)} rows={rows}")
    for note in report.notes:
        err.print(f"[yellow]{note}[/yellow]")
    conversations = "no conversation" if report.threads is None else f"{report.threads} conversation(s)"
    index = f"index published as {report.index}" if report.index else "index unchanged"
    console.print(
        f"Restored {rows} rows in {len(report.tables)} tables (checked against the backup), {conversations}, "
        f"{index}; {report.seconds:.1f} s"
    )
    console.print("[bold]Restart Cap IA (cap-ia serve) so that it opens the restored data.[/bold]")


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
