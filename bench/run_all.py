"""Run every benchmark in turn (each prints its own figures)."""

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

BENCHMARKS = (
    "bench_ingest",
    "bench_retrieval",
    "bench_agent",
    "bench_interview",
    "bench_discovery",
    "bench_outline",
    "bench_startup",
    "bench_trust",
)

for name in BENCHMARKS:
    print(f"== {name}")
    runpy.run_path(str(HERE / f"{name}.py"), run_name="__main__")
