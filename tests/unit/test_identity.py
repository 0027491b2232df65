"""The pseudonymous visitor identity: cookie parsing, hashing, and the page middleware."""

import asyncio

from assistant.ui.identity import COOKIE, VisitorCookieMiddleware, owner_for, person_key, visitor_token

TOKEN = "A" * 43


def test_token_is_read_only_when_well_formed():
    assert visitor_token(f"other=1; {COOKIE}={TOKEN}") == TOKEN
    assert visitor_token(f"{COOKIE}=short") is None
    assert visitor_token(f"{COOKIE}=../../etc/passwd-xxxxxxxxxxxxxxxx") is None
    assert visitor_token('bad"cookie=;;;') is None and visitor_token(None) is None


def test_owner_prefers_the_login_then_the_cookie_and_never_stores_the_token():
    assert owner_for("Acme", "alice@acme.fr", f"{COOKIE}={TOKEN}", "s1").person_key == "user:alice@acme.fr"
    owner = owner_for("Acme", None, f"{COOKIE}={TOKEN}", "s1")
    assert owner.person_key == person_key(TOKEN) and TOKEN not in owner.person_key
    assert owner_for("Acme", None, None, "s1").person_key == "session:s1"


def run_app(content_type: bytes, cookie: bytes | None = None) -> list[tuple[bytes, bytes]]:
    sent: list[dict] = []

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", content_type)]})
        await send({"type": "http.response.body", "body": b"x"})

    async def send(message):
        sent.append(message)

    headers = [(b"cookie", cookie)] if cookie else []
    scope = {"type": "http", "headers": headers, "path": "/"}
    asyncio.run(VisitorCookieMiddleware(app)(scope, None, send))
    return sent[0]["headers"]


def test_the_page_sets_a_cookie_once_and_assets_never_do():
    headers = run_app(b"text/html; charset=utf-8")
    cookie = dict(headers)[b"set-cookie"].decode()
    assert cookie.startswith(f"{COOKIE}=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert visitor_token(cookie.split(";")[0]) is not None
    assert b"set-cookie" not in dict(run_app(b"application/javascript"))
    assert b"set-cookie" not in dict(run_app(b"text/html", f"{COOKIE}={TOKEN}".encode()))
