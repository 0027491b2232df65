"""AI Act triage: category from the catalogue, the deployer's duties per category, always a disclaimer."""

import pytest

from assistant.config import PROJECT_ROOT
from assistant.domain.aitriage import triage
from assistant.domain.usecases import Catalogue, load_catalogue

DISCLAIMER_FR = "Première orientation, pas un avis juridique : faites valider par votre DPO ou votre conseil."


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(PROJECT_ROOT / "knowledge" / "usecases")


def test_every_case_gets_its_catalogue_category_and_the_disclaimer(catalogue: Catalogue):
    for use_case in catalogue.use_cases:
        fr, en = triage(use_case, "fr"), triage(use_case, "en")
        assert fr.category == en.category == use_case.ai_act.category
        assert fr.disclaimer == DISCLAIMER_FR and "not legal advice" in en.disclaimer
        assert fr.reason == use_case.ai_act.reason.fr and en.reason == use_case.ai_act.reason.en
        assert fr.obligations and fr.next_steps
        assert fr.dpia_likely == use_case.gdpr.dpia_likely and fr.gdpr_personal_data == use_case.gdpr.personal_data


def test_high_risk_lists_the_deployer_duties_and_the_dates(catalogue: Catalogue):
    result = triage(catalogue.get("hr-cv-screening"), "fr")
    text = "\n".join(result.obligations)
    assert result.category == "high_risk" and not result.excluded
    for duty in ("art. 26 § 2", "art. 26 § 6", "art. 26 § 7", "art. 27", "2 août 2026", "omnibus", "art. 4"):
        assert duty in text, duty
    assert "Contrôle humain" in text and "journaux" in text
    assert result.next_steps[0].startswith("Réaliser une analyse d'impact")  # DPIA first (dpia_likely)
    english = "\n".join(triage(catalogue.get("hr-cv-screening"), "en").obligations)
    assert "Human oversight" in english and "art. 26(7)" in english and "2 August 2026" in english


def test_transparency_cases_get_the_article_50_checklist_only(catalogue: Catalogue):
    result = triage(catalogue.get("cs-chatbot-faq"), "fr")
    text = "\n".join(result.obligations)
    assert "art. 50" in text and "2 août 2026" in text and "art. 26" not in text
    assert any("vous échangez avec un assistant IA" in step for step in result.next_steps)


def test_prohibited_cases_are_excluded(catalogue: Catalogue):
    result = triage(catalogue.get("hr-emotion-recognition-webcam"), "en")
    assert result.excluded and result.category == "prohibited"
    assert "art. 5" in result.obligations[0] and "2 February 2025" in result.obligations[0]
    assert result.next_steps == ["Drop this case from the portfolio."]


def test_minimal_risk_still_carries_ai_literacy_and_gdpr_steps(catalogue: Catalogue):
    result = triage(catalogue.get("fin-invoice-capture"), "fr")
    assert any("art. 4" in o and "2 février 2025" in o for o in result.obligations)
    assert any("art. 28 RGPD" in step for step in result.next_steps)  # personal data: processing agreement
