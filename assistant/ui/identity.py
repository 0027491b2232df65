"""Who is talking: a login when one is configured, else a pseudonymous per-browser key.

Without a login, the page response sets an HttpOnly cookie holding a random token; the chat
socket sends it back, so a reload or a new tab finds the same person and their interview. Only
a hash of the token is stored, so a database leak cannot be replayed as a cookie.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any

from assistant.storage.assessments import Owner

COOKIE = "cap_ia_visitor"
MAX_AGE_S = 365 * 24 * 3600
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]]


def visitor_token(cookie_header: str | None) -> str | None:
    """The visitor token in a Cookie header, if present and well formed."""
    if not cookie_header:
        return None
    cookies = SimpleCookie()
    try:
        cookies.load(cookie_header)
    except Exception:  # a malformed Cookie header is the client's problem, not an error here
        return None
    morsel = cookies.get(COOKIE)
    token = morsel.value if morsel else ""
    return token if 20 <= len(token) <= 100 and token.replace("-", "").replace("_", "").isalnum() else None


def person_key(token: str) -> str:
    """The stored pseudonymous key of a visitor token."""
    return "visitor:" + hashlib.sha256(token.encode()).hexdigest()[:32]


def owner_for(organisation: str, user_identifier: str | None, cookie_header: str | None, session_id: str) -> Owner:
    """The owner of a chat session: the logged-in user, else the browser's visitor cookie, else the session."""
    if user_identifier:
        return Owner(organisation, f"user:{user_identifier}")
    token = visitor_token(cookie_header)
    return Owner(organisation, person_key(token) if token else f"session:{session_id}")


class VisitorCookieMiddleware:
    """Set the visitor cookie on HTML page responses that arrive without one."""

    def __init__(self, app: ASGIApp, secure: bool = False) -> None:
        self.app = app
        self.secure = secure

    async def __call__(
        self, scope: Scope, receive: Callable[[], Awaitable[Message]], send: Callable[[Message], Awaitable[None]]
    ) -> None:
        """Pass the request through, adding a Set-Cookie header to a cookieless HTML page."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        if visitor_token(headers.get(b"cookie", b"").decode("latin-1")):
            await self.app(scope, receive, send)
            return

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                response_headers = list(message.get("headers") or [])
                content_type = dict(response_headers).get(b"content-type", b"")
                # Only the page itself: assets fetched in parallel must not race to set other tokens.
                if content_type.startswith(b"text/html"):
                    value = f"{COOKIE}={secrets.token_urlsafe(32)}; Path=/; Max-Age={MAX_AGE_S}; HttpOnly; SameSite=Lax"
                    response_headers.append((b"set-cookie", (value + ("; Secure" if self.secure else "")).encode()))
                    message["headers"] = response_headers
            await send(message)

        await self.app(scope, receive, send_with_cookie)
