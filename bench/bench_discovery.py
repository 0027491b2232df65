"""Time of the manager's discovery pipeline (portfolio, ROI, triage, what-ifs, roadmap) per example profile.

No LLM is involved: this is the deterministic domain work behind one discovery answer. Target: < 200 ms.
"""

from __future__ import annotations

import time

from common import summary

from assistant.config import PROJECT_ROOT
from assistant.domain.company import load_profile
from assistant.domain.discovery import discover
from assistant.domain.skills import load_framework
from assistant.domain.training import load_modules
from assistant.domain.usecases import load_catalogue

RUNS = 30
PROFILES = PROJECT_ROOT / "tests" / "data" / "profiles"
READINESS = dict.fromkeys(
    (
        "ai_basics",
        "genai_prompting",
        "data_literacy",
        "critical_evaluation",
        "ethics_law_security",
        "process_improvement",
        "automation_tech",
        "adoption_leadership",
    ),
    1.5,
)


def run() -> None:
    started = time.perf_counter()
    domains = load_framework(PROJECT_ROOT / "knowledge" / "frameworks").domain_ids
    catalogue = load_catalogue(PROJECT_ROOT / "knowledge" / "usecases", domains)
    modules = load_modules(PROJECT_ROOT / "knowledge" / "training" / "modules.yaml", domains)
    print(f"catalogues loaded once at start: {(time.perf_counter() - started) * 1000:.0f} ms")
    everything: list[float] = []
    for path in sorted(p for p in PROFILES.glob("*.yaml") if p.stem != "expectations"):
        profile = load_profile(path)
        for readiness in (None, READINESS):
            samples = []
            for _ in range(RUNS):
                begin = time.perf_counter()
                discover(profile, catalogue, modules, readiness).as_dict()
                samples.append((time.perf_counter() - begin) * 1000)
            everything += samples
            label = "skills measured" if readiness else "skills unknown"
            print(f"{path.stem:24} {label:16} {summary(samples)}")
    print(f"all profiles: {summary(everything)} (target < 200 ms, outside any LLM)")


if __name__ == "__main__":
    run()
