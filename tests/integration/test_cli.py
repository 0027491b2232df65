"""The cap-ia command on a real (small) index."""

import json

from typer.testing import CliRunner

from assistant.cli import app

runner = CliRunner()


def test_ingest_then_eval_with_a_terms_only_question_file(tmp_path, kb_copy, monkeypatch):
    monkeypatch.setenv("CAP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CAP_KNOWLEDGE_DIR", str(kb_copy))
    first = runner.invoke(app, ["ingest"])
    assert first.exit_code == 0, first.output
    assert "4 added" in first.output
    again = runner.invoke(app, ["ingest"])
    assert "0 added, 0 updated, 0 removed, 4 unchanged" in again.output
    questions = tmp_path / "q.yaml"
    questions.write_text(
        "- {question: 'Which practices are banned?', lang: en, expected_terms: ['social scoring']}\n"
        "- {question: 'Que doit contenir la fiche programme ?', lang: fr, expected_terms: ['prérequis']}\n"
    )
    result = runner.invoke(app, ["eval", "retrieval", "--questions", str(questions), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["items"] == 2 and report["recall@5"] == 1.0


def test_extra_source_folder_with_a_broken_file(tmp_path, kb_copy, monkeypatch):
    monkeypatch.setenv("CAP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CAP_KNOWLEDGE_DIR", str(kb_copy))
    extra = tmp_path / "docs_internes"
    extra.mkdir()
    (extra / "charte.txt").write_text("Charte interne : ne jamais coller de données clients dans un outil public.")
    (extra / "cassé.docx").write_bytes(b"PK garbage")
    result = runner.invoke(app, ["ingest", "--source", str(extra)])
    assert result.exit_code == 0
    assert "5 added" in result.output and "1 skipped" in result.output
    assert "unreadable DOCX" in result.output


def test_invalid_setting_exits_with_the_variable_name(monkeypatch):
    monkeypatch.setenv("CAP_PORT", "99999")
    result = runner.invoke(app, ["ingest"])
    assert result.exit_code == 2 and "CAP_PORT" in result.output


def test_chat_without_index_says_to_ingest(tmp_path, monkeypatch):
    monkeypatch.setenv("CAP_DATA_DIR", str(tmp_path / "empty"))
    result = runner.invoke(app, ["chat", "--profile", "manager"], input="\n")
    assert result.exit_code == 3 and "cap-ia ingest" in result.output


def test_chat_answers_in_the_terminal(mini_index, monkeypatch):
    monkeypatch.setenv("CAP_DATA_DIR", str(mini_index.data_dir))
    monkeypatch.setenv("CAP_KNOWLEDGE_DIR", str(mini_index.knowledge_dir))
    result = runner.invoke(app, ["chat", "--profile", "trainer"], input="Que demande l'indicateur 1 de Qualiopi ?\n\n")
    assert result.exit_code == 0, result.output
    assert "Mode hors ligne" in result.output and "guidance/fr/qualiopi.md" in result.output


def test_discover_from_a_profile_file_as_json_and_as_tables(tmp_path):
    from assistant.config import PROJECT_ROOT

    profile = PROJECT_ROOT / "tests" / "data" / "profiles" / "metal_workshop.yaml"
    result = runner.invoke(app, ["discover", "--profile", str(profile), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["portfolio"][0]["rank"] == 1 and data["roadmap"]["horizons"]
    assert all(item["triage"]["category"] != "prohibited" for item in data["portfolio"])
    text = runner.invoke(app, ["discover", "--profile", str(profile), "--lang", "en"])
    assert text.exit_code == 0 and "| # | Use case |" in text.output and "Roadmap" in text.output
    bad = tmp_path / "bad.json"
    bad.write_text('{"sector": "piracy", "headcount": 12}')
    refused = runner.invoke(app, ["discover", "--profile", str(bad)])
    assert refused.exit_code == 2 and "piracy" in refused.output


def test_outline_and_check_programme_from_the_command_line(tmp_path):
    from docx import Document

    sheet = tmp_path / "fiche.docx"
    result = runner.invoke(
        app,
        ["outline", "--request", "Formation de deux jours sur l'IA pour les RH, niveau intermédiaire", "--json",
         "--docx", str(sheet)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    outline = json.loads(result.output)["outline"]
    assert sum(b["minutes"] for b in outline["blocks"] if b["kind"] != "lunch") == 14 * 60
    cells = " ".join(c.text for t in Document(str(sheet)).tables for row in t.rows for c in row.cells)
    assert "09:00" in cells and "Évaluation finale" in cells
    assert runner.invoke(app, ["check-programme", str(sheet)]).exit_code == 0  # a generated sheet is complete
    missing = runner.invoke(app, ["outline", "--request", "un atelier sur le prompting"])
    assert missing.exit_code == 2 and "durée" in missing.output
    bad = tmp_path / "vague.md"
    bad.write_text("# Atelier IA\n\n## Objectifs\n\n- Comprendre l'IA\n- Connaître les outils\n", encoding="utf-8")
    checked = runner.invoke(app, ["check-programme", str(bad)])
    assert checked.exit_code == 1 and "Comprendre" in checked.output and "Tarifs" in checked.output
    broken = tmp_path / "cassé.docx"
    broken.write_bytes(b"PK not a docx")
    assert runner.invoke(app, ["check-programme", str(broken)]).exit_code == 2


def test_literacy_record_has_roles_and_measures_but_no_names(tmp_path):
    source = tmp_path / "record.yaml"
    source.write_text(
        "organisation: Acme\nas_of: 2026-11-24\nheadcounts: {sales_marketing: 6, hr: 2}\n"
        "systems: {sales_marketing: [assistant de rédaction], hr: [tri de CV]}\n"
        "completions:\n"
        "  - {role: sales_marketing, module: ai-act-maitrise-ia-essentiel, date: 2026-10-02}\n"
        "  - {role: sales_marketing, module: ai-act-maitrise-ia-essentiel, date: 2026-10-02}\n",
        encoding="utf-8",
    )
    out, word = tmp_path / "record.csv", tmp_path / "record.docx"
    result = runner.invoke(app, ["literacy-record", str(source), "--csv", str(out), "--docx", str(word)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "tri de CV" in text and "2026" in text
    from docx import Document

    cells = " ".join(c.text for t in Document(str(word)).tables for row in t.rows for c in row.cells)
    assert "tri de CV" in cells and "Commercial" in cells


def test_migrate_reports_and_upgrades_the_database(tmp_path, monkeypatch):
    monkeypatch.setenv("CAP_DATA_DIR", str(tmp_path / "data"))
    behind = runner.invoke(app, ["migrate", "--check"])
    assert behind.exit_code == 1 and "no schema" in behind.output
    done = runner.invoke(app, ["migrate"])
    assert done.exit_code == 0 and "(was empty)" in done.output
    assert runner.invoke(app, ["migrate", "--check"]).exit_code == 0
