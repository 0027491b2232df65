"""Time build_outline for 1 h 30, one day and two days (target: well under 100 ms each)."""

from __future__ import annotations

import time

from common import summary

from assistant.config import PROJECT_ROOT
from assistant.domain.outline import OutlineRequest, build_outline
from assistant.domain.programme_check import check_programme, outline_to_sheet_fields, sheet_markdown
from assistant.domain.skills import load_framework
from assistant.domain.training import load_modules

REQUESTS = {
    "1 h 30": OutlineRequest(topic="prompting", audience="sales_marketing", duration_minutes=90, group_size=12),
    "one day": OutlineRequest(
        topic="l'IA générative", audience="hr", level="intermediate", duration_minutes=420, format="remote"
    ),
    "two days": OutlineRequest(
        topic="automatisation sans code", audience="comptables", level="advanced", duration_minutes=840,
        format="blended", group_size=8,
    ),
}  # fmt: skip


def main(runs: int = 200) -> None:
    framework = load_framework(PROJECT_ROOT / "knowledge" / "frameworks")
    modules = load_modules(PROJECT_ROOT / "knowledge" / "training" / "modules.yaml", framework.domain_ids)
    for name, request in REQUESTS.items():
        build_outline(request, modules, framework)  # warm-up: regex compilation, caches
        samples, checks = [], []
        for _ in range(runs):
            start = time.perf_counter()
            outline = build_outline(request, modules, framework)
            samples.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            check_programme(sheet_markdown(outline.title, outline_to_sheet_fields(outline)), request.lang)
            checks.append((time.perf_counter() - start) * 1000)
        print(f"build_outline {name:>8}: {summary(samples)} | sheet + check_programme: {summary(checks)}")


if __name__ == "__main__":
    main()
