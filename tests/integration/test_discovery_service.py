"""The manager discovery on a real SQLite file: guided steps, validation, results, team readiness."""

import pytest

from assistant.config import PROJECT_ROOT
from assistant.domain.skills import load_framework
from assistant.domain.training import load_modules
from assistant.domain.usecases import load_catalogue
from assistant.services.discovery import DiscoveryError, DiscoveryService
from assistant.storage.assessments import AssessmentStore, Owner
from assistant.storage.companies import CompanyStore
from assistant.storage.db import make_engine, make_sessions

FRAMEWORK = load_framework(PROJECT_ROOT / "knowledge" / "frameworks")
CATALOGUE = load_catalogue(PROJECT_ROOT / "knowledge" / "usecases", FRAMEWORK.domain_ids)
MODULES = load_modules(PROJECT_ROOT / "knowledge" / "training" / "modules.yaml")
ORG = "Acme"


@pytest.fixture
def service(db_url):
    sessions = make_sessions(make_engine(db_url))
    return DiscoveryService(CATALOGUE, MODULES, FRAMEWORK, CompanyStore(sessions), AssessmentStore(sessions))


def test_guided_steps_lead_to_a_ranked_portfolio(service):
    assert service.state(ORG).step.field == "sector"
    assert service.update(ORG, {"sector": "industry"}).step.field == "headcount"
    state = service.update(ORG, {"headcount": 45})
    assert state.step.field == "pains" and state.step.kind == "multi"
    state = service.update(ORG, {"pains": ["slow_quotes"]})
    assert state.step.field == "pains" and "slow_quotes" in state.step.chosen
    state = service.skip(ORG, "pains")
    assert state.step.field == "tasks"
    task = {"name": "Chiffrage des devis", "hours_per_week": 8, "people": 2, "pain": "slow_quotes"}
    state = service.update(ORG, {"tasks": [task]})
    assert state.step.can_finish and state.step.field == "tasks"
    state = service.skip(ORG, "tasks")
    assert state.step.field == "data_sources" and state.step.subject
    for optional in ("data_sources", "goals", "budget_band", "loaded_hourly_cost_eur"):
        state = service.skip(ORG, optional)
    assert state.result is not None and state.step.kind == "done"
    top = state.result.as_dict()["portfolio"]
    assert top and top[0]["rank"] == 1
    assert any(item["id"] == "sal-quote-drafting" for item in top[:5])
    assert "non mesurées" in state.readiness_note


def test_invalid_values_are_refused_and_nothing_is_saved(service):
    service.update(ORG, {"sector": "industry", "headcount": 45})
    with pytest.raises(DiscoveryError, match="négatif"):
        service.update(ORG, {"tasks": [{"name": "Saisie", "hours_per_week": -3}]})
    with pytest.raises(DiscoveryError, match="secteur"):
        service.update(ORG, {"sector": "piracy"})
    assert service.draft(ORG) == {"sector": "industry", "headcount": 45}
    with pytest.raises(DiscoveryError):
        service.skip(ORG, "pains")  # a required field cannot be skipped empty


def test_team_readiness_needs_five_confirmed_people(service):
    store = service.assessments
    for n in range(5):
        owner = Owner(ORG, f"p{n}")
        assessment = store.start_or_resume(owner, "sales_marketing")
        levels = dict.fromkeys(FRAMEWORK.domain_ids, 2)
        store.complete(owner, assessment, levels)
        if n < 4:
            store.confirm(owner, assessment, levels)
    assert service.readiness(ORG)[0] is None  # 4 confirmed: not shown
    store.confirm(Owner(ORG, "p4"), store.latest(Owner(ORG, "p4")).id, dict.fromkeys(FRAMEWORK.domain_ids, 2))
    readiness, note = service.readiness(ORG)
    assert readiness == dict.fromkeys(FRAMEWORK.domain_ids, 2.0) and "5" in note
    assert service.team(ORG).total.suppressed is None


def test_a_complete_profile_file_can_be_loaded(service):
    import yaml

    data = yaml.safe_load((PROJECT_ROOT / "tests" / "data" / "profiles" / "metal_workshop.yaml").read_text())
    state = service.load_profile_data(ORG, data)
    assert state.result is not None


def test_the_threshold_cannot_go_below_five(db_url):
    sessions = make_sessions(make_engine(db_url))
    with pytest.raises(ValueError):
        DiscoveryService(CATALOGUE, MODULES, FRAMEWORK, CompanyStore(sessions), AssessmentStore(sessions), k=3)
