"""The shipped framework and training catalogue load and hang together."""

from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT
from assistant.domain.catalogue import CatalogueError
from assistant.domain.skills import load_framework
from assistant.domain.training import load_modules

FRAMEWORKS = PROJECT_ROOT / "knowledge" / "frameworks"


def test_framework_has_the_promised_shape():
    framework = load_framework(FRAMEWORKS)
    assert 6 <= len(framework.domains) <= 8 and len(framework.roles) >= 8
    assert len(framework.items) >= 60
    assert {i.kind for i in framework.items} == {"self", "scenario", "open"}
    for domain in framework.domain_ids:
        difficulties = {i.difficulty for i in framework.items_of(domain, "scenario")}
        assert difficulties == {1, 2, 3, 4}, domain


def test_training_catalogue_covers_every_step_of_every_domain():
    framework = load_framework(FRAMEWORKS)
    modules = load_modules(PROJECT_ROOT / "knowledge" / "training" / "modules.yaml", framework.domain_ids)
    assert len(modules) >= 30
    for domain in framework.domain_ids:
        for start in range(4):
            assert any(m.entry_levels.get(domain, 99) <= start < m.domains.get(domain, -1) for m in modules), (
                domain,
                start,
            )


def test_invalid_catalogue_names_file_and_field(tmp_path: Path):
    for name in ("levels", "domains", "roles"):
        (tmp_path / f"{name}.yaml").write_text(
            (FRAMEWORKS / f"{name}.yaml").read_text(encoding="utf-8"), encoding="utf-8"
        )
    (tmp_path / "items.yaml").write_text(
        "items:\n  - {id: x, domain: ai_basics, kind: scenario, text: {fr: a, en: b}, options: []}\n", encoding="utf-8"
    )
    with pytest.raises(CatalogueError, match=r"items.yaml: items.0"):
        load_framework(tmp_path)
