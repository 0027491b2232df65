"""Programme-sheet check: Qualiopi indicator 1 and L6353-1 elements, vague objectives, DOCX and PDF sheets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT
from assistant.domain.outline import OutlineRequest, build_outline
from assistant.domain.programme_check import ELEMENTS, check_programme, outline_to_sheet_fields, sheet_markdown
from assistant.domain.skills import load_framework
from assistant.domain.training import Bloom, load_modules
from assistant.domain.verbs import bloom_levels, is_measurable, objective_verb, template_objective, verbs_for_level
from assistant.knowledge.loaders import load_document

SHEETS = Path(__file__).parents[1] / "data" / "programmes"
COMPLETE_FR = (SHEETS / "complete_fr.md").read_text(encoding="utf-8")
COMPLETE_EN = (SHEETS / "complete_en.md").read_text(encoding="utf-8")
FRAMEWORK = load_framework(PROJECT_ROOT / "knowledge" / "frameworks")
MODULES = load_modules(PROJECT_ROOT / "knowledge" / "training" / "modules.yaml", FRAMEWORK.domain_ids)

# The section (FR) or line (EN) of the complete sheets that carries each element.
FR_SECTIONS = {
    "objectives": "Objectifs", "prerequisites": "Prérequis", "audience": "Public visé", "duration": "Durée",
    "content": "Déroulé", "methods": "Méthodes mobilisées", "evaluation": "Modalités d'évaluation",
    "access": "Modalités d'accès", "lead_time": "Délais d'accès", "price": "Tarifs", "contacts": "Contacts",
    "accessibility": "Accessibilité",
}  # fmt: skip
EN_LINES = {
    "objectives": "Objectives", "prerequisites": "Prerequisites", "audience": "Target audience",
    "duration": "Duration", "content": "Outline", "methods": "Teaching methods", "evaluation": "Assessment",
    "access": "Access arrangements", "lead_time": "Lead time", "price": "Prices", "contacts": "Contacts",
    "accessibility": "Accessibility", "updated": "Last updated",
}  # fmt: skip


def without_section(heading: str) -> str:
    return re.sub(rf"(?ms)^## {re.escape(heading)}\n.*?(?=^## |\Z)", "", COMPLETE_FR)


def without_line(label: str) -> str:
    lines = COMPLETE_EN.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{label}"))
    end = start + 1
    while end < len(lines) and lines[end].startswith("  "):  # the objectives' numbered lines go too
        end += 1
    return "".join(lines[:start] + lines[end:])


@pytest.mark.parametrize(("sheet", "lang"), [(COMPLETE_FR, "fr"), (COMPLETE_EN, "en")])
def test_a_complete_sheet_passes(sheet: str, lang: str) -> None:
    result = check_programme(sheet, lang)
    assert result.passed and not result.findings and not result.vague_objectives
    assert set(result.present) == {e.id for e in ELEMENTS}
    assert len(result.objectives) == 3


def test_both_fixtures_cover_every_element() -> None:
    assert set(FR_SECTIONS) | {"updated"} == set(EN_LINES) == {e.id for e in ELEMENTS}


@pytest.mark.parametrize("element", sorted(FR_SECTIONS))
def test_a_french_sheet_missing_one_element_is_caught(element: str) -> None:
    result = check_programme(without_section(FR_SECTIONS[element]), "fr")
    assert [f.element for f in result.findings] == [element]
    recommended = next(e for e in ELEMENTS if e.id == element).severity == "recommended"
    assert result.passed is recommended


@pytest.mark.parametrize("element", sorted(EN_LINES))
def test_an_english_sheet_missing_one_element_is_caught(element: str) -> None:
    result = check_programme(without_line(EN_LINES[element]), "en")
    assert [f.element for f in result.findings] == [element]


def test_findings_name_the_rule_that_requires_the_element() -> None:
    findings = {f.element: f for f in check_programme("# Atelier IA\n\nUn atelier sur l'IA.", "fr").findings}
    assert "L6353-1" in findings["objectives"].source and "indicateur 1" in findings["objectives"].source
    assert "indicateur 1" in findings["price"].source and "L6353-1" in findings["content"].source
    assert findings["price"].message.startswith("Élément manquant : Tarifs")
    assert findings["audience"].severity == "recommended"


def test_comprendre_l_ia_is_flagged_and_quoted() -> None:
    sheet = COMPLETE_FR.replace(
        "- Rédiger un prompt structuré", "- Comprendre l'IA générative\n- Rédiger un prompt structuré"
    )
    result = check_programme(sheet, "fr")
    assert not result.passed and not result.findings
    [vague] = result.vague_objectives
    assert (vague.text, vague.verb, vague.reason) == ("Comprendre l'IA générative", "comprendre", "not_measurable")


def test_vague_and_unknown_verbs_are_told_apart() -> None:
    sheet = (
        "## Objectifs\n\n- Connaître l'AI Act\n- Optimiser ses prompts\n- Identifier trois risques\n\n## Durée\n\n3 h"
    )
    reasons = {v.text: v.reason for v in check_programme(sheet, "fr").vague_objectives}
    assert reasons == {"Connaître l'AI Act": "not_measurable", "Optimiser ses prompts": "unknown_verb"}


def test_a_short_objective_naming_a_rubric_stays_an_objective() -> None:
    sheet = "Objectifs :\nComparer les tarifs de deux outils d'IA\nIdentifier les coûts cachés\nDurée : 2 heures"
    result = check_programme(sheet, "fr")
    assert result.objectives == ("Comparer les tarifs de deux outils d'IA", "Identifier les coûts cachés")
    assert "price" not in result.present


def test_a_table_sheet_is_read_cell_by_cell() -> None:
    table = (
        "| Rubrique | Contenu |\n|---|---|\n| Durée | 7 h |\n| Tarifs | 690 € HT |\n| Objectifs | Rédiger un prompt |"
    )
    result = check_programme(table, "fr")
    assert {"duration", "price", "objectives"} <= set(result.present)
    assert result.objectives == ("Rédiger un prompt",)


def test_placeholders_are_listed_so_they_are_not_published() -> None:
    sheet = COMPLETE_FR.replace("Jeanne Martin, referent@exemple.fr", "[nom, e-mail]")
    assert check_programme(sheet, "fr").placeholders == ("[nom, e-mail]",)


@pytest.mark.parametrize(
    "fields",
    [
        {"topic": "prompting", "duration_minutes": 90},
        {"topic": "RGPD", "duration_minutes": 420, "level": "intermediate", "format": "remote"},
        {"topic": "automatisation", "duration_minutes": 840, "level": "advanced", "format": "blended"},
        {"topic": "data quality", "duration_minutes": 1260, "lang": "en", "audience": "operations"},
        {"topic": "inventaire des licences", "duration_minutes": 150, "workshop": False},
    ],
)
def test_a_generated_outline_always_passes_the_check(fields: dict[str, object]) -> None:
    outline = build_outline(OutlineRequest.model_validate(fields), MODULES, FRAMEWORK)
    sheet = sheet_markdown(outline.title, outline_to_sheet_fields(outline))
    result = check_programme(sheet, outline.request.lang)
    assert result.passed and not result.findings, result.findings
    assert result.objectives == tuple(o.text for o in outline.objectives)
    assert result.placeholders  # price, contacts and the disability referent still need filling in


def docx_sheet(path: Path, objectives: list[str], with_price: bool = True) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("Rédiger et vérifier avec l'IA générative", level=0)
    rubrics = [
        ("Public visé", ["Salariés des fonctions administratives."]),
        ("Prérequis", ["Utiliser une messagerie."]),
        ("Objectifs", objectives),
        ("Durée", ["7 heures (1 jour)."]),
        ("Déroulé", ["Matin : notions clés et pratique ; après-midi : vérification des résultats."]),
        ("Méthodes mobilisées", ["Apports courts et exercices sur cas réels."]),
        ("Modalités d'évaluation", ["Positionnement, exercices corrigés, mise en situation finale."]),
        ("Modalités d'accès", ["Inscription par courriel puis entretien."]),
        ("Délais d'accès", ["Inscription jusqu'à 10 jours ouvrés avant la session."]),
        ("Tarifs", ["690 € HT par participant."]),
        ("Contacts", ["Claire Dubois, 01 23 45 67 89."]),
        ("Accessibilité", ["Locaux accessibles ; référent handicap : Jeanne Martin."]),
        ("Date de mise à jour", ["02/03/2026"]),
    ]
    for heading, paragraphs in rubrics:
        if heading == "Tarifs" and not with_price:
            continue
        document.add_heading(heading, level=1)
        for text in paragraphs:
            document.add_paragraph(text, style="List Bullet" if heading == "Objectifs" else None)
    document.save(str(path))
    return path


def test_a_docx_sheet_read_by_the_loader_passes(tmp_path: Path) -> None:
    path = docx_sheet(tmp_path / "fiche.docx", ["Rédiger un prompt structuré", "Repérer les erreurs d'une réponse"])
    result = check_programme(load_document(path, "fiche.docx").text, "fr")
    assert result.passed and result.objectives == ("Rédiger un prompt structuré", "Repérer les erreurs d'une réponse")


def test_a_docx_sheet_without_prices_or_with_a_vague_objective_is_caught(tmp_path: Path) -> None:
    path = docx_sheet(tmp_path / "fiche.docx", ["Comprendre l'IA", "Rédiger un prompt"], with_price=False)
    result = check_programme(load_document(path, "fiche.docx").text, "fr")
    assert result.missing == ("price",)
    assert [v.text for v in result.vague_objectives] == ["Comprendre l'IA"]


def pdf_sheet(path: Path, lines: list[str]) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path), pagesize=A4)
    y = 800
    for line in lines:
        page.setFont("Helvetica-Bold" if line.endswith(":") or len(line.split()) <= 3 else "Helvetica", 11)
        page.drawString(50, y, line)
        y -= 18
    page.save()
    return path


PDF_LINES = [
    "Rédiger et vérifier avec l'IA générative",
    "Public visé : salariés des fonctions administratives",
    "Prérequis : utiliser une messagerie",
    "Objectifs :",
    "• Rédiger un prompt structuré pour une tâche de son poste",
    "• Repérer les erreurs factuelles d'une production d'IA",
    "Durée : 7 heures (1 jour)",
    "Déroulé : notions clés, pratique guidée, vérification, plan d'action",
    "Méthodes mobilisées : apports courts, exercices sur cas réels",
    "Modalités d'évaluation : positionnement, exercices corrigés, mise en situation finale",
    "Modalités d'accès : inscription par courriel puis entretien de 15 minutes",
    "Délais d'accès : inscription jusqu'à 10 jours ouvrés avant la session",
    "Tarifs : 690 € HT par participant",
    "Contacts : Claire Dubois, 01 23 45 67 89",
    "Accessibilité : locaux accessibles, référent handicap Jeanne Martin",
    "Date de mise à jour : 02/03/2026",
]


def test_a_pdf_sheet_read_by_the_loader_passes(tmp_path: Path) -> None:
    text = load_document(pdf_sheet(tmp_path / "fiche.pdf", PDF_LINES), "fiche.pdf").text
    result = check_programme(text, "fr")
    assert result.passed, result.findings
    assert len(result.objectives) == 2


def test_a_pdf_sheet_with_understand_objective_and_no_contacts_is_caught(tmp_path: Path) -> None:
    lines = [line for line in PDF_LINES if not line.startswith("Contacts")]
    lines[4] = "• Comprendre l'IA générative"
    result = check_programme(load_document(pdf_sheet(tmp_path / "fiche.pdf", lines), "fiche.pdf").text, "fr")
    assert result.missing == ("contacts",)
    assert [(v.text, v.verb) for v in result.vague_objectives] == [("Comprendre l'IA générative", "comprendre")]


# --- Objective verbs shared by the checker and the outline generator -----------------------------


@pytest.mark.parametrize(
    ("objective", "verb", "measurable"),
    [
        ("À l'issue de la formation, le participant sera capable de rédiger un prompt", "rédiger", True),
        ("L'apprenant sera en mesure de lister trois risques", "lister", True),
        ("Être capable de", "être capable de", False),
        ("Être capable de comprendre les enjeux de l'IA", "comprendre", False),
        ("Participants will be able to explain how a model answers", "explain", True),
        ("1. Mettre en œuvre un flux sans code", "mettre en œuvre", True),
        ("- carry out a data check", "carry out", True),
        ("Savoir utiliser ChatGPT", "savoir", False),
        ("Maîtriser Copilot", "maîtriser", False),
        ("Appréhender les enjeux de l'IA", "appréhender", False),
        ("Sensibiliser les équipes aux risques", "sensibiliser", False),
        ("Être sensibilisé aux biais", "être sensibilisé", False),
        ("Découvrir l'IA générative", "découvrir", False),
        ("Be aware of the risks of AI", "be aware of", False),
        ("Learn about prompt engineering", "learn about", False),
        ("Know the AI Act", "know", False),
        ("Familiarise yourself with Copilot", "familiarise", False),
        ("Appreciate the limits of AI", "appreciate", False),
        ("Optimiser ses prompts", "optimiser", False),
    ],
)
def test_objective_verbs(objective: str, verb: str, measurable: bool) -> None:
    assert objective_verb(objective) == verb
    assert is_measurable(objective, "fr") is measurable


def test_every_catalogue_objective_is_measurable_at_its_bloom_level() -> None:
    for module in MODULES:
        for objective in module.objectives:
            for lang in ("fr", "en"):
                text = objective(lang)
                assert is_measurable(text, lang), text
                assert objective.bloom in bloom_levels(objective_verb(text) or ""), text


def test_verbs_suit_the_course_level() -> None:
    beginner, advanced = verbs_for_level("beginner", "fr"), verbs_for_level("advanced", "fr")
    assert {"citer", "expliquer", "appliquer"} <= set(beginner) and "concevoir" not in beginner
    assert {"analyser", "justifier", "concevoir"} <= set(advanced) and "citer" not in advanced
    assert "design" in verbs_for_level("advanced", "en")


@pytest.mark.parametrize("bloom", ["remember", "understand", "apply", "analyze", "evaluate", "create"])
def test_template_objectives_are_measurable_distinct_and_at_their_level(bloom: Bloom) -> None:
    for lang in ("fr", "en"):
        texts = {template_objective(bloom, "IA générative", lang, variant) for variant in range(3)}
        assert len(texts) == 3
        assert all(is_measurable(t, lang) and bloom in bloom_levels(objective_verb(t) or "") for t in texts)
