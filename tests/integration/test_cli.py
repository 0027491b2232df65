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
