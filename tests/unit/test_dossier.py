"""The manager's AI dossier: built from a real discovery, rendered in Markdown, DOCX and PDF, FR and EN."""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path
from typing import Any

import docx
import pytest
from pypdf import PdfReader

from assistant.config import PROJECT_ROOT
from assistant.domain.company import load_profile
from assistant.domain.discovery import discover
from assistant.domain.skills import Framework, load_framework
from assistant.domain.team import Member, team_map
from assistant.domain.training import Module, load_modules
from assistant.domain.usecases import Catalogue, load_catalogue
from assistant.exports.document import Note, Report, Table
from assistant.exports.dossier import build_dossier
from assistant.exports.render import to_docx, to_markdown, to_pdf

PROFILES = Path(__file__).parents[1] / "data" / "profiles"
DAY = datetime.date(2026, 3, 1)
QUADRANTS = {"fr": "gain rapide", "en": "quick win"}


@pytest.fixture(scope="module")
def framework() -> Framework:
    return load_framework(PROJECT_ROOT / "knowledge" / "frameworks")


@pytest.fixture(scope="module")
def catalogue(framework: Framework) -> Catalogue:
    return load_catalogue(PROJECT_ROOT / "knowledge" / "usecases", framework.domain_ids)


@pytest.fixture(scope="module")
def modules() -> tuple[Module, ...]:
    return load_modules(PROJECT_ROOT / "knowledge" / "training" / "modules.yaml")


def discovery(catalogue: Catalogue, modules: tuple[Module, ...], lang: str, name: str = "metal_workshop") -> dict:
    return discover(load_profile(PROFILES / f"{name}.yaml"), catalogue, modules, lang=lang).as_dict()


