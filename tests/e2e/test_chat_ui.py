"""A person's first visit: choose a profile, click a starter, read a sourced answer."""

import pytest

from tests.e2e.conftest import ARTIFACTS

pytestmark = pytest.mark.e2e


def test_manager_starter_gets_a_streamed_answer_with_a_source(page, server_url):
    page.goto(server_url)
    page.locator("#chat-profiles").click()
    page.get_by_role("option", name="Manager").click()
    page.locator("#starter-ai-act-et-rh").click()
    answer = page.get_by_text("Mode hors ligne").first
    answer.wait_for(timeout=90_000)
    page.get_by_text("Sources").last.wait_for(timeout=90_000)
    body = page.locator("body").inner_text()
    assert "haut risque" in body and "[1]" in body
    page.locator(".element-link", has_text="[1]").first.click()
    side = page.get_by_text("guidance/fr/ai-act.md").first
    side.wait_for(timeout=10_000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "e2e-manager-answer.png"))


def test_english_browser_gets_english_profiles_and_welcome(server_url):
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_context(locale="en-US").new_page()
        page.goto(server_url)
        page.locator("#chat-profiles").click()
        page.get_by_role("option", name="Trainer").click(timeout=30_000)
        page.locator("#starter-programme-sheet").wait_for(timeout=30_000)
        assert page.locator("#starter-measurable-objectives").is_visible()
        browser.close()


def test_too_long_message_is_refused_politely(page, server_url):
    page.goto(server_url)
    page.locator("#chat-input").fill("mot " * 1200)
    page.locator("#chat-submit").click()
    page.get_by_text("trop long").first.wait_for(timeout=60_000)
