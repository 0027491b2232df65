"""A manager describes the company with buttons and a few words, then sees the matrix and the dossier."""

import pytest
from docx import Document

from tests.e2e.conftest import ARTIFACTS

pytestmark = pytest.mark.e2e


def send(page, text):
    page.locator("#chat-input").fill(text)
    page.locator("#chat-submit").click()


def test_manager_discovery_shows_matrix_table_roadmap_and_dossier(page, server_url, tmp_path):
    page.goto(server_url)
    page.locator("#chat-profiles").click()
    page.get_by_role("option", name="Manager").click()
    page.locator("[id^=starter-par-o]").click(timeout=60_000)
    page.get_by_role("button", name="Industrie").click(timeout=90_000)
    page.get_by_text("salariés").last.wait_for(timeout=30_000)
    send(page, "45 salariés")
    page.get_by_role("button", name="Devis et chiffrages trop longs").click(timeout=30_000)
    page.get_by_role("button", name="Continuer").last.click(timeout=30_000)
    page.get_by_text("Décrivez une tâche répétitive").last.wait_for(timeout=30_000)
    send(page, "Chiffrage des devis, 8 h par semaine, 3 personnes")
    page.get_by_text("Déjà retenu").last.wait_for(timeout=30_000)
    send(page, "Saisie des commandes clients, 6 h par semaine, 2 personnes")
    page.get_by_role("button", name="Continuer").last.click(timeout=30_000)
    # Data maturity of the sources the likely use cases need, typed in one message, then the results.
    noted = "(document.body.innerText.match(/C'est noté/g) || []).length"
    before = page.evaluate(noted)
    send(page, "erp 3, documents 3, crm 3, qualité 3, messagerie 3, comptabilité 3")
    page.wait_for_function(f"([n]) => {noted} > n", arg=[before], timeout=30_000)
    page.wait_for_timeout(500)
    page.get_by_role("button", name="Voir les résultats maintenant").last.click(timeout=30_000)

    page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    body = page.locator("body").inner_text()
    assert "Préparation assistée des devis" in body and "Faisabilité" in body
    assert "Feuille de route" in body and "pas un avis juridique" in body
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "e2e-manager-matrix.png"))

    with page.expect_download(timeout=30_000) as download:
        page.get_by_text("dossier-ia.docx").first.click()
    path = tmp_path / "dossier.docx"
    download.value.save_as(path)
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    cells = " ".join(c.text for t in Document(str(path)).tables for row in t.rows for c in row.cells)
    assert "Dossier IA" in text and "Préparation assistée des devis" in cells
