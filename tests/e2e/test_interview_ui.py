"""An employee takes the self-assessment in the browser: buttons, reload, resume, results, report."""

import json

import pytest
from pypdf import PdfReader

from tests.e2e.conftest import ARTIFACTS

pytestmark = pytest.mark.e2e
OPEN_ANSWER = "Je ressaisis les commandes clients dans l'ERP, environ 5 heures par semaine."


def answer_current_question(page, number):
    """Answer question ``number`` (shown as "Question n sur ~N") with a button, or in words for open ones."""
    page.get_by_text(f"Question {number} sur").last.wait_for(timeout=60_000)
    panel = page.locator(".step").filter(has_text=f"Question {number} sur").last
    panel.get_by_role("button", name="Passer").wait_for(timeout=60_000)  # every question has it: buttons are in
    if panel.get_by_role("button", name="5", exact=True).count():
        panel.get_by_role("button", name="4", exact=True).click()
    elif panel.get_by_role("button", name="b", exact=True).count():
        panel.get_by_role("button", name="b", exact=True).click()
    else:
        page.locator("#chat-input").fill(OPEN_ANSWER)
        page.locator("#chat-submit").click()


def test_employee_interview_with_buttons_reload_resume_results_and_report(page, server_url, tmp_path):
    page.goto(server_url)
    page.locator("#starter-faire-mon-auto-évaluation").click(timeout=60_000)
    page.get_by_text("un système d'IA").last.wait_for(timeout=90_000)  # disclosure before any question
    assert page.get_by_text("Question 1 sur").count() == 0
    page.get_by_role("button", name="Commercial / marketing").click()

    number = 1
    while page.get_by_text("Fiabilité").count() == 0:
        if number == 6:
            # The tab is reloaded mid-way: a new session finds the interview where it was.
            page.reload()
            page.get_by_text("Bon retour").wait_for(timeout=60_000)
            page.get_by_text(f"Question {number} sur").last.wait_for(timeout=60_000)
        answer_current_question(page, number)
        number += 1
        assert number <= 26, "at most 25 questions"
        try:
            page.wait_for_function(
                "([n]) => document.body.innerText.includes(`Question ${n} sur`) || "
                "document.body.innerText.includes('Fiabilité')",
                arg=[number],
                timeout=60_000,
            )
        except Exception:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"e2e-employee-stuck-at-{number}.png"))  # for diagnosis
            raise

    page.locator(".js-plotly-plot").first.wait_for(timeout=30_000)  # the radar chart
    body = page.locator("body").inner_text()
    assert "Parcours conseillé" in body and "Commercial / marketing" in body
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "e2e-employee-results.png"))

    with page.expect_download(timeout=30_000) as download:
        page.get_by_text("bilan-competences-ia.pdf").first.click()
    pdf_path = tmp_path / "report.pdf"
    download.value.save_as(pdf_path)
    text = "".join(p.extract_text() for p in PdfReader(pdf_path).pages)
    assert "Commercial / marketing" in text and "Culture des données" in text

    page.get_by_role("button", name="Je confirme ce bilan").click()
    page.get_by_text("vos résultats sont confirmés").last.wait_for(timeout=30_000)

    # My data: the export holds the answers, including the words typed for the open question.
    page.get_by_text("Mes données").first.click()
    page.locator("#chat-submit").click()
    page.get_by_role("button", name="Exporter mes données").click(timeout=30_000)
    with page.expect_download(timeout=30_000) as download:
        page.get_by_text("mes-donnees-cap-ia.json").first.click(timeout=30_000)
    data = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert data["assessments"][0]["status"] == "confirmed"
    assert OPEN_ANSWER in json.dumps(data, ensure_ascii=False)
