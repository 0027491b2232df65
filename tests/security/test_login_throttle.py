"""Per-address login throttling: around a tiny app, then in the real Chainlit server with password login."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from assistant.ui.login_throttle import LoginThrottleMiddleware

PROXY = "10.0.0.1"
WRONG = {"username": "emma", "password": "wrong"}
RIGHT = {"username": "emma", "password": "right"}


class FakeClock:
    """Monotonic seconds that move only when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class LoginApp:
    """A /login that accepts only the password "right", and records every attempt it checked."""

    def __init__(self, gate: asyncio.Event | None = None) -> None:
        self.checked: list[str] = []
        self.gate = gate
        self.app = Starlette(
            routes=[
                Route("/login", self.login, methods=["POST"]),
                Route("/login", self.page, methods=["GET"]),
                Route("/other", self.other, methods=["POST"]),
            ]
        )

    async def login(self, request: Request) -> Response:
        form = await request.form()
        self.checked.append(str(form.get("password")))
        if self.gate is not None:
            await self.gate.wait()
        if form.get("password") == "right":
            return JSONResponse({"access_token": "t"})
        return JSONResponse({"detail": "credentialssignin"}, status_code=401)

    async def page(self, request: Request) -> Response:
        return PlainTextResponse("login page")

    async def other(self, request: Request) -> Response:
        return JSONResponse({"detail": "no"}, status_code=401)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def backend() -> LoginApp:
    return LoginApp()


@pytest.fixture
def throttle(backend: LoginApp, clock: FakeClock) -> LoginThrottleMiddleware:
    return LoginThrottleMiddleware(backend.app, max_failures=10, window_s=900, clock=clock, trusted_proxies={PROXY})


def client(app: Any, address: str = "192.0.2.10", **kwargs: Any) -> TestClient:
    return TestClient(app, client=(address, 40000), **kwargs)


def fail(web: TestClient, times: int, **kwargs: Any) -> list[int]:
    return [web.post("/login", data=WRONG, **kwargs).status_code for _ in range(times)]


def test_tenth_failure_throttles_without_calling_the_app(throttle, backend, clock):
    web = client(throttle)
    assert fail(web, 10) == [401] * 10
    refused = web.post("/login", data=WRONG)
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "900"
    assert refused.headers["content-type"] == "application/json"
    detail = refused.json()["detail"]
    assert "Trop de tentatives" in detail and "Too many failed logins" in detail and "900" in detail
    clock.now += 100
    right = web.post("/login", data=RIGHT)
    assert right.status_code == 429 and right.headers["retry-after"] == "800"
    assert len(backend.checked) == 10  # the two throttled attempts never reached the password check


def test_another_address_is_unaffected(throttle, backend):
    fail(client(throttle), 10)
    other = client(throttle, "192.0.2.99")
    assert other.post("/login", data=WRONG).status_code == 401
    assert other.post("/login", data=RIGHT).status_code == 200
    assert client(throttle).post("/login", data=RIGHT).status_code == 429


def test_window_slides_and_then_the_right_password_works(throttle, clock):
    web = client(throttle)
    fail(web, 5)
    clock.now += 500
    fail(web, 5)
    assert web.post("/login", data=RIGHT).headers["retry-after"] == "400"  # the first five leave at +900
    clock.now += 399
    assert web.post("/login", data=RIGHT).status_code == 429
    clock.now += 1
    assert fail(web, 5) == [401] * 5  # the first five have left the window, the last five still count
    assert web.post("/login", data=RIGHT).status_code == 429
    clock.now += 900
    assert web.post("/login", data=RIGHT).status_code == 200


def test_success_clears_only_that_address(throttle):
    web, other = client(throttle), client(throttle, "192.0.2.99")
    fail(web, 9)
    fail(other, 9)
    assert web.post("/login", data=RIGHT).status_code == 200
    assert fail(web, 10) == [401] * 10  # counting starts again from zero
    assert fail(other, 2) == [401, 429]  # the other address kept its nine failures


def test_forwarded_for_is_ignored_from_an_untrusted_peer(throttle, backend):
    web = client(throttle, "192.0.2.66")
    statuses = [
        web.post("/login", data=WRONG, headers={"x-forwarded-for": f"198.51.100.{n}"}).status_code for n in range(12)
    ]
    assert statuses == [401] * 10 + [429] * 2  # a new forged address per request changes nothing
    assert len(backend.checked) == 10


def test_forwarded_for_is_honoured_from_a_trusted_proxy(throttle):
    proxy = client(throttle, PROXY)
    alice, bob = {"x-forwarded-for": "203.0.113.5"}, {"x-forwarded-for": "203.0.113.6"}
    assert fail(proxy, 11, headers=alice) == [401] * 10 + [429]
    assert proxy.post("/login", data=WRONG, headers=bob).status_code == 401  # other people behind the proxy
    # A client's own X-Forwarded-For, which the proxy appended to, does not let it pick another key.
    forged = {"x-forwarded-for": "198.51.100.7, 203.0.113.5"}
    assert proxy.post("/login", data=RIGHT, headers=forged).status_code == 429
    # Without a usable header the proxy itself is counted, not a key the client chose.
    assert proxy.post("/login", data=WRONG, headers={"x-forwarded-for": "not-an-ip"}).status_code == 401


