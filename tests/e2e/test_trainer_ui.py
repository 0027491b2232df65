"""A trainer asks for an atelier, reads the agenda table and downloads the DOCX programme sheet."""

import pytest
from docx import Document

from tests.e2e.conftest import ARTIFACTS

pytestmark = pytest.mark.e2e


def test_trainer_gets_an_agenda_table_and_a_docx_sheet(page, server_url, tmp_path):
    page.goto(server_url)
    page.locator("#chat-profiles").click()
    page.get_by_role("option", name="Formateur").click()
    page.locator("#chat-input").fill(
        "Prépare un atelier de 3h sur le prompting pour l'équipe marketing, niveau débutant"
    )
    page.locator("#chat-submit").click()
    page.get_by_text("fiche-programme.docx").first.wait_for(timeout=90_000)
    table = page.locator("table").filter(has_text="Horaire").last
    assert table.get_by_text("09:00–").first.is_visible()
    assert "Évaluation finale" in table.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    table.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "e2e-trainer-agenda.png"))

    with page.expect_download(timeout=30_000) as download:
        page.get_by_text("fiche-programme.docx").first.click()
    path = tmp_path / "fiche.docx"
    download.value.save_as(path)
    document = Document(str(path))
    agenda = next(t for t in document.tables if "Horaire" in t.rows[0].cells[1].text)
    times = [row.cells[1].text for row in agenda.rows[1:]]
    assert times[0].startswith("09:00") and times[-1].endswith("12:00")
