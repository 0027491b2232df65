"""Report exports: the personal assessment report in Markdown, DOCX and PDF, FR and EN."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable

import docx
import pytest
from pypdf import PdfReader

from assistant.config import PROJECT_ROOT
from assistant.domain.interview import SKIP, Answer, next_item, validate_answer
from assistant.domain.scoring import Results, score
from assistant.domain.skills import Item, load_framework
from assistant.domain.training import LearningPath, learning_path, load_modules
from assistant.exports.assessment_report import build_assessment_report, format_date, format_euros, format_hours
from assistant.exports.document import Bullets, Heading, Note, Paragraph, Radar, RadarSeries, Report, Table
from assistant.exports.render import pdf_text, report_filename, to_docx, to_markdown, to_pdf

FRAMEWORK = load_framework(PROJECT_ROOT / "knowledge" / "frameworks")
MODULES = load_modules(PROJECT_ROOT / "knowledge" / "training" / "modules.yaml")
DAY = datetime.date(2026, 11, 24)


def interview(choose: Callable[[Item], str], role: str) -> tuple[Results, LearningPath]:
    answers: dict[str, Answer] = {}
    while (item := next_item(FRAMEWORK, answers)) is not None:
        value = validate_answer(FRAMEWORK, item.id, choose(item)).value
        answers[item.id] = Answer(item.id, value, sequence=len(answers))
    results = score(FRAMEWORK, role, answers)
    return results, learning_path(MODULES, results.levels(), FRAMEWORK.role(role).targets, role)


def overconfident(item: Item) -> str:
    """Declare 4 everywhere but fail the hard scenarios: levels drop to 2, gaps remain."""
    if item.kind == "self":
        return "4"
    if item.kind == "scenario":
        right = (item.difficulty or 1) <= 2
        return next(o.id for o in item.options if bool(o.correct) == right)
    return SKIP


def expert(item: Item) -> str:
    if item.kind == "self":
        return "4"
    if item.kind == "scenario":
        return next(o.id for o in item.options if o.correct)
    return SKIP


@pytest.fixture(scope="module")
def hr_profile() -> tuple[Results, LearningPath]:
    results, path = interview(overconfident, "hr")
    assert results.gaps and path.steps, "the profile must exercise gaps and a learning path"
    return results, path


def report(profile: tuple[Results, LearningPath], lang: str = "fr") -> Report:
    results, path = profile
    return build_assessment_report(FRAMEWORK, results, path, lang, DAY)


def pdf_words(data: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def test_markdown_names_the_role_every_domain_and_the_path(hr_profile: tuple[Results, LearningPath]) -> None:
    markdown = to_markdown(report(hr_profile))
    assert markdown.startswith("# Mon bilan de compétences IA\n")
    assert "Ressources humaines" in markdown and "24 novembre 2026" in markdown
    assert all(d.name("fr") in markdown for d in FRAMEWORK.domains)
    assert all(step.module.title("fr") in markdown for step in hr_profile[1].steps)
    assert "ramené à 2 par les mises en situation" in markdown
    assert "pas une certification" in markdown
    assert format_euros(hr_profile[1].cost_eur, "fr") in markdown


def test_docx_tables_hold_domains_and_modules_with_a_bold_header(hr_profile: tuple[Results, LearningPath]) -> None:
    document = docx.Document(io.BytesIO(to_docx(report(hr_profile))))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert all(d.name("fr") in cells for d in FRAMEWORK.domains)
    assert all(step.module.title("fr") in cells for step in hr_profile[1].steps)
    header = document.tables[1].rows[0].cells
    assert [c.text for c in header][:2] == ["Domaine", "Niveau"]
    assert all(run.bold for cell in header for run in cell.paragraphs[0].runs)
    style = document.tables[1].style
    assert style is not None and style.name == "Table Grid"


def test_pdf_keeps_title_domains_accents_and_euro(hr_profile: tuple[Results, LearningPath]) -> None:
    built = report(hr_profile)
    data = to_pdf(built)
    assert data.startswith(b"%PDF")
    words = pdf_words(data)
    assert "Mon bilan de compétences IA" in words
    assert "Comprendre l'IA" in words and "Culture des données" in words
    assert "€" in words and "Éthique" in words
    markdown = to_markdown(built)
    assert all(char in words for char in "éèàœ€É" if char in markdown)


def test_pdf_and_docx_survive_characters_outside_cp1252() -> None:
    awkward = "Cible ≥ 3 → bientôt… l’équipe\u202fIA 🚀 漢 \x07 <b>&amp; **gras** œuvre"
    built = Report(
        title=awkward,
        subtitle=awkward,
        blocks=(
            Heading(awkward, 2),
            Paragraph(awkward),
            Bullets((awkward, "a|b")),
            Table(("x|y", awkward), (("1", awkward),), awkward),
            Radar(awkward, ("a", "b", "c"), (RadarSeries(awkward, (1, 5, 0)),), 4),
            Note(awkward),
        ),
        footer=awkward,
        lang="fr",
    )
    words = pdf_words(to_pdf(built))
    assert "Cible >= 3 -> bientôt… l’équipe IA ? ? <b>&amp; gras œuvre" in words
    assert "漢" not in words and "\x07" not in words
    docx.Document(io.BytesIO(to_docx(built)))
    assert "x\\|y" in to_markdown(built)


def test_pdf_text_fits_cp1252_with_close_equivalents() -> None:
    assert pdf_text("1\u202f234 ≥ 2 → 3 ≤ 4 ﬁn ő 漢") == "1 234 >= 2 -> 3 <= 4 fin o ?"
    assert pdf_text("e\u0301t\u00e9 œ € … ’") == "été œ € … ’"
    assert pdf_text("a\u200bb\x00c") == "abc"


def test_english_report_renders_in_every_format(hr_profile: tuple[Results, LearningPath]) -> None:
    built = report(hr_profile, "en")
    assert built.title == "My AI skills report" and built.lang == "en"
    assert built.subtitle == "Role: Human resources — 24 November 2026"
    markdown = to_markdown(built)
    assert all(d.name("en") in markdown for d in FRAMEWORK.domains)
    assert "lowered to 2 by the scenarios" in markdown and "€" in markdown
    words = pdf_words(to_pdf(built))
    assert "My AI skills report" in words and "AI basics" in words
    cells = [c.text for t in docx.Document(io.BytesIO(to_docx(built))).tables for r in t.rows for c in r.cells]
    assert "Data literacy" in cells


def test_an_expert_is_told_about_the_champion_role_and_needs_no_training() -> None:
    results, path = interview(expert, "sales_marketing")
    assert results.could_be_champion and not path.steps
    markdown = to_markdown(build_assessment_report(FRAMEWORK, results, path, "fr", DAY))
    assert "## Référent IA" in markdown
    assert "Vous atteignez la cible de votre rôle dans tous les domaines." in markdown
    assert "Aucune formation n'est nécessaire" in markdown


def test_numbers_and_dates_follow_each_language() -> None:
    assert format_euros(1234.5, "fr") == "1\u202f234,50\u00a0€"
    assert format_euros(1234.5, "en") == "€1,234.50"
    assert format_date(datetime.date(2026, 11, 1), "fr") == "1er novembre 2026"
    assert format_date(datetime.date(2026, 8, 24), "en") == "24 August 2026"
    assert format_hours(1.5, "fr") == "1 h 30" and format_hours(14, "fr") == "14 h"
    assert format_hours(1.5, "en") == "1.5 h"


@pytest.mark.parametrize(
    ("stem", "extension", "expected"),
    [
        ("Mon bilan — Élodie Dupré", "pdf", "mon-bilan-elodie-dupre.pdf"),
        ("../../etc/passwd", ".DOCX", "etc-passwd.docx"),
        ("..\\..\\Bilan/été", "md", "bilan-ete.md"),
        ("漢字", "pdf", "report.pdf"),
    ],
)
def test_report_filename_is_a_safe_ascii_name(stem: str, extension: str, expected: str) -> None:
    name = report_filename(stem, extension)
    assert name == expected
    assert name.isascii() and "/" not in name and "\\" not in name and ".." not in name