def flat(text: str) -> str:
    """Collapse line breaks and (narrow) no-break spaces so wrapped PDF lines compare as text."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def markdown_table(markdown: str, first_header: str) -> list[list[str]]:
    """The rows (header first) of the Markdown table whose first header cell is ``first_header``."""
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {first_header} |"))
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        if not line.startswith("| ---"):
            rows.append([cell.strip() for cell in line.strip("|").split(" | ")])
    return rows


def small_team(framework: Framework) -> dict[str, Any]:
    """Workshop 6 people, office 5, management 2: management is a small group, office hidden with it."""
    ids = framework.domain_ids
    members = (
        [Member("Atelier", "operations", dict.fromkeys(ids, 2))] * 6
        + [Member("Bureau", "admin_finance", dict.fromkeys(ids, 1))] * 5
        + [Member("Direction", "management", dict.fromkeys(ids, 3))] * 2
    )
    return team_map(members, ids, targets=dict.fromkeys(ids, 2)).as_dict()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_dossier_names_the_top_cases_their_euros_and_the_disclaimer_in_every_format(catalogue, modules, lang):
    data = discovery(catalogue, modules, lang)
    report = build_dossier(data, lang, DAY, vocabulary=catalogue.vocabulary)
    top = data["portfolio"][:5]
    expected = [
        "Ateliers Berthier",
        data["disclaimer"],
        *(i["title"] for i in top),
        *(i["roi"]["net_yearly_eur"]["text"]["base"] for i in top),
        *(i["roi"]["annual_gain_eur"]["text"]["base"] for i in top),
    ]
    markdown, word, pdf = to_markdown(report), docx_text(to_docx(report)), pdf_text(to_pdf(report))
    for text in expected:
        assert text in word, text
        assert flat(text) in flat(markdown), text  # Markdown lines fold no-break spaces into plain ones
        assert flat(text) in flat(pdf), text
    assert report.blocks[-1] == Note(data["disclaimer"])
    assert report.title.startswith("Dossier IA — " if lang == "fr" else "AI dossier — ")
    assert report.subtitle and ("1er mars 2026" if lang == "fr" else "1 March 2026") in report.subtitle
    portfolio = markdown_table(markdown, "N°" if lang == "fr" else "#")
    assert [row[1] for row in portfolio[1:]] == [i["title"] for i in data["portfolio"]]
    assert portfolio[1][2] == QUADRANTS[lang] and portfolio[1][5] == flat(
        top[0]["roi"]["net_yearly_eur"]["text"]["base"]
    )
    assert "sal-quote-drafting" not in markdown  # the portfolio speaks in titles, not ids


def test_profile_summary_uses_vocabulary_labels_and_flags_the_default_hourly_cost(catalogue, modules):
    data = discovery(catalogue, modules, "fr")
    markdown = to_markdown(build_dossier(data, "fr", DAY, vocabulary=catalogue.vocabulary))
    assert "**Secteur** : Industrie" in markdown
    assert "Devis et chiffrages trop longs" in markdown and "slow_quotes" not in markdown
    assert "20 000 à 50 000 € HT" in markdown and "**Effectif** : 45 personnes" in markdown
    assert "45 € (hypothèse par défaut)" in flat(markdown)
    plain = to_markdown(build_dossier(discovery(catalogue, modules, "en"), "en", DAY))
    assert "**Pains**: slow_quotes, quality_defects" in plain  # no vocabulary: ids rather than nothing


def test_roi_table_pairs_the_pessimistic_scenario_with_the_high_costs(catalogue, modules):
    data = discovery(catalogue, modules, "en")
    report = build_dossier(data, "en", DAY)
    roi = data["portfolio"][0]["roi"]
    table = next(
        b for b in report.blocks if isinstance(b, Table) and b.header[1:] == ("Pessimistic", "Base", "Optimistic")
    )
    rows = {row[0]: row[1:] for row in table.rows}
    assert rows["One-off cost"] == tuple(roi["one_off_cost_eur"]["text"][k] for k in ("high", "base", "low"))
    assert rows["Net in year one"] == tuple(roi["net_first_year_eur"]["text"][k] for k in ("low", "base", "high"))
    assert rows["Payback time"][1] == roi["payback_months"]["base"]["text"]
    markdown = to_markdown(report)
    assert "Working weeks per year: 45 (default)" in markdown


def test_orientation_roadmap_what_if_and_do_not_do_sections(catalogue, modules):
    data = discovery(catalogue, modules, "fr", "care_home")
    markdown = to_markdown(build_dossier(data, "fr", DAY, vocabulary=catalogue.vocabulary))
    for heading in ("### 0–3 mois : gains rapides", "### 3–9 mois : projets", "### 9–18 mois : chantiers stratégiques"):
        assert heading in markdown
    for what_if in data["what_if"]:
        assert what_if["text"] in markdown
    banned = data["do_not_do"]
    assert banned and all(b["reason"] in markdown for b in banned)
    first = data["portfolio"][0]["triage"]
    assert all(duty in markdown for duty in first["obligations"])
    assert "AIPD probable : " in markdown
    for step in data["roadmap"]["training"]:
        assert step["title"] in markdown
    assert markdown.index("## À ne pas faire") < markdown.index(data["disclaimer"])


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_team_map_hides_small_groups_without_a_single_number(catalogue, modules, framework, lang):
    data = discovery(catalogue, modules, lang)
    names = {d.id: d.name(lang) for d in framework.domains}
    team = small_team(framework)
    report = build_dossier(data, lang, DAY, team, names)
    markdown = to_markdown(report)
    table = markdown_table(markdown, "Domaine" if lang == "fr" else "Domain")
    header = table[0]
    assert header[1:] == [
        "Atelier",
        "Bureau",
        "Direction",
        "Toute l'organisation" if lang == "fr" else "Whole organisation",
    ]
    assert [row[0] for row in table[2:]] == [names[d] for d in framework.domain_ids]
    for group in ("Bureau", "Direction"):
        column = [row[header.index(group)] for row in table[1:]]
        assert not any(re.search(r"\d", cell) for cell in column), column
    assert [row[1] for row in table[1:3]] == ["6", "2 (100 %)"]
    for row in team["rows"]:
        if row["suppressed"]:
            assert row["suppressed_reason"][lang] in markdown
    rule = "au moins 5 personnes" if lang == "fr" else "at least 5 people"
    assert rule in markdown and ("confirmées" if lang == "fr" else "confirmed") in markdown
    grid = next(t for t in docx.Document(io.BytesIO(to_docx(report))).tables if t.cell(0, 0).text == header[0])
    assert [c.text for c in grid.columns[1].cells] == [row[1] for row in table]
    assert not any(re.search(r"\d", c.text) for c in grid.columns[3].cells[1:])  # Direction, in Word too


def test_without_a_team_map_the_dossier_says_skills_were_not_measured(catalogue, modules):
    report = build_dossier(discovery(catalogue, modules, "en"), "en", DAY)
    notes = [b.text for b in report.blocks if isinstance(b, Note)]
    assert "Team skills were not measured: the ranking assumes average skills." in notes


def test_a_company_without_a_name_is_titled_by_its_sector(catalogue, modules):
    data = discovery(catalogue, modules, "fr")
    data["profile"]["name"] = None
    report: Report = build_dossier(data, "fr", DAY, vocabulary=catalogue.vocabulary)
    assert report.title == "Dossier IA — Industrie"
    assert build_dossier(data, "fr", DAY).title == "Dossier IA — industry"
