"""Security headers on every HTTP response of the web UI (pages and API)."""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
from collections.abc import Awaitable, Callable

from assistant.ui.identity import ASGIApp, Message, Scope

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def inline_script_hashes(index_html: str) -> list[str]:
    """CSP sources allowing exactly the inline scripts of Chainlit's page (and nothing injected later)."""
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in _INLINE_SCRIPT.findall(index_html)
    ]


def content_security_policy(script_hashes: list[str]) -> str:
    """Scripts and connections stay on this origin; Chainlit needs inline styles and Plotly blob workers."""
    scripts = " ".join(["'self'", "'unsafe-eval'", *script_hashes])
    return (
        f"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' ws: wss:; worker-src 'self' blob:; "
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
    )


def security_headers(script_hashes: list[str]) -> tuple[tuple[bytes, bytes], ...]:
    """The headers added to every response."""
    return (
        (b"content-security-policy", content_security_policy(script_hashes).encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"same-origin"),
        (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    )


class SecurityHeadersMiddleware:
    """Add the headers above unless the response already sets them.

    An HTML page is buffered so its CSP can allow exactly the inline scripts the server wrote into it
    (Chainlit writes its theme settings inline); chat content never reaches the page as HTML.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(
        self, scope: Scope, receive: Callable[[], Awaitable[Message]], send: Callable[[Message], Awaitable[None]]
    ) -> None:
        """Pass the request through and decorate the response start."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        body: list[bytes] = []

        def decorate(message: Message, hashes: list[str]) -> Message:
            headers = list(message.get("headers") or [])
            present = {name.lower() for name, _ in headers}
            headers += [(name, value) for name, value in security_headers(hashes) if name not in present]
            message["headers"] = headers
            return message

        async def send_with_headers(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                content_type = dict(message.get("headers") or []).get(b"content-type", b"")
                if content_type.startswith(b"text/html"):
                    start = message  # wait for the body to hash its inline scripts
                    return
                await send(decorate(message, []))
                return
            if start is not None and message["type"] == "http.response.body":
                body.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                page = b"".join(body)
                encoding = dict(start.get("headers") or []).get(b"content-encoding", b"")
                html = gzip.decompress(page) if encoding == b"gzip" else page
                await send(decorate(start, inline_script_hashes(html.decode("utf-8", "replace"))))
                await send({"type": "http.response.body", "body": page})
                return
            await send(message)

        await self.app(scope, receive, send_with_headers)
