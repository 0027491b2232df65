"""Per-address throttling of password logins: too many failures from one address get HTTP 429.

Chainlit's password callback never sees the request, so the count is kept here, around the app:
the failed attempts (401/403) of ``POST /login`` per client address within a sliding window. A
throttled address is answered before the app runs, so no password hash is computed for it. The
account lockout of ``storage/users.py`` protects each account; this protects against one address
trying many accounts. Counts live in this process: each worker keeps its own.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import math
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass, field

from assistant.ui.identity import ASGIApp, Message, Scope

log = logging.getLogger(__name__)

MAX_ADDRESSES = 10_000
FAILED = frozenset({401, 403})
DETAIL = (
    "Trop de tentatives de connexion échouées depuis cette adresse : réessayez dans {seconds} s. "
    "Too many failed logins from this address: try again in {seconds} s."
)


@dataclass
class _Attempts:
    """Recent failures of one address (oldest first) and its logins being checked right now."""

    failures: deque[float] = field(default_factory=deque)
    pending: int = 0


def route_path(scope: Scope) -> str:
    """The request path below the server's mount point (ASGI ``root_path``), as routers match it."""
    path, mount = str(scope.get("path", "")), str(scope.get("root_path", ""))
    if mount and path.startswith(mount) and path[len(mount) : len(mount) + 1] == "/":
        return path[len(mount) :]
    return path


def normalised(address: str) -> str | None:
    """The canonical text of an IP address, or None when it is not one."""
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


class LoginThrottleMiddleware:
    """Answer 429 to ``POST /login`` from an address with ``max_failures`` failures in ``window_s`` seconds.

    ``trusted_proxies`` are the peers whose ``X-Forwarded-For`` is believed; ``on_throttle`` is told
    once each time an address becomes throttled (it receives the address only, never credentials);
    ``root_path`` is Chainlit's route prefix (its ``--root-path``); ``clock`` returns monotonic seconds.
    """

    def __init__(
        self,
        app: ASGIApp,
        max_failures: int = 10,
        window_s: float = 900,
        *,
        trusted_proxies: Collection[str] = (),
        on_throttle: Callable[[str], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        root_path: str = "",
        max_addresses: int = MAX_ADDRESSES,
    ) -> None:
        if max_failures < 1 or window_s <= 0 or max_addresses < 1:
            raise ValueError("max_failures, window_s and max_addresses must be positive")
        self.app = app
        self.max_failures = max_failures
        self.window_s = window_s
        self.trusted_proxies = frozenset(normalised(p) or p for p in trusted_proxies)
        self.on_throttle = on_throttle
        self.clock = clock
        self.login_path = root_path.rstrip("/") + "/login"
        self.max_addresses = max_addresses
        # Least recently seen first, so the cap drops the address that has been quiet the longest.
        self._addresses: OrderedDict[str, _Attempts] = OrderedDict()

    @property
    def tracked_addresses(self) -> int:
        """How many addresses are being counted (never more than ``max_addresses``)."""
        return len(self._addresses)

    def client_address(self, scope: Scope) -> str:
        """The address to count: the peer, or the client a trusted proxy forwarded for."""
        client = scope.get("client")
        peer = str(client[0]) if client else "unknown"
        if (normalised(peer) or peer) not in self.trusted_proxies:
            return peer
        forwarded = b",".join(value for name, value in scope.get("headers") or [] if name.lower() == b"x-forwarded-for")
        hops = [normalised(hop) for hop in forwarded.decode("latin-1").split(",")]
        if not hops or None in hops:
            return peer  # a malformed header would otherwise let a client pick its own key
        # A proxy may append to a header the client already filled: read from the right and stop at the
        # first hop that is not one of our proxies. Behind one proxy that is the first (and only) address.
        untrusted = [hop for hop in hops if hop not in self.trusted_proxies]
        return str(untrusted[-1] if untrusted else hops[0])

    def retry_after(self, attempts: _Attempts, now: float) -> int:
        """Whole seconds until the oldest failure leaves the window (at least 1)."""
        if len(attempts.failures) < self.max_failures:
            return 1  # only logins still being checked hold the address back
        return max(1, math.ceil(attempts.failures[0] + self.window_s - now))

    def _attempts(self, address: str, now: float) -> _Attempts:
        """The address's record, pruned of expired failures and marked as recently seen."""
        attempts = self._addresses.get(address)
        if attempts is None:
            attempts = self._addresses[address] = _Attempts()
            while len(self._addresses) > self.max_addresses:
                self._addresses.popitem(last=False)
        else:
            self._addresses.move_to_end(address)
        while attempts.failures and attempts.failures[0] <= now - self.window_s:
            attempts.failures.popleft()
        return attempts

    def _record(self, address: str, status: int) -> None:
        """Count the outcome of one login attempt that reached the app."""
        now = self.clock()
        # Looked up again: the record may have been dropped by the cap while the app was checking.
        attempts = self._attempts(address, now)
        attempts.pending = max(0, attempts.pending - 1)
        if status in FAILED:
            attempts.failures.append(now)
            if len(attempts.failures) == self.max_failures:
                self._throttled(address)
        elif 200 <= status < 300:
            attempts.failures.clear()
        if not attempts.failures and not attempts.pending:
            del self._addresses[address]

    def _throttled(self, address: str) -> None:
        log.warning("Login throttled: %d failures from one address within %s s", self.max_failures, self.window_s)
        if self.on_throttle is None:
            return
        try:
            self.on_throttle(address)
        except Exception:  # a failing audit write must not turn this 401 into a 500; the log keeps it
            log.exception("on_throttle callback failed")

    async def __call__(
        self, scope: Scope, receive: Callable[[], Awaitable[Message]], send: Callable[[Message], Awaitable[None]]
    ) -> None:
        """Refuse a throttled login at once, else pass it through and count its outcome."""
        if scope["type"] != "http" or scope.get("method") != "POST" or route_path(scope) != self.login_path:
            await self.app(scope, receive, send)
            return
        address, now = self.client_address(scope), self.clock()
        attempts = self._attempts(address, now)
        # Logins in flight count too, or parallel requests would all pass before the first one fails.
        # No await between this check and the increment, so the event loop cannot interleave another.
        if len(attempts.failures) + attempts.pending >= self.max_failures:
            await self._refuse(send, self.retry_after(attempts, now))
            return
        attempts.pending += 1
        status = 0

        async def watch_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, watch_status)
        finally:
            self._record(address, status)

    @staticmethod
    async def _refuse(send: Callable[[Message], Awaitable[None]], retry_after: int) -> None:
        body = json.dumps({"detail": DETAIL.format(seconds=retry_after)}, ensure_ascii=False).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"retry-after", str(retry_after).encode()),
            (b"cache-control", b"no-store"),
            (b"x-content-type-options", b"nosniff"),
        ]
        await send({"type": "http.response.start", "status": 429, "headers": headers})
        await send({"type": "http.response.body", "body": body})
