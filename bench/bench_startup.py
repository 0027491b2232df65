"""App cold start (process launch to first HTTP 200) and resident memory of the server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from common import PROJECT_ROOT, shared_index


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    settings = shared_index()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAP_")}
    env.update(CAP_DATA_DIR=str(settings.data_dir), CAP_KNOWLEDGE_DIR=str(PROJECT_ROOT / "knowledge"))
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "serve", "--skip-ingest", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    while True:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.05)
        if time.perf_counter() - started > 120:
            raise SystemExit("server did not start within 120 s")
    ready = time.perf_counter() - started
    time.sleep(1.0)  # startup hook (index + BM25 + checkpointer) has run once the page is served
    print(f"cold start to first page: {ready:.2f} s; server RSS {rss_mb(process.pid):.0f} MB")
    process.terminate()
    process.wait(timeout=10)


if __name__ == "__main__":
    main()