def test_memory_cap_drops_the_quietest_address(backend, clock):
    throttle = LoginThrottleMiddleware(backend.app, clock=clock, trusted_proxies={PROXY}, max_addresses=100)
    proxy = client(throttle, PROXY)
    first = {"x-forwarded-for": "203.0.113.1"}
    assert fail(proxy, 11, headers=first)[-1] == 429
    for n in range(250):
        proxy.post("/login", data=WRONG, headers={"x-forwarded-for": f"2001:db8::{n:x}"})
        assert throttle.tracked_addresses <= 100
    assert throttle.tracked_addresses == 100
    assert proxy.post("/login", data=WRONG, headers=first).status_code == 401  # forgotten, counted afresh


def test_other_paths_and_get_login_are_untouched(throttle, backend):
    web = client(throttle)
    assert [web.post("/other", data=WRONG).status_code for _ in range(15)] == [401] * 15
    assert web.post("/login", data=WRONG).status_code == 401  # failures elsewhere did not count
    fail(web, 9)
    assert web.post("/login", data=WRONG).status_code == 429
    assert web.get("/login").text == "login page"
    assert web.post("/other", data=WRONG).json() == {"detail": "no"}
    assert throttle.tracked_addresses == 1


def test_root_path_prefix(backend, clock):
    prefixed = Starlette(routes=[Route("/cap/login", backend.login, methods=["POST"])])
    throttle = LoginThrottleMiddleware(prefixed, max_failures=2, clock=clock, root_path="/cap/")
    web = client(throttle)
    codes = [web.post("/cap/login", data=WRONG).status_code for _ in range(3)]
    assert codes == [401, 401, 429]


def test_mount_point_is_stripped(backend, clock):
    throttle = LoginThrottleMiddleware(backend.app, max_failures=2, clock=clock)
    mounted = client(throttle, root_path="/mounted")
    assert [mounted.post("/mounted/login", data=WRONG).status_code for _ in range(3)] == [401, 401, 429]


def test_on_throttle_fires_once_per_episode(backend, clock):
    told: list[str] = []
    throttle = LoginThrottleMiddleware(backend.app, clock=clock, on_throttle=told.append)
    web = client(throttle)
    fail(web, 15)
    assert told == ["192.0.2.10"]
    clock.now += 900
    fail(web, 10)
    assert told == ["192.0.2.10", "192.0.2.10"]  # throttled again after the window: a new event


def test_a_failing_callback_does_not_break_the_login(backend, clock):
    def broken(address: str) -> None:
        raise RuntimeError("audit down")

    throttle = LoginThrottleMiddleware(backend.app, max_failures=2, clock=clock, on_throttle=broken)
    assert fail(client(throttle), 3) == [401, 401, 429]


async def test_parallel_attempts_cannot_exceed_the_limit(clock):
    gate = asyncio.Event()
    backend = LoginApp(gate)
    throttle = LoginThrottleMiddleware(backend.app, max_failures=3, clock=clock)
    transport = httpx.ASGITransport(app=throttle, client=("192.0.2.10", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as web:
        attempts = [asyncio.create_task(web.post("/login", data=WRONG)) for _ in range(8)]
        while len(backend.checked) < 3:
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.05)
        gate.set()
        statuses = sorted(response.status_code for response in await asyncio.gather(*attempts))
    assert statuses == [401] * 3 + [429] * 5
    assert len(backend.checked) == 3


def test_settings_are_validated(backend):
    with pytest.raises(ValueError):
        LoginThrottleMiddleware(backend.app, max_failures=0)


# -- the real Chainlit server ------------------------------------------------------------------

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def throttled_server(mini_index: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``cap-ia serve`` with password login, one user, and at most 3 failed logins per address."""
    from tests.e2e.conftest import _serve

    workdir = tmp_path_factory.mktemp("throttle")
    env = {
        "CAP_AUTH": "password",
        "CAP_DATABASE_URL": f"sqlite:///{workdir / 'users.sqlite'}",
        "CAP_LOGIN_MAX_FAILURES": "3",
    }
    base = {k: v for k, v in os.environ.items() if not k.startswith("CAP_")}
    subprocess.run(
        [sys.executable, "-m", "assistant.cli", "users", "add", "emma", "--role", "employee", "--org", "Acme",
         "--password-stdin"],
        input=PASSWORD + "\n", text=True, check=True, capture_output=True,
        env={**base, "CAP_DATA_DIR": str(mini_index.data_dir), **env},
    )  # fmt: skip
    yield from _serve(mini_index, workdir, env)


def test_real_server_throttles_a_password_spray(throttled_server):
    with httpx.Client(base_url=throttled_server, timeout=30) as web:
        assert web.post("/login", data={"username": "emma", "password": PASSWORD}).status_code == 200
        statuses = []
        for n in range(10):  # a spray over accounts: no single account reaches its own lockout
            statuses.append(web.post("/login", data={"username": f"user{n}", "password": "guess"}).status_code)
            if statuses[-1] == 429:
                break
        assert statuses == [401, 401, 401, 429]
        refused = web.post("/login", data={"username": "emma", "password": PASSWORD})
        assert refused.status_code == 429
        assert 0 < int(refused.headers["retry-after"]) <= 900
        assert "Too many failed logins" in refused.json()["detail"]
        assert "access_token" not in refused.text and "set-cookie" not in refused.headers
