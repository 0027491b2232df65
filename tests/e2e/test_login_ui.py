"""With password login: a wrong password is refused, an employee sees only their profile, data stay per user."""

import subprocess
import sys

import pytest

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, _require_browser, _serve

pytestmark = pytest.mark.e2e
PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def login_database(tmp_path_factory):
    """The database of the login server: its users are added, and disabled, with the real CLI."""
    return f"sqlite:///{tmp_path_factory.mktemp('login-db') / 'users.sqlite'}"


@pytest.fixture(scope="module")
def login_server(mini_index, tmp_path_factory, login_database):
    _require_browser()
    workdir = tmp_path_factory.mktemp("login")
    env = {"CAP_AUTH": "password", "CAP_DATABASE_URL": login_database}
    import os

    for login, role in (("emma", "employee"), ("marc", "manager"), ("dora", "employee")):
        subprocess.run(
            [sys.executable, "-m", "assistant.cli", "users", "add", login, "--role", role, "--org", "Acme",
             "--password-stdin"],
            input=PASSWORD + "\n", text=True, check=True, capture_output=True,
            env={**os.environ, "CAP_DATA_DIR": str(mini_index.data_dir), **env},
        )  # fmt: skip
    yield from _serve(mini_index, workdir, env)


def log_in(browser, url, login, password):
    page = browser.new_context(locale="fr-FR").new_page()
    page.goto(url)
    page.locator("#email").fill(login)
    page.locator("#password").fill(password)
    page.locator("button[type=submit]").click()
    return page


def test_login_roles_and_refusals(login_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        wrong = log_in(browser, login_server, "emma", "not the password")
        wrong.locator("#email").wait_for(timeout=30_000)
        wrong.wait_for_timeout(1500)
        assert wrong.locator("#chat-input").count() == 0  # still on the login page

        employee = log_in(browser, login_server, "emma", PASSWORD)
        employee.locator("#chat-input").wait_for(timeout=60_000)
        employee.locator("[id^=starter-faire]").wait_for(timeout=30_000)
        assert employee.locator("#chat-profiles").count() == 0  # a single profile: no selector

        manager = log_in(browser, login_server, "marc", PASSWORD)
        manager.locator("#chat-profiles").click(timeout=60_000)
        options = manager.get_by_role("option")
        options.first.wait_for(timeout=30_000)
        names = options.all_inner_texts()
        assert any("Manager" in n for n in names) and not any("Formateur" in n for n in names)
        browser.close()


def test_history_is_kept_reopened_and_private(login_server):
    """Emma's conversation is in her history after a reload and opens again; Marc cannot open it by its address."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import ARTIFACTS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        emma = log_in(browser, login_server, "emma", PASSWORD)
        emma.locator("[id^=starter-faire]").wait_for(timeout=60_000)  # connected and ready
        emma.locator("#chat-input").fill("Qu'est-ce que l'AI Act change pour une PME ?")
        emma.locator("#chat-submit").click()
        emma.locator(".step").nth(1).wait_for(timeout=120_000)
        emma.wait_for_url("**/thread/**", timeout=60_000)
        thread_url = emma.url
        emma.wait_for_timeout(1500)  # the answer's last update reaches the database

        emma.goto(login_server)
        emma.locator("#chat-input").wait_for(timeout=60_000)
        entry = emma.get_by_text("Qu'est-ce que l'AI Act change", exact=False).first
        entry.wait_for(timeout=30_000)  # listed in the sidebar history
        emma.goto(thread_url)
        emma.locator(".step").nth(1).wait_for(timeout=60_000)  # the question and the answer are shown again
        assert "AI Act change pour une PME" in emma.locator(".step").first.inner_text()
        emma.locator("#chat-input").wait_for(timeout=30_000)  # and the conversation can go on
        ARTIFACTS.mkdir(exist_ok=True)
        emma.screenshot(path=str(ARTIFACTS / "e2e-history-reopened.png"))

        marc = log_in(browser, login_server, "marc", PASSWORD)
        marc.locator("#chat-input").wait_for(timeout=60_000)
        marc.goto(thread_url)
        marc.wait_for_timeout(4000)
        assert marc.get_by_text("Qu'est-ce que l'AI Act change", exact=False).count() == 0
        # Nor through the API, with Marc's session cookie: read, rename, delete are all refused.
        thread_id = thread_url.rstrip("/").rsplit("/", 1)[-1]
        api = marc.context.request
        assert api.get(f"{login_server}/project/thread/{thread_id}").status == 401
        renamed = api.put(f"{login_server}/project/thread", data={"threadId": thread_id, "name": "pris"})
        assert renamed.status == 401
        assert api.delete(f"{login_server}/project/thread", data={"threadId": thread_id}).status == 401
        assert emma.context.request.get(f"{login_server}/project/thread/{thread_id}").status == 200  # still there
        browser.close()


def test_a_disabled_account_is_refused_at_once_even_with_a_live_session(login_server, login_database, mini_index):
    """Disabling takes effect on the next message, without waiting for the session token to expire."""
    import os

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        dora = log_in(browser, login_server, "dora", PASSWORD)
        dora.locator("[id^=starter-faire]").wait_for(timeout=60_000)
        env = {k: v for k, v in os.environ.items() if not k.startswith("CAP_")}
        subprocess.run(
            [sys.executable, "-m", "assistant.cli", "users", "disable", "dora"],
            check=True, capture_output=True,
            env={**env, "CAP_DATA_DIR": str(mini_index.data_dir), "CAP_DATABASE_URL": login_database},
        )  # fmt: skip
        dora.locator("#chat-input").fill("Bonjour")
        dora.locator("#chat-submit").click()
        dora.get_by_text("Votre compte a été désactivé").last.wait_for(timeout=60_000)
        browser.close()


def test_without_a_session_the_api_answers_nothing_and_the_session_cookie_is_guarded(login_server):
    """Chainlit's data routes refuse anonymous calls; the login cookie is HttpOnly and SameSite."""
    import httpx

    with httpx.Client(base_url=login_server, timeout=30) as client:
        assert client.post("/project/threads", json={"pagination": {"first": 20}, "filter": {}}).status_code == 401
        assert client.get("/project/thread/any-thread").status_code == 401
        assert client.get("/user").status_code == 401
        login = client.post("/login", data={"username": "marc", "password": PASSWORD})
        assert login.status_code == 200
        cookie = login.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=" in cookie and "samesite=none" not in cookie
        assert client.get("/user").json()["identifier"] == "marc"
