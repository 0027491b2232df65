"""Start the real Chainlit server on 127.0.0.1 and give tests a headless Chromium page."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _require_browser() -> None:
    if not CHROMIUM.exists():
        if os.environ.get("CAP_REQUIRE_BROWSER") == "1":
            pytest.fail("Debian chromium is required (apt-get install chromium chromium-driver)")
        pytest.skip("Debian chromium not installed")


def _serve(mini_index, workdir: Path, extra_env: dict[str, str]) -> Iterator[str]:
    """Run ``cap-ia serve`` on a free loopback port until the generator is closed."""
    port = _free_port()
    log_path = workdir / "server.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAP_") and k != "OPENAI_API_KEY"}
    env.update(
        {
            "CAP_DATA_DIR": str(mini_index.data_dir),
            "CAP_KNOWLEDGE_DIR": str(mini_index.knowledge_dir),
            "CAP_CHUNK_TOKENS": str(mini_index.chunk_tokens),
            **extra_env,
        }
    )
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "assistant.cli",
                "serve",
                "--skip-ingest",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server exited early:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
    else:
        process.kill()
        pytest.fail(f"server did not start:\n{log_path.read_text()}")
    yield url
    print(f"--- server log ---\n{log_path.read_text()[-4000:]}")  # shown by pytest when a test failed
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def server_url(mini_index, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve the app on a free loopback port with the mini knowledge base (offline model, no login)."""
    _require_browser()
    yield from _serve(mini_index, tmp_path_factory.mktemp("server"), {})


@pytest.fixture
def page(server_url: str) -> Iterator[object]:
    """A fresh French-speaking browser page."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        yield page
        browser.close()
