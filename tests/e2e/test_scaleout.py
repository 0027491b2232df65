"""Scale-out: two app workers share PostgreSQL and a Chroma server, and serve the same person in turn."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import ExitStack

import pytest
from sqlalchemy import create_engine, text

from assistant.runtime import run_ingest
from assistant.storage.db import make_engine, make_sessions
from assistant.storage.users import UserStore
from tests.chroma_server import CHROMA_BIN, ChromaServer
from tests.databases import postgres_database
from tests.e2e.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, _require_browser, _serve
from tests.e2e.test_interview_ui import answer_current_question

pytestmark = pytest.mark.e2e
PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def cluster(mini_index, embeddings, tmp_path_factory) -> Iterator[tuple[str, str, str]]:
    """PostgreSQL, a Chroma server holding the index, and two workers that share nothing else."""
    _require_browser()
    if CHROMA_BIN is None:
        pytest.fail("the `chroma` server binary of the chromadb package is missing")
    root = tmp_path_factory.mktemp("scaleout")
    with ExitStack() as stack:
        db_url = stack.enter_context(postgres_database())
        chroma = ChromaServer(root / "chroma")
        chroma.start(give_up=pytest.fail)
        stack.callback(chroma.stop)
        run_ingest(mini_index.model_copy(update={"chroma_url": chroma.url}), embeddings)
        UserStore(make_sessions(make_engine(db_url))).add("emma", "Acme", "employee", PASSWORD)
        shared = {
            "CAP_AUTH": "password",
            "CAP_DATABASE_URL": db_url,
            "CAP_CHROMA_URL": chroma.url,
            # Workers on different machines must sign sessions with the same secret.
            "CHAINLIT_AUTH_SECRET": secrets.token_urlsafe(48),
        }
        urls = []
        for name in ("worker-a", "worker-b"):
            workdir = root / name
            workdir.mkdir()
            # Each worker has its own data folder: nothing is shared through the local disk.
            server = _serve(mini_index, workdir, {**shared, "CAP_DATA_DIR": str(workdir / "data")})
            urls.append(next(server))
            stack.callback(next, server, None)
        yield urls[0], urls[1], db_url


def wait_for_question(page, number: int) -> None:
    page.wait_for_function(
        "([n]) => document.body.innerText.includes(`Question ${n} sur`)", arg=[number], timeout=60_000
    )


def test_two_workers_serve_the_same_person_in_turn_and_nothing_is_lost(cluster):
    from playwright.sync_api import sync_playwright

    worker_a, worker_b, db_url = cluster
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900}).new_page()
        page.goto(worker_a)
        page.locator("#email").fill("emma")
        page.locator("#password").fill(PASSWORD)
        page.locator("button[type=submit]").click()
        page.locator("#starter-faire-mon-auto-évaluation").click(timeout=60_000)
        page.get_by_role("button", name="Commercial / marketing").click(timeout=90_000)
        for number in (1, 2, 3):
            answer_current_question(page, number)
            wait_for_question(page, number + 1)

        # The same browser goes to the other worker (the login cookie is per host, not per port).
        page.goto(worker_b)
        page.get_by_text("Bon retour").wait_for(timeout=60_000)
        for number in (4, 5, 6):
            answer_current_question(page, number)
            wait_for_question(page, number + 1)
        # The conversation started on worker A is in the history that worker B shows.
        page.get_by_text("Faire mon auto-évaluation", exact=False).first.wait_for(timeout=30_000)
        # Worker B answers from the index on the Chroma server.
        page.locator("#chat-input").fill("Quelles pratiques sont interdites par l'AI Act ?")
        page.locator("#chat-submit").click()
        page.get_by_text("Voici ce que dit la base de connaissances").last.wait_for(timeout=90_000)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "e2e-scaleout-worker-b.png"))

        page.goto(worker_a)
        page.get_by_text("Bon retour").wait_for(timeout=60_000)
        page.get_by_text("Question 7 sur").last.wait_for(timeout=60_000)
        browser.close()

    engine = create_engine(db_url)
    with engine.connect() as connection:
        answers = connection.execute(
            text(
                "SELECT a.item_id, a.sequence FROM answers a JOIN assessments s ON s.id = a.assessment_id "
                "JOIN people p ON p.id = s.person_id WHERE p.key = 'user:emma' ORDER BY a.sequence"
            )
        ).all()
        checkpoints = connection.execute(text("SELECT count(*) FROM checkpoints")).scalar()
        history = connection.execute(text("SELECT count(*) FROM chat_threads WHERE user_identifier = 'emma'")).scalar()
    engine.dispose()
    assert [sequence for _, sequence in answers] == [1, 2, 3, 4, 5, 6]
    assert len({item for item, _ in answers}) == 6  # six different questions, none twice
    assert checkpoints and checkpoints > 0  # the agent's memory is in PostgreSQL, not in a worker's files
    assert history and history >= 1
