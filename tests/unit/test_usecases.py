"""The use-case catalogue loads, hangs together, and a broken file names its file and field."""

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.config import PROJECT_ROOT
from assistant.domain.catalogue import CatalogueError
from assistant.domain.skills import load_framework
from assistant.domain.usecases import FUNCTIONS, Catalogue, load_catalogue, match_pains

USECASES = PROJECT_ROOT / "knowledge" / "usecases"
FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FastDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
DOMAINS = load_framework(PROJECT_ROOT / "knowledge" / "frameworks").domain_ids


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(USECASES, DOMAINS)


def test_catalogue_has_the_promised_shape(catalogue: Catalogue):
    assert len(catalogue.use_cases) == 65
    assert {u.function for u in catalogue.use_cases} == set(FUNCTIONS)
    assert len(catalogue.by_id) == 65
    assert {u.ai_act.category for u in catalogue.use_cases} == {"prohibited", "high_risk", "transparency", "minimal"}
    assert catalogue.get("fin-invoice-capture").gain.time_saved_share.base == 0.6
    with pytest.raises(KeyError, match="unknown use case"):
        catalogue.get("nope")


@pytest.fixture(scope="module")
def raw_files() -> dict[str, Any]:
    """The shipped files parsed once; each function file cut to its first two cases to keep tests fast."""
    files = {p.name: yaml.load(p.read_text(encoding="utf-8"), Loader=FastLoader) for p in USECASES.glob("*.yaml")}
    for name, data in files.items():
        if name != "vocabulary.yaml":
            data["use_cases"] = data["use_cases"][:2]
    return files


def _broken_copy(tmp_path: Path, raw: dict[str, Any], name: str, edit: Callable[[dict[str, Any]], None]) -> Path:
    directory = tmp_path / "usecases"
    directory.mkdir()
    for file_name, data in raw.items():
        data = copy.deepcopy(data)
        if file_name == name:
            edit(data)
        (directory / file_name).write_text(yaml.dump(data, allow_unicode=True, Dumper=FastDumper), encoding="utf-8")
    return directory


def _first(data: dict[str, Any]) -> dict[str, Any]:
    case: dict[str, Any] = data["use_cases"][0]
    return case


@pytest.mark.parametrize(
    ("name", "edit", "expected"),
    [
        ("hr.yaml", lambda d: _first(d).update(owner="x"), r"hr\.yaml: use_cases\.0\.owner: Extra inputs"),
        (
            "it.yaml",
            lambda d: _first(d).update(pains=["no_such_pain"]),
            r"it\.yaml: it-\S+\.pains: unknown id.*no_such_pain",
        ),
        (
            "logistics.yaml",
            lambda d: _first(d)["gain"].update(time_saved_share={"low": 0.6, "base": 0.4, "high": 0.8}),
            r"logistics\.yaml: use_cases\.0\.gain\.time_saved_share: .*low <= base <= high",
        ),
        (
            "management.yaml",
            lambda d: _first(d)["costs"].update(setup_eur={"low": 10, "base": 5, "high": 20}),
            r"management\.yaml: use_cases\.0\.costs\.setup_eur",
        ),
        (
            "hr.yaml",
            lambda d: _first(d).update(function="it", id="it-job-posting"),
            r"hr\.yaml: use_cases\.0\.function: 'it' in hr\.yaml",
        ),
        ("hr.yaml", lambda d: _first(d).update(sectors=["all", "retail"]), r"hr\.yaml: use_cases\.0: .*'all'"),
        (
            "hr.yaml",
            lambda d: _first(d).update(id="fin-invoice-capture"),
            r"hr\.yaml: use_cases\.0: .*must start with hr-",
        ),
        (
            "hr.yaml",
            lambda d: _first(d)["data_prerequisites"][0].update(source="fax"),
            r"hr\.yaml: hr-\S+\.data_prerequisites\.source: unknown id.*fax",
        ),
        (
            "hr.yaml",
            lambda d: _first(d).update(skill_prerequisites={"juggling": 2}),
            r"hr\.yaml: hr-\S+\.skill_prerequisites: unknown id.*juggling",
        ),
        ("vocabulary.yaml", lambda d: d["sectors"].pop(), r"vocabulary\.yaml: .*'all' is required"),
        ("hr.yaml", lambda d: _first(d)["title"].pop("en"), r"hr\.yaml: use_cases\.0\.title\.en: Field required"),
    ],
)
def test_a_broken_file_names_file_and_field(
    tmp_path: Path, raw_files: dict[str, Any], name: str, edit: Any, expected: str
):
    directory = _broken_copy(tmp_path, raw_files, name, edit)
    with pytest.raises(CatalogueError, match=expected):
        load_catalogue(directory, DOMAINS)


def test_the_mini_copy_loads_so_each_failure_comes_from_its_edit(tmp_path: Path, raw_files: dict[str, Any]):
    assert len(load_catalogue(_broken_copy(tmp_path, raw_files, "", lambda d: None), DOMAINS).use_cases) == 16


def test_duplicate_ids_across_files_are_refused(tmp_path: Path, raw_files: dict[str, Any]):
    twin = raw_files["admin_finance.yaml"]["use_cases"][0]
    directory = _broken_copy(tmp_path, raw_files, "admin_finance.yaml", lambda d: d["use_cases"].append(twin))
    with pytest.raises(CatalogueError, match=r"admin_finance\.yaml: use_cases\.2\.id: 'fin-invoice-capture' already"):
        load_catalogue(directory)


def test_missing_or_unreadable_files_are_reported(tmp_path: Path, raw_files: dict[str, Any]):
    directory = _broken_copy(tmp_path, raw_files, "", lambda d: None)
    (directory / "it.yaml").write_text("use_cases: [\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"it\.yaml: not valid YAML"):
        load_catalogue(directory)
    (directory / "it.yaml").unlink()
    with pytest.raises(CatalogueError, match=r"it\.yaml: file not found"):
        load_catalogue(directory)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On passe des heures en DOUBLE SAISIE", ["manual_data_entry"]),
        ("les relance des impayés nous épuisent", ["late_payments"]),
        ("Hameconnage et FRAUDE AU PRESIDENT", ["cyber_risk", "errors_fraud"]),
        ("we keep re-keying invoices and answering emails", ["manual_data_entry", "repetitive_requests"]),
        ("nos clients étrangers écrivent en anglais", ["language_barriers"]),
        ("Tout va bien, rien à signaler", []),
    ],
)
def test_free_text_matches_pains_whatever_the_case_and_accents(catalogue: Catalogue, text: str, expected: list[str]):
    assert match_pains(catalogue.vocabulary, text) == expected


def test_short_keywords_do_not_match_inside_other_words(catalogue: Catalogue):
    assert "recruitment_difficulty" not in match_pains(catalogue.vocabulary, "installation cvc en chaufferie")
    assert "recruitment_difficulty" in match_pains(catalogue.vocabulary, "trier les CV")
